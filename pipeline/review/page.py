"""The review's content: records (and their gold) read, checked and turned into what the page shows.

``build_review`` is the entry: it reads a records file (and a gold file), keeps the documents
asked for, and returns a :class:`Review` whose pages hold the text cut into highlighted pieces,
each mention's values, the facts as tables of mention texts, and with gold the differences and
scores. Rendering is :mod:`pipeline.review.render`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.errors import E051, E066, E070, E071, E072, E073, E074
from pipeline.core.jsonl import LineError, read_objects
from pipeline.evaluation.breakdown import DocumentScore, label_set, per_document
from pipeline.evaluation.facts import score_facts
from pipeline.evaluation.score import PRF, ordered_labels, read_jsonl
from pipeline.review.diff import Differences, differences, entity_key
from pipeline.review.layers import Piece, Shade, Span, cut, depth
from pipeline.review.overview import Overview, overview
from pipeline.review.tables import FactTable, fact_tables, shown

DEFAULT_LIMIT = 200


@dataclass
class Mention:
    """A mention as the side panel lists it: key (entity id or ``gold-N``), values shown, status, notes."""

    key: str
    label: str
    text: str
    start: int
    end: int
    status: str
    values: list[tuple[str, str]]
    notes: list[str] = field(default_factory=list)
    gold: bool = False


@dataclass
class Scores:
    """One document's scores against its gold: mentions (strict, partial, values) and facts."""

    mentions: DocumentScore
    facts: PRF | None
    facts_all_values: PRF | None

    @property
    def rank(self) -> tuple[float, float]:
        """Return the sort key of the index, worst first: the lower of the strict mention F1 and the
        all-values fact F1 (a document bad at either is bad), then the strict mention F1."""
        mentions, facts = _f1(self.mentions.strict), _f1(self.facts_all_values)
        return (min(mentions, facts), mentions)


def _f1(prf: PRF | None) -> float:
    """Return the F1, or 1.0 where there was nothing to find and nothing was found."""
    return prf.f1 if prf is not None and (prf.n_gold or prf.n_pred) else 1.0


@dataclass
class Page:
    """One document's section of the review."""

    anchor: str
    id: str
    line: int
    title: str | None
    source: str | None
    published: str | None
    pieces: list[Piece]
    depth: int
    mentions: list[Mention]
    tables: list[FactTable]
    counts: dict[str, int]
    n_facts: int
    shaded: bool
    in_gold: bool = False
    scores: Scores | None = None
    errors: Counter = field(default_factory=Counter)

    def summary(self, key: str) -> str:
        """Return one line on the mention ``key`` (label, text, values, notes): the tooltip of its label."""
        if not hasattr(self, "_summaries"):
            self._summaries = {
                m.key: " · ".join([f"{m.label} {m.text!r}"] + [f"{name}: {value}" for name, value in m.values]
                                  + ([m.status] if m.status != "ok" else []) + m.notes)
                for m in self.mentions}
        return self._summaries.get(key, "")


@dataclass
class Review:
    """The whole review: its inputs, the labels met, one page per document (index order), the run's overview,
    and the numbered warnings about what the page leaves out."""

    input: str
    gold: str | None
    labels: list[str]
    pages: list[Page]
    overview: Overview
    warnings: list[str] = field(default_factory=list)


def read_records(path: Path) -> list[tuple[int, dict]]:
    """Return ``(line, record)`` for each record of a JSONL file; ValueError with the first fault's
    numbered line (E011, E014-E016, E051 for a line that is not a record)."""
    found = []
    for item in read_objects(path):
        if isinstance(item, LineError):
            raise ValueError(item.message)
        line, record = item
        missing = next((key for key in ("id", "entities") if key not in record), None)
        if missing is None and not isinstance(record["entities"], list):
            missing = "entities"
        if missing:
            raise ValueError(E051.format(input=path, line=line, key=missing))
        found.append((line, record))
    return found


def select(records: list[tuple[int, dict]], ids: Sequence[str], limit: int, path: Path) -> list[tuple[int, dict]]:
    """Return the records named by ``ids`` (all when none), in file order; E071 for an id not there,
    E072 when more than ``limit`` remain."""
    if ids:
        present = {str(record["id"]) for _, record in records}
        for wanted in ids:
            if wanted not in present:
                raise ValueError(E071.format(input=path, id=wanted))
        records = [(line, record) for line, record in records if str(record["id"]) in set(ids)]
    if len(records) > limit:
        raise ValueError(E072.format(input=path, count=len(records), limit=limit))
    return records


def _text_of(record: dict, gold: dict | None, path: Path, line: int, gold_path: Path | None) -> str:
    text, gold_text = record.get("text"), (gold or {}).get("text")
    if isinstance(text, str):
        if isinstance(gold_text, str) and gold_text != text:
            raise ValueError(E073.format(input=path, line=line, id=record["id"], gold=gold_path))
        return text
    if isinstance(gold_text, str):
        return gold_text
    raise ValueError(E070.format(input=path, line=line, id=record["id"]))


def _check_entities(record: dict, text: str, path: Path, line: int) -> None:
    for index, entity in enumerate(record["entities"]):
        if not isinstance(entity, dict):
            problem = f"is a {type(entity).__name__}, not an object"
        elif not isinstance(entity.get("label"), str):
            problem = "has no label"
        else:
            start, end = entity.get("start"), entity.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
                continue
            problem = f"has offsets {start}..{end} outside its text ({len(text)} characters)"
        raise ValueError(E074.format(input=path, line=line, index=index, id=record["id"], problem=problem))


def _mentions(record: dict, text: str, diff: Differences | None, scored: set[str]) -> list[Mention]:
    mentions = []
    for index, entity in enumerate(record["entities"]):
        key = entity_key(entity, index)
        status = "ok"
        if diff is not None:
            status = diff.mention_status.get(key, "ok" if entity["label"] in scored else "unscored")
        values = [(name, shown(value)) for name, value in (entity.get("attrs") or {}).items()]
        mentions.append(Mention(key, entity["label"], text[entity["start"]:entity["end"]], entity["start"],
                                entity["end"], status, values, list(diff.mention_notes.get(key, [])) if diff else []))
    for gold in diff.gold_mentions if diff else []:
        values = [(name, shown(value)) for name, value in gold.attrs.items()]
        mentions.append(Mention(gold.key, gold.label, gold.text, gold.start, gold.end, gold.status, values,
                                [], gold=True))
    return mentions


def _scores(gold: dict, record: dict, labels: list[str]) -> Scores:
    mentions = per_document([gold], [record], labels)[0]
    if "facts" not in gold:
        return Scores(mentions, None, None)
    facts = score_facts([gold], [record])
    exact = PRF(0, 0, 0)
    for prf in facts.exact.values():
        exact = exact + prf
    return Scores(mentions, facts.micro, exact)


def _page(n: int, line: int, record: dict, text: str, gold: dict | None, labels: list[str]) -> Page:
    diff = differences({**record, "text": text}, gold, labels) if gold is not None else None
    spans = [Span(e["start"], e["end"], entity_key(e, n), e["label"]) for n, e in enumerate(record["entities"])]
    mentions = _mentions(record, text, diff, set(labels))
    status = {m.key: m.status for m in mentions}
    spans = [Span(s.start, s.end, s.key, s.label, status[s.key]) for s in spans]
    spans += [Span(m.start, m.end, m.key, m.label, m.status) for m in mentions if m.gold]
    shades = [Shade(b["start"], b["end"], str(b.get("kind", "chrome"))) for b in record.get("boilerplate") or []
              if isinstance(b, dict) and isinstance(b.get("start"), int) and isinstance(b.get("end"), int)]
    pieces = cut(text, spans, shades)
    counts = Counter(e["label"] for e in record["entities"])
    return Page(anchor=f"doc-{n}", id=str(record["id"]), line=line, title=record.get("title"),
                source=record.get("source"), published=record.get("published"), pieces=pieces,
                depth=depth(pieces), mentions=mentions, tables=fact_tables(record, text, diff),
                counts=dict(counts), n_facts=len(record.get("facts") or []), shaded=bool(shades),
                in_gold=gold is not None, scores=_scores(gold, record, labels) if gold is not None else None,
                errors=diff.counts if diff else Counter())


def _repeated(records: list[tuple[int, dict]], path: Path) -> str | None:
    """Return E066 for the first record whose id an earlier record has, or None."""
    first: dict[str, int] = {}
    for line, record in records:
        rid = str(record["id"])
        if rid in first:
            return E066.format(input=path, line=line, id=rid, first=first[rid])
        first[rid] = line
    return None


def build_review(records_path: Path, gold_path: Path | None = None, ids: Sequence[str] = (),
                 limit: int = DEFAULT_LIMIT) -> Review:
    """Return the :class:`Review` of the records in ``records_path`` (those named by ``ids``, or all).

    With ``gold_path``, records are paired with gold documents by id, and each page gets its
    differences and scores; the pages are then ordered worst first (:attr:`Scores.rank`), documents
    without gold last. The review's :attr:`Review.overview` sums up every record shown (with gold, its
    per-label scores over the gold documents shown, left out with warning E066 when two records share an
    id). Raises ValueError with a numbered line
    (E011-E016, E051, E070-E074) on an input that cannot be shown.
    """
    records = select(read_records(records_path), ids, limit, records_path)
    gold_docs = read_jsonl(gold_path) if gold_path is not None else []
    gold_by_id = {str(doc["id"]): doc for doc in gold_docs}
    labels = ordered_labels(label_set(gold_docs, None))
    pages, paired = [], []
    for n, (line, record) in enumerate(records, start=1):
        gold = gold_by_id.get(str(record["id"]))
        text = _text_of(record, gold, records_path, line, gold_path)
        _check_entities(record, text, records_path, line)
        pages.append(_page(n, line, record, text, gold, labels))
        paired += [gold] if gold is not None else []
    if gold_path is not None:
        pages.sort(key=lambda p: (p.scores is None, p.scores.rank if p.scores else (0.0, 0.0)))
    met = ordered_labels({label for page in pages for label in page.counts} | set(labels))
    warnings = [repeated] if gold_path is not None and (repeated := _repeated(records, records_path)) else []
    # the run's scores are over the documents shown that the gold holds, as `evaluate --only-predicted` scores
    run = overview([record for _, record in records], paired if gold_path is not None and not warnings else None,
                   labels)
    return Review(str(records_path), str(gold_path) if gold_path is not None else None, met, pages, run, warnings)
