"""Fact scoring: identity values decide a match; tone marks and case do not; other values are accuracy."""

from __future__ import annotations

import pytest

from pipeline.evaluation.compare import compare, format_comparison
from pipeline.evaluation.facts import compare_facts, fact_errors, format_fact_table, score_facts

GOLD = [{"id": "a", "facts": [
    {"type": "holds_position", "values": {"person": "Lê Thị Hoa", "title": "Tỉnh uỷ viên"}},
    {"type": "campaign", "values": {"campaign": "Dân vận khéo", "launched_by": "UBND tỉnh"}},
    {"type": "document_issued", "values": {"doc_type": "Chỉ thị", "code": "21-CT/TU", "issued": "2020-09-14"}},
]}, {"id": "b", "text": "no fact annotation: not scored"}]
PRED = [{"id": "a", "facts": [
    {"type": "holds_position", "values": {"person": "LÊ THỊ HOA", "title": "Tỉnh ủy viên"}},
    {"type": "campaign", "values": {"campaign": "Dân vận khéo"}},
    {"type": "document_issued", "values": {"doc_type": "Chỉ thị", "code": "21-CT/TU", "issued": "2020-09-15"}},
    {"type": "figure", "values": {"value": 95.5, "unit": "%"}},
]}, {"id": "b", "facts": [{"type": "figure", "values": {"value": 1.0, "unit": "%"}}]}]


def test_matches_by_identity_and_counts_spurious_facts():
    ev = score_facts(GOLD, PRED)
    assert ev.n_docs == 1
    assert {t: (p.tp, p.n_pred, p.n_gold) for t, p in ev.by_type.items()} == {
        "document_issued": (1, 1, 1), "holds_position": (1, 1, 1), "figure": (0, 1, 0), "campaign": (1, 1, 1)}
    assert (ev.micro.tp, ev.micro.n_pred, ev.micro.n_gold) == (3, 4, 3)


def test_values_beyond_identity_are_scored_as_accuracy():
    ev = score_facts(GOLD, PRED)
    assert ev.values == {("campaign", "launched_by"): (0, 1), ("document_issued", "issued"): (0, 1)}


@pytest.mark.parametrize("pred_title, matched", [("Tỉnh ủy viên", True), ("Bí thư Tỉnh ủy", False)])
def test_a_different_title_is_another_fact(pred_title, matched):
    gold = [{"id": "a", "facts": [GOLD[0]["facts"][0]]}]
    pred = [{"id": "a", "facts": [{"type": "holds_position", "values": {"person": "Lê Thị Hoa", "title": pred_title}}]}]
    assert score_facts(gold, pred).by_type["holds_position"].tp == (1 if matched else 0)


def test_table_lists_types_micro_and_values():
    table = format_fact_table(score_facts(GOLD, PRED))
    assert table.splitlines()[0] == "facts (1 documents with gold facts)"
    assert "micro                3     4   0.750   1.000   0.857" in table
    assert "campaign        launched_by            0/1     0.000" in table


def test_all_values_f1_counts_only_facts_with_every_value_right():
    ev = score_facts(GOLD, PRED)
    # holds_position is right; campaign misses launched_by; the document has the wrong date.
    assert {t: (p.tp, p.n_pred, p.n_gold) for t, p in ev.exact.items()} == {
        "document_issued": (0, 1, 1), "holds_position": (1, 1, 1), "figure": (0, 1, 0), "campaign": (0, 1, 1)}
    assert "micro                3     4   0.750   1.000   0.857   0.286" in format_fact_table(ev)


TEXT = "Ngày 14-9-2020, Tỉnh ủy ban hành Chỉ thị số 21-CT/TU. Tỷ lệ hộ nghèo giảm còn 2,81%."
GOLD_DOC = {"id": "d", "text": TEXT, "facts": [
    {"type": "document_issued", "values": {"doc_type": "Chỉ thị", "code": "21-CT/TU", "issued": "2020-09-14"}},
    {"type": "figure", "values": {"value": 2.81, "unit": "%", "metric": "Tỷ lệ hộ nghèo"}}]}
ENTITIES = [{"id": "T1", "start": 33, "end": 52, "label": "DOC_REF"},
            {"id": "T2", "start": 78, "end": 83, "label": "PERCENT"}]
RIGHT = {"id": "d", "entities": ENTITIES, "facts": [
    {"type": "document_issued", "args": {"document": "T1"},
     "values": {"doc_type": "Chỉ thị", "code": "21-CT/TU", "issued": "2020-09-14"}},
    {"type": "figure", "args": {"percent": "T2"}, "values": {"value": 2.81, "unit": "%", "metric": "Tỷ lệ hộ nghèo"}}]}
WRONG = {"id": "d", "entities": ENTITIES, "facts": [
    {"type": "document_issued", "args": {"document": "T1"},
     "values": {"doc_type": "Chỉ thị", "code": "21-CT/TU", "issued": "2020-09-15"}},
    {"type": "figure", "args": {"percent": "T2"}, "values": {"value": 2.81, "unit": "%", "year": 2020}}]}


def test_fact_errors_name_the_fact_the_value_and_the_sentence():
    errors = fact_errors([GOLD_DOC], [WRONG])
    assert [(e["kind"], e["fact"], e.get("field"), e["sentence"]) for e in errors] == [
        ("miss", "figure", None, "Tỷ lệ hộ nghèo giảm còn 2,81%."),
        ("spurious", "figure", None, "Tỷ lệ hộ nghèo giảm còn 2,81%."),
        ("value", "document_issued", "issued", "Ngày 14-9-2020, Tỉnh ủy ban hành Chỉ thị số 21-CT/TU.")]
    assert errors[1]["pred"] == {"value": 2.81, "unit": "%", "year": 2020} and errors[1]["gold"] is None
    assert fact_errors([GOLD_DOC], [RIGHT]) == []


def test_compare_lists_facts_gained_and_lost():
    changes = compare_facts([GOLD_DOC], [WRONG], [RIGHT])
    assert [(c["kind"], c["label"], c["fact"].get("code", c["fact"].get("year"))) for c in changes] == [
        ("gained", "fact:document_issued", "21-CT/TU"), ("gained", "fact:figure", None),
        ("spurious_removed", "fact:figure", 2020)]
    assert changes[1]["sentence"] == "Tỷ lệ hộ nghèo giảm còn 2,81%."
    backwards = compare_facts([GOLD_DOC], [RIGHT], [WRONG])
    assert [c["kind"] for c in backwards] == ["lost", "lost", "spurious_added"]


def test_comparison_table_has_a_row_per_fact_type():
    result = compare([{**GOLD_DOC, "entities": []}], [{**WRONG, "text": TEXT}], [{**RIGHT, "text": TEXT}])
    text = format_comparison(result)
    assert "fact:figure" in text.splitlines()[3] and "1.000" in text.splitlines()[3]
    assert "+ fact:document_issued d " in text and result.lost_anything is False
