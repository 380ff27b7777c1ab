"""One bad entry in a feed or sitemap is a reject line naming the listing and the URL; the rest is kept."""

from __future__ import annotations

import json

from ingest_site import Page, portal_config

from pipeline.ingest.feeds import Listed, parse_feed
from pipeline.ingest.run import run_pass
from pipeline.ingest.sitemaps import parse_sitemap

SITEMAP = "https://sonkhe.example/sitemap.xml"
BAD = "E048 https://sonkhe.example/sitemap.xml: entry 'http://[::1' is not a valid URL (Invalid IPv6 URL); " \
      "entry skipped, the rest kept"


def test_a_bad_loc_among_good_ones():
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://sonkhe.example/a.html</loc></url><url><loc>http://[::1</loc></url>
      <url><loc>https://sonkhe.example/b.html</loc><lastmod>2026-10-14</lastmod></url></urlset>"""
    assert parse_sitemap(body, SITEMAP, 10_000).pages == [
        Listed("https://sonkhe.example/a.html", None), Listed("http://[::1", None, BAD),
        Listed("https://sonkhe.example/b.html", "2026-10-14T00:00:00Z")]


def test_a_bad_child_of_a_sitemap_index():
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>http://[::1</loc></sitemap><sitemap><loc>/s-1.xml</loc></sitemap></sitemapindex>"""
    sitemap = parse_sitemap(body, SITEMAP, 10_000)
    assert (sitemap.pages, sitemap.children) == ([Listed("http://[::1", None, BAD)], ["https://sonkhe.example/s-1.xml"])


def test_a_bad_link_in_a_feed():
    feed = b"""<rss version="2.0"><channel><title>t</title>
      <item><title>a</title><link>https://sonkhe.example/a.html</link></item>
      <item><title>b</title><link>http://[::1</link></item></channel></rss>"""
    url = "https://sonkhe.example/rss.xml"
    listed = parse_feed(feed, url)
    assert [x.url for x in listed] == ["https://sonkhe.example/a.html", "http://[::1"]
    assert listed[1].error == (f"E048 {url}: entry 'http://[::1' is not a valid URL (Invalid IPv6 URL); "
                               "entry skipped, the rest kept")


def test_a_pass_writes_one_reject_per_bad_entry_and_keeps_the_rest(site, tmp_path):
    sitemap = f"{site.base}/sitemap-tin-tuc.xml"
    site.pages["/sitemap-tin-tuc.xml"] = Page(site.template("sitemap-tin-tuc.xml").replace(
        b"</urlset>", b"<url><loc>http://[::1</loc></url></urlset>"), content_type="application/xml")
    config = portal_config(site)
    first = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T03:00:00Z")
    again = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T03:10:00Z")
    assert (first.bad_entries, first.emitted, first.listing_errors, again.bad_entries) == (1, 2, 0, 1)
    rejects = [json.loads(x) for x in (tmp_path / "out" / "rejects" / "2026-11-24.jsonl").read_text().splitlines()]
    bad = [r for r in rejects if r["error"].startswith("E048")]
    assert bad == [{"input": "http://[::1", "line": None, "error": (
        f"E048 {sitemap}: entry 'http://[::1' is not a valid URL (Invalid IPv6 URL); entry skipped, the rest kept")}]
