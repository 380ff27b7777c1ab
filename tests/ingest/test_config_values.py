"""Settings at the edges of their ranges are accepted; a bad one stops the command with one line.

The table of bad values and their messages (E031, E080) is in test_config.py.
"""

from __future__ import annotations

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest.config import load_config


def test_edge_values_and_schedules_are_accepted(tmp_path):
    path = tmp_path / "portals.toml"
    path.write_text("revisit_budget = 0\nretry_after = [60, 60, 120]\nrevisit_after = [600]\n"
                    "[fetch]\nretries = 0\ndelay = 0\ntimeout = 0.5\n", encoding="utf-8")
    config = load_config(path)
    assert (config.revisit_budget, config.retry_after, config.revisit_after) == (0, (60.0, 60.0, 120.0), (600.0,))
    assert (config.fetch.retries, config.fetch.delay, config.fetch.timeout) == (0, 0, 0.5)


def test_the_command_prints_one_line_and_exits_non_zero(tmp_path):
    path = tmp_path / "portals.toml"
    path.write_text("[fetch]\nretries = -1\n[portals.a]\nfeeds = ['https://a.example/rss']\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", "--config", str(path), "--once"])
    assert result.exit_code == 2
    assert result.stderr == f"error: E080 {path}: fetch.retries must be an integer from 0 to 10, not -1\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)
