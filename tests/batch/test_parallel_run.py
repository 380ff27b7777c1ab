"""run_extract: the same records and rejects, in input order, with one worker or several."""

from __future__ import annotations

import io
import json

import pytest
from dumps import write_dump

import pipeline.batch.run as run
from pipeline.batch.run import Summary, run_extract
from pipeline.core.settings import Settings


def _run(inputs, workers, **kwargs):
    out, rej = io.StringIO(), io.StringIO()
    summary = run_extract([str(i) for i in inputs], out, rej, Settings(include_text=False), workers=workers, **kwargs)
    return out.getvalue(), rej.getvalue(), summary


def test_two_workers_write_what_one_writes_in_input_order(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "BATCH_DOCS", 4)  # many batches from a small dump
    dump = write_dump(tmp_path / "d.jsonl", 30, bad=(2, 13, 30))
    (tmp_path / "z.txt").write_text("Đạt 5%.", encoding="utf-8")
    one = _run([dump, tmp_path / "missing.jsonl", tmp_path / "z.txt"], workers=1)
    two = _run([dump, tmp_path / "missing.jsonl", tmp_path / "z.txt"], workers=2)
    assert one[:2] == two[:2]
    ids = [json.loads(line)["id"] for line in two[0].splitlines()]
    assert ids == [f"d{i}" for i in range(1, 31) if i not in (2, 13, 30)] + ["z"]
    rejects = [json.loads(line) for line in two[1].splitlines()]
    assert [(r["line"], r["error"][:4]) for r in rejects] == [(2, "E011"), (13, "E011"), (30, "E011"), (None, "E014")]
    summary = two[2]
    assert (summary.read, summary.written, summary.rejected, summary.skipped) == (32, 28, 4, None)
    assert summary.labels == one[2].labels and summary.labels["PERCENT"] > 0


def test_progress_gets_running_documents_and_input_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "BATCH_DOCS", 4)
    dump = write_dump(tmp_path / "d.jsonl", 10)
    ticks = []
    _run([dump], workers=1, progress=lambda docs, size: ticks.append((docs, size)))
    assert [d for d, _ in ticks] == [4, 8, 10]
    assert ticks[-1][1] == dump.stat().st_size
    assert all(a[1] < b[1] for a, b in zip(ticks, ticks[1:], strict=False))


@pytest.mark.parametrize("summary, line", [
    (Summary(4, 3, 1, seconds=2.0), "read 4, written 3, rejected 1; entities: none; 2.0s (2.0 docs/s)"),
    (Summary(10, 3, 1, seconds=2.0, skipped=6),
     "read 10, written 3, rejected 1, skipped 6 already written; entities: none; 2.0s (2.0 docs/s)"),
])
def test_summary_line(summary, line):
    assert summary.line() == line


def test_a_document_that_kills_its_worker_becomes_one_reject_and_the_run_goes_on(tmp_path):
    """Fault injection: a worker exits in the middle of a batch; every other document still gets its record."""
    from killers import KILL_MARK, extract_or_die

    from pipeline.stages.read import read_units

    dump = tmp_path / "dump.jsonl"
    rows = [{"id": f"d{n}", "text": f"Sáng 13/9/2024, tỷ lệ đạt {n},5%."} for n in range(150)]
    rows[70]["text"] = KILL_MARK.decode()
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    lines = [line for batch in run.map_batches(extract_or_die, read_units([str(dump)]), Settings(), None, workers=2)
             for line in batch.lines]
    records = [json.loads(text) for is_reject, text in lines if not is_reject]
    rejects = [json.loads(text) for is_reject, text in lines if is_reject]
    assert [r["id"] for r in records] == [f"d{n}" for n in range(150) if n != 70]
    assert rejects == [{"input": str(dump), "line": 71,
                        "error": f"E023 {dump}:71: the worker extracting this document died twice "
                                 "(killed, out of memory or crashed); document rejected"}]


def test_the_main_process_of_a_parallel_run_never_loads_spacy_or_underthesea(tmp_path):
    """The workers extract; the main process only reads, orders and writes, so it stays small."""
    import subprocess
    import sys

    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps({"id": f"d{n}", "text": f"Sáng 13/9/2024, tỷ lệ đạt {n},5%."}) + "\n"
                            for n in range(200)), encoding="utf-8")  # four batches: the pool starts
    script = (
        "import sys\n"
        "from pipeline.cli import app\n"
        f"try:\n    app([ 'extract', {str(dump)!r}, '-o', {str(tmp_path / 'o.jsonl')!r}, '--workers', '2', '-q'])\n"
        "except SystemExit as done:\n    assert not done.code, done.code\n"
        "print(sorted(m for m in ('spacy', 'underthesea') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
    assert len((tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 200
