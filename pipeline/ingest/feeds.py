"""Feeds: the article links of an RSS or Atom document (feedparser)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import feedparser

from pipeline.core.errors import E043, E048
from pipeline.ingest.state import STAMP, stamp_of
from pipeline.ingest.urls import canonical


@dataclass(frozen=True)
class Listed:
    """One URL a feed or sitemap lists, with the date it gives for the page's last change, if any.

    An entry whose URL cannot be read has ``error`` set (E048) and ``url`` as written; it becomes a reject.
    """

    url: str
    updated: str | None
    error: str | None = None


def entry(link: str, source: str, updated: str | None = None) -> Listed:
    """Return a listed URL resolved against its feed or sitemap ``source``, or a bad entry naming both."""
    try:
        return Listed(canonical(link, base=source), updated)
    except ValueError as exc:
        # One malformed link (an unclosed IPv6 bracket, say) must not cost the listing's other entries.
        return Listed(link.strip(), None, E048.format(source=source, url=link.strip(), error=exc))


def utc_stamp(value: str | None) -> str | None:
    """Return an ISO date or timestamp as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC (a bare date is midnight UTC), or as given."""
    if not value or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return value.strip()
    return stamp_of(parsed)


def _stamp(entry: dict) -> str | None:
    for key in ("updated_parsed", "published_parsed"):
        # dict.get: FeedParserDict's own get maps a missing key to another one, with a warning
        value = dict.get(entry, key)
        if value:
            return time.strftime(STAMP, value)
    return None


def parse_feed(body: bytes, url: str) -> list[Listed]:
    """Return the entries' links, resolved against the feed's URL, in feed order.

    Raises ValueError with a one-line message when the body is not a feed at all.
    """
    # No base for feedparser: it would resolve links itself and turn one it cannot join into "" (lost
    # without a word); ``entry`` resolves them against the feed instead and names a bad one.
    parsed = feedparser.parse(body)
    if not parsed.entries and not parsed.get("version"):
        error = parsed.get("bozo_exception") or "no RSS or Atom entries"
        raise ValueError(E043.format(url=url, kind="feed", error=str(error).splitlines()[0]))
    listed = []
    for item in parsed.entries:
        link = item.get("link") or next((ln.get("href") for ln in item.get("links", []) if ln.get("href")), None)
        if link:
            listed.append(entry(link, url, _stamp(item)))
    return listed
