"""Daily JSONL files, appended to: whole lines only, each line once, at a cost linear in what is added.

A publication appends lines to a daily file, fsyncs it (and the directory when the file is new).
Before it, the caller commits each file's size to the state (the recovery marker); after it,
the caller drops the published lines from the outbox together with the marker. On the next
start, ``recover`` cuts every marked file back to its marked size: an append that a crash
interrupted, whole or half written, is undone, and the outbox publishes its lines again.
A reader may meet a half-written last line only while an append is in flight, never after
a crash has been recovered.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.ingest.state import State

# Indirections so that tests can kill a publication at each system call.
_write = os.write
_fsync = os.fsync


def day_path(when: str, rejects: bool = False) -> str:
    """Return the file, relative to the output directory, for a line stamped ``when`` (ISO, UTC)."""
    name = f"{when[:10]}.jsonl"
    return f"rejects/{name}" if rejects else name


def group(lines: list[tuple[str, str]]) -> dict[str, bytes]:
    """Return the bytes to append to each file (relative path), one newline-ended line per input line, in order."""
    grouped: dict[str, list[bytes]] = defaultdict(list)
    for rel, line in lines:
        grouped[rel].append(line.rstrip("\n").encode("utf-8") + b"\n")
    return {rel: b"".join(chunks) for rel, chunks in grouped.items()}


def sizes(out_dir: str | Path, paths: list[str]) -> dict[str, int]:
    """Return the current size of each file (0 for one not yet written): the recovery marker of an append."""
    out = Path(out_dir)
    return {rel: (out / rel).stat().st_size if (out / rel).exists() else 0 for rel in paths}


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _fsync(fd)
    finally:
        os.close(fd)


def append(out_dir: str | Path, chunks: dict[str, bytes]) -> int:
    """Append each chunk to its file and fsync it; return the number of lines appended."""
    out = Path(out_dir)
    added = 0
    for rel, data in chunks.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        created = not path.exists()
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[_write(fd, view):]
            _fsync(fd)
        finally:
            os.close(fd)
        if created:
            _fsync_dir(path.parent)
        added += data.count(b"\n")
    return added


def recover(out_dir: str | Path, marker: dict[str, int]) -> None:
    """Cut each marked file back to its marked size (an append a crash interrupted); fsync what was cut."""
    out = Path(out_dir)
    for rel, size in marker.items():
        path = out / rel
        if path.exists() and path.stat().st_size > size:
            fd = os.open(path, os.O_WRONLY)
            try:
                os.ftruncate(fd, size)
                _fsync(fd)
            finally:
                os.close(fd)


def clean_temporaries(out_dir: str | Path) -> None:
    """Remove temporary files that an earlier release's crash left behind before their rename."""
    out = Path(out_dir)
    if out.exists():
        for tmp in out.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def publish(state: State, out_dir: str | Path) -> int:
    """Append the state's outbox to the daily files under a recovery marker, then drop both; return lines added."""
    pending = state.outbox()
    if not pending:
        return 0
    chunks = group([(path, line) for _, path, line in pending])
    state.begin_publish(sizes(out_dir, list(chunks)))
    added = append(out_dir, chunks)
    state.published(pending[-1][0])
    return added


def restart(state: State, out_dir: str | Path) -> int:
    """Undo an append a crash interrupted, then publish what the outbox holds; return lines added."""
    clean_temporaries(out_dir)
    recover(out_dir, state.publishing())
    return publish(state, out_dir)
