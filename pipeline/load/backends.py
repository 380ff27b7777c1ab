"""The two databases: DuckDB (embedded, the default) and PostgreSQL, behind one small interface."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pipeline.core.errors import E052, E054, ConfigError
from pipeline.load.tables import TABLES, VIEWS, Table

TYPES = {
    "duckdb": {"text": "TEXT", "int": "INTEGER", "bool": "BOOLEAN", "date": "DATE",
               "timestamp": "TIMESTAMPTZ", "json": "JSON"},
    "postgresql": {"text": "TEXT", "int": "INTEGER", "bool": "BOOLEAN", "date": "DATE",
                   "timestamp": "TIMESTAMPTZ", "json": "JSONB"},
}


def create_table_sql(table: Table, dialect: str) -> str:
    """Return the CREATE TABLE IF NOT EXISTS statement of a table in a dialect."""
    types = TYPES[dialect]
    cols = [f'"{c.name}" {types[c.kind]}' + (" NOT NULL" if c.name in table.key else "") for c in table.columns]
    key = ", ".join(f'"{k}"' for k in table.key)
    return f"CREATE TABLE IF NOT EXISTS {table.name} ({', '.join(cols)}, PRIMARY KEY ({key}))"


class Backend:
    """A connection that runs portable SQL written with ``?`` placeholders."""

    dialect = ""
    placeholder = "?"

    def __init__(self, conn: Any):
        self.conn = conn

    def sql(self, text: str) -> str:
        """Return the statement with this backend's placeholders."""
        return text.replace("?", self.placeholder)

    def execute(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement and return its rows (empty for statements without any)."""
        if params:
            cur = self.conn.execute(self.sql(text), [self.adapt(p) for p in params])
        else:  # as written: a literal '%' or '?' in the SQL is no placeholder
            cur = self.conn.execute(text)
        return cur.fetchall() if cur.description else []

    def query(self, text: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run SQL as written and return the column names and rows of its (last) result."""
        cur = self.conn.execute(text)
        if not cur.description:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()

    def adapt(self, value: Any) -> Any:
        """Return a parameter as the driver wants it (dicts and lists are JSON)."""
        return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value

    def create_schema(self) -> None:
        """Create the tables and views if they are missing."""
        with self.transaction():
            for table in TABLES:
                self.execute(create_table_sql(table, self.dialect))
            for name, query in VIEWS.items():
                self.execute(f"CREATE OR REPLACE VIEW {name} AS {query}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


class DuckDB(Backend):
    """An embedded DuckDB file."""

    dialect = "duckdb"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction: committed when it ends, rolled back when it raises."""
        self.conn.begin()
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()


class Postgres(Backend):
    """A PostgreSQL server (psycopg 3)."""

    dialect = "postgresql"
    placeholder = "%s"

    def adapt(self, value: Any) -> Any:
        """Return a value as PostgreSQL takes it (dicts and lists as jsonb)."""
        from psycopg.types.json import Jsonb

        return Jsonb(value) if isinstance(value, (dict, list)) else value

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction: committed when it ends, rolled back when it raises."""
        with self.conn.transaction():
            yield


def connect(url: str, read_only: bool = False) -> Backend:
    """Return a backend for ``duckdb:///PATH`` (relative; ``duckdb:////abs/path`` absolute) or ``postgresql://…``.

    ``read_only`` opens a DuckDB file that must exist, without writing to it.
    """
    if url.startswith("duckdb:///"):
        import duckdb

        path = url[len("duckdb:///"):]
        if not path:
            raise ConfigError(E052.format(url=url))
        try:
            if read_only:
                return DuckDB(duckdb.connect(path, read_only=True))
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            return DuckDB(duckdb.connect(path))
        except (OSError, duckdb.Error) as exc:
            raise ConfigError(E054.format(url=url, error=str(exc).splitlines()[0])) from None
    if url.startswith(("postgresql://", "postgres://")):
        import psycopg

        try:
            return Postgres(psycopg.connect(url, autocommit=True, connect_timeout=10))
        except psycopg.Error as exc:
            raise ConfigError(E054.format(url=url, error=" ".join(str(exc).split()))) from None
    raise ConfigError(E052.format(url=url))
