"""from pipeline import extract, extract_many, to_frames: records for texts, lazily, in order."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from dumps import ROOT, SHORT_TEXTS

import pipeline
import pipeline.batch.run as run
from pipeline import extract, extract_many
from pipeline.stages.read import Document


def test_importing_the_package_loads_no_model():
    code = "import sys, pipeline; print(sorted(m for m in ('spacy', 'underthesea', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        pipeline.nothing  # noqa: B018


def test_extract_one_text_with_metadata():
    record = extract("Sáng 13/9, tỷ lệ đạt 83,62%.", id="a1", title="Tin", url="https://x.vn/a1", published="2024-10-01")
    assert (record["id"], record["title"], record["url"], record["source"]) == ("a1", "Tin", "https://x.vn/a1", "https://x.vn/a1")
    assert [(e["label"], e["text"], e["attrs"].get("value")) for e in record["entities"]] == [
        ("DATE", "13/9", "2024-09-13"), ("PERCENT", "83,62%", 83.62)]
    assert extract("")["entities"] == [] and extract("")["source"] == "<text>"


def test_extract_many_takes_texts_articles_and_documents_in_order():
    items = [SHORT_TEXTS[0], {"id": "x", "text": SHORT_TEXTS[1], "published": "2025-01-02"}, {"id": "y"},
             Document(id="z", text=SHORT_TEXTS[2], source="mine")]
    records = list(extract_many(items))
    assert [r.get("id") for r in records] == ["1", "x", None, "z"]
    assert records[0]["source"] == "<items>:1" and records[3]["source"] == "mine"
    assert records[2] == {"input": "<items>", "line": 3, "error": "E012 <items>:3: article has no 'text' field"}
    assert records[1]["entities"][0]["attrs"] == {"value": "2025-06-03", "year_inferred": True}


def test_extract_many_is_lazy():
    endless = (SHORT_TEXTS[n % 4] for n in itertools.count())
    first = list(itertools.islice(extract_many(endless), 3))
    assert [r["id"] for r in first] == ["1", "2", "3"]


def test_extract_many_with_two_workers_equals_one(monkeypatch):
    monkeypatch.setattr(run, "BATCH_DOCS", 3)
    items = [{"id": f"a{n}", "text": SHORT_TEXTS[n % 4]} for n in range(10)] + [{"text": "no id"}]
    assert list(extract_many(items, workers=2, published="2025-06-07")) == list(extract_many(items, published="2025-06-07"))
