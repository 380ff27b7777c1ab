"""Windows cut a long text at paragraph ends; the windows' mentions are the whole text's mentions."""

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.settings import Settings
from pipeline.stages.document import extract_text
from pipeline.stages.window import Window, windows

SAMPLES = Path(__file__).resolve().parents[3] / "corpus" / "samples"


@pytest.mark.parametrize(("text", "size", "expected"), [
    ("abc", 10, [Window(0, 0, 3, 3)]),
    # a blank line in the last quarter of the window is the cut
    ("aaaaaaa\n\nbbbbbbbbbb", 10, [Window(0, 0, 9, 11), Window(7, 9, 19, 19)]),
    # no blank line: after a line break, then after a sentence, then after a word
    ("aaaaaaaa\nbbbbbbbbb", 10, [Window(0, 0, 9, 11), Window(7, 9, 18, 18)]),
    ("aaaaaaa. bbbbbbbbb", 10, [Window(0, 0, 9, 11), Window(7, 9, 18, 18)]),
    ("aaaaaaaa bbbbbbbbb", 10, [Window(0, 0, 9, 11), Window(7, 9, 18, 18)]),
    # nothing to cut after in the last quarter: the cut falls at the window's size
    ("a" * 25, 10, [Window(0, 0, 10, 12), Window(8, 10, 20, 22), Window(18, 20, 25, 25)]),
])
def test_cuts(text, size, expected):
    assert windows(text, size, overlap=2) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .\n", max_size=400), st.integers(min_value=4, max_value=60),
       st.integers(min_value=0, max_value=20))
def test_windows_own_every_character_once_and_no_more_than_size(text, size, overlap):
    parts = windows(text, size, overlap)
    assert parts[0].start == 0 and parts[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    assert all(0 < w.end - w.start <= size or len(text) == 0 for w in parts)
    assert all(w.lo == max(0, w.start - overlap) and w.hi == min(len(text), w.end + overlap) for w in parts)


def test_a_text_longer_than_the_window_gives_the_mentions_of_one_window():
    text = "\n\n".join((SAMPLES / name).read_text(encoding="utf-8") for name in (
        "010_hoi_nghi_dan_van.txt", "021_ky_hop_hdnd_tinh.txt", "030_thong_bao_ket_luan_nong_thon_moi.txt"))
    whole = extract_text(text, settings=Settings(window=len(text)))
    windowed = extract_text(text, settings=Settings(window=len(text) // 3 + 1))
    spans = [(e["start"], e["end"], e["label"], e["sentence"]) for e in whole["entities"]]
    assert len(windows(text, len(text) // 3 + 1)) >= 3
    assert [(e["start"], e["end"], e["label"], e["sentence"]) for e in windowed["entities"]] == spans
    assert all(text[e["start"]:e["end"]] == e["text"] for e in windowed["entities"])
