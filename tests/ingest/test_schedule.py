"""Scheduling in the state: failure backoff, revisits for silent edits, fetch order, budget and --status."""

from __future__ import annotations

import json
import re

import pytest
from ingest_site import article_html, portal_config
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest.config import IngestConfig
from pipeline.ingest.run import run_pass
from pipeline.ingest.state import PortalStatus, State, later

RETRY, REVISIT = IngestConfig().retry_after, IngestConfig().revisit_after
T0 = "2026-11-24T03:00:00Z"


def state(tmp_path) -> State:
    return State(tmp_path / "s.sqlite", RETRY, REVISIT)


def test_later():
    assert later(T0, 3600) == "2026-11-24T04:00:00Z"
    assert later(T0, 86400 * 7) == "2026-12-01T03:00:00Z"


def test_failures_in_a_row_back_off_hours_then_days_up_to_a_week(tmp_path):
    s = state(tmp_path)
    url = "https://a.example/x.html"
    s.discover(url, "p", "web-1", None, T0)
    dues, when = [], T0
    for _ in range(7):
        s.failed(url, when, "E038 x")
        dues.append(s.get(url).due_at)
        when = dues[-1] or when
    # the first failure is tried again on the next pass; then after 1 h, 6 h, 1 d, 3 d, 7 d, 7 d
    assert dues == [None,
        "2026-11-24T04:00:00Z", "2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z", "2026-11-28T10:00:00Z",
        "2026-12-05T10:00:00Z", "2026-12-12T10:00:00Z"]
    assert s.get(url).attempts == 7
    s.unchanged(url, "2026-12-12T10:00:00Z", None, None)   # a success resets the count
    assert s.get(url).attempts == 0


@pytest.mark.parametrize("failures, retry_after, due", [
    (1, "2026-11-24T05:30:00Z", "2026-11-24T05:30:00Z"),   # first failure: not before the server's time
    (2, "2026-11-24T03:30:00Z", "2026-11-24T04:00:00Z"),   # the backoff (1 h) is later: it wins
    (2, "2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z"),
    (1, "2026-11-24T02:00:00Z", None),                     # a time already past changes nothing
])
def test_a_retry_after_puts_the_next_try_no_earlier_than_it_names(tmp_path, failures, retry_after, due):
    s = state(tmp_path)
    url = "https://a.example/x.html"
    s.discover(url, "p", "web-1", None, T0)
    for _ in range(failures - 1):
        s.failed(url, T0, "E037 x")
    s.failed(url, T0, "E050 x", not_before=retry_after)
    assert s.get(url).due_at == due


def test_revisits_back_off_with_each_unchanged_fetch_and_come_closer_after_a_change(tmp_path):
    s = state(tmp_path)
    url = "https://a.example/x.html"
    s.discover(url, "p", "web-1", None, T0)
    s.emitted(url, T0, "h1", 1, '"e1"', None, "d.jsonl", "{}")
    dues, when = [s.get(url).due_at], T0
    for _ in range(4):
        when = s.get(url).due_at
        s.unchanged(url, when, None, None)
        dues.append(s.get(url).due_at)
    # 1 hour after the emission, then 1 day, 1 week, then every 30 days
    assert dues == ["2026-11-24T04:00:00Z", "2026-11-25T04:00:00Z", "2026-12-02T04:00:00Z",
                    "2027-01-01T04:00:00Z", "2027-01-31T04:00:00Z"]
    s.emitted(url, dues[-1], "h2", 2, '"e2"', None, "d.jsonl", "{}")
    assert (s.get(url).due_at, s.get(url).revisits) == ("2027-01-31T05:00:00Z", 0)


def test_work_puts_new_urls_first_then_due_ones_then_revisits_within_the_budget(tmp_path):
    s = state(tmp_path)
    for name in ("revisit-a", "revisit-b", "revisit-c", "failed-due", "backed-off", "listing-due", "new"):
        s.discover(f"https://a.example/{name}", "p", name, None, T0)
    for name in ("revisit-a", "revisit-b", "revisit-c"):
        s.emitted(f"https://a.example/{name}", T0, name, 1, None, None, "d.jsonl", "{}")
    s.db.execute("UPDATE urls SET due_at = '2026-11-24T03:30:00Z' WHERE url LIKE '%revisit-c'")
    s.failed("https://a.example/failed-due", T0, "E038")
    for _ in range(3):
        s.failed("https://a.example/backed-off", T0, "E038")
    s.db.execute("UPDATE urls SET status = 'due', content_hash = 'h' WHERE url LIKE '%listing-due'")
    now = "2026-11-24T05:00:00Z"
    assert [r.record_id for r in s.work(now, 2)] == ["new", "failed-due", "listing-due", "revisit-c", "revisit-a"]
    assert [r.record_id for r in s.work(now, 0)] == ["new", "failed-due", "listing-due"]
    assert [r.record_id for r in s.work(T0, 5)] == ["new", "failed-due", "listing-due"]


def test_status_counts_per_portal(tmp_path):
    s = state(tmp_path)
    for n in range(3):
        s.discover(f"https://a.example/{n}", "sonkhe", f"a{n}", None, T0)
    s.discover("https://b.example/x", "baotinh", "b", None, T0)
    s.emitted("https://a.example/0", T0, "h", 1, None, None, "d.jsonl", "{}")
    s.failed("https://a.example/1", T0, "E038")
    s.failed("https://a.example/1", T0, "E038")
    s.refused("https://a.example/2", T0, "E037", "r.jsonl", "{}")
    assert s.status("2026-11-24T03:30:00Z") == [
        PortalStatus("baotinh", 1, 1, 0, 0, 0, None, 0, 0, None),
        PortalStatus("sonkhe", 3, 0, 0, 1, 1, "2026-11-24T04:00:00Z", 1, 0, "2026-11-24T04:00:00Z"),
    ]
    assert s.status("2026-11-24T04:30:00Z")[1].line() == (
        "sonkhe: urls 3, due now 2 (new 0, due 2), failing 1, backed off 0, refused 1, excluded 0, next due -")


def lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_silent_edit_is_found_by_a_conditional_revisit(site, tmp_path):
    config = portal_config(site, revisit_budget=5)
    article = "/tin-tuc/chi-thi-08.html"
    run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: T0)
    # the page changes; no feed or sitemap says so
    site.pages[article].body = article_html("chi-thi-08", "chi-thi-08.edited.body.html")
    site.log.clear()
    too_soon = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T03:59:00Z")
    assert (too_soon.revisits, site.requested(article)) == (0, [])
    summary = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T04:00:00Z")
    assert (summary.revisits, summary.versions, summary.unchanged) == (3, 1, 2)
    asked = [h for p, _, h in site.log if p == article]
    assert asked[0]["if-none-match"] != site.pages[article].etag   # asked conditionally, with the old ETag
    [edited] = lines(tmp_path / "out" / "2026-11-24.jsonl")[-1:]
    assert (edited["url"], edited["version"], edited["supersedes"]) == (f"{site.base}{article}", 2, 1)
    s = State(tmp_path / "s.sqlite")
    assert s.get(f"{site.base}{article}").due_at == "2026-11-24T05:00:00Z"           # changed: 1 h again
    assert s.get(f"{site.base}/tin-tuc/ke-hoach-45.html").due_at == "2026-11-25T04:00:00Z"  # unchanged: 1 d
    site.log.clear()
    again = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T05:00:00Z")
    assert (again.revisits, again.versions, site.requested(article)) == (1, 0, [304])


def test_the_revisit_budget_caps_revisits_per_pass(site, tmp_path):
    config = portal_config(site, revisit_budget=1)
    run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: T0)
    first = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T05:00:00Z")
    second = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T05:00:00Z")
    third = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T05:00:00Z")
    assert (first.revisits, second.revisits, third.revisits) == (1, 1, 1)
    fourth = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda: "2026-11-24T05:00:00Z")
    assert fourth.revisits == 0   # all three done articles revisited once; none due again before tomorrow


runner = CliRunner()


def test_status_command_prints_one_line_per_portal(site, tmp_path):
    run_pass(portal_config(site), tmp_path / "s.sqlite", tmp_path / "out")   # the real clock, as --status reads it
    result = runner.invoke(app, ["ingest", "--status", "--state", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    # the two failed URLs are due at once (a first failure); the three done ones an hour after their fetch
    assert re.fullmatch(r"sonkhe: urls 13, due now 2 \(new 0, due 2\), failing 2, backed off 0, refused 6, "
                        r"excluded 2, next due \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line), line


@pytest.mark.parametrize("content", [None, b"not a database at all, just some text" * 40])
def test_status_of_a_missing_or_unreadable_state_is_e081(tmp_path, content):
    path = tmp_path / "s.sqlite"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["ingest", "--status", "--state", str(path)])
    assert result.exit_code == 1
    error = "no such file" if content is None else "file is not a database"
    assert result.stderr == (f"error: E081 {path}: cannot read the ingest state ({error}); "
                             "give the --state of an earlier pass\n")
    assert path.exists() == (content is not None)
