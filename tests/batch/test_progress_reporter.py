"""Progress on stderr: plain lines at an interval when not a terminal, a bar on one, an ETA from bytes."""

from __future__ import annotations

import io

import pytest
from dumps import write_dump
from typer.testing import CliRunner

from pipeline.batch.progress import Reporter
from pipeline.cli import app


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_every_interval_with_rate_share_and_eta():
    clock, stream = Clock(), io.StringIO()
    report = Reporter(1000, stream, every=10, bar=False, clock=clock)
    clock.now = 105
    report(50, 100)       # first tick: the ETA's starting point; under 10 s: no line
    clock.now = 110
    report(100, 200)      # 100 bytes in 5 s since the first tick: 800 left take 40 s
    clock.now = 115
    report(150, 300)      # within 10 s of the last line
    clock.now = 125
    report(250, 500)
    assert stream.getvalue().splitlines() == [
        "progress: 100 documents, 10.0 docs/s, 20% of input, ETA 0:00:40",
        "progress: 250 documents, 10.0 docs/s, 50% of input, ETA 0:00:25",
    ]


def test_without_a_known_size_no_share_and_no_eta():
    clock = Clock()
    report = Reporter(None, io.StringIO(), bar=False, clock=clock)
    clock.now = 102
    assert report.status(10, 999) == "10 documents, 5.0 docs/s"


def test_bar_on_a_terminal():
    stream = io.StringIO()
    report = Reporter(1000, stream, bar=True)
    report(10, 500)
    report.close()
    assert "50%" in stream.getvalue() and "10 documents" in stream.getvalue()


@pytest.mark.parametrize("quiet", [False, True])
def test_quiet_prints_nothing_but_errors(tmp_path, quiet):
    dump = write_dump(tmp_path / "d.jsonl", 3, bad=(2,))
    result = CliRunner().invoke(app, ["extract", str(dump), "-o", str(tmp_path / "o.jsonl"), "--workers", "1"]
                                + (["--quiet"] if quiet else []))
    lines = result.stderr.splitlines()
    assert lines[0].startswith('{"input": ') and '"line": 2, "error": "E011' in lines[0]
    assert len(lines) == (1 if quiet else 2)
    assert quiet or lines[1].startswith("read 3, written 2, rejected 1;")
