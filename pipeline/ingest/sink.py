"""Daily JSONL files, replaced atomically: a reader sees a file before or after a publication, never between.

Each publication writes the old file and the new lines to a temporary file in the same
directory, fsyncs it, renames it over the daily file and fsyncs the directory. A line that is
already in the file is not written again, so publishing the same outbox twice (after a
crash between the rename and the outbox clean-up) duplicates nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from pathlib import Path


def day_path(when: str, rejects: bool = False) -> str:
    """Return the file, relative to the output directory, for a line stamped ``when`` (ISO, UTC)."""
    name = f"{when[:10]}.jsonl"
    return f"rejects/{name}" if rejects else name


def _digest(line: bytes) -> bytes:
    return hashlib.blake2b(line.rstrip(b"\n"), digest_size=16).digest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_rename = os.replace


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a fsynced temporary file and an atomic rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    _rename(tmp, path)
    _fsync_dir(path.parent)


def publish(out_dir: str | Path, lines: list[tuple[str, str]]) -> int:
    """Append each (relative path, line) to its daily file unless the file has it already; return lines added."""
    out = Path(out_dir)
    grouped: dict[str, list[bytes]] = defaultdict(list)
    for rel, line in lines:
        grouped[rel].append(line.rstrip("\n").encode("utf-8") + b"\n")
    added = 0
    for rel, new in grouped.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.read_bytes() if path.exists() else b""
        seen = {_digest(x) for x in old.splitlines()}
        fresh = []
        for raw in new:
            if _digest(raw) not in seen:
                seen.add(_digest(raw))
                fresh.append(raw)
        if not fresh:
            continue
        if old and not old.endswith(b"\n"):
            old += b"\n"
        replace_file(path, old + b"".join(fresh))
        added += len(fresh)
    return added


def clean_temporaries(out_dir: str | Path) -> None:
    """Remove temporary files a crash left behind before their rename."""
    out = Path(out_dir)
    if out.exists():
        for tmp in out.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)
