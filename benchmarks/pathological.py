"""Time extraction on adversarial single-line inputs of growing size; print a table.

Bounded time means time grows linearly with the input: the seconds-per-100-KB column
must stay flat. Run: .venv/bin/python benchmarks/pathological.py [--sizes 50000,100000,200000]
"""

from __future__ import annotations

import argparse
import random
import time

from pipeline.stages.document import extract_text

PIECES = ["/", "-", "12", "Số ", "CT/", "TU ", "–", "%", ",5 ", "ngày 3-6 ", "Chỉ thị số 08-CT/TU "]


def adversarial(size: int, seed: int = 1) -> str:
    """Return one line of ``size`` characters made of reference and date fragments."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        piece = rng.choice(PIECES)
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def slashes(size: int) -> str:
    """Return one line of alternating '/' and '-'."""
    return ("/-" * (size // 2 + 1))[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50000,100000,200000,400000")
    args = parser.parse_args()
    print(f"{'input':<12} {'chars':>9} {'entities':>9} {'seconds':>8} {'s/100KB':>8}")
    for name, make in (("fragments", adversarial), ("slashes", slashes)):
        for size in (int(s) for s in args.sizes.split(",")):
            text = make(size)
            started = time.perf_counter()
            record = extract_text(text)
            seconds = time.perf_counter() - started
            print(f"{name:<12} {size:>9} {len(record['entities']):>9} {seconds:>8.2f} {seconds / size * 1e5:>8.2f}")


if __name__ == "__main__":
    main()
