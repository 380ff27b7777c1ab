"""Sitemaps: the page URLs of a urlset and the child sitemaps of a sitemap index (lxml, no entities, no network)."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass

from lxml import etree

from pipeline.core.errors import E043
from pipeline.ingest.feeds import Listed, entry, utc_stamp

# Portals publish Google News sitemaps; their publication date stands in for a missing lastmod.
NEWS_DATE = "publication_date"


@dataclass(frozen=True)
class Sitemap:
    """What one sitemap lists: pages (a urlset) or child sitemaps (a sitemapindex).

    Entries of either kind whose URL cannot be read are among ``pages`` with their ``error`` set.
    """

    pages: list[Listed]
    children: list[str]


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(node: etree._Element, name: str, deep: bool = False) -> str | None:
    for child in (node.iter() if deep else node):
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_sitemap(body: bytes, url: str, max_bytes: int) -> Sitemap:
    """Return the pages or child sitemaps of a sitemap (gzip or plain XML), URLs resolved against ``url``.

    Raises ValueError with a one-line message when the body is not a sitemap.
    """
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
                body = fh.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(E043.format(url=url, kind="sitemap", error=exc)) from None
        if len(body) > max_bytes:
            raise ValueError(E043.format(url=url, kind="sitemap", error=f"more than {max_bytes} bytes unpacked"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(E043.format(url=url, kind="sitemap", error=str(exc).splitlines()[0])) from None
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError(E043.format(url=url, kind="sitemap", error=f"root element <{kind}>"))
    pages: list[Listed] = []
    children: list[str] = []
    for node in root:
        loc = _child_text(node, "loc")
        if not loc:
            continue
        if kind == "sitemapindex":
            child = entry(loc, url)
            if child.error:
                pages.append(child)
            else:
                children.append(child.url)
        else:
            stamp = _child_text(node, "lastmod") or _child_text(node, NEWS_DATE, deep=True)
            pages.append(entry(loc, url, utc_stamp(stamp)))
    return Sitemap(pages, children)
