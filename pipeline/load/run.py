"""Load record files into a database, idempotently: same record, no change; new version, new current row."""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pipeline.errors import E050, E051, E053
from pipeline.load.backends import Backend, connect
from pipeline.load.tables import CHILDREN, DOCUMENTS, TABLES, rows

SUFFIXES = (".jsonl", ".jsonl.gz")


@dataclass
class LoadSummary:
    """What a load read and did."""

    files: int = 0
    records: int = 0
    new: int = 0          # (id, version) not in the database before
    replaced: int = 0     # (id, version) there with other content (e.g. extracted again)
    unchanged: int = 0
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


def read_records(path: Path, summary: LoadSummary) -> Iterator[dict[str, Any]]:
    """Yield the records of one file; reject lines are counted, bad lines become errors naming file and line."""
    name = str(path)
    opener = gzip.open if name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    summary.errors.append(E050.format(input=name, line=n, error=str(exc).splitlines()[0]))
                    continue
                if isinstance(obj, dict) and "error" in obj and "input" in obj and "id" not in obj:
                    summary.rejects += 1
                    continue
                missing = next((k for k in ("id", "entities") if not isinstance(obj, dict) or k not in obj), None)
                if missing or not isinstance(obj["entities"], list):
                    summary.errors.append(E051.format(input=name, line=n, key=missing or "entities"))
                    continue
                yield obj
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        summary.errors.append(E053.format(input=name, error=exc))


def _insert(table_name: str, names: tuple[str, ...]) -> str:
    cols = ", ".join(f'"{n}"' for n in names)
    return f"INSERT INTO {table_name} ({cols}) VALUES ({', '.join('?' * len(names))})"


def load_record(db: Backend, record: dict[str, Any]) -> str:
    """Load one record; return ``new``, ``replaced`` or ``unchanged``."""
    table_rows = rows(record)
    doc = table_rows["documents"][0]
    doc_id, version, digest = doc[0], doc[1], doc[-1]
    found = db.execute("SELECT record_sha256 FROM documents WHERE id = ? AND version = ?", (doc_id, version))
    if found and found[0][0] == digest:
        return "unchanged"
    for table in CHILDREN:
        db.execute(f"DELETE FROM {table.name} WHERE doc_id = ? AND version = ?", (doc_id, version))
    db.execute("DELETE FROM documents WHERE id = ? AND version = ?", (doc_id, version))
    for table in TABLES:
        db.executemany(_insert(table.name, table.names), table_rows[table.name])
    return "replaced" if found else "new"


def mark_current(db: Backend, ids: set[str]) -> None:
    """Set ``current`` on the highest version of each id, and clear it on the others."""
    for doc_id in sorted(ids):
        db.execute(f"UPDATE {DOCUMENTS.name} SET current = (version = (SELECT max(version) FROM {DOCUMENTS.name}"
                   f" WHERE id = ?)) WHERE id = ?", (doc_id, doc_id))


def load(inputs: list[str], url: str) -> LoadSummary:
    """Load every record of the inputs into the database at ``url`` (tables created if missing)."""
    summary = LoadSummary()
    started = time.perf_counter()
    db = connect(url)
    try:
        db.create_schema()
        for path in record_files(inputs):
            if isinstance(path, str):
                summary.errors.append(E053.format(input=path, error="no such file or directory"))
                continue
            summary.files += 1
            touched: set[str] = set()
            # One transaction per file: a file loads whole or not at all.
            with db.transaction():
                for record in read_records(path, summary):
                    summary.records += 1
                    outcome = load_record(db, record)
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
                    if outcome != "unchanged":
                        touched.add(str(record["id"]))
                mark_current(db, touched)
    finally:
        db.close()
    summary.seconds = time.perf_counter() - started
    return summary
