"""The value every recogniser returns, and the context it reads."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from typing import Any

import regex

from pipeline.stages.clean import CleanText

WHITESPACE = regex.compile(r"\s+")


@dataclass
class Mention:
    """A recognised mention: raw offsets (into the text as read) and view offsets."""

    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any]
    rule_id: str
    vstart: int
    vend: int
    source: str = "rule"


@dataclass(frozen=True)
class Context:
    """What a recogniser reads: the view, its sentences and the reference dates."""

    view: CleanText
    sentences: list[tuple[int, int]]
    published: date | None = None
    dateline: date | None = None
    timeout: float = 2.0

    @property
    def reference_date(self) -> date | None:
        """The date that partial dates take their year from: publication, else dateline."""
        return self.published or self.dateline

    def sentence_bounds(self, vpos: int) -> tuple[int, int]:
        """Return the view extent of the sentence holding ``vpos``."""
        at = bisect.bisect_right(self.sentences, (vpos, len(self.view.text) + 1)) - 1
        if at >= 0 and self.sentences[at][0] <= vpos < self.sentences[at][1]:
            return self.sentences[at]
        return 0, len(self.view.text)


def fold(text: str) -> str:
    """Return ``text`` with whitespace runs folded to one space and stripped."""
    return WHITESPACE.sub(" ", text).strip()


def make_mention(ctx: Context, label: str, vstart: int, vend: int, attrs: dict[str, Any], rule_id: str) -> Mention:
    """Return a mention for the view span [vstart, vend), with its raw offsets and text."""
    start, end = ctx.view.raw_span(vstart, vend)
    return Mention(label, start, end, ctx.view.raw[start:end], attrs, rule_id, vstart, vend)


class SpanIndex:
    """Kept mentions ordered by start, to find those overlapping a span in log time."""

    def __init__(self) -> None:
        self._keys: list[tuple[int, int]] = []
        self._items: list[Mention] = []
        self._longest = 0

    def add(self, m: Mention) -> None:
        """Keep ``m``."""
        at = bisect.bisect_right(self._keys, (m.start, len(self._items)))
        self._keys.insert(at, (m.start, len(self._items)))
        self._items.insert(at, m)
        self._longest = max(self._longest, m.end - m.start)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Return the kept mentions whose raw span overlaps [start, end)."""
        out = []
        at = bisect.bisect_left(self._keys, (end, -1)) - 1
        while at >= 0 and self._keys[at][0] > start - self._longest:
            if self._items[at].end > start:
                out.append(self._items[at])
            at -= 1
        return out

    def items(self) -> list[Mention]:
        """Return the kept mentions in start order."""
        return list(self._items)


def longest_first(mentions: list[Mention]) -> list[Mention]:
    """Return the mentions without any that overlaps a longer (or earlier equal) one."""
    index = SpanIndex()
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not index.overlapping(m.start, m.end):
            index.add(m)
    return index.items()
