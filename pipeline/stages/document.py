"""The pipeline for one document: read -> clean -> segment -> recognise -> resolve -> emit."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from spacy.tokens import Doc, SpanGroup

from pipeline.stages.layout import Layout, layout
from pipeline.stages.clean import CleanText, clean
from pipeline.stages.link import link
from pipeline.recognizers.base import Context, Mention
from pipeline.core.model import load_model
from pipeline.stages.read import Document
from pipeline.recognizers import date as date_rec
from pipeline.recognizers import doc_ref, named, percent, person
from pipeline.stages.emit import build_record, entity_record
from pipeline.stages.resolve import resolve
from pipeline.core.rules import rules_version
from pipeline.stages.segment import Segmented, segment
from pipeline.core.settings import Settings

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
    """Return the analysis of one document (raises TimeoutError if a pattern runs too long)."""
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
    ctx = Context(view=view, sentences=segmented.sentences, published=given,
                  dateline=dateline, timeout=settings.pattern_timeout)
    mentions = resolve([m for find in RECOGNIZERS for m in find(ctx)])
    return Analysis(view, segmented, mentions, published, published_from, warnings, page)


@functools.cache
def current_rules_version() -> str:
    """The fingerprint of the rule files this process loaded."""
    return rules_version()


def extract(doc: Document, settings: Settings = Settings()) -> dict[str, Any]:
    """Return the output record of one document."""
    analysis = analyse(doc, settings)
    seg = analysis.segmented
    page = analysis.page
    entities = [entity_record(n, m, seg.sentence_of(m.vstart), page.in_body(m.start, m.end))
                for n, m in enumerate(analysis.mentions, start=1)]
    linked = link(analysis.view, page, entities)
    for e in entities:
        if e["id"] in linked.clusters:
            e["attrs"]["cluster"] = linked.clusters[e["id"]]
    published = analysis.published.isoformat() if analysis.published else None
    return build_record(doc, entities, published, analysis.published_from,
                        {"rules": current_rules_version(), "model": load_model("person").version},
                        include_text=settings.include_text, warnings=analysis.warnings, page=page, linked=linked)


def extract_text(text: str, id: str = "doc", published: str | None = None,
                 settings: Settings = Settings(), **meta: Any) -> dict[str, Any]:
    """Return the record for one text given directly (metadata optional)."""
    return extract(Document(id=id, text=text, source=meta.pop("source", "<text>"), published=published, **meta),
                   settings)
