"""Feeds and sitemaps: links resolved, dates in UTC, indexes, gzip, and errors for what is neither."""

from __future__ import annotations

import gzip

import pytest

from pipeline.ingest.feeds import Listed, parse_feed, utc_stamp
from pipeline.ingest.sitemaps import parse_sitemap

BASE = "https://sonkhe.example/rss/tin.rss"
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title>
<entry><title>A</title><link href="/tin-tuc/a.html"/><updated>2026-10-14T09:30:00+07:00</updated></entry>
<entry><title>B</title><link rel="alternate" href="https://sonkhe.example/tin-tuc/b.html#top"/></entry>
<entry><title>no link</title></entry>
</feed>"""
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc> https://sonkhe.example/tin-tuc/a.html </loc><lastmod>2026-10-14</lastmod>
     <image:image><image:loc>https://sonkhe.example/anh/a.jpg</image:loc></image:image></url>
<url><loc>https://sonkhe.example/tin-tuc/b.html</loc>
     <news:news><news:publication_date>2026-11-06T08:00:00+07:00</news:publication_date></news:news></url>
<url><lastmod>2026-10-14</lastmod></url>
</urlset>"""


def test_atom_links_resolve_against_the_feed():
    assert parse_feed(ATOM, BASE) == [Listed("https://sonkhe.example/tin-tuc/a.html", "2026-10-14T02:30:00Z"),
                                      Listed("https://sonkhe.example/tin-tuc/b.html", None)]


@pytest.mark.parametrize("body", ["<html><body>Trang chủ</body></html>".encode(), b"", b"\x00\x01 not xml"])
def test_not_a_feed(body):
    with pytest.raises(ValueError) as info:
        parse_feed(body, BASE)
    assert str(info.value).startswith(f"E043 {BASE}: not a readable feed (")


def test_urlset_with_lastmod_news_date_and_images():
    sitemap = parse_sitemap(URLSET, "https://sonkhe.example/sitemap.xml", 10_000)
    assert sitemap.children == []
    assert sitemap.pages == [Listed("https://sonkhe.example/tin-tuc/a.html", "2026-10-14T00:00:00Z"),
                             Listed("https://sonkhe.example/tin-tuc/b.html", "2026-11-06T01:00:00Z")]


def test_sitemap_index_and_gzip():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>/sitemap-1.xml.gz</loc></sitemap></sitemapindex>"""
    sitemap = parse_sitemap(gzip.compress(index), "https://sonkhe.example/sitemap.xml", 10_000)
    assert (sitemap.pages, sitemap.children) == ([], ["https://sonkhe.example/sitemap-1.xml.gz"])


@pytest.mark.parametrize("body, error", [
    (b"<html><body/></html>", "root element <html>"),
    (b"<urlset><url>", "Premature end of data in tag url line 1, line 1, column 14 (<string>, line 1)"),
    (gzip.compress(b"<urlset/>" + b" " * 200), "more than 100 bytes unpacked"),
    (b"\x1f\x8b broken", "Compressed file ended before the end-of-stream marker was reached"),
])
def test_not_a_sitemap(body, error):
    with pytest.raises(ValueError) as info:
        parse_sitemap(body, "https://sonkhe.example/s.xml", 100)
    assert str(info.value) == f"E043 https://sonkhe.example/s.xml: not a readable sitemap ({error})"


def test_entities_are_not_expanded():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
    <urlset><url><loc>https://sonkhe.example/&b;</loc></url></urlset>"""
    pages = parse_sitemap(bomb, "https://sonkhe.example/s.xml", 10_000).pages
    assert all("aaaa" not in p.url for p in pages)


@pytest.mark.parametrize("value, expected", [
    ("2026-10-14", "2026-10-14T00:00:00Z"),
    ("2026-10-14T09:30:00+07:00", "2026-10-14T02:30:00Z"),
    ("2026-10-14T02:30:00Z", "2026-10-14T02:30:00Z"),
    ("14/10/2026", "14/10/2026"),
    ("  ", None),
    (None, None),
])
def test_utc_stamp(value, expected):
    assert utc_stamp(value) == expected
