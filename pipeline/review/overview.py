"""The overview of a whole run: what the records hold together, as numbers a chart can draw.

``overview`` is the entry: from the records shown (and their gold) it returns an
:class:`Overview` with the mentions per label and facts per fact type, the figures of the most
frequent metrics by year and place, the positions of the persons named in most records (persons as
the registry resolves them across records) with the first and last publication dates they were seen
in, and with gold each label's scores (the scorer's own, :func:`pipeline.evaluation.score.score`).
Drawing is :mod:`pipeline.review.charts`'s.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.core.facts import FACT_TYPES
from pipeline.evaluation.score import LabelScore, ordered_labels, score
from pipeline.registry.build import build as build_registry
from pipeline.registry.documents import record_place
from pipeline.registry.places import fold

TOP_METRICS = 6
TOP_PERSONS = 12
NO_PLACE = "(no place)"


@dataclass(frozen=True)
class Count:
    """A name (a label, a fact type) and how many times it occurs in the run."""

    name: str
    n: int


@dataclass(frozen=True)
class Point:
    """One figure of a metric: its year, its value, and the record that states it."""

    year: int
    value: float
    record: str


@dataclass(frozen=True)
class Series:
    """A metric's figures at one place, by year (then value)."""

    place: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Metric:
    """A metric (figures whose ``metric`` reads the same, in one unit): how many figures, one series per place."""

    name: str
    unit: str
    n: int
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Held:
    """A position a person was seen holding: from the first to the last publication date, in ``n`` records."""

    title: str
    first: date
    last: date
    n: int


@dataclass(frozen=True)
class Person:
    """A person of the registry (:mod:`pipeline.registry`): name, province (``TW`` central, ``?`` unknown), the
    records naming them, and each position's span of dates."""

    name: str
    province: str
    n_records: int
    positions: tuple[Held, ...]


@dataclass(frozen=True)
class Overview:
    """The whole run in numbers: counts, figures over time, positions over time, and scores with gold.

    ``unplotted_figures`` counts the figures without a year or a metric (no chart can place them);
    ``undated_positions`` the positions seen only in records without a publication date.
    """

    n_records: int
    labels: tuple[Count, ...]
    facts: tuple[Count, ...]
    metrics: tuple[Metric, ...]
    unplotted_figures: int
    persons: tuple[Person, ...]
    undated_positions: int
    scores: tuple[LabelScore, ...] | None


def _facts(record: dict, kind: str) -> list[dict]:
    """Return the record's facts of type ``kind`` whose values are an object (a malformed fact draws nothing)."""
    facts = record.get("facts")
    if not isinstance(facts, list):
        return []
    return [f for f in facts if isinstance(f, dict) and f.get("type") == kind and isinstance(f.get("values"), dict)]


def place_of(record: dict) -> str:
    """Return where a record's figures are from: its province as the registry finds it (its ``place``, a
    district counting as its province, else its header's issuer), else its ``place`` as written, else
    NO_PLACE."""
    province = record_place(record).province
    place = record.get("place")
    return province or (place.strip() if isinstance(place, str) and place.strip() else NO_PLACE)


def _counts(records: Sequence[dict]) -> tuple[tuple[Count, ...], tuple[Count, ...]]:
    labels = Counter(str(e.get("label")) for r in records for e in r.get("entities") or [])
    facts = Counter(str(f.get("type")) for r in records if isinstance(r.get("facts"), list)
                    for f in r["facts"] if isinstance(f, dict))
    type_order = {name: n for n, name in enumerate(FACT_TYPES)}
    return (tuple(Count(label, labels[label]) for label in ordered_labels(labels)),
            tuple(Count(t, facts[t]) for t in sorted(facts, key=lambda t: (type_order.get(t, len(type_order)), t))))


def _metrics(records: Sequence[dict], top: int) -> tuple[tuple[Metric, ...], int]:
    spelling: dict[tuple[str, str], str] = {}
    points: dict[tuple[str, str], dict[str, set[Point]]] = defaultdict(lambda: defaultdict(set))
    counts: Counter[tuple[str, str]] = Counter()
    unplotted = 0
    for record in records:
        place = None
        for fact in _facts(record, "figure"):
            values = fact["values"]
            metric, year, value = values.get("metric"), values.get("year"), values.get("value")
            if not (isinstance(metric, str) and metric.strip() and isinstance(year, int)
                    and isinstance(value, int | float)):
                unplotted += 1
                continue
            # metrics are compared in the matching view's spelling (uỷ is ủy), lower case, spaces collapsed
            key = (fold(metric), str(values.get("unit") or ""))
            spelling.setdefault(key, metric.strip())
            counts[key] += 1
            # the same figure repeated at one place and year is one point
            place = place or place_of(record)
            points[key][place].add(Point(year, float(value), str(record.get("id"))))
    chosen = sorted(counts, key=lambda k: (-counts[k], k))[:top]
    metrics = []
    for key in chosen:
        series = []
        for place in sorted(points[key]):
            unique: dict[tuple[int, float], Point] = {}
            for point in sorted(points[key][place], key=lambda p: (p.year, p.value, p.record)):
                unique.setdefault((point.year, point.value), point)
            series.append(Series(place, tuple(unique.values())))
        metrics.append(Metric(spelling[key], key[1], counts[key], tuple(series)))
    return tuple(metrics), unplotted


def _day(text: object) -> date | None:
    """Return the date an ISO date or timestamp starts with, or None."""
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _well_formed(record: dict) -> dict:
    """Return the record with only the facts and persons that are objects (the registry reads no others)."""
    facts, persons = record.get("facts"), record.get("persons")
    return {**record,
            "facts": [f for f in facts if isinstance(f, dict) and isinstance(f.get("values"), dict)]
            if isinstance(facts, list) else [],
            "persons": [p for p in persons if isinstance(p, dict)] if isinstance(persons, list) else []}


def _persons(records: Sequence[dict], top: int) -> tuple[tuple[Person, ...], int]:
    """Return the persons of the registry built from ``records`` with the most records (those with a dated
    position), each with their dated positions; and the number of positions without a date."""
    registry = build_registry(_well_formed(record) for record in records)
    held: dict[str, list[Held]] = defaultdict(list)
    undated = 0
    for row in registry.person_positions:
        first, last = _day(row["first_seen"]), _day(row["last_seen"])
        if first is None or last is None:
            undated += 1
            continue
        held[row["person_id"]].append(Held(row["title"], first, last, len(row["records"])))
    people = [row for row in registry.people if row["id"] in held]
    people.sort(key=lambda row: (-len(row["records"]), fold(row["name"]), row["province"]))
    return tuple(Person(row["name"], row["province"], len(row["records"]),
                        tuple(sorted(held[row["id"]], key=lambda h: (h.first, h.last, fold(h.title)))))
                 for row in people[:top]), undated


def overview(records: Sequence[dict], gold: Sequence[dict] | None = None, labels: Sequence[str] | None = None,
             top_metrics: int = TOP_METRICS, top_persons: int = TOP_PERSONS) -> Overview:
    """Return the :class:`Overview` of ``records``.

    With ``gold`` (the gold documents of these records, paired by id), ``scores`` holds one
    :class:`~pipeline.evaluation.score.LabelScore` per label of ``labels`` (default: the gold's),
    as ``evaluate`` computes it over those documents; without gold it is None.
    """
    label_counts, fact_counts = _counts(records)
    metrics, unplotted = _metrics(records, top_metrics)
    persons, undated = _persons(records, top_persons)
    scores = None
    if gold is not None:
        scores = tuple(score(gold, records, labels).labels.values())
    return Overview(len(records), label_counts, fact_counts, metrics, unplotted, persons, undated, scores)
