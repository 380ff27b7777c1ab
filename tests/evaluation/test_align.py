"""align(): the pairing the scorer counts, exposed for errors and comparisons."""

from __future__ import annotations

from pipeline.evaluation.score import align


def ent(start: int, end: int, label: str) -> dict:
    return {"start": start, "end": end, "label": label}


GOLD = {"id": "d", "entities": [ent(0, 5, "DATE"), ent(10, 20, "PERSON"), ent(30, 40, "TITLE"), ent(50, 55, "DATE")]}
PRED = {"id": "d", "entities": [ent(12, 20, "PERSON"), ent(0, 5, "DATE"), ent(30, 40, "PERSON"), ent(60, 65, "DATE")]}


def test_pairs_strict_then_overlap_and_leaves_the_rest():
    pairing = align(GOLD, PRED)
    assert pairing.strict == [(0, 1)]
    assert pairing.overlap == [(1, 0)]
    assert pairing.gold_unpaired == [2, 3]
    assert pairing.pred_unpaired == [2, 3]


def test_labels_limit_what_is_paired():
    pairing = align(GOLD, PRED, ["DATE"])
    assert [(e["start"], e["label"]) for e in pairing.gold] == [(0, "DATE"), (50, "DATE")]
    assert [(e["start"], e["label"]) for e in pairing.pred] == [(0, "DATE"), (60, "DATE")]
    assert pairing.strict == [(0, 0)] and pairing.overlap == []


def test_missing_prediction_pairs_nothing():
    pairing = align(GOLD, None)
    assert pairing.pred == [] and pairing.strict == [] and pairing.gold_unpaired == [0, 1, 2, 3]
