"""`vnfacts ingest` end to end, the loop, and loading what it wrote."""

from __future__ import annotations

import dataclasses
import json

from ingest_site import FAST, portal_config
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest.run import Stop, run_ingest
from pipeline.ingest.state import exclusive
from pipeline.load.backends import connect

runner = CliRunner()


def fast_config(tmp_path, site) -> str:
    fetch = "\n".join(f"{k} = {json.dumps(v)}" for k, v in dataclasses.asdict(FAST).items())
    path = tmp_path / "portals.toml"
    path.write_text(f"""out = "{tmp_path}/out"\nstate = "{tmp_path}/s.sqlite"\n[fetch]\n{fetch}\n
[portals.sonkhe]\nsitemaps = ["{site.base}/sitemap.xml"]\ninclude = ["/tin-tuc/"]\n""", encoding="utf-8")
    return str(path)


def test_once_with_a_config_then_load(site, tmp_path):
    result = runner.invoke(app, ["ingest", "--config", fast_config(tmp_path, site), "--once"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("ingest pass: listings 2, not modified 0, listing errors 0, new 2, due 0, "
                                    "excluded 1, fetched 2, emitted 2, versions 0, unchanged 0, failed 0, refused 0, "
                                    "published 2, revisits 0, bad entries 0; ")
    [day] = sorted((tmp_path / "out").glob("*.jsonl"))
    loaded = runner.invoke(app, ["load", str(tmp_path / "out"), "--db", f"duckdb:///{tmp_path}/f.duckdb"])
    assert loaded.exit_code == 0 and "records 2 (new 2," in loaded.stderr
    db = connect(f"duckdb:///{tmp_path}/f.duckdb")
    assert db.execute("SELECT url, version, current, http->>'status' FROM documents ORDER BY url") == [
        (f"{site.base}/tin-tuc/chi-thi-08.html", 1, True, "200"), (f"{site.base}/tin-tuc/ke-hoach-45.html", 1, True, "200")]
    db.close()


def test_feed_given_directly(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # the default fetch settings (2 s between requests) would make this slow: the robots.txt and feed only
    site.pages["/rss/tin-hoat-dong.rss"].body = b"<rss version='2.0'><channel><title>x</title></channel></rss>"
    result = runner.invoke(app, ["ingest", "--feed", f"{site.base}/rss/tin-hoat-dong.rss", "--once",
                                 "--state", "st.sqlite", "--out", "o"])
    assert result.exit_code == 0, result.output
    assert "listings 1," in result.stderr and (tmp_path / "st.sqlite").exists()


def test_usage_errors(tmp_path):
    none = runner.invoke(app, ["ingest", "--once"])
    assert (none.exit_code, none.stderr) == (2, "error: give --config PORTALS.toml, or --feed/--sitemap URLs\n")
    bad = tmp_path / "bad.toml"
    bad.write_text("[portals.a]\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--config", str(bad), "--once"])
    assert (result.exit_code, result.stderr) == (2, f"error: E033 {bad}: portal 'a' names no feed and no sitemap\n")


def test_a_run_already_holding_the_state_is_not_disturbed(site, tmp_path):
    with exclusive(tmp_path / "s.sqlite"):
        result = runner.invoke(app, ["ingest", "--config", fast_config(tmp_path, site), "--once"])
    assert result.exit_code == 1
    assert result.stderr == f"error: E044 {tmp_path}/s.sqlite: another ingest holds this state file; try again when it ends\n"
    assert site.log == []


def test_the_loop_runs_passes_until_stopped(site, tmp_path):
    stop, passes = Stop(), []

    def report(summary):
        passes.append(summary)
        if len(passes) == 2:
            stop.set()

    config = dataclasses.replace(portal_config(site), interval=0.0)
    run_ingest(config, tmp_path / "s.sqlite", tmp_path / "out", once=False, stop=stop, report=report)
    assert [(p.emitted, p.not_modified) for p in passes] == [(2, 0), (0, 2)]
