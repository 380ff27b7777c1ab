"""The regression gate: each label's strict F1 on our gold sets holds its recorded floor.

A failure here means a change lost more than the tolerance on some label, or a gold
file changed since the floor was written. If the change is deliberate, rewrite the
floor with `make floor` and commit it with the change.
"""

from __future__ import annotations

import pytest
from dumps import ROOT

from pipeline.evaluation.floor import (
    FLOOR_FILE,
    GOLD_SETS,
    check_labels,
    file_sha256,
    read_floor,
    sha_problem,
    strict_f1,
)

FLOOR = read_floor(ROOT / FLOOR_FILE)
CASES = [pytest.param(name, label, id=f"{name}-{label}") for name in GOLD_SETS for label in FLOOR["f1"].get(name, {})]


def test_every_gold_set_has_a_floor():
    assert sorted(FLOOR["gold"]) == sorted(GOLD_SETS)
    for name, path in GOLD_SETS.items():
        assert FLOOR["gold"][name]["path"] == path
        assert FLOOR["f1"][name], name


@pytest.mark.parametrize("gold_name", list(GOLD_SETS))
def test_the_gold_is_the_one_the_floor_was_written_for(gold_file, gold_name):
    problem = sha_problem(gold_name, FLOOR["gold"][gold_name], file_sha256(gold_file(gold_name)))
    assert problem is None, problem


@pytest.mark.parametrize("gold_name, label", CASES)
def test_strict_f1_holds_the_floor(gold_runs, gold_name, label):
    gold, pred = gold_runs(gold_name)
    [check] = [c for c in check_labels(gold_name, FLOOR, strict_f1(gold, pred)) if c.label == label]
    assert check.ok, check.message()
