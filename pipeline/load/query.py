"""Run one SQL file (such as ``examples/queries/*.sql``) on a loaded database and return its table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import E075, E076, VnfactsError
from pipeline.load.backends import connect


class QueryError(VnfactsError):
    """The SQL file cannot be read (E075) or its query failed (E076)."""


@dataclass(frozen=True)
class QueryResult:
    """The columns and rows a query returned."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


def read_sql(path: str | Path) -> str:
    """Return the SQL text of a file, or raise QueryError (E075) when it cannot be read or holds none."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(E075.format(path=path, problem=f"cannot read ({exc.strerror or exc})")) from None
    except UnicodeDecodeError as exc:
        raise QueryError(E075.format(path=path, problem=f"not UTF-8 ({exc.reason})")) from None
    code = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    if not code.strip(" \n\t;"):
        raise QueryError(E075.format(path=path, problem="holds no SQL statement"))
    return text


def run_query(path: str | Path, url: str) -> QueryResult:
    """Return the result of the SQL file at ``path`` run on the database at ``url`` (opened read-only).

    Raises QueryError (E075, E076) or ConfigError (E052, E054: a bad URL, a database that is missing).
    """
    text = read_sql(path)
    db = connect(url, read_only=True)
    try:
        columns, rows = db.query(text)
    except Exception as exc:  # each driver has its own error classes; all mean the query failed
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(E076.format(path=path, url=url, error=first)) from None
    finally:
        db.close()
    return QueryResult(columns, rows)
