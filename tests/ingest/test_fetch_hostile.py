"""The fetcher against servers that misbehave: slow bodies, endless waits, bombs, Retry-After, other ports."""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import threading
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from hostile_server import FakeTime, Route, elsewhere_fixture, gzip_bomb, hostile_fixture  # noqa: F401  (pytest fixtures)
from ingest_site import FAST

from pipeline.ingest.config import IngestConfig, make_portal
from pipeline.ingest.fetch import Cancelled, Failed, Fetched, Fetcher, Kind, Refused, retry_after
from pipeline.ingest.run import Stop, run_pass
from pipeline.ingest.urls import authority

NOW = datetime(2026, 12, 5, 3, 0, 0, tzinfo=UTC)


def fetcher(server, *, hosts=None, **settings) -> Fetcher:
    return Fetcher(dataclasses.replace(FAST, **settings), frozenset(hosts or {server.authority}), now=lambda: NOW)


def drip():
    """One byte at a time, for ever: every read succeeds, the body never ends."""
    return itertools.repeat(b"x")


# 1. a wall-clock deadline per request, and a cancel token

def test_a_body_that_never_ends_fails_at_the_deadline(hostile):
    hostile.routes["/cham.html"] = Route(parts=drip, pause=0.02)   # each read well inside the 0.2 s timeout
    with fetcher(hostile, deadline=0.5) as f:
        result = f.fetch(hostile.base + "/cham.html")
    assert result == Failed(hostile.base + "/cham.html",
                            f"E045 {hostile.base}/cham.html: no complete answer within the 0.5 s deadline; "
                            "tried again on a later pass", temporary=True)
    assert hostile.asked("/cham.html") == 1   # a deadline is not retried within the pass


def test_the_deadline_covers_waiting_for_the_headers(hostile):
    hostile.routes["/im-lang.html"] = Route(body=b"<p>muon</p>", before=5.0)
    with fetcher(hostile, timeout=10.0, deadline=0.3) as f:
        result = f.fetch(hostile.base + "/im-lang.html")
    assert isinstance(result, Failed) and result.error.startswith(f"E045 {hostile.base}/im-lang.html: ")


def test_cancel_ends_a_transfer_in_hand(hostile):
    hostile.routes["/cham.html"] = Route(parts=drip, pause=0.02)
    cancel = threading.Event()
    with Fetcher(dataclasses.replace(FAST, deadline=3600.0), frozenset({hostile.authority}), cancel=cancel) as f:
        threading.Timer(0.3, cancel.set).start()
        result = f.fetch(hostile.base + "/cham.html")
    assert result == Cancelled(hostile.base + "/cham.html") and result.kind is Kind.CANCELLED


def test_cancel_ends_the_wait_between_two_requests(hostile):
    hostile.routes["/a.html"] = Route(body=b"<p>a</p>")
    hostile.routes["/b.html"] = Route(body=b"<p>b</p>")
    cancel = threading.Event()
    settings = dataclasses.replace(FAST, delay=3600.0, robots=False)
    with Fetcher(settings, frozenset({hostile.authority}), cancel=cancel) as f:
        assert isinstance(f.fetch(hostile.base + "/a.html"), Fetched)   # the first request has no wait
        threading.Timer(0.3, cancel.set).start()
        assert f.fetch(hostile.base + "/b.html") == Cancelled(hostile.base + "/b.html")
    assert hostile.asked("/b.html") == 0


def test_a_set_token_requests_nothing(hostile):
    cancel = threading.Event()
    cancel.set()
    with Fetcher(FAST, frozenset({hostile.authority}), cancel=cancel) as f:
        assert f.fetch(hostile.base + "/a.html") == Cancelled(hostile.base + "/a.html")
    assert hostile.log == []


# 2. Crawl-delay is capped

def test_a_crawl_delay_of_years_is_cut_to_the_cap(hostile):
    hostile.routes["/robots.txt"] = Route(body=b"User-agent: *\nCrawl-delay: 100000000\n")
    hostile.routes["/a.html"] = Route(body=b"<p>a</p>")
    fake = FakeTime()
    settings = dataclasses.replace(FAST, delay=1.0, max_crawl_delay=60.0)
    with Fetcher(settings, frozenset({hostile.authority}), sleep=fake.sleep, clock=fake.clock) as f:
        f.fetch(hostile.base + "/a.html")
        f.fetch(hostile.base + "/a.html")
    assert fake.slept == [60.0, 60.0]


@pytest.mark.parametrize("asked, waited", [("4", 4.0), ("0.5", 1.0), ("-3", 1.0), ("nan", 1.0), ("inf", 1.0), ("1e12", 60.0)])
def test_crawl_delay_values(hostile, asked, waited):
    hostile.routes["/robots.txt"] = Route(body=f"User-agent: *\nCrawl-delay: {asked}\n".encode())
    fake = FakeTime()
    settings = dataclasses.replace(FAST, delay=1.0, max_crawl_delay=60.0)
    with Fetcher(settings, frozenset({hostile.authority}), sleep=fake.sleep, clock=fake.clock) as f:
        f.fetch(hostile.base + "/a.html")
    assert fake.slept == [waited]


# 3. content codings are undone under the size limit

def test_a_gzip_bomb_of_three_layers_is_refused(hostile):
    body = gzip_bomb(64, 3)
    assert len(body) < 5000
    hostile.routes["/bom.html"] = Route(body=body, headers={"Content-Encoding": "gzip, gzip, gzip"})
    with fetcher(hostile) as f:
        result = f.fetch(hostile.base + "/bom.html")
    assert result == Failed(hostile.base + "/bom.html",
                            f"E049 {hostile.base}/bom.html: body decodes (gzip, gzip, gzip) to more than "
                            "200000 bytes; refused", temporary=False)


def test_gzip_and_deflate_bodies_are_decoded(hostile):
    page = "<p>Nghị quyết số 12/NQ-HĐND</p>".encode() * 50
    hostile.routes["/gz.html"] = Route(body=gzip.compress(page), headers={"Content-Encoding": "gzip"})
    hostile.routes["/df.html"] = Route(body=zlib.compress(page), headers={"Content-Encoding": "deflate"})
    hostile.routes["/hai.html"] = Route(body=gzip.compress(zlib.compress(page)),
                                        headers={"Content-Encoding": "deflate, gzip"})
    with fetcher(hostile) as f:
        bodies = [f.get(hostile.base + p).body for p in ("/gz.html", "/df.html", "/hai.html")]
    assert bodies == [page, page, page]
    assert {h["accept-encoding"] for _, h in hostile.log} == {"gzip, deflate"}


@pytest.mark.parametrize("coding, body, error", [
    ("br", b"\x8b\x02\x80hi\x03", "content coding 'br' is not supported"),
    ("gzip", b"not gzip at all", "bad gzip data: Error -3 while decompressing data: incorrect header check"),
])
def test_unreadable_bodies_are_refused(hostile, coding, body, error):
    hostile.routes["/x.html"] = Route(body=body, headers={"Content-Encoding": coding})
    with fetcher(hostile) as f:
        result = f.fetch(hostile.base + "/x.html")
    assert result == Failed(hostile.base + "/x.html", f"E043 {hostile.base}/x.html: not a readable body ({error})",
                            temporary=False)


# 5. Retry-After on 429 and 503

@pytest.mark.parametrize("status, header, wait", [
    (429, "120", 120),
    (503, "Sat, 05 Dec 2026 03:30:00 GMT", 1800),
    (503, "86400", 3600),                                # capped at max_retry_after
    (429, "Fri, 04 Dec 2026 00:00:00 GMT", 0),           # a time past: now
])
def test_retry_after_is_carried_in_the_result(hostile, status, header, wait):
    hostile.routes["/ban.html"] = Route(status, headers={"Retry-After": header})
    with fetcher(hostile, retries=3) as f:
        result = f.fetch(hostile.base + "/ban.html")
    when = NOW + timedelta(seconds=wait)
    assert result == Failed(hostile.base + "/ban.html",
                            f"E050 {hostile.base}/ban.html: the server asks to come back at "
                            f"{when:%Y-%m-%dT%H:%M:%SZ} (HTTP {status}); tried again then",
                            temporary=True, retry_at=when)
    assert hostile.asked("/ban.html") == 1              # not retried within the pass


def test_without_retry_after_a_503_is_retried_with_backoff(hostile):
    hostile.routes["/ban.html"] = Route(503)
    with fetcher(hostile, retries=2) as f:
        result = f.fetch(hostile.base + "/ban.html")
    assert isinstance(result, Failed) and result.retry_at is None and result.error.startswith("E038 ")
    assert hostile.asked("/ban.html") == 3


@pytest.mark.parametrize("value, seconds", [
    ("0", 0), ("7", 7), (" 30 ", 30), ("99999999999999999999", 3600),
    ("Sat, 05 Dec 2026 04:00:00 GMT", 3600), ("Sat, 05 Dec 2026 03:00:10 GMT", 10),
    ("Saturday, 05-Dec-26 03:01:00 GMT", 60),
])
def test_retry_after_values(value, seconds):
    assert retry_after(value, NOW, 3600.0) == NOW + timedelta(seconds=seconds)


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5"])
def test_unreadable_retry_after_is_ignored(value):
    assert retry_after(value, NOW, 3600.0) is None


# 6. the port is part of the allow-list

def test_a_redirect_to_another_port_of_a_named_host_is_refused(hostile, elsewhere):
    hostile.routes["/di.html"] = Route(302, headers={"Location": elsewhere.base + "/den.html"})
    elsewhere.routes["/den.html"] = Route(body=b"<p>den</p>")
    with fetcher(hostile) as f:
        result = f.fetch(hostile.base + "/di.html")
    assert result == Refused(elsewhere.base + "/den.html",
                             f"E035 {elsewhere.base}/den.html: host '{elsewhere.authority}' is not named in the "
                             "config; not fetched")
    assert elsewhere.log == []


def test_a_redirect_to_a_named_port_is_followed(hostile, elsewhere):
    hostile.routes["/di.html"] = Route(302, headers={"Location": elsewhere.base + "/den.html"})
    elsewhere.routes["/den.html"] = Route(body=b"<p>den</p>")
    with fetcher(hostile, hosts={hostile.authority, elsewhere.authority}) as f:
        result = f.fetch(hostile.base + "/di.html")
    assert isinstance(result, Fetched) and (result.url, result.body) == (elsewhere.base + "/den.html", b"<p>den</p>")


# the typed results

def test_results_say_what_became_of_the_url(hostile):
    hostile.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /noi-bo/\n")
    hostile.routes["/a.html"] = Route(body=b"<p>a</p>",
                                      headers={"ETag": '"v1"', "Last-Modified": "Mon, 21 Sep 2026 14:13:20 GMT"})
    hostile.routes["/cu.html"] = Route(304, headers={"ETag": '"v1"'})
    with fetcher(hostile) as f:
        got = f.fetch(hostile.base + "/a.html")
        same = f.fetch(hostile.base + "/cu.html", '"v1"', "Mon, 21 Sep 2026 14:13:20 GMT")
        kinds = [f.fetch(hostile.base + p).kind for p in ("/noi-bo/a.html", "/khong-co.html")]
    assert (got.kind, got.etag, got.last_modified) == (Kind.FETCHED, '"v1"', "Mon, 21 Sep 2026 14:13:20 GMT")
    assert (same.kind, same.body, same.etag) == (Kind.NOT_MODIFIED, b"", '"v1"')
    assert kinds == [Kind.REFUSED, Kind.FAILED]
    validators = [h for p, h in hostile.log if p == "/cu.html"][0]
    assert (validators["if-none-match"], validators["if-modified-since"]) == ('"v1"', "Mon, 21 Sep 2026 14:13:20 GMT")


def test_authority_drops_default_ports_only():
    assert [authority(u) for u in ("https://A.example:443/x", "http://a.example:80/", "http://a.example:8080/",
                                   "https://a.example:80/")] == ["a.example", "a.example", "a.example:8080",
                                                                "a.example:80"]


# the cancel token ends a whole pass (what SIGTERM does once run_ingest hands its stop event to the Fetcher)

def test_a_pass_over_endless_pages_ends_when_cancelled(hostile, tmp_path):
    items = "".join(f"<item><title>{n}</title><link>{hostile.base}/tin-tuc/{n}.html</link></item>" for n in "abc")
    hostile.routes["/rss"] = Route(body=f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode(),
                                   headers={"Content-Type": "application/rss+xml"})
    for n in "abc":
        hostile.routes[f"/tin-tuc/{n}.html"] = Route(parts=drip, pause=0.02)
    config = IngestConfig(portals=(make_portal("test", "p", {"feeds": [hostile.base + "/rss"]}),),
                          fetch=dataclasses.replace(FAST, deadline=3600.0))
    stop = Stop()
    threading.Timer(0.5, stop.set).start()
    with Fetcher(config.fetch, config.hosts, cancel=stop.event) as f:
        summary = run_pass(config, tmp_path / "state.sqlite", tmp_path / "out", fetcher=f, stop=stop)
    assert (summary.listings, summary.emitted, summary.stopped) == (1, 0, ("a stop request", f"{hostile.base}/tin-tuc/a.html"))
    assert sum(hostile.asked(f"/tin-tuc/{n}.html") for n in "abc") == 1   # the page in hand, then nothing more
