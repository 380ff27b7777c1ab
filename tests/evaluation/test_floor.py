"""pipeline.evaluation.floor: writing the floor file, and the checks that make CI fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.evaluation.floor import (
    LabelCheck,
    check_floor,
    check_labels,
    file_sha256,
    read_floor,
    sha_problem,
    write_floor,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root holding our fixture gold as the corpus gold, and no seed gold beside it."""
    root = tmp_path / "repo"
    (root / "corpus" / "gold").mkdir(parents=True)
    shutil.copy(FIXTURES / "gold.jsonl", root / "corpus" / "gold" / "gold.jsonl")
    return root


def _runs(name: str):
    from pipeline.evaluation.score import read_jsonl

    run = read_jsonl(FIXTURES / f"{name}.jsonl")
    return lambda gold, set_name: run


def test_write_floor_records_sha_and_f1(repo):
    path, lines = write_floor(root=repo, predict=_runs("pred_new"))
    floor = json.loads(path.read_text(encoding="utf-8"))
    assert floor["gold"] == {"corpus": {"path": "corpus/gold/gold.jsonl",
                                        "sha256": file_sha256(repo / "corpus/gold/gold.jsonl"), "documents": 3}}
    assert floor["f1"]["corpus"] == {"DOC_REF": 1.0, "DATE": 0.8571, "PERCENT": 1.0, "PERSON": 0.6667,
                                     "TITLE": 1.0, "MODEL": 1.0, "CAMPAIGN": 1.0}
    assert floor["tolerance"] == 0.01 and "make floor" in floor["about"]
    assert lines[1].startswith("seeds: ") and lines[1].endswith("is absent; its floor entry is kept as it was")


def test_an_absent_set_keeps_its_previous_entry(repo, tmp_path):
    seeds = tmp_path / "seeds.jsonl"
    shutil.copy(FIXTURES / "gold.jsonl", seeds)
    write_floor({"seeds": str(seeds)}, root=repo, predict=_runs("pred_old"))
    before = read_floor(repo / "corpus/gold/floor.json")
    write_floor(root=repo, predict=_runs("pred_new"))
    after = read_floor(repo / "corpus/gold/floor.json")
    assert after["gold"]["seeds"] == before["gold"]["seeds"]
    assert after["f1"]["seeds"] == before["f1"]["seeds"]
    assert after["f1"]["corpus"]["PERSON"] == 0.6667 and before["f1"]["corpus"]["PERSON"] == 0.0


def test_check_passes_then_fails_on_a_drop(repo):
    write_floor(root=repo, predict=_runs("pred_new"))
    lines, passed = check_floor(root=repo, predict=_runs("pred_new"))
    assert passed
    assert "corpus DOC_REF: strict F1 1.0000, floor 1.0000, difference +0.0000 (tolerance 0.01): ok" in lines
    lines, passed = check_floor(root=repo, predict=_runs("pred_old"))
    assert not passed
    assert "corpus DOC_REF: strict F1 0.5000, floor 1.0000, difference -0.5000 (tolerance 0.01): below the floor" in lines
    assert "corpus CAMPAIGN: strict F1 0.6667, floor 1.0000, difference -0.3333 (tolerance 0.01): below the floor" in lines


def test_check_fails_when_the_gold_changed(repo):
    write_floor(root=repo, predict=_runs("pred_new"))
    gold = repo / "corpus/gold/gold.jsonl"
    gold.write_text(gold.read_text(encoding="utf-8").replace('"2024-04-03"', '"2024-04-04"'), encoding="utf-8")
    lines, passed = check_floor(root=repo, predict=_runs("pred_new"))
    assert not passed
    assert lines[0].startswith("corpus: corpus/gold/gold.jsonl has SHA-256 ")
    assert lines[0].endswith("the gold changed. Check the scores, then rewrite the floor deliberately with "
                             "`make floor` and commit it with the gold edit.")


@pytest.mark.parametrize("floor, now, ok", [
    pytest.param(0.95, 0.95, True, id="equal"),
    pytest.param(0.95, 0.94, True, id="exactly-the-tolerance-below"),
    pytest.param(0.95, 0.9399, False, id="just-past-the-tolerance"),
    pytest.param(0.95, 1.0, True, id="above"),
    pytest.param(0.0, 0.0, True, id="label-not-yet-produced"),
    pytest.param(0.5, None, False, id="label-gone-from-the-gold"),
])
def test_label_check_tolerance(floor, now, ok):
    check = LabelCheck("corpus", "DATE", floor, now, 0.01)
    assert check.ok is ok
    if now is not None:
        assert check.message().startswith(f"corpus DATE: strict F1 {now:.4f}, floor {floor:.4f}")


def test_check_labels_and_sha_problem():
    floor = {"tolerance": 0.02, "gold": {"corpus": {"path": "g.jsonl", "sha256": "ab" * 32}},
             "f1": {"corpus": {"DATE": 0.9, "PERSON": 0.5}}}
    checks = check_labels("corpus", floor, {"DATE": 0.885})
    assert [(c.label, c.ok) for c in checks] == [("DATE", True), ("PERSON", False)]
    assert checks[1].message() == ("corpus PERSON: the gold no longer has this label (floor 0.5000); "
                                   "rewrite the floor with `make floor`")
    assert sha_problem("corpus", floor["gold"]["corpus"], "ab" * 32) is None
    assert sha_problem("corpus", floor["gold"]["corpus"], "cd" * 32).startswith(
        "corpus: g.jsonl has SHA-256 cdcdcdcdcdcdcdcd…, but the floor was recorded for abababababababab…")


@pytest.mark.parametrize("content, message", [
    pytest.param("{", "malformed JSON", id="malformed"),
    pytest.param('{"gold": {}}', "a floor file holds 'gold' and 'f1' objects", id="missing-f1"),
])
def test_read_floor_errors(tmp_path, content, message):
    path = tmp_path / "floor.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_floor(path)


def test_unknown_set_override(repo):
    with pytest.raises(ValueError, match="unknown gold set 'nope'; the sets are corpus, seeds"):
        write_floor({"nope": "x.jsonl"}, root=repo)


def test_a_present_set_without_a_floor_fails(repo, tmp_path):
    write_floor(root=repo, predict=_runs("pred_new"))
    seeds = tmp_path / "seeds.jsonl"
    shutil.copy(FIXTURES / "gold.jsonl", seeds)
    lines, passed = check_floor({"seeds": str(seeds)}, root=repo, predict=_runs("pred_new"))
    assert not passed
    assert lines[-1] == "seeds: no floor recorded; write one with `make floor`"
