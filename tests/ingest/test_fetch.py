"""The fetcher against the fixture portal: limits, retries, redirects, robots.txt, hosts, politeness."""

from __future__ import annotations

import dataclasses

import pytest
from hostile_server import FakeTime
from ingest_site import FAST, Page

from pipeline.ingest.fetch import Fetcher, FetchError
from pipeline.ingest.urls import authority


def hosts(site) -> frozenset[str]:
    """The allow-list of the fixture portal: its host and port."""
    return frozenset({authority(site.base)})


def fetcher(site, **settings):
    return Fetcher(dataclasses.replace(FAST, **settings), hosts(site))


def error_of(site, path, **settings) -> FetchError:
    with fetcher(site, **settings) as f, pytest.raises(FetchError) as info:
        f.get(site.base + path)
    return info.value


def test_conditional_get_answers_304_with_the_validators(site):
    page = site.pages["/rss/tin-hoat-dong.rss"]
    with fetcher(site) as f:
        first = f.get(site.base + "/rss/tin-hoat-dong.rss")
        assert (first.status, first.etag, first.last_modified) == (200, page.etag, page.last_modified)
        again = f.get(site.base + "/rss/tin-hoat-dong.rss", first.etag, first.last_modified)
    assert again.not_modified and again.body == b""
    assert site.requested("/rss/tin-hoat-dong.rss") == [200, 304]


@pytest.mark.parametrize("path, code, transient, statuses", [
    ("/tin-tuc/giao-ban-dan-van.html", "E038", True, [500, 500]),      # 5xx: retried, then given up for this pass
    ("/tin-tuc/tong-ket-thi-dua.html", "E038", True, None),            # timeout: retried likewise
    ("/tin-tuc/lich-tiep-cong-dan.html", "E039", False, [302]),   # redirect loop: stopped at the first repeat
    ("/tin-tuc/toan-van-nghi-quyet.html", "E040", False, [200]),       # no Content-Length: cut while streaming
    ("/tin-tuc/khong-co.html", "E037", False, [404]),
    ("/noi-bo/thong-bao-noi-bo.html", "E036", False, []),              # robots.txt: never requested
], ids=["500", "timeout", "redirect-loop", "huge-streamed", "404", "robots"])
def test_failures(site, path, code, transient, statuses):
    error = error_of(site, path)
    assert str(error).startswith(f"{code} {site.base}{path}: ")
    assert error.transient is transient
    if statuses is not None:
        assert site.requested(path) == statuses


def test_timeout_message_and_retry_count(site):
    error = error_of(site, "/tin-tuc/tong-ket-thi-dua.html", retries=2)
    assert str(error) == f"E038 {site.base}/tin-tuc/tong-ket-thi-dua.html: no answer after 3 tries (timed out: ReadTimeout)"


def test_announced_length_over_the_limit_is_refused_before_reading(site):
    site.pages["/lon.html"] = Page(b"x" * 5000)
    error = error_of(site, "/lon.html", max_bytes=4999)
    assert str(error) == f"E040 {site.base}/lon.html: body larger than 4999 bytes; refused"
    with fetcher(site, max_bytes=5000) as f:
        assert len(f.get(site.base + "/lon.html").body) == 5000


def test_redirects_are_followed_within_the_limit(site):
    with fetcher(site) as f:
        got = f.get(site.base + "/tin-tuc/ke-hoach-45.aspx")
    assert (got.url, got.status) == (site.base + "/tin-tuc/ke-hoach-45.html", 200)
    site.pages["/r1"] = Page(status=301, location="/r2")
    site.pages["/r2"] = Page(status=301, location="/tin-tuc/ke-hoach-45.html")
    assert str(error_of(site, "/r1", max_redirects=1)).startswith(f"E039 {site.base}/r1: ")


def test_redirect_to_a_host_not_named_is_not_followed(site):
    site.pages["/ra-ngoai"] = Page(status=302, location=f"{site.other}/tin-tuc/chi-thi-08.html")
    error = error_of(site, "/ra-ngoai")
    assert str(error) == f"E035 {site.other}/tin-tuc/chi-thi-08.html: host '{authority(site.other)}' is not named in the config; not fetched"
    assert not [p for p, _, _ in site.log if p.startswith("//localhost")]


@pytest.mark.parametrize("url, message", [
    ("ftp://127.0.0.1/a.html", "E034 ftp://127.0.0.1/a.html: only http and https URLs are fetched"),
    ("file:///etc/hostname", "E034 file:///etc/hostname: only http and https URLs are fetched"),
    ("http://example.org/a.html", "E035 http://example.org/a.html: host 'example.org' is not named in the config; not fetched"),
])
def test_only_http_to_configured_hosts(site, url, message):
    with fetcher(site) as f, pytest.raises(FetchError) as info:
        f.get(url)
    assert (str(info.value), info.value.transient, site.log) == (message, False, [])


def test_robots_txt_5xx_means_nothing_is_fetched_for_now(site):
    site.pages["/robots.txt"] = Page(b"", status=503)
    error = error_of(site, "/tin-tuc/chi-thi-08.html")
    assert error.transient and str(error) == (
        f"E047 {site.base}/tin-tuc/chi-thi-08.html: robots.txt of {site.base} cannot be read now "
        "(HTTP status 503 after 2 tries); nothing is fetched there until it can")
    assert site.requested("/tin-tuc/chi-thi-08.html") == []


def test_robots_txt_missing_means_everything_is_allowed(site):
    del site.pages["/robots.txt"]
    with fetcher(site) as f:
        assert f.get(site.base + "/noi-bo/thong-bao-noi-bo.html").status == 200


def test_robots_can_be_switched_off(site):
    with fetcher(site, robots=False) as f:
        assert f.get(site.base + "/noi-bo/thong-bao-noi-bo.html").status == 200
    assert site.requested("/robots.txt") == []


def test_requests_to_one_host_are_spaced_by_the_delay_or_crawl_delay(site):
    fake = FakeTime()
    settings = dataclasses.replace(FAST, delay=1.5)
    with Fetcher(settings, hosts(site), sleep=fake.sleep, clock=fake.clock) as f:
        f.get(site.base + "/tin-tuc/chi-thi-08.html")      # robots.txt, then the page 1.5 s later
        f.get(site.base + "/tin-tuc/ke-hoach-45.html")
    assert fake.slept == [1.5, 1.5]
    site.pages["/robots.txt"] = Page(b"User-agent: *\nCrawl-delay: 4\n", content_type="text/plain")
    fake = FakeTime()
    with Fetcher(settings, hosts(site), sleep=fake.sleep, clock=fake.clock) as f:
        f.get(site.base + "/tin-tuc/chi-thi-08.html")
    assert fake.slept == [4.0]


def test_backoff_doubles_between_tries(site):
    fake = FakeTime()
    settings = dataclasses.replace(FAST, retries=3, backoff=0.5)
    with Fetcher(settings, hosts(site), sleep=fake.sleep, clock=fake.clock) as f, \
            pytest.raises(FetchError):
        f.get(site.base + "/tin-tuc/giao-ban-dan-van.html")
    assert fake.slept == [0.5, 1.0, 2.0]
    assert site.requested("/tin-tuc/giao-ban-dan-van.html") == [500] * 4
