"""The same extraction on a dask.distributed cluster: dump partitions in, part files out.

A plain ``.jsonl`` dump is cut into blocks of whole lines with ``dask.bytes.read_bytes``
(the reader under ``dask.bag.read_text``); a ``.jsonl.gz`` dump cannot be cut and is one
partition, streamed. A first pass counts each block's lines, so every document keeps the
line number (hence the ``source`` and reject lines) of a single-process run. Partition
``i`` writes ``part-0000i.jsonl`` and ``rejects-0000i.jsonl`` into the output directory;
read in order, the part files are the single-process output.

Workers load the rules and models once, through a worker plugin that also checks they
run the same rules as the client (the records carry the rules' fingerprint).
"""

from __future__ import annotations

import glob
import io
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import fsspec
from dask import delayed
from dask.bytes import read_bytes
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from pipeline.batch.pool import batched
from pipeline.batch.run import BATCH_BYTES, BATCH_DOCS, Summary, extract_batch, warm_up
from pipeline.core.errors import E017, E018, E019, E077, VnfactsError
from pipeline.core.rules import rules_version
from pipeline.core.settings import Settings
from pipeline.stages.read import DUMP_SUFFIXES, dump_units

GLOB_CHARS = "*?["
CONNECT_SECONDS = 5.0  # a scheduler that does not answer by then is not there: fail fast, not after dask's 30 s
# (partitions done, partitions in all, the dashboard's URL or None): called once at the start, then per partition
DaskProgress = Callable[[int, int, str | None], None]


class Extractor(WorkerPlugin):
    """Loads rules and models once per worker, and checks its rules are the client's."""

    name = "vnfacts"

    def __init__(self, rules: str) -> None:
        self.rules = rules

    def setup(self, worker: Any) -> None:
        """Load the rules and models once on a worker; refuse a worker whose rules differ (E019)."""
        found = rules_version()
        if found != self.rules:
            raise VnfactsError(E019.format(worker=getattr(worker, "address", "?"), found=found, expected=self.rules))
        warm_up()


def dump_files(inputs: Iterable[str]) -> list[str]:
    """Return the dump files named by the inputs: files, globs or directories, each in sorted order."""
    files: list[str] = []
    for item in inputs:
        if any(c in item for c in GLOB_CHARS):
            found = sorted(glob.glob(item))
        elif Path(item).is_dir():
            found = sorted(str(p) for p in Path(item).rglob("*") if p.is_file() and p.name.endswith(DUMP_SUFFIXES))
        else:
            found = [item] if Path(item).is_file() else []
        if not found:
            raise VnfactsError(E017.format(input=item))
        for name in found:
            if not name.endswith(DUMP_SUFFIXES):
                raise VnfactsError(E018.format(input=name))
        files.extend(found)
    return files


def _count_lines(block: bytes) -> int:
    return block.count(b"\n")


def _read_gz(name: str) -> Iterable[bytes]:
    with fsspec.open(name, "rb", compression="gzip") as fh:
        yield from fh


def extract_partition(data: bytes | None, name: str, first_line: int, index: int, out_dir: str,
                      settings: Settings, published: str | None) -> dict[str, Any]:
    """Extract one partition (a block of a dump, or a whole .gz dump when ``data`` is None).

    Writes its part and rejects files and returns its counts: written, rejected, labels.
    """
    lines = _read_gz(name) if data is None else io.BytesIO(data)
    units = dump_units(lines, name, first_line=first_line)
    written = rejected = 0
    labels: Counter = Counter()
    with fsspec.open(f"{out_dir}/part-{index:05d}.jsonl", "wb") as out, \
            fsspec.open(f"{out_dir}/rejects-{index:05d}.jsonl", "wb") as rej:
        for batch in batched(units, BATCH_DOCS, weight=lambda u: len(getattr(u, "data", b"")), max_weight=BATCH_BYTES):
            result = extract_batch(list(batch), settings, published)
            for is_reject, line in result.lines:
                target = rej if is_reject else out
                target.write(line)
                target.write(b"\n")
            rejected += len(result.errors)
            written += len(result.lines) - len(result.errors)
            labels.update(result.labels)
    return {"written": written, "rejected": rejected, "labels": dict(labels)}


def _partitions(client: Client, files: list[str], blocksize: str | int) -> list[tuple[str, Any, int]]:
    """Return (file name, delayed block or None for a .gz, first line number) per partition."""
    parts: list[tuple[str, Any]] = []
    for name in files:
        if name.endswith(".gz"):
            parts.append((name, None))
        else:
            _, [blocks] = read_bytes(name, delimiter=b"\n", blocksize=blocksize)
            parts.extend((name, block) for block in blocks)
    counts = client.compute([delayed(_count_lines)(block) for _, block in parts if block is not None], sync=True)
    out: list[tuple[str, Any, int]] = []
    seen: dict[str, int] = {}
    it = iter(counts)
    for name, block in parts:
        out.append((name, block, seen.get(name, 0) + 1))
        if block is not None:
            seen[name] = seen.get(name, 0) + next(it)
    return out


def connect_scheduler(address: str, seconds: float = CONNECT_SECONDS) -> Client:
    """Return a client of the scheduler at ``address``; raise VnfactsError (E077) when none answers in time."""
    try:
        return Client(address, timeout=seconds)
    except Exception as exc:  # refused, timed out, not an address, or a server that speaks no dask
        error = " ".join(str(exc).split()) or type(exc).__name__
        raise VnfactsError(E077.format(address=address, seconds=seconds, error=error)) from None


def dashboard_link(client: Client) -> str | None:
    """Return the URL of the cluster's dashboard, or None when its scheduler serves none (no bokeh)."""
    services = client.scheduler_info().get("services") or {}
    return client.dashboard_link if "dashboard" in services else None


def run_dask(inputs: list[str], out_dir: str | Path, settings: Settings = Settings(), published: str | None = None,
             scheduler: str | None = None, blocksize: str | int = "32MB", workers: int = 1,
             client: Client | None = None, progress: DaskProgress | None = None) -> Summary:
    """Extract the dump files of ``inputs`` on a dask cluster into part files in ``out_dir``; return the counts.

    Connects to ``scheduler`` (E077 when it does not answer within CONNECT_SECONDS), or uses
    ``client``, or starts a LocalCluster of ``workers`` processes (threads in this process for one
    worker). ``progress`` hears of the partitions done and of the dashboard's URL.
    """
    started = time.perf_counter()
    files = dump_files(inputs)
    fs, root = fsspec.core.url_to_fs(str(out_dir))
    fs.makedirs(root, exist_ok=True)
    for stale in fs.glob(f"{root}/part-*.jsonl") + fs.glob(f"{root}/rejects-*.jsonl"):
        fs.rm(stale)
    own: Client | None = None
    if client is None:
        if scheduler:
            own = connect_scheduler(scheduler)
        else:
            local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=workers > 1,
                                 dashboard_address=":0")  # any free port: 8787 may be taken
            own = Client(local)
    active = client or own
    assert active is not None
    try:
        active.register_plugin(Extractor(rules_version()))
        tasks = [delayed(extract_partition)(block, name, first, i, str(out_dir), settings, published)
                 for i, (name, block, first) in enumerate(_partitions(active, files, blocksize))]
        link = dashboard_link(active)
        if progress is not None:
            progress(0, len(tasks), link)
        futures = active.compute(tasks)
        for done, _ in enumerate(as_completed(futures), 1):
            if progress is not None:
                progress(done, len(tasks), link)
        results = active.gather(futures)
    finally:
        if own is not None:
            cluster = own.cluster
            own.close()
            if cluster is not None:
                cluster.close()
    summary = Summary()
    for part in results:
        summary.written += part["written"]
        summary.rejected += part["rejected"]
        summary.labels.update(part["labels"])
    summary.read = summary.written + summary.rejected
    summary.seconds = time.perf_counter() - started
    return summary
