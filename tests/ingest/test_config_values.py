"""Every ingest setting is checked for its range, not only its type: one numbered line naming file and key."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.errors import ConfigError
from pipeline.ingest.config import load_config

RANGE = {
    "fetch.timeout": "a number of seconds above 0 and at most 600",
    "fetch.retries": "an integer from 0 to 10",
    "fetch.delay": "a number of seconds from 0 to 3600",
    "fetch.backoff": "a number of seconds from 0 to 600",
    "fetch.max_bytes": "an integer from 1 to 1000000000",
    "fetch.max_redirects": "an integer from 0 to 30",
    "interval": "a number of seconds from 0 to 604800",
    "sitemap_depth": "an integer from 0 to 10",
    "publish_every": "an integer from 1 to 1000000",
    "revisit_budget": "an integer from 0 to 1000000",
}
SCHEDULE = "a non-empty list of at most 20 numbers of seconds from 60 to 31536000, in rising order"
ONE_LINE = "a non-empty string on one line"


@pytest.mark.parametrize("text, key, rule, value", [
    ("[fetch]\nretries = -1", "fetch.retries", RANGE["fetch.retries"], "-1"),
    ("[fetch]\nretries = 11", "fetch.retries", RANGE["fetch.retries"], "11"),
    ('[fetch]\nuser_agent = ""', "fetch.user_agent", ONE_LINE, "''"),
    ('[fetch]\nuser_agent = "a\\nb"', "fetch.user_agent", ONE_LINE, "'a\\nb'"),
    ("[fetch]\ndelay = 1e308", "fetch.delay", RANGE["fetch.delay"], "1e+308"),
    ("[fetch]\ndelay = nan", "fetch.delay", RANGE["fetch.delay"], "nan"),
    ("[fetch]\ntimeout = -5", "fetch.timeout", RANGE["fetch.timeout"], "-5"),
    ("[fetch]\ntimeout = 0", "fetch.timeout", RANGE["fetch.timeout"], "0"),
    ("[fetch]\nbackoff = inf", "fetch.backoff", RANGE["fetch.backoff"], "inf"),
    ("[fetch]\nmax_bytes = 0", "fetch.max_bytes", RANGE["fetch.max_bytes"], "0"),
    ("[fetch]\nmax_redirects = 99", "fetch.max_redirects", RANGE["fetch.max_redirects"], "99"),
    ("interval = -1", "interval", RANGE["interval"], "-1"),
    ("sitemap_depth = 1000", "sitemap_depth", RANGE["sitemap_depth"], "1000"),
    ("publish_every = 0", "publish_every", RANGE["publish_every"], "0"),
    ("revisit_budget = -3", "revisit_budget", RANGE["revisit_budget"], "-3"),
    ('state = " "', "state", ONE_LINE, "' '"),
    ('out = ""', "out", ONE_LINE, "''"),
    ("retry_after = []", "retry_after", SCHEDULE, "[]"),
    ("retry_after = [3600, 60]", "retry_after", SCHEDULE, "[3600, 60]"),
    ("revisit_after = ['1h']", "revisit_after", SCHEDULE, "['1h']"),
    ("revisit_after = [1]", "revisit_after", SCHEDULE, "[1]"),
])
def test_a_value_out_of_range_is_e080_naming_file_and_key(tmp_path, text, key, rule, value):
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"E080 {path}: {key} must be {rule}, not {value}"


@pytest.mark.parametrize("text, message", [
    ("[fetch]\nretries = 1.5", "E031 {p}: fetch.retries must be an integer"),
    ("[fetch]\ndelay = '2'", "E031 {p}: fetch.delay must be a number"),
    ("[fetch]\nrobots = 1", "E031 {p}: fetch.robots must be true or false"),
    ("revisit_budget = true", "E031 {p}: revisit_budget must be an integer"),
    ("retry_after = 3600", "E031 {p}: retry_after must be a list of strings"),
])
def test_a_value_of_the_wrong_type_is_named_too(tmp_path, text, message):
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == message.format(p=path)


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
