"""robots.txt by RFC 9309: what each answer means, redirects, size, matching; a disallowed path is never asked for."""

from __future__ import annotations

import dataclasses
import socket
from types import SimpleNamespace

import pytest
from hostile_server import Route, elsewhere_fixture, hostile_fixture  # noqa: F401  (pytest fixtures)
from ingest_site import FAST

from pipeline.ingest.fetch import Failed, Fetched, Fetcher, Refused
from pipeline.ingest.robots import LIMIT, Answer, answer_of, parse_robots

PAGE = "/noi-bo/thong-bao.html"


def fetch(server, path=PAGE, hosts=None, **settings):
    with Fetcher(dataclasses.replace(FAST, **settings), frozenset(hosts or {server.authority})) as f:
        return f.fetch(server.base + path)


def later(server, error: str, path=PAGE) -> Failed:
    return Failed(server.base + path, f"E047 {server.base}{path}: robots.txt of {server.base} cannot be read now "
                                      f"({error}); nothing is fetched there until it can", temporary=True)


@pytest.mark.parametrize("status, answer", [
    (200, Answer.RULES), (204, Answer.RULES), (400, Answer.ALLOW_ALL), (401, Answer.ALLOW_ALL),
    (403, Answer.ALLOW_ALL), (404, Answer.ALLOW_ALL), (410, Answer.ALLOW_ALL), (429, Answer.LATER),
    (500, Answer.LATER), (503, Answer.LATER), (599, Answer.LATER),
])
def test_what_a_status_means(status, answer):
    assert answer_of(status) is answer


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_4xx_robots_txt_means_no_restrictions(hostile, status):
    hostile.routes["/robots.txt"] = Route(status, body=b"User-agent: *\nDisallow: /\n")
    hostile.routes[PAGE] = Route(body=b"<p>mo</p>")
    assert isinstance(fetch(hostile), Fetched)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_5xx_or_429_robots_txt_means_later_and_nothing_is_asked(hostile, status):
    hostile.routes["/robots.txt"] = Route(status)
    assert fetch(hostile) == later(hostile, f"HTTP status {status} after 2 tries")
    assert hostile.asked(PAGE) == 0 and hostile.asked("/robots.txt") == 2


def test_an_unreachable_robots_txt_means_later():
    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = fetch(SimpleNamespace(base=f"http://127.0.0.1:{port}", authority=f"127.0.0.1:{port}"))
    assert isinstance(result, Failed) and result.temporary and result.error.startswith(
        f"E047 http://127.0.0.1:{port}{PAGE}: robots.txt of http://127.0.0.1:{port} cannot be read now (network error: ")


def test_a_robots_txt_past_the_deadline_means_later(hostile):
    hostile.routes["/robots.txt"] = Route(body=b"User-agent: *\n", before=5.0)
    assert fetch(hostile, timeout=10.0, deadline=0.3) == later(hostile, "no complete answer within 0.3 s")


def test_retry_after_on_robots_txt_is_carried(hostile):
    hostile.routes["/robots.txt"] = Route(429, headers={"Retry-After": "0"})
    result = fetch(hostile)
    assert isinstance(result, Failed) and result.retry_at is not None and result.error.startswith("E047 ")
    assert hostile.asked("/robots.txt") == 1


def test_redirects_are_followed_on_the_allowed_hosts(hostile):
    hostile.routes["/robots.txt"] = Route(301, headers={"Location": "/robots-1.txt"})
    hostile.routes["/robots-1.txt"] = Route(302, headers={"Location": "/robots-2.txt"})
    hostile.routes["/robots-2.txt"] = Route(body=b"User-agent: *\nDisallow: /noi-bo/\n")
    result = fetch(hostile)
    assert result == Refused(hostile.base + PAGE, f"E036 {hostile.base}{PAGE}: disallowed by robots.txt for 'vnfacts-test'")
    assert hostile.asked(PAGE) == 0


def test_more_than_five_redirects_mean_no_restrictions(hostile):
    for n in range(7):
        hostile.routes[f"/robots{'' if n == 0 else n}.txt"] = Route(301, headers={"Location": f"/robots{n + 1}.txt"})
    hostile.routes[PAGE] = Route(body=b"<p>mo</p>")
    assert isinstance(fetch(hostile), Fetched)
    assert sum(1 for p, _ in hostile.log if p.startswith("/robots")) == 6   # the first and five redirects


def test_a_redirect_off_the_allowed_hosts_means_later(hostile, elsewhere):
    hostile.routes["/robots.txt"] = Route(301, headers={"Location": elsewhere.base + "/robots.txt"})
    elsewhere.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n")
    assert fetch(hostile) == later(hostile, f"redirected to {elsewhere.base}/robots.txt, outside the allowed hosts")
    assert elsewhere.log == [] and hostile.asked(PAGE) == 0


def test_a_robots_txt_larger_than_max_bytes_is_read_to_500_kib(hostile):
    padding = b"# " + b"x" * 98 + b"\n"
    early = b"User-agent: *\nDisallow: /noi-bo/\n" + padding * 3000            # 300 KB: past max_bytes
    late = padding * 6000 + b"Disallow: /tin-tuc/\n"                           # this rule starts past 500 KiB
    hostile.routes["/robots.txt"] = Route(body=early + late)
    hostile.routes["/tin-tuc/a.html"] = Route(body=b"<p>a</p>")
    assert len(early) > FAST.max_bytes and len(early) < LIMIT < len(early + late)
    with Fetcher(FAST, frozenset({hostile.authority})) as f:
        assert isinstance(f.fetch(hostile.base + PAGE), Refused)
        assert isinstance(f.fetch(hostile.base + "/tin-tuc/a.html"), Fetched)
    assert hostile.asked("/robots.txt") == 1 and hostile.asked(PAGE) == 0


def test_origins_have_their_own_robots_txt(hostile, elsewhere):
    hostile.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /noi-bo/\n")
    elsewhere.routes[PAGE] = Route(body=b"<p>mo</p>")
    hosts = {hostile.authority, elsewhere.authority}
    assert isinstance(fetch(hostile, hosts=hosts), Refused)
    assert isinstance(fetch(elsewhere, hosts=hosts), Fetched)


@pytest.mark.parametrize("path, allowed", [
    ("/tin-tuc/a.html", False),
    ("/tin-tuc/chi-thi-08.html", True),        # the longest match wins, whatever the order
    ("/van-ban/ke-hoach.aspx", False),         # * and $
    ("/van-ban/ke-hoach.aspx?id=2", True),
    ("/noi-bo/a.html", True),                  # our group, not the * group
])
def test_rules_match_as_rfc_9309_says(path, allowed):
    rules = parse_robots(b"User-agent: *\nDisallow: /noi-bo/\n\n"
                         b"User-agent: vnfacts-test\nDisallow: /tin-tuc/\nAllow: /tin-tuc/chi-thi\n"
                         b"Disallow: /*.aspx$\n")
    assert rules.allows("http://a.example" + path, "vnfacts-test") is allowed


def test_a_cut_line_past_the_limit_is_dropped():
    body = b"User-agent: *\n" + b"#" * (LIMIT - 30) + b"\nDisallow: /noi-bo/a-very-long-path\n"
    assert parse_robots(body).allows("http://a.example/noi-bo/a", "vnfacts-test")


def test_a_redirect_into_a_disallowed_path_is_not_followed(hostile):
    hostile.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /noi-bo/\n")
    hostile.routes["/cong-khai.html"] = Route(301, headers={"Location": PAGE})
    assert fetch(hostile, "/cong-khai.html") == Refused(
        hostile.base + PAGE, f"E036 {hostile.base}{PAGE}: disallowed by robots.txt for 'vnfacts-test'")
    assert hostile.asked(PAGE) == 0


def test_an_origin_whose_robots_txt_failed_is_not_asked_again_in_the_pass(hostile):
    hostile.routes["/robots.txt"] = Route(500)
    with Fetcher(FAST, frozenset({hostile.authority})) as f:
        results = [f.fetch(hostile.base + p) for p in (PAGE, "/tin-tuc/a.html")]
    assert results == [later(hostile, "HTTP status 500 after 2 tries"),
                       later(hostile, "HTTP status 500 after 2 tries", "/tin-tuc/a.html")]
    assert [p for p, _ in hostile.log] == ["/robots.txt", "/robots.txt"]   # one try and one retry, once
