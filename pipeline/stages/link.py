"""Link: person clusters, authors and typed facts that point to entity ids.

Input is the document's entities (typed mentions with their ids) and the article layout;
output is a ``Linked`` value the record is built from. Facts are deduplicated within a
document by their identity (``pipeline.core.facts``): the first mention's ids stand for the
repeated ones.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.facts import FACT_TYPES
from pipeline.core.rules import Lexicon, Pattern, RuleSet
from pipeline.core.text import fold
from pipeline.recognizers.base import (
    DateValues,
    DocRefValues,
    NamedValues,
    PercentValues,
    PersonValues,
    TitleValues,
)
from pipeline.stages.clean import clean
from pipeline.stages.entities import Entities, Entity
from pipeline.stages.layout import Layout

LEAD_PARAGRAPH = 600
LEAD_LINES = 40
ISSUE_DATE_REACH = 40
LAUNCH_WINDOW = 200
LAUNCH_REACH = 60
LINE_REACH = 200  # how far a byline test reads along its line; markers and dashes sit right next to a name

class FactRules(RuleSet, file="facts"):
    """Cues of the facts the linker reads from the text itself (rules/facts.yaml)."""

    author_markers: Lexicon
    photo_markers: Lexicon
    lead: Pattern
    organiser: Pattern
    launched_by: Pattern
    chair_role: str
    author_role: str


@dataclass
class Fact:
    """One fact of a document: its type, the entity ids it links (``args``) and its values.

    The type and the names of args and values are those of ``pipeline.core.facts.FACT_TYPES``;
    a fact the table does not describe is a programming error and raises ``ValueError``.
    """

    type: str
    args: dict[str, Any]
    values: dict[str, Any]
    id: str = ""

    def __post_init__(self) -> None:
        fact_type = FACT_TYPES.get(self.type)
        if fact_type is None:
            raise ValueError(f"unknown fact type {self.type!r}")
        unknown = set(self.values) - {f.name for f in fact_type.fields}
        unknown |= set(self.args) - {a.name for a in fact_type.args}
        if unknown:
            raise ValueError(f"{self.type} has no value or arg {', '.join(sorted(unknown))}")

    def key(self) -> tuple[str, ...]:
        """Return the fact's identity: its type and its key values, folded."""
        return fact_key({"type": self.type, "values": self.values})

    def distinct_key(self) -> tuple[str, ...]:
        """Return what tells two facts apart within a document: the identity and the ``distinct`` values."""
        extra = FACT_TYPES[self.type].distinct
        return self.key() + tuple(name_key(str(self.values.get(k, ""))) for k in extra)

    def to_dict(self) -> dict[str, Any]:
        """Return the fact as the record lists it."""
        return {"id": self.id, "type": self.type, "args": self.args, "values": self.values}


@dataclass
class Person:
    """One person of a document: every mention of one name (a cluster), with all their titles."""

    cluster: str
    name: str
    titles: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the person as the record's ``persons`` list holds it."""
        return {"cluster": self.cluster, "name": self.name, "titles": list(self.titles),
                "mentions": list(self.mentions)}


@dataclass(frozen=True)
class Linked:
    """What linking adds to a record."""

    clusters: dict[str, str]  # PERSON entity id -> cluster id
    persons: list[Person]
    authors: list[str]
    facts: list[Fact]


@functools.lru_cache(maxsize=1 << 16)  # a long document names many people and titles
def name_key(name: str) -> str:
    """Return the key under which two spellings of one name fall together."""
    return fold(clean(name).text).casefold()


def fact_key(fact: dict[str, Any]) -> tuple[str, ...]:
    """Return the identity of a fact given as a dict (type and its key values, folded)."""
    return (fact["type"],) + tuple(name_key(str(fact.get("values", {}).get(k, "")))
                                   for k in FACT_TYPES[fact["type"]].key)


def _clusters(people: list[Entity]) -> tuple[dict[str, str], list[Person]]:
    by_key: dict[str, Person] = {}
    known_titles: dict[str, set[str]] = {}
    clusters: dict[str, str] = {}
    for e in people:
        values = e.values_as(PersonValues)
        key = name_key(values.name)
        person = by_key.setdefault(key, Person(f"P{len(by_key) + 1}", values.name))
        if person.name.isupper() and not values.name.isupper():
            person.name = values.name
        known = known_titles.setdefault(key, set())
        for title in values.titles:
            if name_key(title) not in known:
                person.titles.append(title)
                known.add(name_key(title))
        person.mentions.append(e.id)
        clusters[e.id] = person.cluster
    return clusters, list(by_key.values())


def _line_before(raw: str, e: Entity) -> str:
    """What stands on the entity's line before it, up to ``LINE_REACH`` characters back; a longer
    line starts with "…" (it is running text, neither a marker nor empty)."""
    lo = max(0, e.start - LINE_REACH)
    line_start = raw.rfind("\n", lo, e.start) + 1
    if line_start == 0 and lo > 0:
        return "…" + raw[lo:e.start].rstrip(" \t*_")
    return raw[line_start:e.start].strip(" \t*_")


def _is_byline(rules: FactRules, raw: str, e: Entity) -> bool:
    """A name without title or role that opens its line (alone, with co-authors, or after a marker)."""
    values = e.values_as(PersonValues)
    if values.titles or values.role:
        return False
    reach = min(len(raw), e.end + LINE_REACH)
    end = raw.find("\n", e.end, reach)
    after = raw[e.end:end if end >= 0 else reach].strip(" \t*_")
    if after and not after.startswith(("-", "–", ",", "(")):
        return False  # a name that opens a line of running text (PDF wraps) is no byline
    before = _line_before(raw, e)
    return before in ("", "-", "–", ",") or before.endswith((" -", " –", ",")) or before in rules.author_markers


def _authors(rules: FactRules, raw: str, people: list[Entity]) -> list[str]:
    names: dict[str, None] = {}  # in first-seen order
    photo = tuple(rules.photo_markers)
    for e in people:
        values = e.values_as(PersonValues)
        credit = _line_before(raw, e).endswith(photo)
        if values.role == rules.author_role or (_is_byline(rules, raw, e) and not credit):
            names.setdefault(values.name)
    return list(names)


def _document_facts(entities: Entities) -> Iterator[Fact]:
    dates = entities.of("DATE")
    date_starts = [d.start for d in dates]
    for e in entities.of("DOC_REF"):
        v = e.values_as(DocRefValues)
        if not (v.issuer or v.issued):
            continue
        args: dict[str, Any] = {"document": e.id}
        # The issue date is written right after the reference ("… số 21-CT/TU ngày 14-9-2020 của …").
        lo = bisect.bisect_left(date_starts, e.start)
        hi = bisect.bisect_right(date_starts, e.end + ISSUE_DATE_REACH)
        date = next((d for d in dates[lo:hi] if d.values_as(DateValues).value == v.issued), None)
        if date:
            args["date"] = date.id
        values: dict[str, Any] = {k: getattr(v, k) for k in ("doc_type", "code", "name", "issuer", "issued")
                                  if getattr(v, k) is not None}
        if v.own:
            values["self"] = True  # the document itself: its header's body and its dateline
        yield Fact("document_issued", args, values)


def _nearest(starts: list[int], pos: int) -> int:
    """Index of the start nearest to ``pos`` (the earlier one on a tie) in a sorted, non-empty list."""
    at = bisect.bisect_left(starts, pos)
    if at == len(starts) or (at > 0 and pos - starts[at - 1] <= starts[at] - pos):
        return at - 1
    return at


def _position_facts(entities: Entities, clusters: dict[str, str]) -> Iterator[Fact]:
    # (name, title) -> the persons of that name whose titles carry it, in text order
    owners: dict[tuple[str, str], list[Entity]] = {}
    for e in sorted(entities.of("PERSON"), key=lambda e: e.start):
        values = e.values_as(PersonValues)
        for title in dict.fromkeys(values.titles):
            owners.setdefault((values.name, title), []).append(e)
    starts = {key: [p.start for p in people] for key, people in owners.items()}
    held: set[tuple[str, str]] = set()  # (name, title) keys of the positions found
    for t in entities.of("TITLE"):
        key = (t.values_as(TitleValues).person, fold(t.text))
        if key in owners:
            fact = _holds(owners[key][_nearest(starts[key], t.start)], t, clusters)
            held.add((name_key(fact.values["person"]), name_key(fact.values["title"])))
            yield fact
    yield from _shared_positions(entities, clusters, held)


def _holds(p: Entity, t: Entity, clusters: dict[str, str]) -> Fact:
    values = {"person": p.values_as(PersonValues).name, "cluster": clusters[p.id], "title": fold(t.text)}
    org = t.values_as(TitleValues).org
    if org:
        values["org"] = org
    return Fact("holds_position", {"person": p.id, "title": t.id}, values)


def _shared_positions(entities: Entities, clusters: dict[str, str],
                      held: set[tuple[str, str]]) -> Iterator[Fact]:
    """A position a list shares (decision 7: "các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy: A, …; B, …")
    is held by each person whose titles carry it: the TITLE span nearest before that person (unless
    ``held``, the keys of the positions found, has it already; found ones are added to it)."""
    titles: dict[str, list[Entity]] = {}
    for e in sorted(entities.of("TITLE"), key=lambda e: e.start):
        titles.setdefault(name_key(fold(e.text)), []).append(e)
    title_starts = {key: [t.start for t in spans] for key, spans in titles.items()}
    for p in entities.of("PERSON"):
        name = p.values_as(PersonValues).name
        for title in p.values_as(PersonValues).titles:
            key = (name_key(name), name_key(title))
            spans = titles.get(key[1], [])
            if key in held or not spans:
                continue
            before = bisect.bisect_left(title_starts[key[1]], p.start)
            t = spans[before - 1] if before else spans[0]
            held.add(key)
            yield _holds(p, t, clusters)


def _figure_facts(entities: Entities) -> Iterator[Fact]:
    for e in entities.of("PERCENT"):
        v = e.values_as(PercentValues)
        values = {f.name: getattr(v, f.name) for f in FACT_TYPES["figure"].fields if getattr(v, f.name) is not None}
        yield Fact("figure", {"percent": e.id}, values)


def _launched_by(rules: FactRules, raw: str, e: Entity) -> str | None:
    lo = max(raw.rfind("\n", max(0, e.start - LAUNCH_WINDOW), e.start) + 1, e.start - LAUNCH_WINDOW)
    window = raw[lo:e.start]  # the cue anchors at the window's start (^), so it reads a slice
    launched = None
    for m in rules.launched_by.finditer(window):
        launched = m
    if launched and len(window) - launched.end() < LAUNCH_REACH:
        return fold(launched.group("who"))
    return None


def _named_facts(rules: FactRules, raw: str, entities: Entities) -> Iterator[Fact]:
    for e in entities.of("MODEL", "CAMPAIGN"):
        if e.label == "MODEL":
            v = e.values_as(NamedValues)
            if v.owner:
                yield Fact("model_run_by", {"model": e.id}, {"model": v.name, "owner": v.owner})
        elif e.label == "CAMPAIGN":
            values: dict[str, Any] = {"campaign": e.values_as(NamedValues).name}
            who = _launched_by(rules, raw, e)
            if who:
                values["launched_by"] = who
            yield Fact("campaign", {"campaign": e.id}, values)


def _event_fact(rules: FactRules, raw: str, layout: Layout, entities: Entities, people: list[Entity]) -> list[Fact]:
    start = layout.body[0]
    if layout.title_span and layout.title_span[0] == start:
        start = layout.title_span[1]
    # The lead is the first paragraph that opens with a time word and a date.
    for line_start in _paragraph_starts(raw, start, layout.body[1]):
        lead = rules.lead.match(raw, line_start, min(len(raw), line_start + 200))
        if lead:
            break
    else:
        return []
    date = next((d for d in entities.of("DATE") if lead.start("when") <= d.start < lead.end()), None)
    if date is None:
        return []
    end = raw.find("\n", lead.end())
    end = len(raw) if end < 0 else end
    args: dict[str, Any] = {"date": date.id}
    values: dict[str, Any] = {"date": date.values_as(DateValues).value}
    organised = rules.organiser.match(raw, lead.end(), end)
    if organised:
        values["organiser"] = fold(organised.group("organiser"))
        values["event"] = fold(organised.group("event"))
    chairs = [e for e in people if e.values_as(PersonValues).role == rules.chair_role
              and lead.start() <= e.start < min(end, lead.start() + LEAD_PARAGRAPH)]
    if chairs:
        args["chair"] = [e.id for e in chairs]
        values["chair"] = [e.values_as(PersonValues).name for e in chairs]
    if len(values) == 1:
        return []
    return [Fact("event", args, values)]


def _paragraph_starts(raw: str, start: int, end: int) -> list[int]:
    out: list[int] = []
    pos = start
    while pos < end and len(out) < LEAD_LINES:
        out.append(pos)
        nxt = raw.find("\n", pos, end)
        if nxt < 0:
            break
        pos = nxt + 1
    return out


def _unique(facts: Iterable[Fact]) -> list[Fact]:
    """Each fact once: a repeat adds the values the first mention did not state ("Chỉ thị số
    12-CT/TU" then "Chỉ thị số 12-CT/TU ngày 05-8-2021")."""
    unique: list[Fact] = []
    seen: dict[tuple[str, ...], Fact] = {}
    for fact in facts:
        key = fact.distinct_key()
        first = seen.get(key)
        if first is not None and not FACT_TYPES[fact.type].single:
            for name, value in fact.values.items():
                first.values.setdefault(name, value)
            for name, ids in fact.args.items():
                first.args.setdefault(name, ids)
            continue
        seen[key] = fact
        fact.id = f"F{len(unique) + 1}"
        unique.append(fact)
    return unique


def link(raw: str, layout: Layout, entities: Entities, rules: FactRules | None = None) -> Linked:
    """Return clusters, persons, authors and facts for a document's entities (in text order) in ``raw``,
    the text as read."""
    rules = rules or FactRules.load()
    people = entities.of("PERSON")
    clusters, persons = _clusters(people)
    # Made one at a time and deduplicated as they come: a long document repeats most of its facts,
    # and a list of every fact before deduplication took more memory than its mentions.
    facts = itertools.chain(_event_fact(rules, raw, layout, entities, people), _document_facts(entities),
                            _position_facts(entities, clusters), _figure_facts(entities),
                            _named_facts(rules, raw, entities))
    authors = _authors(rules, raw, [e for e in people if e.in_body])
    return Linked(clusters, persons, authors, _unique(facts))
