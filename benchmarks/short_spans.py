"""The slowest short pattern calls: every rule pattern on hostile spans of ``SHORT_SPAN`` characters.

A pattern call over at most ``pipeline.core.budget.SHORT_SPAN`` characters runs without the
``regex`` module's timeout (it costs more than the call); its time is bounded by its span only
if no pattern backtracks catastrophically on such a span. This script looks for one: it runs
every pattern of every rule file and every module-level pattern of the package (``search``,
the whole ``finditer`` walk and ``match`` at every eighth position) on spans cut from each
hostile input of ``pathological.py``, on the pattern's own examples repeated, and on runs of
one character, and prints the slowest calls. Each call has a 10 s timeout, so a catastrophic
one prints ``timeout`` instead of hanging.

Run: PYTHONPATH=. .venv/bin/python benchmarks/short_spans.py [--top 15]
"""

from __future__ import annotations

import argparse
import functools
import importlib
import pkgutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pathological import INPUTS  # noqa: E402

import pipeline  # noqa: E402
from pipeline import data as shipped  # noqa: E402
from pipeline.core.budget import SHORT_SPAN, TimedPattern  # noqa: E402
from pipeline.core.rules import Pattern, load_rules  # noqa: E402

LIMIT = 10.0
SINGLE = " \n-/.,:;()“”\"'0123456789aAđĐăơưếỦ"


def all_patterns() -> dict[str, TimedPattern]:
    """Every rule file's patterns and cues, and every pattern a module of the package compiles at import."""
    found: dict[str, TimedPattern] = {}
    for path in sorted(shipped.rules_dir().glob("*.yaml")):
        rules = load_rules(path.stem)
        found.update({f"{path.stem}:{pid}": p for pid, p in {**rules.patterns, **rules.cues}.items()})
    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if module.name.startswith(("pipeline.recognizers", "pipeline.stages", "pipeline.core")):
            for name, value in vars(importlib.import_module(module.name)).items():
                if isinstance(value, TimedPattern) and not isinstance(value, Pattern):
                    found[f"{module.name.removeprefix('pipeline.')}.{name}"] = value
    return found


def spans(pattern: TimedPattern) -> dict[str, str]:
    """The hostile spans to try ``pattern`` on, by name, each ``SHORT_SPAN`` characters long."""
    out = {name: make(SHORT_SPAN * 4)[SHORT_SPAN:2 * SHORT_SPAN] for name, make in INPUTS.items() if name != "corpus"}
    for n, example in enumerate(pattern.examples if isinstance(pattern, Pattern) else ()):
        if example.text.strip():
            out[f"example {n}"] = (example.text * (SHORT_SPAN // len(example.text) + 1))[:SHORT_SPAN]
    for ch in SINGLE:
        out[f"run of {ch!r}"] = ch * SHORT_SPAN
    out["words"] = ("Nguyễn Văn " * SHORT_SPAN)[:SHORT_SPAN]
    return out


def slowest_call(rx: regex.Pattern, text: str) -> float | None:
    """Seconds of the slowest of search, the finditer walk and one match per position; None on a timeout."""
    worst = 0.0
    calls: list[Callable[[], object]] = [lambda: rx.search(text, timeout=LIMIT),
                                         lambda: list(rx.finditer(text, timeout=LIMIT))]
    calls += [functools.partial(rx.match, text, p, timeout=LIMIT) for p in range(0, len(text), 8)]
    for call in calls:
        started = time.perf_counter()
        try:
            call()
        except TimeoutError:
            return None
        worst = max(worst, time.perf_counter() - started)
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=15, help="rows to print (default 15)")
    args = parser.parse_args()
    rows: list[tuple[float, str, str]] = []
    patterns = all_patterns()
    for pid, pattern in patterns.items():
        for name, text in spans(pattern).items():
            seconds = slowest_call(pattern._rx, text)
            rows.append((float("inf") if seconds is None else seconds, pid, name))
    rows.sort(reverse=True)
    print(f"{len(patterns)} patterns, {len(rows)} pattern x span pairs, spans of {SHORT_SPAN} characters")
    print(f"{'pattern':<40} {'span':<16} {'slowest call ms':>15}")
    for seconds, pid, name in rows[:args.top]:
        shown = "timeout" if seconds == float("inf") else f"{seconds * 1000:.3f}"
        print(f"{pid:<40} {name:<16} {shown:>15}")


if __name__ == "__main__":
    main()
