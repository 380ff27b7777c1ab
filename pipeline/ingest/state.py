"""Ingest state in SQLite: every URL seen, its content hash and status, the feeds' validators, and the outbox.

A record or reject line is written to the outbox in the same transaction that marks its URL
done, so a crash either keeps both or neither; ``sink.publish`` later moves outbox lines into
the daily files. URL statuses:

- ``new``: listed, never fetched;  ``due``: fetched before, and its listing date changed since;
- ``done``: fetched, its latest text emitted (or unchanged); revisited from ``due_at`` on;
- ``failed``: the last try hit a timeout, a 5xx or a network error; tried again from ``due_at`` on;
- ``refused``: will not be fetched or read (robots.txt, another host, not HTML, too large, 4xx, no text);
- ``excluded``: the portal's URL patterns leave it out.

``due_at`` (ISO, UTC) is when a done or failed URL is next fetched; ``revisits`` counts the revisits
that found the text unchanged since it last changed, and ``attempts`` the failures in a row. The
``publishing`` table is the daily files' recovery marker: each file's size before an append, kept
until the appended lines leave the outbox (see ``sink``).
"""

from __future__ import annotations

import contextlib
import fcntl
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.core.errors import E044, E081, VnfactsError

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
CREATE TABLE IF NOT EXISTS publishing (path TEXT PRIMARY KEY, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bad_entries (
    source TEXT NOT NULL, url TEXT NOT NULL, seen TEXT NOT NULL, PRIMARY KEY (source, url));
"""
# Columns added after the first release; an older state file gets them on open.
ADDED = (("due_at", "TEXT"), ("revisits", "INTEGER NOT NULL DEFAULT 0"))
STAMP = "%Y-%m-%dT%H:%M:%SZ"


def stamp_of(moment: datetime) -> str:
    """Return ``moment`` as the state's stamp: ISO 8601 in UTC to the second (a naive time is taken as UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).strftime(STAMP)


def later(when: str, seconds: float) -> str:
    """Return the ISO UTC time ``seconds`` after ``when``."""
    return (datetime.strptime(when, STAMP).replace(tzinfo=UTC) + timedelta(seconds=seconds)).strftime(STAMP)


def step(schedule: tuple[float, ...], n: int) -> float:
    """Return the ``n``-th wait of a schedule (0-based); past its end, the last one."""
    return schedule[min(max(n, 0), len(schedule) - 1)]


@dataclass(frozen=True)
class PortalStatus:
    """Where one portal's URLs stand at a given time (``vnfacts ingest --status``)."""

    portal: str
    urls: int
    new: int            # listed, never fetched
    due: int            # fetched before, to fetch now: a changed listing date, a retry or a revisit
    failing: int        # the last try failed
    backed_off: int     # failing and not to be tried before ``next_try``
    next_try: str | None
    refused: int
    excluded: int
    next_due: str | None  # the earliest time a URL of this portal not due now becomes due

    def line(self) -> str:
        """Return the portal's status line."""
        backed = f"{self.backed_off} (next try {self.next_try})" if self.next_try else str(self.backed_off)
        return (f"{self.portal}: urls {self.urls}, due now {self.new + self.due} (new {self.new}, "
                f"due {self.due}), failing {self.failing}, backed off {backed}, refused {self.refused}, "
                f"excluded {self.excluded}, next due {self.next_due or '-'}")


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
    due_at: str | None = None
    revisits: int = 0


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

    def __init__(self, path: str | Path, retry_after: tuple[float, ...] = (3600.0,),
                 revisit_after: tuple[float, ...] = (3600.0,)):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.retry_after, self.revisit_after = retry_after, revisit_after
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)
        have = {row[1] for row in self.db.execute("PRAGMA table_info(urls)")}
        for name, kind in ADDED:
            if name not in have:
                self.db.execute(f"ALTER TABLE urls ADD COLUMN {name} {kind}")

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

    def work(self, now: str, revisit_budget: int) -> list[UrlRow]:
        """Return the URLs to fetch in a pass at ``now``, in order.

        Never-tried URLs come first (oldest first), then URLs whose listing date changed and
        failed URLs whose backoff is over (earliest due first), then at most ``revisit_budget``
        done articles whose revisit is due (earliest due first). Backed-off URLs wait.
        """
        fresh = self.db.execute("SELECT * FROM urls WHERE status = 'new' ORDER BY first_seen, url")
        due = self.db.execute("SELECT * FROM urls WHERE status = 'due' OR (status = 'failed' AND"
                              " (due_at IS NULL OR due_at <= ?)) ORDER BY coalesce(due_at, ''), url", (now,))
        rows = [UrlRow(*r) for r in fresh] + [UrlRow(*r) for r in due]
        revisits = self.db.execute("SELECT * FROM urls WHERE status = 'done' AND due_at <= ?"
                                   " ORDER BY due_at, url LIMIT ?", (now, revisit_budget))
        return rows + [UrlRow(*r) for r in revisits]

    def emitted(self, url: str, when: str, content_hash: str, version: int, etag: str | None,
                last_modified: str | None, path: str, line: str) -> None:
        """Mark a URL done with its new version and put its record line in the outbox, in one transaction.

        A changed article is revisited after the first step of the revisit schedule again.
        """
        with self._tx() as db:
            db.execute("INSERT INTO outbox (path, line) VALUES (?, ?)", (path, line))
            db.execute("UPDATE urls SET status = 'done', content_hash = ?, version = ?, etag = ?, last_modified = ?,"
                       " fetched = ?, attempts = 0, error = NULL, revisits = 0, due_at = ? WHERE url = ?",
                       (content_hash, version, etag, last_modified, when, later(when, self.revisit_after[0]), url))

    def unchanged(self, url: str, when: str, etag: str | None, last_modified: str | None) -> None:
        """Mark a URL done after a fetch that found the text already emitted (or a 304); revisit it later."""
        row = self.get(url)
        revisits = (row.revisits + 1) if row and row.fetched else 0
        with self._tx() as db:
            db.execute("UPDATE urls SET status = 'done', etag = COALESCE(?, etag),"
                       " last_modified = COALESCE(?, last_modified), fetched = ?, attempts = 0, error = NULL,"
                       " revisits = ?, due_at = ? WHERE url = ?",
                       (etag, last_modified, when, revisits, later(when, step(self.revisit_after, revisits)), url))

    def failed(self, url: str, when: str, error: str, backoff: bool = True, not_before: str | None = None) -> None:
        """Record a transient failure: the first in a row is tried again on the next pass, later ones back off.

        ``backoff=False`` (a pass stopped with the URL in hand) keeps the count and makes it due at once.
        ``not_before`` (the server's ``Retry-After``, as a UTC stamp) puts the next try no earlier than it.
        """
        row = self.get(url)
        attempts = (row.attempts if row else 0) + (1 if backoff else 0)
        due_at = later(when, step(self.retry_after, attempts - 2)) if backoff and attempts > 1 else None
        if not_before is not None and not_before > (due_at or when):
            due_at = not_before
        with self._tx() as db:
            db.execute("UPDATE urls SET status = 'failed', fetched = ?, attempts = ?, error = ?, due_at = ?"
                       " WHERE url = ?", (when, attempts, error, due_at, url))

    def bad_entry(self, source: str, url: str, when: str, path: str, line: str) -> bool:
        """Note a listing entry whose URL cannot be read; put its reject line in the outbox the first time only."""
        with self._tx() as db:
            added = db.execute("INSERT OR IGNORE INTO bad_entries (source, url, seen) VALUES (?, ?, ?)",
                               (source, url, when)).rowcount
            if added:
                db.execute("INSERT INTO outbox (path, line) VALUES (?, ?)", (path, line))
        return bool(added)

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

    def publishing(self) -> dict[str, int]:
        """Return the recovery marker: each daily file's size before an append not yet acknowledged."""
        return dict(self.db.execute("SELECT path, size FROM publishing"))

    def begin_publish(self, sizes: dict[str, int]) -> None:
        """Commit each daily file's size before the outbox lines are appended to it."""
        with self._tx() as db:
            db.execute("DELETE FROM publishing")
            db.executemany("INSERT INTO publishing (path, size) VALUES (?, ?)", sorted(sizes.items()))

    def published(self, last_seq: int) -> None:
        """Drop the outbox lines up to ``last_seq``, now appended to the daily files, with the recovery marker."""
        with self._tx() as db:
            db.execute("DELETE FROM outbox WHERE seq <= ?", (last_seq,))
            db.execute("DELETE FROM publishing")

    def counts(self) -> dict[str, int]:
        """Return how many URLs have each status."""
        return dict(self.db.execute("SELECT status, count(*) FROM urls GROUP BY status"))

    def status(self, now: str) -> list[PortalStatus]:
        """Return where each portal's URLs stand at ``now``, portals by name."""
        return _status(self.db, now)


def _status(db: sqlite3.Connection, now: str) -> list[PortalStatus]:
    rows = db.execute("""
            SELECT portal, count(*),
                   sum(status = 'new'),
                   sum(status = 'due' OR (status IN ('failed', 'done') AND coalesce(due_at, '') <= :now)),
                   sum(status = 'failed'),
                   sum(status = 'failed' AND due_at > :now),
                   min(CASE WHEN status = 'failed' AND due_at > :now THEN due_at END),
                   sum(status = 'refused'), sum(status = 'excluded'),
                   min(CASE WHEN status IN ('failed', 'done') AND due_at > :now THEN due_at END)
            FROM urls GROUP BY portal ORDER BY portal""", {"now": now})
    return [PortalStatus(*row) for row in rows]


def read_status(path: str | Path, now: str) -> list[PortalStatus]:
    """Return each portal's status in the state file at ``path``, opened read-only (it is never created).

    Raises VnfactsError (E081) when the file is missing or is no ingest state.
    """
    if not Path(path).is_file():
        raise VnfactsError(E081.format(path=path, error="no such file"))
    try:
        db = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise VnfactsError(E081.format(path=path, error=exc)) from None
    try:
        return _status(db, now)
    except sqlite3.Error as exc:
        raise VnfactsError(E081.format(path=path, error=exc)) from None
    finally:
        db.close()
