"""Settings files: defaults, overrides, and one numbered line for every fault."""

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.errors import RulesError
from pipeline.core.settings import Settings, load_settings


def test_a_file_sets_only_what_it_names_and_overrides_win(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("time_budget: 3\nwindow: 50000\nwords: true\n", encoding="utf-8")
    assert load_settings(path, words=False) == Settings(time_budget=3, window=50_000, words=False)


@pytest.mark.parametrize(("source", "message"), [
    ("time_budget: [1\n", "E027 {p}: not valid YAML (while parsing a flow sequence"),
    ("- time_budget\n", "E029 {p}: a settings file holds a mapping of setting names to values, not list"),
    ("colour: red\n", "E001 {p}: unknown key 'colour' in settings; allowed: include_text, time_budget, "
                      "time_budget_per_100k, window, words"),
    ("time_budget: abc\n", "E028 {p}: setting 'time_budget' must be a number of seconds from 0 to 1e9, not 'abc'"),
    ("time_budget: -5\n", "E028 {p}: setting 'time_budget' must be a number of seconds from 0 to 1e9, not -5"),
    ("time_budget: 1.0e+308\n", "E028 {p}: setting 'time_budget' must be a number of seconds from 0 to 1e9, not 1e+308"),
    # YAML 1.1 reads a number without a dot as a string
    ("time_budget: 1e308\n", "E028 {p}: setting 'time_budget' must be a number of seconds from 0 to 1e9, not '1e308'"),
    ("words: 'yes'\n", "E028 {p}: setting 'words' must be true or false, not 'yes'"),
    ("window: 10\n", "E028 {p}: setting 'window' must be a whole number of at least 1000, not 10"),
    ("window: true\n", "E028 {p}: setting 'window' must be a whole number of at least 1000, not True"),
    ("window: 250000.0\n", "E028 {p}: setting 'window' must be a whole number of at least 1000, not 250000.0"),
])
def test_a_wrong_settings_file_is_one_numbered_error(tmp_path, source, message):
    path = tmp_path / "s.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(message.format(p=path))
    assert "\n" not in str(caught.value)


def test_a_missing_settings_file_is_one_numbered_line_and_exit_2(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Sáng 13/9/2024.", encoding="utf-8")
    missing = tmp_path / "none.yaml"
    result = CliRunner().invoke(app, ["extract", str(doc), "-o", str(tmp_path / "o.jsonl"), "--config", str(missing)])
    assert result.exit_code == 2
    assert result.output == f"error: E026 {missing}: cannot read the settings file (No such file or directory)\n"
