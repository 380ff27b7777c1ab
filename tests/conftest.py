"""Shared fixtures: the gold sets and a session-wide extraction of their texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import read_jsonl
from pipeline.analysis import extract
from pipeline.read import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED_GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
CORPUS_GOLD = ROOT / "corpus" / "gold" / "gold.jsonl"
GOLD_SETS = {"seeds": SHARED_GOLD, "corpus": CORPUS_GOLD}


def gold_path(name: str) -> Path:
    """Return the path of a gold set, skipping the test where it does not exist."""
    path = GOLD_SETS[name]
    if not path.exists():
        pytest.skip(f"gold set {path} is absent (it ships beside the repo in CI, not in a fresh clone)")
    return path


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


SHORT_TEXTS = [
    "Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021 của Ban Thường vụ Thành ủy, tỷ lệ đạt 83,62%.",
    "Chiều 3-6, Sở Y tế tổ chức hội nghị triển khai Kế hoạch số 799/KH-SYT.",
    "Năm 2024, toàn tỉnh có 23 mô hình “Dân vận khéo”, tăng 12,5% so với năm trước.",
    "Ngày 15 tháng 3 năm 2025, đồng chí Trần Văn Bình, Chủ tịch UBND tỉnh, chủ trì cuộc họp.",
]


def write_dump(path: Path, n: int, bad: tuple[int, ...] = ()) -> Path:
    """Write a JSONL dump of ``n`` lines made from SHORT_TEXTS; the lines in ``bad`` are malformed."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(1, n + 1):
            if i in bad:
                fh.write("{not json\n")
            else:
                fh.write(json.dumps({"id": f"d{i}", "text": SHORT_TEXTS[i % len(SHORT_TEXTS)],
                                     "published": "2025-06-07"}, ensure_ascii=False) + "\n")
    return path
