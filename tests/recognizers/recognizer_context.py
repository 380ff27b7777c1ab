"""A recogniser's input built as the document stage builds it, so its tests can call ``find()`` directly."""

from __future__ import annotations

from datetime import date

from pipeline.recognizers.base import Context, Mention
from pipeline.stages.clean import clean
from pipeline.stages.segment import segment


def context(text: str, published: date | None = None) -> Context:
    """Return the context of ``text``: its cleaned view, sentences and publication date."""
    view = clean(text)
    return Context(view=view, sentences=segment(view, words=False).sentences, published=published)


def found(text: str, mentions: list[Mention]) -> list[tuple]:
    """Each mention as (label, text, attrs), after checking its offsets point into ``text``."""
    for m in mentions:
        assert text[m.start:m.end] == m.text, m
    return [(m.label, m.text, m.attrs) for m in mentions]
