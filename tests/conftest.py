"""Shared fixtures: the gold sets and a session-wide extraction of their texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluation.score import read_jsonl
from pipeline.stages.document import extract
from pipeline.stages.read import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED_GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
CORPUS_GOLD = ROOT / "corpus" / "gold" / "gold.jsonl"
GOLD_SETS = {"seeds": SHARED_GOLD, "corpus": CORPUS_GOLD}
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def fixture_docs():
    """Read one of the small gold/prediction files of tests/fixtures (gold, pred_old, pred_new)."""
    return lambda name: read_jsonl(FIXTURES / f"{name}.jsonl")


def gold_path(name: str) -> Path:
    """Return the path of a gold set, skipping the test where it does not exist."""
    path = GOLD_SETS[name]
    if not path.exists():
        pytest.skip(f"gold set {path} is absent (it ships beside the repo in CI, not in a fresh clone)")
    return path


@pytest.fixture
def gold_file():
    """Return the path of a gold set by name, skipping the test where it does not exist."""
    return gold_path


@pytest.fixture(scope="session")
def gold_runs() -> dict:
    """Gold documents and the extractor's records for them, per gold set (computed once)."""
    cache: dict = {}

    def run(name: str) -> tuple[list[dict], list[dict]]:
        if name not in cache:
            gold = read_jsonl(gold_path(name))
            pred = [extract(Document(id=str(d["id"]), text=d["text"], source=name, published=d.get("published")))
                    for d in gold]
            cache[name] = (gold, pred)
        return cache[name]

    return run
