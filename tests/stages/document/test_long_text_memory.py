"""A long text's mentions wait to be linked in little memory: no object per offset, no copy of their
text, no repeated string kept twice; a run of mentions that a window cut splits is resolved again."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from pipeline.core.settings import Settings
from pipeline.recognizers.base import Mention, NamedValues, PersonValues
from pipeline.stages.document import Located, _located_mentions, _merged
from pipeline.stages.entities import Entities
from pipeline.stages.layout import layout

SAMPLES = Path(__file__).resolve().parents[3] / "corpus" / "samples"
# Bytes each located mention holds, measured by tracemalloc on the text below: 188 with the columns
# and interned strings; 480 when a mention and its entity were objects with int offsets and their
# own text and value strings. The bound leaves room for a new value field, not for those again.
MAX_BYTES_PER_MENTION = 260


def test_located_mentions_hold_few_bytes_each():
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    text = (corpus[:50_000] + "\n\n") * 4  # 200 KB in four windows, each repeating the names and references
    settings = Settings(window=50_000)
    page = layout(text, None)
    _located_mentions(text, settings, page, None)  # load the rules and fill the caches first
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        located = _located_mentions(text, settings, page, None)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(located.entities) > 1_500
    assert held / len(located.entities) < MAX_BYTES_PER_MENTION
    assert all(e.text == text[e.start:e.end] for e in located.entities)


RAW = "Ông Lê Văn An dự. Chiến dịch Mùa hè xanh 2024 của tỉnh."


def _located(*spans: tuple[str, str], cuts: list[int]) -> Located:
    entities = Entities(RAW)
    for label, piece in spans:
        start = RAW.index(piece)
        values = PersonValues(piece) if label == "PERSON" else NamedValues(piece)
        entities.append(Mention(label, start, start + len(piece), RAW, values, "test", -1, -1), 0, 0, True)
    return Located(entities, cuts, None)


@pytest.mark.parametrize(("spans", "cuts", "kept"), [
    # two windows each kept its own PERSON across the cut at 5: the longer stands
    ((("PERSON", "Ông Lê Văn"), ("PERSON", "Văn An dự")), [5], [0]),
    # the same run within one window was resolved by it already: left as it is
    ((("PERSON", "Ông Lê Văn"), ("PERSON", "Văn An dự")), [30], [0, 1]),
    # runs that do not overlap are never resolved again, even across a cut
    ((("PERSON", "Lê Văn An"), ("CAMPAIGN", "Mùa hè xanh 2024")), [20], [0, 1]),
])
def test_only_a_run_split_by_a_cut_is_resolved_again(spans, cuts, kept):
    assert _merged(_located(*spans, cuts=cuts)) == kept
