"""One document through every stage: clean -> segment -> layout -> recognise -> resolve -> link -> emit.

``extract`` returns the document's record; ``analyse`` stops before linking, for callers that
want the typed mentions and the spaCy Doc (the spaCy component). The whole of it runs under
one time budget proportional to the document's length (``Settings.time_budget``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Doc, SpanGroup

from pipeline.core.budget import time_budget
from pipeline.core.model import load_model
from pipeline.core.rules import rules_version
from pipeline.core.settings import Settings
from pipeline.recognizers import date as date_rec
from pipeline.recognizers import doc_ref, named, percent, person
from pipeline.recognizers.base import Context, Mention
from pipeline.stages.clean import CleanText, clean
from pipeline.stages.emit import build_record
from pipeline.stages.layout import Layout, layout
from pipeline.stages.link import Entity, link
from pipeline.stages.read import Document
from pipeline.stages.resolve import resolve
from pipeline.stages.segment import Segmented, segment

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


def analyse(doc: Document, settings: Settings = Settings()) -> Analysis:
    """Return the analysis of one document (raises ``BudgetExceeded`` when its time budget runs out)."""
    view = clean(doc.text)
    segmented = segment(view, words=settings.words)
    warnings = []
    given = published = parse_published(doc.published)
    if doc.published and published is None:
        warnings.append(f"published {doc.published!r} is not an ISO date; ignored")
    page = layout(doc.text, doc.title)
    dateline = date_rec.find_dateline(view.text) or page.date
    published_from = "input" if published else None
    if published is None and dateline is not None:
        published, published_from = dateline, "dateline" if dateline != page.date else "page"
    ctx = Context(view=view, sentences=segmented.sentences, published=given, dateline=dateline)
    mentions = resolve([m for find in RECOGNIZERS for m in find(ctx)])
    return Analysis(view, segmented, mentions, published, published_from, warnings, page)


@functools.cache
def current_rules_version() -> str:
    """The fingerprint of the rule files this process loaded."""
    return rules_version()


def extract(doc: Document, settings: Settings = Settings()) -> dict[str, Any]:
    """Return the output record of one document (raises ``BudgetExceeded`` when its time budget runs out)."""
    with time_budget(settings.budget_for(len(doc.text))):
        analysis = analyse(doc, settings)
        seg = analysis.segmented
        page = analysis.page
        entities = [Entity(f"T{n}", m, seg.sentence_of(m.vstart), page.in_body(m.start, m.end))
                    for n, m in enumerate(analysis.mentions, start=1)]
        linked = link(analysis.view, page, entities)
        published = analysis.published.isoformat() if analysis.published else None
        return build_record(doc, entities, published, analysis.published_from,
                            {"rules": current_rules_version(), "model": load_model("person").version},
                            include_text=settings.include_text, warnings=analysis.warnings, page=page,
                            linked=linked)


def extract_text(text: str, id: str = "doc", published: str | None = None,
                 settings: Settings = Settings(), **meta: Any) -> dict[str, Any]:
    """Return the record for one text given directly (metadata optional)."""
    return extract(Document(id=id, text=text, source=meta.pop("source", "<text>"), published=published, **meta),
                   settings)
