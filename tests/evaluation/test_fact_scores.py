"""Fact scoring: identity values decide a match; tone marks and case do not; other values are accuracy."""

from __future__ import annotations

import pytest

from pipeline.evaluation.facts import format_fact_table, score_facts

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
