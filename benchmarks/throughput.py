"""Throughput and peak memory: our extractor (1 worker, all cores) against underthesea, on one dump.

Builds a JSONL dump of ``--docs`` documents from our corpus texts (corpus/samples), then runs
each contender in its own child process on the same texts and prints one table:
characters/s (wall and CPU), documents/s, peak resident memory, and the ratios the targets are stated in
(CPU ratios too: on a shared machine, the CPU seconds each contender used are what compare).

- ours: ``run_extract`` over the dump, records (with text) written to a file, as the CLI does;
  the time includes starting the worker processes.
- underthesea ``word_tokenize`` alone, sentence by sentence (sentences split beforehand, not timed),
  on the first ``--wt-docs`` documents; ``ner()`` likewise on the first ``--ner-docs`` (it runs
  at a few thousand characters/s: the whole dump would take hours). The dump cycles through
  the corpus, so any run of 21 or more documents holds every text in the same proportions.

Memory: each child reports its own peak RSS and its workers' largest; ours also samples its
RSS while it runs, to show it stays flat as the input grows.

Run: PYTHONPATH=. .venv/bin/python benchmarks/throughput.py [--docs 20000] [--workers N]
     PYTHONPATH=. .venv/bin/python benchmarks/throughput.py --profile 2000   (pyinstrument report)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_texts() -> list[dict]:
    """Return the corpus documents as articles (id, text, published)."""
    from pipeline.stages.read import Document, read_inputs

    docs = [d for d in read_inputs([str(ROOT / "corpus" / "samples")]) if isinstance(d, Document)]
    return [{"id": d.id, "text": d.text, "published": d.published} for d in docs]


def build_dump(path: Path, n: int) -> tuple[int, int]:
    """Write ``n`` articles cycling through the corpus; return (characters, bytes)."""
    texts = corpus_texts()
    chars = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            art = dict(texts[i % len(texts)])
            art["id"] = f"{art['id']}-{i}"
            art["url"] = f"https://example.vn/tin/{i}"
            chars += len(art["text"])
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    return chars, path.stat().st_size


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of its workers that have ended."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _peaks() -> dict:
    return {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def child_ours(dump: str, workers: int, out: str) -> dict:
    """Run our extractor over the dump; return timings, peaks and RSS samples."""
    from pipeline.batch.run import run_extract
    from pipeline.core.settings import Settings

    samples: list[tuple[int, float]] = []
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    with open(out, "w", encoding="utf-8") as fh, open(os.devnull, "w", encoding="utf-8") as rej:
        summary = run_extract([dump], fh, rej, Settings(), workers=workers,
                              progress=lambda docs, size: samples.append((docs, _rss_mb())))
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    chars = sum(len(json.loads(line)["text"]) for line in open(dump, encoding="utf-8"))
    picks = [samples[int(len(samples) * f) - 1] for f in (0.1, 0.5, 1.0)] if samples else []
    return {"seconds": seconds, "cpu": cpu, "docs": summary.written, "chars": chars, "rss_at": picks, **_peaks()}


def _articles(dump: str, limit: int) -> list[str]:
    texts: list[str] = []
    with open(dump, encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= limit:
                break
            texts.append(json.loads(line)["text"])
    return texts


def child_underthesea(dump: str, what: str, limit: int) -> dict:
    """Run underthesea's word_tokenize or ner over the sentences of the first ``limit`` documents."""
    from underthesea import ner, sent_tokenize, word_tokenize

    texts = _articles(dump, limit)
    sentences = [s for t in texts for p in t.split("\n") if p.strip() for s in sent_tokenize(p)]
    fn = word_tokenize if what == "word_tokenize" else ner
    fn("Khởi động.")  # load the model before timing
    started, cpu_started = time.perf_counter(), time.process_time()
    for s in sentences:
        fn(s)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"seconds": seconds, "cpu": cpu, "docs": len(texts), "chars": sum(len(t) for t in texts), **_peaks()}


def profile(docs: int) -> None:
    """Print pyinstrument's report of one worker extracting ``docs`` documents."""
    from pyinstrument import Profiler

    from pipeline.batch.run import run_extract, warm_up
    from pipeline.core.settings import Settings

    warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.jsonl"
        build_dump(dump, docs)
        with Profiler() as profiler, open(os.devnull, "w", encoding="utf-8") as out:
            run_extract([str(dump)], out, out, Settings(), workers=1)
    print(profiler.output_text(color=False, show_all=False))


def _child(args: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, __file__, "--child", *args], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from pipeline.batch.pool import default_workers

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000, help="documents in the dump (default 20000)")
    parser.add_argument("--workers", type=int, default=default_workers(), help="'all cores' (default: this machine's)")
    parser.add_argument("--wt-docs", type=int, default=2000, help="documents for word_tokenize (default 2000)")
    parser.add_argument("--ner-docs", type=int, default=100, help="documents for ner (default 100)")
    parser.add_argument("--profile", type=int, metavar="DOCS",
                        help="instead: profile one worker on DOCS documents with pyinstrument and print its report")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return
    if args.child:
        kind, dump, *rest = args.child
        result = (child_ours(dump, int(rest[0]), rest[1]) if kind == "ours"
                  else child_underthesea(dump, kind, int(rest[0])))
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.jsonl"
        chars, size = build_dump(dump, args.docs)
        print(f"dump: {args.docs} documents, {chars} characters, {size / 1e6:.1f} MB; "
              f"{args.workers} cores; load average {os.getloadavg()[0]:.2f}")
        rows = [
            ("ours, 1 worker", _child(["ours", str(dump), "1", f"{tmp}/out1.jsonl"])),
            (f"ours, {args.workers} workers", _child(["ours", str(dump), str(args.workers), f"{tmp}/outN.jsonl"])),
            ("underthesea word_tokenize", _child(["word_tokenize", str(dump), str(args.wt_docs)])),
            ("underthesea ner", _child(["ner", str(dump), str(args.ner_docs)])),
        ]
        same = Path(f"{tmp}/out1.jsonl").read_bytes() == Path(f"{tmp}/outN.jsonl").read_bytes()
    print(f"{'contender':<28} {'docs':>6} {'chars/s':>10} {'docs/s':>8} {'chars/CPU s':>11} {'peak MB':>8} "
          f"{'worker MB':>9}")
    for name, r in rows:
        workers_mb = f"{r['worker_peak_mb']:.0f}" if r["worker_peak_mb"] else "-"
        print(f"{name:<28} {r['docs']:>6} {r['chars'] / r['seconds']:>10.0f} {r['docs'] / r['seconds']:>8.1f} "
              f"{r['chars'] / r['cpu']:>11.0f} {r['peak_mb']:>8.0f} {workers_mb:>9}")
    rate = {name: r["chars"] / r["seconds"] for name, r in rows}
    cpu_rate = {name: r["chars"] / r["cpu"] for name, r in rows}  # what a shared machine cannot take away
    one, many = rate["ours, 1 worker"], rate[f"ours, {args.workers} workers"]
    print(f"1 worker / word_tokenize: {one / rate['underthesea word_tokenize']:.2f}x wall, "
          f"{cpu_rate['ours, 1 worker'] / cpu_rate['underthesea word_tokenize']:.2f}x CPU (target >= 3.5)")
    print(f"1 worker / ner:           {one / rate['underthesea ner']:.1f}x wall, "
          f"{cpu_rate['ours, 1 worker'] / cpu_rate['underthesea ner']:.1f}x CPU (target >= 30)")
    print(f"{args.workers} workers / (cores x 1 worker): {many / (args.workers * one):.2f} (target >= 0.85)")
    for name, r in rows[:2]:
        print(f"{name}: RSS at 10%, 50%, 100% of documents: "
              + ", ".join(f"{mb:.0f} MB ({docs})" for docs, mb in r["rss_at"]))
    print(f"outputs of 1 and {args.workers} workers identical: {same}")


if __name__ == "__main__":
    main()
