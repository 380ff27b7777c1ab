"""--resume: a rerun skips what is written, repairs a cut last line, and ends with the full output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from dumps import ROOT, write_dump
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
BAD = (3, 8)   # malformed lines: rejects E011 at lines 3 and 8 of the dump
N = 12


def _extract(*args):
    result = runner.invoke(app, ["extract", *map(str, args), "--workers", "1", "--no-text"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture()
def full(tmp_path):
    """A dump, and the output and rejects of an uninterrupted run over it."""
    dump = write_dump(tmp_path / "d.jsonl", N, bad=BAD)
    out, rej = tmp_path / "full.jsonl", tmp_path / "full.rejects.jsonl"
    _extract(dump, "-o", out, "--rejects", rej)
    return dump, out.read_bytes().splitlines(keepends=True), rej.read_bytes().splitlines(keepends=True)


def _cut(lines: list[bytes], keep: int, partial: bool) -> bytes:
    data = b"".join(lines[:keep])
    return data + lines[keep][: len(lines[keep]) // 2] if partial and keep < len(lines) else data


# (records kept, half a record more, rejects kept, documents skipped on resume)
CASES = {
    "killed mid-record": (4, True, 1, 5),          # d1 d2 [r3] d4 d5 + half of d6
    "rejects lag behind": (6, False, 0, 2),         # d1 d2, then reject 3 is missing: d4.. are redone
    "rejects ahead": (2, False, 2, 3),              # d1 d2 r3, then d4 is missing: r8 is cut and redone
    "nothing written": (0, False, 0, 0),
    "only a cut first line": (0, True, 0, 0),
    "complete": (10, False, 2, 12),
}


@pytest.mark.parametrize("case", CASES)
def test_resume_after_a_cut_output_equals_the_full_run(tmp_path, full, case):
    dump, out_lines, rej_lines = full
    keep, partial, keep_rej, skipped = CASES[case]
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    out.write_bytes(_cut(out_lines, keep, partial))
    rej.write_bytes(_cut(rej_lines, keep_rej, False))
    result = _extract(dump, "-o", out, "--rejects", rej, "--resume")
    assert out.read_bytes().splitlines(keepends=True) == out_lines
    assert rej.read_bytes().splitlines(keepends=True) == rej_lines
    assert f"read {N}, written {10 - (skipped - sum(1 for b in BAD if b <= skipped) if skipped < N else 10)}" in result.stderr
    assert f"skipped {skipped} already written" in result.stderr


def test_lines_that_do_not_follow_the_input_are_cut_with_a_warning(tmp_path, full, caplog):
    dump, out_lines, rej_lines = full
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    other = json.loads(out_lines[1])
    other["id"] = "someone-else"
    out.write_bytes(out_lines[0] + json.dumps(other).encode() + b"\n" + out_lines[2])
    result = _extract(dump, "-o", out, "--rejects", rej, "--resume")
    assert out.read_bytes().splitlines(keepends=True) == out_lines
    assert "skipped 1 already written" in result.stderr
    assert f"resume: {out}: kept 1 lines, cut 2 that did not follow the input" in caplog.messages


def test_rejects_on_stderr_are_not_reported_twice(tmp_path, full):
    dump, out_lines, _ = full
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(out_lines[:5]))       # d1 d2 d4 d5 d6: reject 3 went to stderr before
    result = _extract(dump, "-o", out, "--resume")
    assert out.read_bytes().splitlines(keepends=True) == out_lines
    reported = [json.loads(line)["line"] for line in result.stderr.splitlines() if line.startswith("{")]
    assert reported == [8]


def test_resume_needs_an_output_file(tmp_path, full):
    result = runner.invoke(app, ["extract", str(full[0]), "--resume"])
    assert result.exit_code == 2
    assert "--resume needs -o FILE" in result.stderr


def test_a_killed_run_resumes_to_the_uninterrupted_output(tmp_path):
    """Kill a real two-worker run (its whole process group) once it has written records, then resume."""
    dump = write_dump(tmp_path / "d.jsonl", 1200, bad=(5, 1199))
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    args = [sys.executable, "-m", "pipeline", "extract", str(dump), "-o", str(out), "--rejects", str(rej),
            "--workers", "2", "--quiet", "--no-text"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and (not out.exists() or out.stat().st_size == 0):
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    written = out.read_bytes().count(b"\n")
    assert 0 < written < 1198
    resumed = subprocess.run(args + ["--resume"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    full_out, full_rej = tmp_path / "full.jsonl", tmp_path / "full.rej.jsonl"
    _extract(dump, "-o", full_out, "--rejects", full_rej)
    assert out.read_bytes() == full_out.read_bytes()
    assert rej.read_bytes() == full_rej.read_bytes()
