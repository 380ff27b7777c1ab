"""The Python API: a text to its record, many texts to records lazily, in input order.

``from pipeline import extract, extract_many`` (re-exported lazily by the package).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pipeline.batch.run import map_batches, record_batch
from pipeline.core.settings import Settings
from pipeline.stages import document as analysis
from pipeline.stages.read import Document, Reject, parse_article

ITEMS = "<items>"


def extract(text: str, *, id: str = "doc", title: str | None = None, url: str | None = None,
            published: str | None = None, source: str | None = None,
            settings: Settings | None = None) -> dict[str, Any]:
    """Return the record of one text; metadata optional (``published`` dates partial dates).

    Raises ``BudgetExceeded`` (a ``TimeoutError``) when the text runs past its time budget
    (``Settings.budget_for``).
    """
    doc = Document(id=id, text=text, source=source or url or "<text>", title=title, published=published, url=url)
    return analysis.extract(doc, settings or Settings())


def _document(item: str | Mapping[str, Any] | Document, n: int) -> Document | Reject:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(id=str(n), text=item, source=f"{ITEMS}:{n}", input=ITEMS, line=n)
    return parse_article(dict(item) if isinstance(item, Mapping) else item, ITEMS, n)


def extract_many(items: Iterable[str | Mapping[str, Any] | Document], *, workers: int = 1,
                 published: str | None = None, settings: Settings | None = None) -> Iterator[dict[str, Any]]:
    """Yield one record per item, lazily and in input order, extracted by ``workers`` processes.

    An item is a text (its id is its position, from 1), an article mapping with ``id`` and
    ``text`` and optional ``title``, ``url``, ``published``, ``source`` (as in a JSONL dump),
    or a ``Document``. An item that cannot become a document, or whose extraction times out,
    yields its reject record ``{"input": "<items>", "line": n, "error": ...}`` in its place.
    ``published`` dates the items that have no date. Workers start only when there is more
    than one batch of work; at most a few batches are in flight.
    """
    docs = (_document(item, n) for n, item in enumerate(items, start=1))
    for batch in map_batches(record_batch, docs, settings or Settings(), published, workers, records=True):
        yield from batch
