"""Time ``Context.whole_words`` in extraction, with and without bounds settled from the CRF's weights; print a table.

Each mode runs in its own child process: it reads the documents, warms up (rules, the PERSON
model, underthesea's segmentation model and, when used, the weights ``word_bounds`` reads), then
extracts every document ``--passes`` times with ``extract_line`` (a worker's path) and counts the
CPU time (``process_time``) spent in ``whole_words`` and in the whole extraction.

- ``settled``: as shipped: a bound is settled from the CRF's weights where they decide it,
  and the window is segmented only otherwise.
- ``segment``: ``word_bounds.settled`` switched off, so every window is segmented (the
  behaviour before issue 14's change; the answers are the same).

Run: .venv/bin/python benchmarks/whole_words.py [--inputs corpus/samples] [--passes 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODES = ("segment", "settled")


def measure(inputs: list[str], passes: int, mode: str) -> dict[str, Any]:
    """Return the counts and CPU seconds of one mode's run, in this process."""
    from underthesea import word_tokenize

    import pipeline.recognizers.base as base
    from pipeline.batch.run import warm_up
    from pipeline.core.settings import Settings
    from pipeline.stages.document import extract_line
    from pipeline.stages.read import Document, read_inputs
    from pipeline.stages.word_bounds import crf

    documents = [d for d in read_inputs(inputs) if isinstance(d, Document)]
    warm_up()
    word_tokenize("a")  # loads are once a process: kept out of the measure
    if mode == "settled":
        crf()
    else:
        base.settled = lambda *_: None
    calls, segmented, in_words = 0, 0, 0.0
    whole_words, segment_words = base.Context.whole_words, base.segment_words

    def timed_whole_words(self: base.Context, start: int, end: int) -> bool:
        nonlocal calls, in_words
        began = time.process_time()
        try:
            return whole_words(self, start, end)
        finally:
            calls += 1
            in_words += time.process_time() - began

    def counted_segment_words(*args: Any) -> Any:
        nonlocal segmented
        segmented += 1
        return segment_words(*args)

    base.Context.whole_words = timed_whole_words  # type: ignore[method-assign]
    base.segment_words = counted_segment_words  # type: ignore[assignment]
    settings = Settings()
    began = time.process_time()
    for _ in range(passes):
        for document in documents:
            extract_line(document, settings)
    total = time.process_time() - began
    chars = passes * sum(len(d.text) for d in documents)
    return {"mode": mode, "calls": calls, "segmented": segmented, "whole_words": in_words, "total": total,
            "chars": chars}


def main() -> None:
    """Run each mode in a child process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", default=str(ROOT / "corpus" / "samples"), help="comma-separated inputs")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    inputs = args.inputs.split(",")
    if args.child:
        print(json.dumps(measure(inputs, args.passes, args.child)))
        return
    rows = []
    for mode in MODES:
        out = subprocess.run([sys.executable, __file__, "--inputs", args.inputs, "--passes", str(args.passes),
                              "--child", mode], capture_output=True, text=True, check=True, cwd=ROOT)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'mode':<9} {'calls':>6} {'segmented':>9} {'words CPU s':>11} {'us/call':>8} {'share':>6} "
          f"{'total CPU s':>11} {'chars/CPU s':>11}")
    for r in rows:
        print(f"{r['mode']:<9} {r['calls']:>6} {r['segmented']:>9} {r['whole_words']:>11.2f} "
              f"{1e6 * r['whole_words'] / max(r['calls'], 1):>8.0f} {r['whole_words'] / r['total']:>6.1%} "
              f"{r['total']:>11.2f} {r['chars'] / r['total']:>11,.0f}")
    before, after = rows
    print(f"whole_words CPU: {before['whole_words'] / after['whole_words']:.1f}x less; "
          f"extraction: {before['total'] / after['total']:.2f}x less CPU per character")


if __name__ == "__main__":
    main()
