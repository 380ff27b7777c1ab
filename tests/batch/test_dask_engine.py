"""--engine dask: dumps cut into partitions on a LocalCluster; the part files equal the single-process output."""

from __future__ import annotations

import gzip
import io
import json
import socket

import pytest
from distributed import Client, LocalCluster
from dumps import write_dump
from typer.testing import CliRunner

from pipeline.batch.distributed import Extractor, connect_scheduler, dump_files, run_dask
from pipeline.batch.progress import PartitionReporter
from pipeline.batch.run import run_extract
from pipeline.cli import app
from pipeline.core.errors import VnfactsError
from pipeline.core.settings import Settings


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as c:
        yield c


def _single(inputs):
    out, rej = io.StringIO(), io.StringIO()
    run_extract([str(i) for i in inputs], out, rej, Settings(), workers=1)
    return out.getvalue(), rej.getvalue()


def _parts(directory, prefix):
    return "".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob(f"{prefix}-*.jsonl")))


def test_part_files_equal_the_single_process_run(tmp_path, client):
    plain = write_dump(tmp_path / "a.jsonl", 40, bad=(1, 17, 40))
    gz = tmp_path / "b.jsonl.gz"
    gz.write_bytes(gzip.compress(write_dump(tmp_path / "b.src", 5, bad=(4,)).read_bytes()))
    out_dir = tmp_path / "out"
    (out_dir).mkdir()
    (out_dir / "part-00099.jsonl").write_text("stale\n", encoding="utf-8")
    summary = run_dask([str(plain), str(gz)], out_dir, Settings(), blocksize=1000, client=client)
    records, rejects = _single([plain, gz])
    parts = sorted(p.name for p in out_dir.glob("part-*.jsonl"))
    assert len(parts) > 3 and parts[0] == "part-00000.jsonl" and "part-00099.jsonl" not in parts
    assert _parts(out_dir, "part") == records
    assert _parts(out_dir, "rejects") == rejects
    assert [json.loads(line)["line"] for line in rejects.splitlines()] == [1, 17, 40, 4]
    assert (summary.read, summary.written, summary.rejected) == (45, 41, 4)


def test_cli_engine_dask_with_one_worker_and_a_glob(tmp_path):
    for name in ("x1", "x2"):
        write_dump(tmp_path / f"{name}.jsonl", 3)
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "x*.jsonl"), "--engine", "dask", "--workers", "1",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "read 6, written 6, rejected 0" in result.stderr
    assert _parts(tmp_path / "out", "part") == _single([tmp_path / "x1.jsonl", tmp_path / "x2.jsonl"])[0]


@pytest.mark.parametrize("args, message", [
    (["-o", "OUT", "--rejects", "r.jsonl"], "--engine dask writes part files into -o DIR"),
    ([], "error: E078 --engine dask needs -o DIR: it writes part files"),
    (["-o", "OUT", "--resume"], "it takes no --rejects, --resume or stdin"),
])
def test_cli_engine_dask_refuses_what_it_cannot_do(tmp_path, args, message):
    args = [str(tmp_path / "o") if a == "OUT" else a for a in args]
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--engine", "dask", *args])
    assert result.exit_code == 2 and message in result.stderr


def test_dump_files_errors(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(VnfactsError, match=r"^E017 .*nothing\*\.jsonl: no such dump file"):
        dump_files([str(tmp_path / "nothing*.jsonl")])
    with pytest.raises(VnfactsError, match=r"^E018 .*a\.txt: --engine dask reads only"):
        dump_files([str(tmp_path / "a.txt")])


def test_a_worker_with_other_rules_refuses_to_start():
    with pytest.raises(VnfactsError, match=r"^E019 worker w1: rules [0-9a-f]+ differ from the client's 000000"):
        Extractor("000000").setup(type("W", (), {"address": "w1"})())


def test_progress_hears_of_every_partition_and_the_dashboard(tmp_path, client):
    calls = []
    dump = write_dump(tmp_path / "a.jsonl", 40)
    run_dask([str(dump)], tmp_path / "out", Settings(), blocksize=1000, client=client,
             progress=lambda done, total, link: calls.append((done, total, link)))
    total = len(list((tmp_path / "out").glob("part-*.jsonl")))
    assert total > 1
    assert [(done, n) for done, n, _ in calls] == [(i, total) for i in range(total + 1)]
    assert {link for _, _, link in calls} == {client.dashboard_link}


def test_the_partition_reporter_prints_the_dashboard_then_progress():
    stream = io.StringIO()
    ticks = iter([0.0, 1.0, 5.0, 20.0, 21.0])
    reporter = PartitionReporter(stream, every=10.0, bar=False, clock=lambda: next(ticks))
    for done in range(4):
        reporter(done, 3, "http://127.0.0.1:8787/status")
    reporter.close()
    assert stream.getvalue().splitlines() == ["dask dashboard: http://127.0.0.1:8787/status",
                                              "progress: 2/3 partitions", "progress: 3/3 partitions"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_scheduler_that_does_not_answer_is_e077(tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(VnfactsError, match=rf"^E077 {address}: no dask scheduler answered within 0.5s \("):
        connect_scheduler(address, seconds=0.5)
    write_dump(tmp_path / "a.jsonl", 2)
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.jsonl"), "--engine", "dask", "--scheduler",
                                      address, "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: E077 {address}: no dask scheduler answered within 5s (")
    assert len(result.stderr.splitlines()) == 1


def test_an_address_that_is_none_is_e077():
    with pytest.raises(VnfactsError, match=r"^E077 nonsense: .*missing port number"):
        connect_scheduler("nonsense", seconds=0.5)
