"""The value every recogniser returns, and the context it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import regex

from pipeline.clean import CleanText

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
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def reference_date(self) -> date | None:
        """The date that partial dates take their year from: publication, else dateline."""
        return self.published or self.dateline

    def sentence_bounds(self, vpos: int) -> tuple[int, int]:
        """Return the view extent of the sentence holding ``vpos``."""
        for s, e in self.sentences:
            if s <= vpos < e:
                return s, e
        return 0, len(self.view.text)


def fold(text: str) -> str:
    """Return ``text`` with whitespace runs folded to one space and stripped."""
    return WHITESPACE.sub(" ", text).strip()


def make_mention(ctx: Context, label: str, vstart: int, vend: int, attrs: dict[str, Any], rule_id: str) -> Mention:
    """Return a mention for the view span [vstart, vend), with its raw offsets and text."""
    start, end = ctx.view.raw_span(vstart, vend)
    return Mention(label, start, end, ctx.view.raw[start:end], attrs, rule_id, vstart, vend)


def longest_first(mentions: list[Mention]) -> list[Mention]:
    """Return the mentions without any that overlaps a longer (or earlier equal) one."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-(m.vend - m.vstart), m.vstart)):
        if all(m.vend <= k.vstart or m.vstart >= k.vend for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.vstart)
