"""Layers: how overlapping and nested spans stack under a text, as displaCy's ``span`` style draws them.

Every span (a predicted mention, or a gold mention drawn where the prediction differs) gets a
track: the lowest row free of every span it overlaps, so nested and crossing spans stay visible
one under the other. The text is then cut at every span and shading boundary into pieces; a
piece knows the spans over it (each with its track) and the shading (boilerplate) it lies in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A span to draw: its offsets, a key naming it in the page (``T3``, ``gold-2``) and its label."""

    start: int
    end: int
    key: str
    label: str
    status: str = "ok"


@dataclass(frozen=True)
class Shade:
    """A stretch of text shaded as what it is (``chrome``, ``tail``)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Bar:
    """One span over one piece: the span, its track, and whether the span starts in this piece."""

    span: Span
    track: int
    first: bool


@dataclass
class Piece:
    """A stretch of text with the same spans over it and the same shading."""

    text: str
    start: int
    shade: str | None = None
    bars: list[Bar] = field(default_factory=list)


def assign_tracks(spans: Sequence[Span]) -> dict[str, int]:
    """Return each span's track (by key): the lowest row no overlapping span took before it.

    Spans are placed longest first among those starting together, so an outer mention lies
    above the mentions nested in it.
    """
    tracks: dict[str, int] = {}
    placed: list[tuple[int, int, int]] = []  # end, start, track of spans that may still overlap
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.key)):
        placed = [p for p in placed if p[0] > span.start]
        taken = {track for end, start, track in placed if start < span.end}
        track = next(n for n in range(len(taken) + 1) if n not in taken)
        tracks[span.key] = track
        placed.append((span.end, span.start, track))
    return tracks


def cut(text: str, spans: Sequence[Span], shades: Sequence[Shade] = ()) -> list[Piece]:
    """Return ``text`` cut into pieces at every boundary of ``spans`` and ``shades``, in order.

    The pieces' texts joined give ``text`` back. An empty span (start == end) gets no bar.
    """
    tracks = assign_tracks(spans)
    bounds = {0, len(text)}
    for item in list(spans) + list(shades):
        bounds.update((max(0, min(item.start, len(text))), max(0, min(item.end, len(text)))))
    cuts = sorted(bounds)
    pieces: list[Piece] = []
    by_start = sorted(spans, key=lambda s: (s.start, -s.end, s.key))
    active: list[Span] = []
    next_span = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        while next_span < len(by_start) and by_start[next_span].start <= start:
            active.append(by_start[next_span])
            next_span += 1
        active = [s for s in active if s.end > start]
        over = [s for s in active if s.start < end]
        shade = next((s.kind for s in shades if s.start <= start and end <= s.end), None)
        bars = sorted((Bar(s, tracks[s.key], s.start == start) for s in over), key=lambda b: b.track)
        pieces.append(Piece(text[start:end], start, shade, bars))
    return pieces


def depth(pieces: Sequence[Piece]) -> int:
    """Return how many tracks the pieces use (0 when no span is drawn)."""
    return max((bar.track + 1 for piece in pieces for bar in piece.bars), default=0)
