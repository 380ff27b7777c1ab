"""One document through every stage: clean -> segment -> layout -> recognise -> resolve -> link -> emit.

``extract`` returns the document's record; ``analyse`` stops before linking, for callers that
want the typed mentions and the spaCy Doc (the spaCy component). The whole of it runs under
one time budget proportional to the document's length (``Settings.time_budget``).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, BinaryIO

from pipeline.core.budget import time_budget
from pipeline.core.model import load_model
from pipeline.core.rules import rules_version
from pipeline.core.settings import Settings
from pipeline.recognizers import date as date_rec
from pipeline.recognizers import doc_ref, named, percent, person
from pipeline.recognizers.base import Context, Mention
from pipeline.stages.clean import CleanText, clean
from pipeline.stages.emit import build_record, write_record
from pipeline.stages.entities import Entities
from pipeline.stages.layout import Layout, layout
from pipeline.stages.link import Linked, link
from pipeline.stages.read import Document
from pipeline.stages.resolve import resolve
from pipeline.stages.segment import Segmented, segment
from pipeline.stages.window import windows

if TYPE_CHECKING:
    from spacy.tokens import Doc

RECOGNIZERS: tuple[Callable[[Context], list[Mention]], ...] = (
    doc_ref.find, date_rec.find, percent.find, named.find, person.find)
SPAN_KEY = "vnfacts"


@dataclass(frozen=True)
class Analysis:
    """Everything the stages produced for one document."""

    view: CleanText
    segmented: Segmented
    mentions: list[Mention]
    published: date | None
    published_from: str | None
    warnings: list[str]
    page: Layout

    @functools.cached_property
    def doc(self) -> Doc:
        """The spaCy Doc over the raw text, the mentions in ``doc.spans['vnfacts']`` (built on first use)."""
        from spacy.tokens import SpanGroup  # loaded only when a Doc is asked for: batch workers never do

        doc = self.segmented.doc
        group = [doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand") for m in self.mentions]
        doc.spans[SPAN_KEY] = SpanGroup(doc, name=SPAN_KEY, spans=[s for s in group if s is not None])
        return doc


def parse_published(value: str | None) -> date | None:
    """Return the date of an ISO publication date or timestamp, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _given_published(doc: Document) -> tuple[date | None, list[str]]:
    """The input's publication date, and a warning when it is not an ISO date."""
    given = parse_published(doc.published)
    if doc.published and given is None:
        return None, [f"published {doc.published!r} is not an ISO date; ignored"]
    return given, []


def _publication(given: date | None, dateline: date | None, page: Layout) -> tuple[date | None, str | None]:
    """The publication date and where it came from: the input, else the dateline, else the page."""
    if given is not None:
        return given, "input"
    if dateline is not None:
        return dateline, "dateline" if dateline != page.date else "page"
    return None, None


def _recognise(ctx: Context) -> list[Mention]:
    return resolve([m for find in RECOGNIZERS for m in find(ctx)])


def analyse(doc: Document, settings: Settings = Settings()) -> Analysis:
    """Return the analysis of one document (raises ``BudgetExceeded`` when its time budget runs out)."""
    view = clean(doc.text)
    segmented = segment(view, words=settings.words)
    given, warnings = _given_published(doc)
    page = layout(doc.text, doc.title)
    dateline = date_rec.find_dateline(view.text) or page.date
    published, published_from = _publication(given, dateline, page)
    ctx = Context(view=view, sentences=segmented.sentences, published=given, dateline=dateline)
    return Analysis(view, segmented, _recognise(ctx), published, published_from, warnings, page)


@functools.cache
def current_rules_version() -> str:
    """The fingerprint of the rule files this process loaded."""
    return rules_version()


@dataclass(frozen=True)
class LinkedDocument:
    """A document's entities (in text order), layout, links and publication, ready to emit."""

    entities: Entities
    page: Layout
    linked: Linked
    published: str | None
    published_from: str | None
    warnings: list[str]


def _linked(doc: Document, settings: Settings) -> LinkedDocument:
    page = layout(doc.text, doc.title)
    given, warnings = _given_published(doc)
    located = _located_mentions(doc.text, settings, page, given)
    published, published_from = _publication(given, located.dateline, page)
    kept = _merged(located)
    entities = located.entities if len(kept) == len(located.entities) else located.entities.select(kept)
    del located, kept
    return LinkedDocument(entities, page, link(doc.text, page, entities), published.isoformat() if published else None,
                   published_from, warnings)


def _versions() -> dict[str, str]:
    return {"rules": current_rules_version(), "model": load_model("person").version}


def extract(doc: Document, settings: Settings = Settings()) -> dict[str, Any]:
    """Return the output record of one document (raises ``BudgetExceeded`` when its time budget runs out).

    A text longer than ``settings.window`` is analysed window by window (``windows``), so memory
    stays bounded by the window, whatever the document's length; persons and facts are linked
    over the whole document.
    """
    with time_budget(settings.budget_for(len(doc.text))), _collector_paused(len(doc.text) > settings.window):
        done = _linked(doc, settings)
        return build_record(doc, done.entities, done.published, done.published_from, _versions(),
                            include_text=settings.include_text, warnings=done.warnings, page=done.page,
                            linked=done.linked)


@dataclass(frozen=True)
class RecordLine:
    """A document's record as its JSON line (UTF-8, no newline) and the count of its entities per label."""

    line: bytearray
    labels: Counter[str]


def extract_line(doc: Document, settings: Settings = Settings(), into: BinaryIO | None = None) -> RecordLine:
    """Return the record of one document as its JSON line: the bytes of ``encode(extract(doc))``, made
    entity by entity so that a long document never holds all its mentions, its entity dicts and its
    line at once (raises ``BudgetExceeded`` like ``extract``). With ``into``, the line is written
    to that file as it is made, and the returned line is empty."""
    with time_budget(settings.budget_for(len(doc.text))), _collector_paused(len(doc.text) > settings.window):
        done = _linked(doc, settings)
        labels = Counter(done.entities.labels)
        line = bytearray()
        write_record(line.extend if into is None else into.write, doc, done.entities, done.published,
                     done.published_from, _versions(), include_text=settings.include_text, warnings=done.warnings,
                     page=done.page, linked=done.linked)
        return RecordLine(line, labels)


@contextlib.contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block when ``pause``.

    A long text keeps hundreds of thousands of mentions alive until it is linked, and every
    full collection walks all of them again: on a 1 MB text of names that doubled the time
    (41 s with the collector, 22 s without). The stages make no reference cycles worth
    collecting; the collector runs again, as before, when the block ends.
    """
    was_enabled = gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause and was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Located:
    """The windows' mentions of one text, in text order, placed in the whole text with their sentence's
    index in it; the windows' cuts (where each window after the first starts owning the text); the
    document's dateline."""

    entities: Entities
    cuts: list[int]
    dateline: date | None


def _located_mentions(text: str, settings: Settings, page: Layout, given: date | None) -> Located:
    """Each window's mentions that start in the part it owns, placed in the whole text, with their
    sentence's index in the whole text; and the document's dateline (found in the first window)."""
    dateline: date | None = None
    located = Entities(text)
    sentences_before = 0
    cuts = []
    for w in windows(text, settings.window):
        if w.lo:
            cuts.append(w.start)
        view = clean(text[w.lo:w.hi])
        segmented = segment(view, words=settings.words)
        if w.lo == 0:
            dateline = date_rec.find_dateline(view.text) or page.date
        last = w.end == len(text)  # the last window owns the text's end too (an empty text has one sentence)
        owned = [n for n, (vs, ve) in enumerate(segmented.sentences)
                 if w.start <= w.lo + view.raw_span(vs, ve)[0] < w.end or (last and w.lo + vs == len(text))]
        first = owned[0] if owned else 0
        ctx = Context(view=view, sentences=segmented.sentences, published=given, dateline=dateline)
        for m in _recognise(ctx):
            start = w.lo + m.start
            if w.start <= start < w.end:
                located.append(m, w.lo, sentences_before + segmented.sentence_of(m.vstart) - first,
                               page.in_body(start, w.lo + m.end))
        sentences_before += len(owned)
    return Located(located, cuts, dateline)


def _merged(located: Located) -> list[int]:
    """The rows of the windows' mentions that stand, in text order: overlaps across a cut resolved
    as within one window.

    A window's own mentions are resolved already, and resolving decides a mention by the ones it
    overlaps only, so just a run of overlapping mentions that a cut splits is resolved again.
    """
    entities, cuts = located.entities, located.cuts
    starts, ends = entities.starts, entities.ends
    kept: list[int] = []
    run: list[int] = []  # a run of mentions each overlapping the run before it
    reach = 0  # the end of the run's furthest-reaching mention

    def close_run() -> None:
        if bisect.bisect_right(cuts, starts[run[0]]) != bisect.bisect_right(cuts, starts[run[-1]]):
            mentions = [entities.mention(at) for at in run]
            stand = {id(m) for m in resolve(mentions)}
            kept.extend(at for at, m in zip(run, mentions, strict=True) if id(m) in stand)
        else:
            kept.extend(run)
        run.clear()

    for at in range(len(entities)):
        if run and starts[at] >= reach:
            close_run()
        reach = max(reach, ends[at]) if run else ends[at]
        run.append(at)
    if run:
        close_run()
    return kept


def extract_text(text: str, id: str = "doc", published: str | None = None,
                 settings: Settings = Settings(), **meta: Any) -> dict[str, Any]:
    """Return the record for one text given directly (metadata optional)."""
    return extract(Document(id=id, text=text, source=meta.pop("source", "<text>"), published=published, **meta),
                   settings)
