"""Ingest state in SQLite: every URL seen, its content hash and status, the feeds' validators, and the outbox.

A record or reject line is written to the outbox in the same transaction that marks its URL
done, so a crash either keeps both or neither; ``sink.publish`` later moves outbox lines into
the daily files. URL statuses:

- ``new``: listed, never fetched;  ``due``: fetched before, and its listing date changed since;
- ``done``: fetched, its latest text emitted (or unchanged);
- ``failed``: the last try hit a timeout, a 5xx or a network error; tried again every pass;
- ``refused``: will not be fetched or read (robots.txt, another host, not HTML, too large, 4xx, no text);
- ``excluded``: the portal's URL patterns leave it out.
"""

from __future__ import annotations

import contextlib
import fcntl
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import E044, VnfactsError

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY, portal TEXT NOT NULL, kind TEXT NOT NULL,
    etag TEXT, last_modified TEXT, fetched TEXT, status TEXT NOT NULL, error TEXT);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY, portal TEXT NOT NULL, record_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'due', 'done', 'failed', 'refused', 'excluded')),
    listed TEXT, content_hash TEXT, version INTEGER NOT NULL DEFAULT 0,
    etag TEXT, last_modified TEXT, first_seen TEXT NOT NULL, fetched TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, error TEXT);
CREATE INDEX IF NOT EXISTS urls_status ON urls (status);
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, line TEXT NOT NULL);
"""
WORK = ("new", "due", "failed")


@dataclass(frozen=True)
class UrlRow:
    """One URL's row in the state."""

    url: str
    portal: str
    record_id: str
    status: str
    listed: str | None
    content_hash: str | None
    version: int
    etag: str | None
    last_modified: str | None
    first_seen: str
    fetched: str | None
    attempts: int
    error: str | None


@dataclass(frozen=True)
class SourceRow:
    """A feed's or sitemap's validators from its last successful fetch."""

    url: str
    kind: str
    etag: str | None
    last_modified: str | None


@contextlib.contextmanager
def exclusive(path: str | Path) -> Iterator[None]:
    """Hold the lock beside a state file for the duration; raise VnfactsError when another run holds it."""
    lock_path = Path(f"{path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise VnfactsError(E044.format(path=path)) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class State:
    """The SQLite state file (WAL, synchronous=FULL: a committed transaction survives a crash)."""

    def __init__(self, path: str | Path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # feeds and sitemaps

    def source(self, url: str) -> SourceRow | None:
        """Return the validators of a feed or sitemap, or None before its first successful fetch."""
        row = self.db.execute("SELECT url, kind, etag, last_modified FROM sources WHERE url = ?", (url,)).fetchone()
        return SourceRow(*row) if row else None

    def save_source(self, url: str, portal: str, kind: str, when: str, status: str,
                    etag: str | None = None, last_modified: str | None = None, error: str | None = None) -> None:
        """Record a fetch of a feed or sitemap; validators are kept from the last 200 when this one has none."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO sources (url, portal, kind, etag, last_modified, fetched, status, error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
                " etag = CASE WHEN excluded.status = 'ok' THEN excluded.etag ELSE sources.etag END,"
                " last_modified = CASE WHEN excluded.status = 'ok' THEN excluded.last_modified"
                " ELSE sources.last_modified END,"
                " kind = excluded.kind, fetched = excluded.fetched, status = excluded.status, error = excluded.error",
                (url, portal, kind, etag, last_modified, when, status, error))

    # article URLs

    def get(self, url: str) -> UrlRow | None:
        """Return a URL's row, or None if it was never seen."""
        row = self.db.execute("SELECT * FROM urls WHERE url = ?", (url,)).fetchone()
        return UrlRow(*row) if row else None

    def discover(self, url: str, portal: str, record_id: str, listed: str | None, when: str,
                 excluded: bool = False) -> str:
        """Note a listed URL; return ``new`` (first seen or let in again), ``due``, ``excluded`` or ``known``.

        A done or refused URL becomes due when a listing gives it a later date than any seen before
        (feeds and sitemaps may list one URL with different dates; the latest counts).
        """
        row = self.get(url)
        with self._tx() as db:
            if row is None:
                status = "excluded" if excluded else "new"
                db.execute("INSERT INTO urls (url, portal, record_id, status, listed, first_seen) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (url, portal, record_id, status, listed, when))
                return status
            later = listed is not None and (row.listed is None or listed > row.listed)
            if later:
                db.execute("UPDATE urls SET listed = ? WHERE url = ?", (listed, url))
            if row.status == "excluded" and not excluded:
                db.execute("UPDATE urls SET status = 'new' WHERE url = ?", (url,))
                return "new"
            if later and row.status in ("done", "refused") and not excluded:
                db.execute("UPDATE urls SET status = 'due' WHERE url = ?", (url,))
                return "due"
        return "known"

    def work(self) -> list[UrlRow]:
        """Return the URLs to fetch in this pass: new, due and failed ones, oldest first."""
        marks = ", ".join("?" * len(WORK))
        rows = self.db.execute(f"SELECT * FROM urls WHERE status IN ({marks}) ORDER BY first_seen, url", WORK)
        return [UrlRow(*r) for r in rows]

    def emitted(self, url: str, when: str, content_hash: str, version: int, etag: str | None,
                last_modified: str | None, path: str, line: str) -> None:
        """Mark a URL done with its new version and put its record line in the outbox, in one transaction."""
        with self._tx() as db:
            db.execute("INSERT INTO outbox (path, line) VALUES (?, ?)", (path, line))
            db.execute("UPDATE urls SET status = 'done', content_hash = ?, version = ?, etag = ?, last_modified = ?,"
                       " fetched = ?, attempts = 0, error = NULL WHERE url = ?",
                       (content_hash, version, etag, last_modified, when, url))

    def unchanged(self, url: str, when: str, etag: str | None, last_modified: str | None) -> None:
        """Mark a URL done after a fetch that found the text already emitted (or a 304)."""
        with self._tx() as db:
            db.execute("UPDATE urls SET status = 'done', etag = COALESCE(?, etag),"
                       " last_modified = COALESCE(?, last_modified), fetched = ?, attempts = 0, error = NULL"
                       " WHERE url = ?", (etag, last_modified, when, url))

    def failed(self, url: str, when: str, error: str) -> None:
        """Record a transient failure; the URL is tried again on the next pass."""
        with self._tx() as db:
            db.execute("UPDATE urls SET status = 'failed', fetched = ?, attempts = attempts + 1, error = ?"
                       " WHERE url = ?", (when, error, url))

    def refused(self, url: str, when: str, error: str, path: str, line: str) -> None:
        """Mark a URL refused and put its reject line in the outbox (once per distinct error), in one transaction."""
        row = self.get(url)
        with self._tx() as db:
            if row is None or row.error != error or row.status != "refused":
                db.execute("INSERT INTO outbox (path, line) VALUES (?, ?)", (path, line))
            db.execute("UPDATE urls SET status = 'refused', fetched = ?, attempts = attempts + 1, error = ?"
                       " WHERE url = ?", (when, error, url))

    # outbox

    def outbox(self) -> list[tuple[int, str, str]]:
        """Return the lines not yet published: (seq, relative path, line), in the order they were committed."""
        return list(self.db.execute("SELECT seq, path, line FROM outbox ORDER BY seq"))

    def published(self, last_seq: int) -> None:
        """Drop the outbox lines up to ``last_seq``, which are now in the daily files."""
        with self._tx() as db:
            db.execute("DELETE FROM outbox WHERE seq <= ?", (last_seq,))

    def counts(self) -> dict[str, int]:
        """Return how many URLs have each status."""
        return dict(self.db.execute("SELECT status, count(*) FROM urls GROUP BY status"))
