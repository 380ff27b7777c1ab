"""Record files for the registry: files as given, directories' .jsonl(.gz) files, each line checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import E060, E065
from pipeline.core.jsonl import LineError, read_objects

SUFFIXES = (".jsonl", ".jsonl.gz")


@dataclass
class ReadSummary:
    """How many files and records were read, how many reject lines passed over, and the errors."""

    files: int = 0
    records: int = 0
    rejects: int = 0
    errors: list[str] = field(default_factory=list)


def record_files(inputs: list[str], summary: ReadSummary) -> Iterator[Path]:
    """Yield the record files of the inputs (directories recursively, sorted); a missing input is an error."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES)
                              and not p.name.startswith("."))
        elif path.is_file():
            yield path
        else:
            summary.errors.append(E065.format(input=item))


def read_records(inputs: list[str], summary: ReadSummary) -> Iterator[dict[str, Any]]:
    """Yield every record of the inputs; reject lines are counted, malformed lines become numbered errors."""
    for path in record_files(inputs, summary):
        summary.files += 1
        for item in read_objects(path):
            if isinstance(item, LineError):
                summary.errors.append(item.message)
                continue
            n, obj = item
            if "error" in obj and "input" in obj and "id" not in obj:
                summary.rejects += 1
                continue
            missing = next((k for k in ("id", "entities") if k not in obj), None)
            if missing or not isinstance(obj["entities"], list):
                summary.errors.append(E060.format(input=path, line=n, key=missing or "entities"))
                continue
            summary.records += 1
            yield obj
