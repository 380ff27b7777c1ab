"""Peak memory of a parallel run on one long document: each process's own high-water mark.

Writes a dump of three documents, a short one, ``--chars`` characters of ordinary text (our
corpus one text after another, as ``pathological.py corpus`` makes it) and another short one, so
the long one goes to a pool worker in a batch of its own. Runs ``vnfacts extract`` on it with
``--workers`` processes, reads every process's ``VmHWM`` from ``/proc`` while it runs (Linux
only), and prints the main process's peak and the workers'.

Run: PYTHONPATH=. .venv/bin/python benchmarks/pool_memory.py [--chars 20000000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pathological import corpus  # noqa: E402

VNFACTS = Path(sys.executable).with_name("vnfacts")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _high_water_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=20_000_000, help="length of the long document")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.jsonl"
        texts = ["Sáng 5-6, đồng chí Nguyễn Văn An dự hội nghị.", corpus(args.chars), "Tỷ lệ đạt 83,62%."]
        with dump.open("w", encoding="utf-8") as fh:
            for n, text in enumerate(texts):
                fh.write(json.dumps({"id": f"d{n}", "text": text}, ensure_ascii=False) + "\n")
        del texts
        started = time.perf_counter()
        run = subprocess.Popen([str(VNFACTS), "extract", str(dump), "-o", f"{tmp}/out.jsonl",
                                "--rejects", f"{tmp}/rejects.jsonl", "--workers", str(args.workers)],
                               stderr=subprocess.DEVNULL)
        peaks: dict[int, float] = {}
        while run.poll() is None:
            for pid in [run.pid, *_children(run.pid)]:
                peaks[pid] = max(peaks.get(pid, 0.0), _high_water_mb(pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        records = sum(1 for _ in open(f"{tmp}/out.jsonl", encoding="utf-8"))
    workers = sorted((mb for pid, mb in peaks.items() if pid != run.pid), reverse=True)
    print(f"{args.chars} characters, {args.workers} workers: exit {run.returncode}, {records} records, "
          f"{seconds:.0f} s wall")
    print(f"main process peak {peaks.get(run.pid, 0.0):.0f} MB; worker peaks "
          + ", ".join(f"{mb:.0f} MB" for mb in workers))


if __name__ == "__main__":
    main()
