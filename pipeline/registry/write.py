"""Write the registry's tables to a folder, one file per table, as JSONL or CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from pipeline.core.errors import E061, OutputError
from pipeline.registry.build import TABLE_NAMES, Registry

FORMATS = ("jsonl", "csv")


def _cell(value: Any) -> Any:
    # lists (records, titles) are JSON in a CSV cell, so that a reader gets them back whole
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def write_tables(registry: Registry, folder: Path, fmt: str = "jsonl") -> list[Path]:
    """Write each table to ``folder/<table>.<fmt>`` and return the paths written."""
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in TABLE_NAMES:
            rows = getattr(registry, name)
            path = folder / f"{name}.{fmt}"
            with path.open("w", encoding="utf-8", newline="") as fh:
                if fmt == "csv":
                    columns = list(rows[0]) if rows else []
                    out = csv.writer(fh)
                    out.writerow(columns)
                    out.writerows([_cell(row[c]) for c in columns] for row in rows)
                else:
                    fh.writelines(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n" for row in rows)
            written.append(path)
    except OSError as exc:
        raise OutputError(E061.format(path=folder, error=exc.strerror or exc)) from None
    return written
