"""The ingest config: defaults, the example file, and one clear error per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.errors import ConfigError
from pipeline.ingest.config import DEFAULT_EXCLUDE, FetchSettings, IngestConfig, load_config

RANGE = {
    "fetch.timeout": "a number of seconds above 0 and at most 600",
    "fetch.retries": "an integer from 0 to 10",
    "fetch.delay": "a number of seconds from 0 to 3600",
    "fetch.backoff": "a number of seconds from 0 to 600",
    "fetch.max_bytes": "an integer from 1 to 1000000000",
    "fetch.max_redirects": "an integer from 0 to 30",
    "fetch.deadline": "a number of seconds above 0 and at most 3600",
    "fetch.max_crawl_delay": "a number of seconds from 0 to 3600",
    "fetch.max_retry_after": "a number of seconds from 0 to 604800",
    "interval": "a number of seconds from 0 to 604800",
    "sitemap_depth": "an integer from 0 to 10",
    "publish_every": "an integer from 1 to 1000000",
    "revisit_budget": "an integer from 0 to 1000000",
}
SCHEDULE = "a non-empty list of at most 20 numbers of seconds from 60 to 31536000, in rising order"
ONE_LINE = "a non-empty string on one line"
PROVINCE = "the name of a province or centrally-run city (Hà Tĩnh, Thành phố Hồ Chí Minh)"


def e080(text: str, key: str, rule: str, value: str) -> tuple[str, str]:
    return text, f"E080 {{p}}: {key} must be {rule}, not {value}"


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
    defaults = IngestConfig()
    assert (config.revisit_budget, config.revisit_after, config.retry_after) == (
        defaults.revisit_budget, defaults.revisit_after, defaults.retry_after)


@pytest.mark.parametrize("written, province", [
    ("Hà Tĩnh", "Hà Tĩnh"),
    ("ha tinh", None),                      # without marks it names no province: an error, not a guess
    ("tỉnh Nghệ An", "Nghệ An"),
    ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    ("Thanh Hoá", "Thanh Hóa"),             # either tone-mark placement
])
def test_a_portal_province_is_kept_in_its_standard_spelling(tmp_path, written, province):
    path = tmp_path / "portals.toml"
    path.write_text(f'[portals.a]\nfeeds = ["https://a.example/rss"]\nprovince = "{written}"', encoding="utf-8")
    if province is None:
        with pytest.raises(ConfigError, match=r"^E080 .*portals\.a\.province must be"):
            load_config(path)
    else:
        assert load_config(path).portals[0].province == province


def test_the_example_portals_provinces():
    assert [p.province for p in load_config(EXAMPLE).portals] == [None, "Hà Tĩnh"]


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
                      "interval, out, portals, publish_every, retry_after, revisit_after, revisit_budget, "
                      "sitemap_depth, state"),
    ("[fetch]\nagent = 'x'", "E001 {p}: unknown key 'agent' in fetch; allowed: backoff, deadline, delay, "
                             "max_bytes, max_crawl_delay, max_redirects, max_retry_after, retries, robots, timeout, "
                             "user_agent"),
    ("[fetch]\ntimeout = '20'", "E031 {p}: fetch.timeout must be a number"),
    ("[fetch]\nretries = true", "E031 {p}: fetch.retries must be an integer"),
    ("[extract]\nwords = 1", "E031 {p}: extract.words must be true or false"),
    ("[portals.a]\nfeeds = 'https://a.example/rss'", "E031 {p}: portals.a.feeds must be a list of strings"),
    ("[portals.a]\nhosts = ['a.example']", "E033 {p}: portal 'a' names no feed and no sitemap"),
    ("[portals.a]\nfeed = []", "E001 {p}: unknown key 'feed' in portals.a; allowed: exclude, feeds, hosts, include, province, sitemaps"),
    ("[portals.a]\nfeeds = ['ftp://a.example/rss']", "{p}: E034 ftp://a.example/rss: only http and https URLs are fetched"),
    ("[portals.a]\nfeeds = ['https://a.example/rss']\ninclude = ['(']",
     "E032 {p}: pattern '(' in portals.a.include does not compile: missing ) at position 1"),
    ("portals = 3", "E031 {p}: portals must be a table"),
    ("[portals]\na = 3", "E031 {p}: portals.a must be a table"),
    # E080: values of the right type out of their range
    ("[fetch]\nretries = 1.5", "E031 {p}: fetch.retries must be an integer"),
    ("[fetch]\ndelay = '2'", "E031 {p}: fetch.delay must be a number"),
    ("[fetch]\nrobots = 1", "E031 {p}: fetch.robots must be true or false"),
    ("revisit_budget = true", "E031 {p}: revisit_budget must be an integer"),
    ("retry_after = 3600", "E031 {p}: retry_after must be a list of strings"),
    e080("[fetch]\nretries = -1", "fetch.retries", RANGE["fetch.retries"], "-1"),
    e080("[fetch]\nretries = 11", "fetch.retries", RANGE["fetch.retries"], "11"),
    e080('[fetch]\nuser_agent = ""', "fetch.user_agent", ONE_LINE, "''"),
    e080('[fetch]\nuser_agent = "a\\nb"', "fetch.user_agent", ONE_LINE, "'a\\nb'"),
    e080("[fetch]\ndelay = 1e308", "fetch.delay", RANGE["fetch.delay"], "1e+308"),
    e080("[fetch]\ndelay = nan", "fetch.delay", RANGE["fetch.delay"], "nan"),
    e080("[fetch]\ntimeout = -5", "fetch.timeout", RANGE["fetch.timeout"], "-5"),
    e080("[fetch]\ntimeout = 0", "fetch.timeout", RANGE["fetch.timeout"], "0"),
    e080("[fetch]\nbackoff = inf", "fetch.backoff", RANGE["fetch.backoff"], "inf"),
    e080("[fetch]\nmax_bytes = 0", "fetch.max_bytes", RANGE["fetch.max_bytes"], "0"),
    e080("[fetch]\nmax_redirects = 99", "fetch.max_redirects", RANGE["fetch.max_redirects"], "99"),
    e080("[fetch]\ndeadline = 0", "fetch.deadline", RANGE["fetch.deadline"], "0"),
    e080("[fetch]\nmax_crawl_delay = 1e308", "fetch.max_crawl_delay", RANGE["fetch.max_crawl_delay"], "1e+308"),
    e080("[fetch]\nmax_retry_after = -1", "fetch.max_retry_after", RANGE["fetch.max_retry_after"], "-1"),
    e080("interval = -1", "interval", RANGE["interval"], "-1"),
    e080("sitemap_depth = 1000", "sitemap_depth", RANGE["sitemap_depth"], "1000"),
    e080("publish_every = 0", "publish_every", RANGE["publish_every"], "0"),
    e080("revisit_budget = -3", "revisit_budget", RANGE["revisit_budget"], "-3"),
    e080('state = " "', "state", ONE_LINE, "' '"),
    e080('out = ""', "out", ONE_LINE, "''"),
    e080("retry_after = []", "retry_after", SCHEDULE, "[]"),
    e080("retry_after = [3600, 60]", "retry_after", SCHEDULE, "[3600, 60]"),
    e080("revisit_after = ['1h']", "revisit_after", SCHEDULE, "['1h']"),
    e080("revisit_after = [1]", "revisit_after", SCHEDULE, "[1]"),
    e080('[portals.a]\nfeeds = ["https://a.example/rss"]\nprovince = "Cẩm Xuyên"', "portals.a.province",
         PROVINCE, "'Cẩm Xuyên'"),
    ('[portals.a]\nfeeds = ["https://a.example/rss"]\nprovince = 3', "E031 {p}: portals.a.province must be a string"),
])
def test_config_errors_name_the_file_and_key(tmp_path, text, message):
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == message.format(p=path)
