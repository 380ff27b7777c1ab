"""Article pages: main text, title, date and author from the HTML (trafilatura, htmldate)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import htmldate
import trafilatura

from pipeline.core.errors import E041, E042

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Article:
    """What a page says beyond its chrome: the main text (headline first), title, date, author."""

    text: str
    title: str | None
    published: str | None   # YYYY-MM-DD, the original publication date the page states
    author: str | None


def is_html(content_type: str | None) -> bool:
    """Whether a Content-Type names an HTML page (a missing one is given the benefit of the doubt)."""
    return content_type is None or content_type.split(";")[0].strip().lower() in HTML_TYPES


def read_article(body: bytes, url: str, content_type: str | None) -> Article:
    """Return the article of an HTML page; raise ValueError (one line) for a non-HTML body or a page without text."""
    if not is_html(content_type) or body.lstrip()[:5] == b"%PDF-":
        raise ValueError(E041.format(url=url, kind=content_type or "application/pdf"))
    doc: Any = trafilatura.bare_extraction(body, url=url, with_metadata=True, include_comments=False,
                                           include_tables=True)
    if doc is None or not (doc.text or "").strip():
        raise ValueError(E042.format(url=url))
    published = doc.date or htmldate.find_date(body, original_date=True, extensive_search=False, url=url)
    return Article(text=doc.text, title=doc.title or None, published=published or None, author=doc.author or None)
