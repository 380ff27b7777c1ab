"""The value every recogniser returns (``Mention`` with typed ``Values``), and the context it reads.

Each label has its own values class holding the value fields of the annotation contract
(docs/annotation.md); ``to_attrs`` turns them into the record's ``attrs`` at emit time,
in a fixed key order and without the fields that are not known.
"""

from __future__ import annotations

import bisect
import functools
import sys
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, TypeVar

from pipeline.stages.clean import CleanText
from pipeline.stages.segment import segment_words
from pipeline.stages.word_bounds import settled, word_question


class _Values:
    """Shared behaviour of the values classes: the record's ``attrs`` without unknown fields."""

    __slots__ = ()  # the values classes keep slots: a long document holds hundreds of thousands
    EMIT_NAMES: dict[str, str] = {}
    ALWAYS: frozenset[str] = frozenset()

    def to_attrs(self) -> dict[str, Any]:
        """Return the values as the record's ``attrs``: fields in declaration order, unknown ones left out."""
        out: dict[str, Any] = {}
        for name in _field_names(type(self)):  # type: ignore[arg-type]
            value = getattr(self, name)
            if value is None or value is False or (value == [] and name not in self.ALWAYS):
                continue
            out[self.EMIT_NAMES.get(name, name)] = list(value) if isinstance(value, list) else value
        return out


@functools.cache
def _field_names(values_class: type) -> tuple[str, ...]:
    """The fields of a values class, in declaration order (asked once per class, not per mention)."""
    return tuple(f.name for f in fields(values_class))


@dataclass(slots=True)
class DocRefValues(_Values):
    """DOC_REF: the document's type, number and symbol, its issue date, issuer and name."""

    doc_type: str
    number: str | None = None
    symbol: str | None = None
    code: str | None = None
    year: int | None = None
    issued: str | None = None
    issuer: str | None = None
    name: str | None = None
    own: bool = False  # the document's own header number; emitted as "self"

    EMIT_NAMES = {"own": "self"}


@dataclass(slots=True)
class DateValues(_Values):
    """DATE: the ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``--MM-DD``) and whether its year was inferred."""

    value: str
    year_inferred: bool = False


@dataclass(slots=True)
class PercentValues(_Values):
    """PERCENT: the number, its unit, and what its clause says of it.

    ``kind`` is ``level`` (what a measure stands at), ``change`` (by how much it rose or fell:
    ``direction`` ``up`` or ``down``, against ``basis``, "so với cùng kỳ") or ``target`` (what a
    plan aims at; ``year`` is then its deadline). ``year`` is the year the clause ties the
    figure to, ``metric`` what is measured, never the comparison.
    """

    value: float
    unit: str
    qualifier: str | None = None
    kind: str = "level"
    direction: str | None = None
    basis: str | None = None
    year: int | None = None
    metric: str | None = None


@dataclass(slots=True)
class PersonValues(_Values):
    """PERSON: the name as written, the titles attached to it, its role and its cluster in the document."""

    name: str
    titles: list[str] = field(default_factory=list)
    role: str | None = None
    cluster: str | None = None

    ALWAYS = frozenset({"titles"})


@dataclass(slots=True)
class TitleValues(_Values):
    """TITLE: the person who holds it and the organisation it names."""

    person: str
    org: str | None = None


@dataclass(slots=True)
class NamedValues(_Values):
    """MODEL and CAMPAIGN: the name, and for a model its owner and how many there are."""

    name: str
    owner: str | None = None
    count: int | None = None


Values = DocRefValues | DateValues | PercentValues | PersonValues | TitleValues | NamedValues
V = TypeVar("V", bound=Values)


@dataclass(slots=True)
class Mention:
    """A recognised mention: raw offsets into ``raw`` (the text as read), view offsets and typed values.

    ``raw`` is the text the mention was found in, shared by all its mentions, not a copy of the
    mention's own characters (``text`` slices it when asked).
    """

    label: str
    start: int
    end: int
    raw: str = field(repr=False)
    values: Values
    rule_id: str
    vstart: int
    vend: int
    source: str = "rule"

    @property
    def text(self) -> str:
        """The mention's characters as read: ``raw[start:end]``."""
        return self.raw[self.start:self.end]

    @property
    def attrs(self) -> dict[str, Any]:
        """The values as the record's ``attrs``."""
        return self.values.to_attrs()


@dataclass(frozen=True)
class Context:
    """What a recogniser reads: the view, its sentences and the reference dates.

    ``whole_words`` asks underthesea's word segmentation, on demand and only around the
    span asked about, whether a cue's match is whole words: "giao" ends an organisation's
    name as a verb, never inside "giao thông".
    """

    view: CleanText
    sentences: list[tuple[int, int]]
    published: date | None = None
    dateline: date | None = None
    _words: dict[tuple[int, int], tuple[frozenset[int], frozenset[int]]] = field(  # window -> word starts, ends
        default_factory=dict, compare=False, repr=False)

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

    def whole_words(self, start: int, end: int) -> bool:
        """Return whether view[start:end] is whole words of underthesea's segmentation around it.

        The span must start and end on word boundaries ("giao" is no word of "giao thông", "làm"
        none of "việc làm"); as the segmenter glues a capitalised word to the verb next to it
        ("PTNT trao", "trao Giấy"), a boundary next to a capitalised word is taken as given.
        Most boundaries are settled by the CRF's scores alone (``word_bounds.settled``);
        the window is segmented only for the others.
        """
        asked = word_question(self.view.text, start, end)
        if asked.start is None and asked.end is None:
            return True  # both boundaries are given: no need to segment
        key = (asked.lo, asked.hi)
        if key not in self._words:
            answer = settled(self.view.text, *asked)
            if answer is not None:
                return answer
            words = segment_words(self.view, asked.lo, asked.hi)
            self._words[key] = (frozenset(w.vstart for w in words), frozenset(w.vend for w in words))
        starts, ends = self._words[key]
        return (asked.start is None or asked.start in starts) and (asked.end is None or asked.end in ends)


def make_mention(ctx: Context, label: str, vstart: int, vend: int, values: Values, rule_id: str,
                 source: str = "rule") -> Mention:
    """Return a mention for the view span [vstart, vend), with its raw offsets and text."""
    start, end = ctx.view.raw_span(vstart, vend)
    return Mention(label, start, end, ctx.view.raw, values, rule_id, vstart, vend, source)


def shared_values(values: V) -> V:
    """Return ``values`` (changed in place) with each string field and list item made the interned
    one (``sys.intern``): a document's mentions repeat the same document types, units, issuers,
    dates, names and titles, and each would otherwise keep its own copy until it is emitted."""
    for name in type(values).__slots__:
        value = getattr(values, name)
        if type(value) is str:
            setattr(values, name, sys.intern(value))
        elif type(value) is list:
            value[:] = [sys.intern(v) if type(v) is str else v for v in value]
    return values


class SpanIndex:
    """Kept mentions in buckets of their start, to find those overlapping a span in constant time
    (mentions are short; a sorted list would move half of itself on every insert)."""

    BUCKET = 256

    def __init__(self) -> None:
        self._buckets: dict[int, list[Mention]] = {}
        self._order: dict[int, int] = {}  # id(mention) -> when it was kept, for a stable start order
        self._longest = 0

    def add(self, m: Mention) -> None:
        """Keep ``m``."""
        self._buckets.setdefault(m.start // self.BUCKET, []).append(m)
        self._order[id(m)] = len(self._order)
        self._longest = max(self._longest, m.end - m.start)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Return the kept mentions whose raw span overlaps [start, end)."""
        first = max(0, start - self._longest) // self.BUCKET
        last = (end - 1) // self.BUCKET if end > start else start // self.BUCKET
        return [m for b in range(first, last + 1) for m in self._buckets.get(b, ())
                if m.start < end and m.end > start]

    def items(self) -> list[Mention]:
        """Return the kept mentions in start order (equal starts in the order they were kept)."""
        return sorted((m for bucket in self._buckets.values() for m in bucket),
                      key=lambda m: (m.start, self._order[id(m)]))


def longest_first(mentions: list[Mention]) -> list[Mention]:
    """Return the mentions without any that overlaps a longer (or earlier equal) one."""
    index = SpanIndex()
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not index.overlapping(m.start, m.end):
            index.add(m)
    return index.items()
