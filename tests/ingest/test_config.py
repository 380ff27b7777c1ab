"""The ingest config: defaults, the example file, and one clear error per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.errors import ConfigError
from pipeline.ingest.config import DEFAULT_EXCLUDE, FetchSettings, load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "portals.toml"


def test_example_config_loads_with_its_stated_defaults():
    config = load_config(EXAMPLE)
    assert [p.name for p in config.portals] == ["sonkhe", "baotinh"]
    assert config.fetch == FetchSettings()
    sonkhe = config.portals[0]
    assert sonkhe.allowed_hosts == {"sonkhe.example", "www.sonkhe.example"}
    assert sonkhe.exclude == DEFAULT_EXCLUDE + ("/tin-tuc/video/",)
    assert config.hosts == {"sonkhe.example", "www.sonkhe.example", "baotinh.example"}
    assert (config.interval, config.state, config.out) == (900.0, "ingest.sqlite", "out/ingest")


@pytest.mark.parametrize("url, wanted", [
    ("https://sonkhe.example/tin-tuc/chi-thi-08.html", True),
    ("https://sonkhe.example/van-ban/ke-hoach-45.html", True),
    ("https://sonkhe.example/gioi-thieu", False),                 # include: not matched
    ("https://sonkhe.example/tin-tuc/video/le-khai-mac.html", False),  # the portal's exclude
    ("https://sonkhe.example/tin-tuc/bao-cao.PDF", False),       # the default exclude, any case
    ("https://sonkhe.example/van-ban/tai-ve.docx?id=3", False),
])
def test_include_and_exclude(url, wanted):
    assert load_config(EXAMPLE).portals[0].wants(url) is wanted


def test_urls_given_directly_make_a_portal_named_cli():
    config = load_config(None, feeds=["https://a.example/rss"], sitemaps=["https://b.example/sitemap.xml"])
    [portal] = config.portals
    assert (portal.name, portal.allowed_hosts) == ("cli", {"a.example", "b.example"})
    assert portal.wants("https://a.example/x.html") and not portal.wants("https://a.example/x.pdf")


@pytest.mark.parametrize("text, message", [
    ("interval = ", "E030 {p}: not valid TOML (Invalid value (at end of document))"),
    ("intervals = 5", "E001 {p}: unknown key 'intervals' in the top level; allowed: exclude, extract, fetch, "
                      "interval, out, portals, publish_every, sitemap_depth, state"),
    ("[fetch]\nagent = 'x'", "E001 {p}: unknown key 'agent' in fetch; allowed: backoff, deadline, delay, "
                             "max_bytes, max_crawl_delay, max_redirects, max_retry_after, retries, robots, timeout, "
                             "user_agent"),
    ("[fetch]\ntimeout = '20'", "E031 {p}: fetch.timeout must be a number"),
    ("[fetch]\nretries = true", "E031 {p}: fetch.retries must be an integer"),
    ("[extract]\nwords = 1", "E031 {p}: extract.words must be true or false"),
    ("[portals.a]\nfeeds = 'https://a.example/rss'", "E031 {p}: portals.a.feeds must be a list of strings"),
    ("[portals.a]\nhosts = ['a.example']", "E033 {p}: portal 'a' names no feed and no sitemap"),
    ("[portals.a]\nfeed = []", "E001 {p}: unknown key 'feed' in portals.a; allowed: exclude, feeds, hosts, include, sitemaps"),
    ("[portals.a]\nfeeds = ['ftp://a.example/rss']", "{p}: E034 ftp://a.example/rss: only http and https URLs are fetched"),
    ("[portals.a]\nfeeds = ['https://a.example/rss']\ninclude = ['(']",
     "E032 {p}: pattern '(' in portals.a.include does not compile: missing ) at position 1"),
    ("portals = 3", "E031 {p}: portals must be a table"),
    ("[portals]\na = 3", "E031 {p}: portals.a must be a table"),
])
def test_config_errors_name_the_file_and_key(tmp_path, text, message):
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == message.format(p=path)
