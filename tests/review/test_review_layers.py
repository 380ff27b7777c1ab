"""Layers: overlapping mentions stack on tracks; the text cut into pieces gives every span back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.review.layers import Shade, Span, assign_tracks, cut, depth


def test_nested_mentions_stack_under_the_outer_one():
    spans = [Span(10, 14, "date", "DATE"), Span(0, 14, "ref", "DOC_REF"), Span(20, 25, "pct", "PERCENT")]
    assert assign_tracks(spans) == {"ref": 0, "date": 1, "pct": 0}


def test_crossing_mentions_take_different_tracks_and_a_freed_track_is_reused():
    spans = [Span(0, 10, "a", "X"), Span(5, 15, "b", "Y"), Span(12, 20, "c", "Z"), Span(16, 18, "d", "Z")]
    assert assign_tracks(spans) == {"a": 0, "b": 1, "c": 0, "d": 1}


def test_pieces_carry_their_bars_and_shading():
    text = "Menu\nChỉ thị 08 ngày 5-8"
    spans = [Span(5, 24, "T1", "DOC_REF"), Span(21, 24, "T2", "DATE")]
    pieces = cut(text, spans, [Shade(0, 4, "chrome")])
    assert [(p.text, p.shade, [(b.span.key, b.track, b.first) for b in p.bars]) for p in pieces] == [
        ("Menu", "chrome", []),
        ("\n", None, []),
        ("Chỉ thị 08 ngày ", None, [("T1", 0, True)]),
        ("5-8", None, [("T1", 0, False), ("T2", 1, True)]),
    ]
    assert depth(pieces) == 2
    assert depth(cut("abc", [])) == 0


@st.composite
def texts_and_spans(draw):
    text = draw(st.text(min_size=0, max_size=40))
    n = draw(st.integers(0, 8))
    spans = []
    for i in range(n):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        spans.append(Span(start, end, f"T{i}", "X"))
    return text, spans


@given(texts_and_spans())
def test_cut_round_trips_and_overlapping_spans_never_share_a_track(case):
    text, spans = case
    pieces = cut(text, spans)
    assert "".join(p.text for p in pieces) == text
    for span in spans:
        covered = "".join(p.text for p in pieces if any(b.span.key == span.key for b in p.bars))
        assert covered == text[span.start:span.end]
        assert sum(b.first for p in pieces for b in p.bars if b.span.key == span.key) == (span.end > span.start)
    tracks = assign_tracks(spans)
    for a in spans:
        for b in spans:
            if a.key < b.key and max(a.start, b.start) < min(a.end, b.end):
                assert tracks[a.key] != tracks[b.key]
