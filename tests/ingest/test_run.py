"""Whole passes over the fixture portal: records, rejects, reruns, retries, edits and crashes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from ingest_site import article_html, portal_config

from pipeline.ingest import run as run_module
from pipeline.ingest import sink
from pipeline.ingest.run import run_pass
from pipeline.ingest.state import State
from pipeline.ingest.urls import record_id
from pipeline.registry.documents import record_place
from pipeline.stages.emit import record_schema

DAY = "2026-11-24"


def clock(day: str = DAY):
    """A clock that ticks one second per call, on the given day."""
    ticks = iter(range(10_000))
    return lambda: f"{day}T03:{(t := next(ticks)) // 60 % 60:02d}:{t % 60:02d}Z"


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_first_pass_emits_articles_and_rejects_with_reasons(site, tmp_path):
    summary = run_pass(portal_config(site), tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    b = site.base
    records = lines(tmp_path / "out" / f"{DAY}.jsonl")
    assert [(r["url"], r["version"]) for r in records] == [
        (f"{b}/tin-tuc/chi-thi-08.html", 1), (f"{b}/tin-tuc/ke-hoach-45.html", 1)]
    first = records[0]
    jsonschema.validate(first, record_schema())
    assert list(first)[:10] == ["id", "schema_version", "source", "url", "fetched", "http", "version", "supersedes",
                                "byline", "portal"]
    assert first["portal"] == {"name": "sonkhe", "province": None}
    assert first["id"] == record_id(f"{b}/tin-tuc/chi-thi-08.html")
    assert (first["title"], first["published"], first["byline"]) == (
        "Huyện ủy Sơn Khê triển khai Chỉ thị số 08-CT/HU", "2026-10-14", "Minh Anh")
    assert first["http"]["status"] == 200 and first["http"]["content_type"] == "text/html; charset=utf-8"
    assert first["http"]["etag"] == site.pages["/tin-tuc/chi-thi-08.html"].etag
    assert first["fetched"].startswith(DAY + "T03:")
    # the chrome is gone: menus, related news, footer
    for chrome in ("Trang chủ", "Tin liên quan", "Thống kê truy cập", "Cơ quan chủ quản", "Lượt xem"):
        assert chrome not in first["text"]
    refs = [(e["text"], e["attrs"].get("code")) for e in first["entities"] if e["label"] == "DOC_REF"]
    assert refs[:3] == [("Chỉ thị số 08-CT/HU", "08-CT/HU"), ("Chỉ thị số 08-CT/HU", "08-CT/HU"),
                        ("Quyết định số 23-QĐ/TW", "23-QĐ/TW")]
    assert [e["attrs"]["value"] for e in first["entities"] if e["label"] == "PERCENT"] == [98.6, 2.41, 100]
    rejects = {r["input"]: r["error"].split(" ")[0] for r in lines(tmp_path / "out" / "rejects" / f"{DAY}.jsonl")}
    assert rejects == {
        f"{b}/noi-bo/thong-bao-noi-bo.html": "E036",          # robots.txt
        f"{b}/tin-tuc/lich-tiep-cong-dan.html": "E039",       # redirect loop
        f"{b}/tin-tuc/toan-van-nghi-quyet.html": "E040",      # huge page
        f"{b}/van-ban/tai-ve?id=17": "E041",                  # a PDF behind an HTML-looking link
        f"{site.other}/tin-tuc/tin-tu-cong-tinh.html": "E035",  # a host the config does not name
        "ftp://127.0.0.1/tin-tuc/ban-tin.html": "E034",         # not http(s)
    }
    assert (summary.emitted, summary.failed, summary.refused, summary.excluded) == (2, 2, 6, 2)
    # never requested: the disallowed path, the other host, the excluded PDF and page, the other sitemap
    for path in ("/noi-bo/thong-bao-noi-bo.html", "/upload/bao-cao-quy-3.pdf", "/gioi-thieu"):
        assert site.requested(path) == []
    assert not [p for p, _, _ in site.log if p.startswith("//localhost")]
    assert site.requested("/tin-tuc/giao-ban-dan-van.html") == [500, 500]  # one retry
    assert all(h["user-agent"] == "vnfacts-test/0.1 (+https://vnfacts.example/crawler)" for _, _, h in site.log)
    state = State(tmp_path / "s.sqlite")
    assert state.counts() == {"done": 3, "failed": 2, "refused": 6, "excluded": 2}
    assert state.get(f"{b}/tin-tuc/giao-ban-dan-van.html").error.startswith("E038")
    assert state.outbox() == []


def test_rerun_emits_nothing_new_and_asks_conditionally(site, tmp_path):
    config = portal_config(site)
    run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    before = (tmp_path / "out" / f"{DAY}.jsonl").read_bytes()
    rejects_before = (tmp_path / "out" / "rejects" / f"{DAY}.jsonl").read_bytes()
    site.log.clear()
    summary = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    assert (tmp_path / "out" / f"{DAY}.jsonl").read_bytes() == before
    assert (tmp_path / "out" / "rejects" / f"{DAY}.jsonl").read_bytes() == rejects_before
    assert (summary.emitted, summary.versions, summary.published, summary.not_modified) == (0, 0, 0, 2)
    assert site.requested("/rss/tin-hoat-dong.rss") == [304]
    assert site.requested("/sitemap-tin-tuc.xml") == [304]
    assert site.requested("/tin-tuc/chi-thi-08.html") == []
    feed_request = next(h for p, _, h in site.log if p == "/rss/tin-hoat-dong.rss")
    assert feed_request["if-none-match"] == site.pages["/rss/tin-hoat-dong.rss"].etag
    assert feed_request["if-modified-since"] == site.pages["/rss/tin-hoat-dong.rss"].last_modified


def test_failed_fetch_is_retried_on_the_next_pass(site, tmp_path):
    config = portal_config(site)
    run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    site.pages["/tin-tuc/giao-ban-dan-van.html"] = site.pages["/tin-tuc/ke-hoach-45.html"].__class__(
        article_html("ke-hoach-45", "chi-thi-08.body.html"))
    summary = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    assert (summary.emitted, summary.failed) == (1, 1)  # the slow page still times out
    urls = [r["url"] for r in lines(tmp_path / "out" / f"{DAY}.jsonl")]
    assert urls[-1] == f"{site.base}/tin-tuc/giao-ban-dan-van.html" and len(urls) == 3


def test_edited_article_gets_a_new_version_that_supersedes_the_old(site, tmp_path):
    config = portal_config(site)
    run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    site.pages["/tin-tuc/chi-thi-08.html"].body = article_html("chi-thi-08", "chi-thi-08.edited.body.html")
    site.values["chi_thi_lastmod"] = "2026-10-20T16:00:00+07:00"
    site.pages["/sitemap-tin-tuc.xml"].body = site.template("sitemap-tin-tuc.xml")
    summary = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock("2026-11-25"))
    assert (summary.due, summary.versions, summary.emitted) == (1, 1, 0)
    [edited] = lines(tmp_path / "out" / "2026-11-25.jsonl")
    [original] = [r for r in lines(tmp_path / "out" / f"{DAY}.jsonl") if r["id"] == edited["id"]]
    assert (edited["version"], edited["supersedes"], original["supersedes"]) == (2, 1, None)
    assert [e["attrs"]["value"] for e in edited["entities"] if e["label"] == "PERCENT"] == [98.8, 2.41, 100]
    # a listing date that changes again without a new text emits nothing
    site.values["chi_thi_lastmod"] = "2026-10-21T16:00:00+07:00"
    site.pages["/sitemap-tin-tuc.xml"].body = site.template("sitemap-tin-tuc.xml")
    again = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock("2026-11-25"))
    assert (again.due, again.versions, again.unchanged) == (1, 0, 1)
    assert site.requested("/tin-tuc/chi-thi-08.html")[-1] == 304


class Crash(Exception):
    pass


def _crash_once(monkeypatch, target, name, after: int):
    real = getattr(target, name)
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == after:
            raise Crash(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)


@pytest.mark.parametrize("target, name, after", [
    (run_module, "extract", 2),            # killed after fetching the second article, before its commit
    (State, "emitted", 2),                 # killed inside the commit of the second record
    (State, "begin_publish", 1),           # killed before the recovery marker was committed
    (sink, "_write", 1),                   # killed before the first append
    (sink, "_fsync", 2),                   # killed with a file appended to, before the next
    (State, "published", 1),               # killed after the appends, before the outbox was emptied
], ids=["before-commit", "in-commit", "before-marker", "before-append", "between-appends", "before-outbox-cleared"])
def test_a_crash_between_steps_loses_and_duplicates_nothing(site, tmp_path, monkeypatch, target, name, after):
    config = portal_config(site)
    clean_dir = tmp_path / "clean"
    run_pass(config, clean_dir / "s.sqlite", clean_dir / "out", now=clock())
    expected = sorted((r["id"], r["version"]) for r in lines(clean_dir / "out" / f"{DAY}.jsonl"))
    expected_rejects = sorted(r["input"] for r in lines(clean_dir / "out" / "rejects" / f"{DAY}.jsonl"))
    with monkeypatch.context() as patch:
        _crash_once(patch, target, name, after)
        with pytest.raises(Crash):
            run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    got = sorted((r["id"], r["version"]) for r in lines(tmp_path / "out" / f"{DAY}.jsonl"))
    assert got == expected
    assert sorted(r["input"] for r in lines(tmp_path / "out" / "rejects" / f"{DAY}.jsonl")) == expected_rejects
    assert not list((tmp_path / "out").rglob(".*.tmp"))


def test_publish_every_bounds_the_outbox(site, tmp_path, monkeypatch):
    sizes = []
    real = State.outbox
    monkeypatch.setattr(State, "outbox", lambda self: sizes.append(len(real(self))) or real(self))
    run_pass(portal_config(site, publish_every=1), tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    assert max(sizes) == 1


def test_records_carry_the_portals_configured_province(site, tmp_path):
    config = portal_config(site)
    config = dataclasses.replace(config, portals=(dataclasses.replace(config.portals[0], province="Hà Tĩnh"),))
    run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=clock())
    records = lines(tmp_path / "out" / f"{DAY}.jsonl")
    assert [r["portal"] for r in records] == [{"name": "sonkhe", "province": "Hà Tĩnh"}] * 2
    # the registry scopes the district's party code by it: 08-CT/HU of Sơn Khê in Hà Tĩnh
    assert record_place(records[0]).province == "Hà Tĩnh"
