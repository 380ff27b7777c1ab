"""One time budget per document covers every pattern; nothing compiles a pattern outside it."""

from __future__ import annotations

import ast
import signal
import subprocess
import sys
import time

import pytest
from dumps import ROOT
from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.budget import (
    DEFAULT_SECONDS,
    SHORT_SPAN,
    BudgetExceeded,
    TimedPattern,
    remaining,
    time_budget,
    timed,
)


def test_a_walk_past_the_documents_budget_raises_in_bounded_time():
    started = time.perf_counter()
    with time_budget(0.2), pytest.raises(BudgetExceeded):
        for _ in timed("a").finditer("a" * 100_000):
            time.sleep(0.01)  # the work done between two matches counts too
    assert time.perf_counter() - started < 2


def test_a_spent_budget_stops_the_next_call_at_once():
    with time_budget(0.0), pytest.raises(BudgetExceeded):
        timed("x").search("x")


def test_a_nested_budget_cannot_extend_the_outer_one():
    with time_budget(1.0):
        with time_budget(100.0):
            assert remaining() <= 1.0


def test_outside_any_budget_a_call_still_has_a_limit():
    assert remaining() == DEFAULT_SECONDS


def test_finditer_counts_the_whole_walk():
    with time_budget(0.0), pytest.raises(BudgetExceeded):
        list(timed("a").finditer("aaa"))


ALLOWED = {"pipeline/core/budget.py"}


def _compiles(path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "compile"
            and isinstance(node.func.value, ast.Name) and node.func.value.id in ("re", "regex")]


def test_no_module_compiles_a_pattern_that_would_escape_the_budget():
    found = {str(p.relative_to(ROOT)): _compiles(p) for p in (ROOT / "pipeline").rglob("*.py")}
    rules_loader = found.pop("pipeline/core/rules.py")
    assert len(rules_loader) == 1  # the rule files' patterns, wrapped in Pattern (a TimedPattern)
    assert {path: lines for path, lines in found.items() if lines and path not in ALLOWED} == {}


@pytest.mark.parametrize(("text", "pos", "endpos", "span"), [
    ("do đồng chí ", 0, None, (3, 12)),           # the leftmost start, as search gives it
    ("do các đồng chí ", 0, None, (3, 16)),
    ("do các đồng chí Lê", 0, 16, (3, 16)),       # the end is endpos
    ("do đồng chí Lê", 0, None, None),            # a name after the cue: no match at the end
    ("dođồng chí ", 0, None, None),               # the lookbehind still holds
    ("đồng chí \n", 0, None, (0, 9)),            # $ before a final line break
])
def test_search_from_end_returns_what_search_returns(text, pos, endpos, span):
    pattern = timed(r"(?<![\p{L}])(?:các đồng chí|đồng chí) $")
    found = pattern.search_from_end(text, pos, endpos)
    assert (found.span() if found else None) == span
    expected = pattern.search(text, pos, endpos)
    assert (expected.span() if expected else None) == span


class _Recorder:
    """A stand-in for a compiled pattern that records the keyword arguments of each call."""

    pattern, flags = "x", 0

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def __getattr__(self, name):
        def call(*args, **kwargs):
            self.calls.append(kwargs)
            return [] if name in ("finditer", "findall", "split") else None
        return call


@pytest.mark.parametrize("method", ["match", "fullmatch", "search", "finditer"])
def test_regex_gets_a_timeout_only_for_a_span_longer_than_short_span(method):
    recorder = _Recorder()
    pattern = TimedPattern(recorder)  # type: ignore[arg-type]
    text = "a" * (SHORT_SPAN * 3)
    with time_budget(5.0):
        list(getattr(pattern, method)(text, 10, 10 + SHORT_SPAN) or [])
        list(getattr(pattern, method)(text, 10, 11 + SHORT_SPAN) or [])
        list(getattr(pattern, method)(text, len(text) - SHORT_SPAN) or [])
    assert [sorted(c) for c in recorder.calls] == [[], ["timeout"], []]
    assert 0 < recorder.calls[1]["timeout"] <= 5.0


@pytest.mark.parametrize("method", ["findall", "split"])
def test_whole_text_calls_get_a_timeout_only_for_a_long_text(method):
    recorder = _Recorder()
    pattern = TimedPattern(recorder)  # type: ignore[arg-type]
    getattr(pattern, method)("a" * SHORT_SPAN)
    getattr(pattern, method)("a" * (SHORT_SPAN + 1))
    assert [sorted(c) for c in recorder.calls] == [[], ["timeout"]]


def test_a_short_call_after_the_deadline_raises_before_it_runs():
    recorder = _Recorder()
    with time_budget(0.0), pytest.raises(BudgetExceeded):
        TimedPattern(recorder).match("short")  # type: ignore[arg-type]
    assert recorder.calls == []


@given(st.text(alphabet=", -–\nab", max_size=60), st.integers(0, 60), st.integers(0, 60))
@pytest.mark.parametrize("source", [r"\G(?:,[ \n]| [-–][ \n])", r"(?<!a)(?:a|ab)b?", r"b+"])
def test_overlapping_gives_the_match_at_every_position(source, text, pos, endpos):
    pattern = timed(source)
    expected = [m.span() for m in (pattern.match(text, p, endpos) for p in range(pos, min(endpos, len(text)))) if m]
    assert [m.span() for m in pattern.overlapping(text, pos, endpos)] == expected


def test_overlapping_refuses_a_pattern_anchored_inside():
    with pytest.raises(ValueError, match="anchored inside"):
        timed(r"a\Gb").overlapping("ab")


def _run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_hard_limit_kills_a_process_stuck_past_it():
    done = _run_python("import time\nfrom pipeline.core.budget import hard_limit\n"
                       "with hard_limit(0.5):\n    time.sleep(30)\nprint('returned')")
    assert done.returncode == -signal.SIGALRM
    assert "returned" not in done.stdout


def test_hard_limit_is_disarmed_when_its_block_ends_and_none_arms_nothing():
    done = _run_python("import time\nfrom pipeline.core.budget import hard_limit\n"
                       "with hard_limit(0.3):\n    pass\nwith hard_limit(None):\n    time.sleep(0.8)\nprint('alive')")
    assert (done.returncode, done.stdout.strip()) == (0, "alive")


def test_only_a_batch_worker_arms_the_hard_limit():
    done = _run_python("import pipeline.batch.run as run\nprint(run._in_pool)\n"
                       "run.start_worker()\nprint(run._in_pool)")
    assert done.stdout.split() == ["False", "True"]
