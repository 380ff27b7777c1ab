"""Per-document scores and scores grouped by the source of the gold documents."""

from __future__ import annotations

import pytest

from pipeline.evaluation.breakdown import (
    by_source,
    format_documents,
    format_groups,
    gold_name,
    per_document,
    source_group,
)


def test_per_document_scores(fixture_docs):
    scores = per_document(fixture_docs("gold"), fixture_docs("pred_old"))
    assert [s.id for s in scores] == ["a", "b", "c"]
    a, b, c = scores
    assert (a.strict.tp, a.strict.n_pred, a.strict.n_gold) == (4, 5, 7)
    assert a.partial.tp == 4
    assert (a.values_correct, a.values_total) == (7, 8)
    assert (b.strict.tp, b.partial.tp, b.strict.n_pred, b.strict.n_gold) == (2, 2.5, 3, 4)
    assert c.missing and (c.strict.n_gold, c.strict.n_pred) == (2, 0)
    assert c.to_dict()["strict"]["f1"] == 0.0 and c.value_accuracy is None
    assert b.to_dict()["source"] == "samples/dump.jsonl#b"


def test_a_spurious_label_absent_from_the_documents_gold_still_counts():
    gold = [{"id": "x", "entities": [{"start": 0, "end": 4, "label": "DATE"}]},
            {"id": "y", "entities": [{"start": 0, "end": 4, "label": "PERCENT"}]}]
    pred = [{"id": "x", "entities": [{"start": 0, "end": 4, "label": "DATE"}, {"start": 6, "end": 9, "label": "PERCENT"}]},
            {"id": "y", "entities": [{"start": 0, "end": 4, "label": "PERCENT"}]}]
    x, _ = per_document(gold, pred)
    assert (x.strict.tp, x.strict.n_pred) == (1, 2)


@pytest.mark.parametrize("doc, group", [
    ({"source": "samples/019_portal_dump.jsonl#019a"}, "samples/019_portal_dump.jsonl"),
    ({"source": "samples/001_chi_thi.txt"}, "samples/001_chi_thi.txt"),
    ({"source": None}, "seeds.jsonl"),
    ({}, "seeds.jsonl"),
])
def test_source_group(doc, group):
    assert source_group(doc, gold_name("../shared/gold/seeds.jsonl")) == group


def test_by_source(fixture_docs):
    groups = by_source(fixture_docs("gold"), fixture_docs("pred_old"), "gold.jsonl")
    assert list(groups) == ["samples/a.txt", "samples/dump.jsonl", "gold.jsonl"]
    assert [ev.n_docs for ev in groups.values()] == [1, 1, 1]
    assert groups["gold.jsonl"].missing_docs == ["c"]
    assert set(groups["samples/a.txt"].labels) == {"DOC_REF", "DATE", "PERCENT", "PERSON", "TITLE", "MODEL", "CAMPAIGN"}


def test_tables(fixture_docs):
    gold, pred = fixture_docs("gold"), fixture_docs("pred_old")
    docs = format_documents(per_document(gold, pred)).splitlines()
    assert docs[0].split() == ["document", "gold", "pred", "strict-P", "strict-R", "strict-F1", "partial-F1", "values"]
    assert docs[2].split() == ["a", "7", "5", "0.800", "0.571", "0.667", "0.667", "7/8"]
    assert docs[4].split() == ["c", "2", "0", "0.000", "0.000", "0.000", "0.000", "0/0", "(no", "prediction)"]
    groups = format_groups(by_source(gold, pred, "gold.jsonl")).splitlines()
    assert groups[0].split()[-7:] == ["DOC_REF", "DATE", "PERCENT", "PERSON", "TITLE", "MODEL", "CAMPAIGN"]
    row = groups[2].split()
    assert row[:2] == ["samples/a.txt", "1"] and row[-7:] == ["1.000", "1.000", "1.000", "0.000", "0.000", "0.000", "0.000"]
    assert groups[4].split()[-7:] == ["-", "0.000", "0.000", "-", "-", "-", "-"]
