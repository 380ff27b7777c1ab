"""Load record files into a database, idempotently: same record, no change; new version, new current row.

A first pass (``plan``) checks every record and finds the keys given twice with other contents;
the second loads the rest, so a bad record is one error line and never stops a file or a run.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import E014, E051, E079
from pipeline.core.jsonl import LineError, read_objects
from pipeline.load.backends import Backend, connect
from pipeline.load.check import check_record
from pipeline.load.registry_tables import RegistryUpdate, create_registry_schema
from pipeline.load.tables import CHILDREN, DOCUMENTS, TABLES, Table, record_sha256, rows

SUFFIXES = (".jsonl", ".jsonl.gz")


@dataclass
class LoadSummary:
    """What a load read and did."""

    files: int = 0
    records: int = 0
    new: int = 0          # (id, version) not in the database before
    replaced: int = 0     # (id, version) there with other content (e.g. extracted again)
    unchanged: int = 0    # a key repeated with the same content counts once
    rejects: int = 0      # reject lines ({input, line, error}) passed over
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        """Return the one-line summary printed at the end of a load."""
        return (f"files {self.files}, records {self.records} (new {self.new}, replaced {self.replaced}, "
                f"unchanged {self.unchanged}), reject lines skipped {self.rejects}, errors {len(self.errors)}; "
                f"{self.seconds:.1f}s")


def record_files(inputs: list[str]) -> Iterator[Path | str]:
    """Yield the record files of the inputs: files as given, directories' .jsonl(.gz) files recursively, sorted.

    A missing input is yielded as its name (a str), so that it becomes an error line.
    """
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES)
                              and not p.name.startswith("."))
        elif path.is_file():
            yield path
        else:
            yield item


def _is_reject(obj: dict[str, Any]) -> bool:
    return "error" in obj and "input" in obj and "id" not in obj


def _check(path: Path, n: int, obj: dict[str, Any]) -> str | None:
    missing = next((k for k in ("id", "entities") if k not in obj), None)
    if missing:
        return E051.format(input=path, line=n, key=missing)
    return check_record(obj, str(path), n)


def plan(files: list[Path]) -> dict[tuple[Path, int], str]:
    """Return the lines to leave out, each with its numbered message: records that fail ``check_record``,
    and every line of an (id, version) that the inputs hold with different contents (E079).

    A first pass over all files, so that which content loads never depends on the order of the
    files or lines: a key given twice with two contents loads neither (the same content twice loads once).
    """
    skip: dict[tuple[Path, int], str] = {}
    seen: dict[tuple[str, int], dict[str, tuple[Path, int]]] = defaultdict(dict)
    lines: dict[tuple[str, int], list[tuple[Path, int, str]]] = defaultdict(list)
    for path in files:
        for item in read_objects(path):
            if isinstance(item, LineError):
                continue
            n, obj = item
            if _is_reject(obj):
                continue
            error = _check(path, n, obj)
            if error:
                skip[(path, n)] = error
                continue
            key = (obj["id"], obj.get("version") or 1)
            digest = record_sha256(obj)
            seen[key].setdefault(digest, (path, n))
            lines[key].append((path, n, digest))
    for key, contents in seen.items():
        if len(contents) < 2:
            continue
        for path, n, digest in lines[key]:
            other = next(where for d, where in contents.items() if d != digest)
            skip[(path, n)] = E079.format(input=path, line=n, id=key[0], version=key[1],
                                          other=f"{other[0]}:{other[1]}")
    return skip


def read_records(path: Path, summary: LoadSummary, skip: dict[tuple[Path, int], str]) -> Iterator[dict[str, Any]]:
    """Yield the records of one file; reject lines are counted, bad lines and ``skip``'s lines become errors."""
    for item in read_objects(path):
        if isinstance(item, LineError):
            summary.errors.append(item.message)
            continue
        n, obj = item
        if _is_reject(obj):
            summary.rejects += 1
        elif (path, n) in skip:
            summary.errors.append(skip[(path, n)])
        else:
            yield obj


BATCH = 500  # records per round of set-based statements


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _batches(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def insert_rows(db: Backend, table: Table, table_rows: list[tuple[Any, ...]]) -> None:
    """Insert rows with multi-row VALUES statements (one round trip per few hundred rows)."""
    cols = ", ".join(f'"{n}"' for n in table.names)
    per = max(1, 2000 // len(table.names))
    for chunk in _chunks(table_rows, per):
        values = ", ".join(f"({_marks(len(table.names))})" for _ in chunk)
        db.execute(f"INSERT INTO {table.name} ({cols}) VALUES {values}", [v for row in chunk for v in row])


def load_batch(db: Backend, records: list[dict[str, Any]]) -> dict[str, int]:
    """Load records (the last one wins for a key repeated in the batch); count keys new, replaced, unchanged."""
    latest: dict[tuple[str, int], dict[str, list[tuple[Any, ...]]]] = {}
    for record in records:
        table_rows = rows(record)
        doc = table_rows["documents"][0]
        latest[(doc[0], doc[1])] = table_rows
    ids = sorted({doc_id for doc_id, _ in latest})
    existing: dict[tuple[str, int], str] = {}
    for chunk in _chunks(ids, BATCH):
        for doc_id, version, digest in db.execute(
                f"SELECT id, version, record_sha256 FROM documents WHERE id IN ({_marks(len(chunk))})", chunk):
            existing[(doc_id, version)] = digest
    changed = {key: t for key, t in latest.items() if existing.get(key) != t["documents"][0][-1]}
    for doc_id, version in (key for key in changed if key in existing):
        for table in CHILDREN:
            db.execute(f"DELETE FROM {table.name} WHERE doc_id = ? AND version = ?", (doc_id, version))
        db.execute("DELETE FROM documents WHERE id = ? AND version = ?", (doc_id, version))
    for table in TABLES:
        insert_rows(db, table, [row for t in changed.values() for row in t[table.name]])
    mark_current(db, sorted({doc_id for doc_id, _ in changed}))
    replaced = sum(1 for key in changed if key in existing)
    return {"new": len(changed) - replaced, "replaced": replaced, "unchanged": len(latest) - len(changed)}


def mark_current(db: Backend, ids: list[str]) -> None:
    """Set ``current`` on the highest version of each id, and clear it on the others."""
    for chunk in _chunks(ids, BATCH):
        db.execute(f"UPDATE {DOCUMENTS.name} SET current = (version = (SELECT max(d.version) FROM {DOCUMENTS.name} d"
                   f" WHERE d.id = {DOCUMENTS.name}.id)) WHERE id IN ({_marks(len(chunk))})", chunk)


def load(inputs: list[str], url: str) -> LoadSummary:
    """Load every record of the inputs into the database at ``url`` (tables created if missing)."""
    summary = LoadSummary()
    started = time.perf_counter()
    db = connect(url)
    try:
        db.create_schema()
        create_registry_schema(db)
        files = list(record_files(inputs))
        skip = plan([f for f in files if isinstance(f, Path)])
        for path in files:
            if isinstance(path, str):
                summary.errors.append(E014.format(input=path, error="no such file or directory"))
                continue
            summary.files += 1
            # One transaction per file: a file loads whole or not at all.
            with db.transaction():
                registry = RegistryUpdate(db)  # documents_cited, citations, people (pipeline.registry)
                for batch in _batches(read_records(path, summary, skip), BATCH):
                    summary.records += len(batch)
                    for outcome, n in load_batch(db, batch).items():
                        setattr(summary, outcome, getattr(summary, outcome) + n)
                    registry.add(batch)
                registry.finish()
    finally:
        db.close()
    summary.seconds = time.perf_counter() - started
    return summary
