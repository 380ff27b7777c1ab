"""Entities: a document's mentions as the record lists them, kept by column until they are emitted.

A long document holds hundreds of thousands of mentions from its windows until they are linked
and written. As objects (a ``Mention`` with its offsets as int objects and its own copies of its
text and value strings, an ``Entity`` with its id string and sentence number) each took about
870 bytes, and Python's small-object allocator keeps freed memory in arenas that go back to the
system only when wholly empty, so the record's line, written after them, came on top.
``Entities`` keeps offsets, sentences and body flags in arrays, labels, rule ids and sources as
shared (interned) strings, and only the typed values as objects; ``Entity`` is a view of one row,
made when it is read.
"""

from __future__ import annotations

import itertools
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar, overload

from pipeline.recognizers.base import Mention, Values, shared_values
from pipeline.stages.clean import OFFSET

V = TypeVar("V", bound=Values)


class Entity:
    """One entity of a record (a view of row ``at`` of ``Entities``): its id (``T1`` …), mention
    fields, sentence, and whether it lies in the body."""

    __slots__ = ("_of", "_at")

    def __init__(self, of: Entities, at: int) -> None:
        self._of = of
        self._at = at

    @property
    def id(self) -> str:
        """The entity's id in the record: ``T`` and its place in text order, from 1."""
        return f"T{self._at + 1}"

    @property
    def label(self) -> str:
        """The mention's label."""
        return self._of.labels[self._at]

    @property
    def start(self) -> int:
        """The mention's raw start offset."""
        return self._of.starts[self._at]

    @property
    def end(self) -> int:
        """The mention's raw end offset."""
        return self._of.ends[self._at]

    @property
    def text(self) -> str:
        """The mention's text as read."""
        return self._of.raw[self.start:self.end]

    @property
    def sentence(self) -> int:
        """The index of the sentence holding the mention, in the whole text."""
        return self._of.sentences[self._at]

    @property
    def in_body(self) -> bool:
        """Whether the mention lies in the article's body."""
        return bool(self._of.in_body[self._at])

    @property
    def rule_id(self) -> str:
        """The rule (or model feature set) that found the mention."""
        return self._of.rule_ids[self._at]

    @property
    def source(self) -> str:
        """What found the mention: ``rule`` or ``model``."""
        return self._of.sources[self._at]

    @property
    def values(self) -> Values:
        """The mention's typed values."""
        values = self._of.values[self._at]
        if values is None:
            raise LookupError(f"{self.id} was emitted already; its values are gone")
        return values

    @property
    def attrs(self) -> dict[str, Any]:
        """The values as the record's ``attrs``."""
        return self.values.to_attrs()

    def values_as(self, kind: type[V]) -> V:
        """Return the mention's values, which must be of ``kind`` (the label decides it)."""
        values = self.values
        if not isinstance(values, kind):
            raise TypeError(f"{self.id} ({self.label}) holds {type(values).__name__}, not {kind.__name__}")
        return values

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entity) and other._of is self._of and other._at == self._at

    def __hash__(self) -> int:
        return hash((id(self._of), self._at))

    def __repr__(self) -> str:
        return f"Entity({self.id}, {self.label}, {self.start}, {self.end}, {self.text!r})"


class Entities(Sequence[Entity]):
    """A document's entities in text order, by column (``Entity`` reads one row)."""

    def __init__(self, raw: str) -> None:
        self.raw = raw  # the text the offsets point into
        self.labels: list[str] = []
        self.starts = array(OFFSET)  # 4 bytes a row, as the view's offset map
        self.ends = array(OFFSET)
        self.sentences = array(OFFSET)
        self.in_body = bytearray()
        self.rule_ids: list[str] = []
        self.sources: list[str] = []
        self.values: list[Values | None] = []

    def append(self, m: Mention, offset: int, sentence: int, in_body: bool) -> None:
        """Add mention ``m`` of a window that starts at ``offset`` in ``raw``; its strings are shared
        with the rows before (``sys.intern``, ``shared_values``)."""
        self.labels.append(sys.intern(m.label))
        self.starts.append(m.start + offset)
        self.ends.append(m.end + offset)
        self.sentences.append(sentence)
        self.in_body.append(in_body)
        self.rule_ids.append(sys.intern(m.rule_id))
        self.sources.append(sys.intern(m.source))
        self.values.append(shared_values(m.values))

    def mention(self, at: int) -> Mention:
        """Return row ``at`` as a mention of ``raw`` (it has no view offsets: its window's view is gone)."""
        return Mention(self.labels[at], self.starts[at], self.ends[at], self.raw, Entity(self, at).values,
                       self.rule_ids[at], -1, -1, self.sources[at])

    def of(self, *labels: str) -> list[Entity]:
        """Return the entities of ``labels``, in text order (no view is made of the others)."""
        return [Entity(self, at) for at, label in enumerate(self.labels) if label in labels]

    def select(self, rows: Iterable[int]) -> Entities:
        """Return the entities of ``rows`` (in that order) as a new table."""
        out = Entities(self.raw)
        for at in rows:
            out.labels.append(self.labels[at])
            out.starts.append(self.starts[at])
            out.ends.append(self.ends[at])
            out.sentences.append(self.sentences[at])
            out.in_body.append(self.in_body[at])
            out.rule_ids.append(self.rule_ids[at])
            out.sources.append(self.sources[at])
            out.values.append(self.values[at])
        return out

    def drain(self) -> Iterator[Entity]:
        """Yield every entity in order, each one's values let go once the next is asked for (what
        emitting a long document's line does, so the values are freed as their JSON is made)."""
        for at in range(len(self.labels)):
            yield Entity(self, at)
            self.values[at] = None

    def __len__(self) -> int:
        return len(self.labels)

    @overload
    def __getitem__(self, at: int) -> Entity: ...

    @overload
    def __getitem__(self, at: slice) -> list[Entity]: ...

    def __getitem__(self, at: int | slice) -> Entity | list[Entity]:
        if isinstance(at, slice):
            return [Entity(self, n) for n in range(len(self.labels))[at]]
        if not -len(self.labels) <= at < len(self.labels):
            raise IndexError(at)
        return Entity(self, at % len(self.labels))

    def __iter__(self) -> Iterator[Entity]:
        return map(Entity, itertools.repeat(self), range(len(self.labels)))
