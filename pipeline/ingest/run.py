"""One ingest pass: list the portals' feeds and sitemaps, fetch new and changed articles, emit records.

Order of the steps, so that a crash between any two loses and duplicates nothing:

1. an append that a crash interrupted is cut off the daily files (``sink.recover``), and lines
   left in the outbox by an earlier run are published first;
2. a feed's or sitemap's URLs are noted in the state *before* its validators are saved
   (a crash in between refetches the listing instead of missing its URLs on a 304);
3. an article's record line enters the outbox in the transaction that marks its URL done
   (a crash before it leaves the URL to fetch again; after it, the line is safe);
4. outbox lines are appended to the daily files after each file's size is committed as a
   recovery marker, and leave the outbox with the marker (step 1 undoes a half-done append).

Which URLs a pass fetches, and in what order, is ``State.work``: never-tried URLs, then URLs
whose listing date changed or whose failure backoff is over, then up to ``revisit_budget``
known articles due for a revisit (fetched conditionally, to notice edits no listing announces).

A stop request (SIGTERM, Ctrl-C) ends the pass between two articles; one that arrives while an
article is being fetched or read interrupts it (``Stopped``), marks that URL failed and still
publishes the outbox.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pipeline.core.errors import E020
from pipeline.ingest.config import IngestConfig, Portal
from pipeline.ingest.feeds import Listed, parse_feed
from pipeline.ingest.fetch import Fetched, Fetcher, FetchError
from pipeline.ingest.html import Article, read_article
from pipeline.ingest.sink import day_path, publish, restart
from pipeline.ingest.sitemaps import parse_sitemap
from pipeline.ingest.state import State, UrlRow, exclusive, stamp_of
from pipeline.ingest.urls import canonical, record_id, refusal
from pipeline.stages.document import extract
from pipeline.stages.emit import add_ingest
from pipeline.stages.read import Document, Reject

log = logging.getLogger(__name__)
T = TypeVar("T")


def utcnow() -> str:
    """The current time, ISO 8601 in UTC to the second."""
    return stamp_of(datetime.now(UTC))


@dataclass
class PassSummary:
    """What one pass listed, fetched, emitted and set aside."""

    listings: int = 0        # feeds and sitemaps fetched with a new body
    not_modified: int = 0    # ... answered 304
    listing_errors: int = 0
    new: int = 0             # URLs seen for the first time (or let in again)
    due: int = 0             # known URLs whose listing date changed
    excluded: int = 0        # new URLs the portal's patterns leave out
    fetched: int = 0         # article pages fetched
    emitted: int = 0         # records written, first versions
    versions: int = 0        # records written for edited articles
    unchanged: int = 0
    failed: int = 0          # to retry on the next pass
    refused: int = 0
    published: int = 0       # lines added to the daily files
    revisits: int = 0        # known articles fetched again on schedule
    bad_entries: int = 0     # listing entries whose URL cannot be read (a reject the first time)
    seconds: float = 0.0
    stopped: tuple[str, str] | None = None  # (signal, URL in hand or "none") when a stop request ended the pass

    def line(self) -> str:
        """Return the one-line summary of the pass."""
        parts = ", ".join(f"{f.name.replace('_', ' ')} {getattr(self, f.name)}" for f in fields(self)
                          if f.name not in ("seconds", "stopped"))
        return f"ingest pass: {parts}; {self.seconds:.1f}s"


class Stopped(BaseException):
    """Raised by a stop request inside a fetch or a read, so that the article in hand ends at once.

    A BaseException, like KeyboardInterrupt: no ``except Exception`` on the way may swallow it.
    """


class Stop:
    """A stop request (SIGTERM, Ctrl-C): the pass ends between articles, or interrupts the article in hand."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signal = "a stop request"
        self._in_hand = False

    def request(self, signum: int, frame: object = None) -> None:
        """Signal handler: note the request; raise ``Stopped`` when an article is being fetched or read."""
        self.signal = signal.Signals(signum).name
        self.event.set()
        if self._in_hand:
            self._in_hand = False
            raise Stopped(self.signal)

    def set(self) -> None:
        """Ask the loop to stop after the article in hand (no signal)."""
        self.event.set()

    def is_set(self) -> bool:
        """Whether a stop was requested."""
        return self.event.is_set()

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for a stop request; return whether one came."""
        return self.event.wait(seconds)

    @contextlib.contextmanager
    def in_hand(self) -> Iterator[None]:
        """A section a stop request interrupts (a fetch, an extraction); raises ``Stopped`` if one came before."""
        if self.event.is_set():
            raise Stopped(self.signal)
        self._in_hand = True
        try:
            yield
        finally:
            self._in_hand = False


class Pass:
    """The steps of one pass over every portal of a config, writing to ``state`` and ``out_dir``."""

    def __init__(self, config: IngestConfig, state: State, out_dir: str | Path, fetcher: Fetcher,
                 now: Callable[[], str] = utcnow, stop: Stop | None = None):
        self.config, self.state, self.out, self.fetcher = config, state, Path(out_dir), fetcher
        self.now, self.stop = now, stop or Stop()
        self.portals = {p.name: p for p in config.portals}
        self.summary = PassSummary()
        self._unpublished = 0
        self._in_hand: str | None = None

    def run(self) -> PassSummary:
        """Run the pass and return its summary."""
        started = time.perf_counter()
        self.summary.published += restart(self.state, self.out)
        try:
            for portal in self.config.portals:
                for url in portal.feeds:
                    self.listing(portal, canonical(url), "feed", 0)
                for url in portal.sitemaps:
                    self.listing(portal, canonical(url), "sitemap", 0)
            for row in self.state.work(self.now(), self.config.revisit_budget):
                if self.stop.is_set():
                    self.summary.stopped = (self.stop.signal, "none")
                    break
                if row.portal in self.portals:
                    self.fetch_article(self.portals[row.portal], row)
                if self._unpublished >= self.config.publish_every:
                    self.flush()
        except Stopped as stopped:
            self.summary.stopped = (str(stopped), self._in_hand or "none")
        if self.stop.is_set() and self.summary.stopped is None:
            self.summary.stopped = (self.stop.signal, "none")
        self.flush()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def flush(self) -> None:
        """Append the outbox to the daily files under a recovery marker, then empty both."""
        self.summary.published += publish(self.state, self.out)
        self._unpublished = 0

    # listings

    def listing(self, portal: Portal, url: str, kind: str, depth: int) -> None:
        """Fetch one feed or sitemap (conditionally) and note the URLs it lists; sitemap indexes recurse."""
        when = self.now()
        known = self.state.source(url)
        # An index is fetched in full each time: a 304 on it would hide its children's changes.
        validators = (known.etag, known.last_modified) if known and known.kind != "sitemapindex" else (None, None)
        try:
            with self.stop.in_hand():
                got = self.fetcher.get(url, *validators)
            if got.not_modified:
                self.state.save_source(url, portal.name, kind, when, "not_modified")
                self.summary.not_modified += 1
                return
            if kind == "feed":
                listed, children = parse_feed(got.body, got.url), []
            else:
                sitemap = parse_sitemap(got.body, got.url, self.config.fetch.max_bytes)
                listed, children = sitemap.pages, sitemap.children
        except (FetchError, ValueError) as exc:
            log.warning("%s", exc)
            self.state.save_source(url, portal.name, kind, when, "failed", error=str(exc))
            self.summary.listing_errors += 1
            return
        self.summary.listings += 1
        for item in listed:
            self.note(portal, item, when, url)
        if children:
            kind = "sitemapindex"
            for child in children:
                if depth + 1 > self.config.sitemap_depth or refusal(child, portal.allowed_hosts):
                    log.warning("%s: sitemap %s not followed (depth or host)", url, child)
                    continue
                self.listing(portal, child, "sitemap", depth + 1)
        self.state.save_source(url, portal.name, kind, when, "ok", got.etag, got.last_modified)

    def note(self, portal: Portal, item: Listed, when: str, source: str) -> None:
        """Note one listed URL in the state; a bad entry gets its reject line (once)."""
        if item.error:
            log.warning("%s", item.error)
            line = json.dumps(Reject(item.url, None, item.error).to_dict(), ensure_ascii=False)
            self.state.bad_entry(source, item.url, when, day_path(when, rejects=True), line)
            self.summary.bad_entries += 1
            return
        # A URL of another scheme or host is kept (and later refused with a reject), never silently excluded.
        excluded = not portal.wants(item.url) and refusal(item.url, portal.allowed_hosts) is None
        status = self.state.discover(item.url, portal.name, record_id(item.url), item.updated, when, excluded)
        if status == "new":
            self.summary.new += 1
        elif status == "due":
            self.summary.due += 1
        elif status == "excluded":
            self.summary.excluded += 1

    # articles

    def fetch_article(self, portal: Portal, listed: UrlRow) -> None:
        """Fetch one article and emit its record if its text is new; record a failure or refusal otherwise."""
        row = self.state.get(listed.url)
        if row is None or row.fetched != listed.fetched or row.status not in ("new", "due", "failed", "done"):
            return None  # handled earlier in this pass, through a redirect from another URL
        when = self.now()
        why = refusal(row.url, portal.allowed_hosts)
        if why:
            return self.refuse(row, when, why)
        if row.status == "done":
            self.summary.revisits += 1
        # A page emitted before is asked for conditionally: a 304 costs neither a body nor an extraction.
        conditional = row.content_hash is not None
        try:
            # The one fetch call site for articles (validators, and later a cancel token, are passed here).
            got = self.held(row, when, lambda: self.fetcher.get(row.url, row.etag if conditional else None,
                                                                 row.last_modified if conditional else None))
        except FetchError as exc:
            if not exc.transient:
                return self.refuse(row, when, str(exc))
            log.warning("%s (will retry)", exc)
            self.state.failed(row.url, when, str(exc), not_before=stamp_of(exc.retry_at) if exc.retry_at else None)
            self.summary.failed += 1
            return None
        self.summary.fetched += 1
        if got.not_modified:
            return self.same(row, when, got)
        try:
            article = self.held(row, when, lambda: read_article(got.body, got.url, got.content_type))
        except ValueError as exc:
            return self.refuse(row, when, str(exc))
        digest = hashlib.sha256(f"{article.title or ''}\n{article.text}".encode()).hexdigest()
        if got.url != row.url:
            # The article lives where the redirect ends: one id per page, however many URLs lead to it.
            self.state.discover(got.url, portal.name, record_id(got.url), None, when)
            target = self.state.get(got.url)
            if target is None:
                return self.refuse(row, when, f"{got.url}: not in the state after discovery")
            if digest != target.content_hash:
                self.emit(portal, target, when, got, article, digest)
            else:
                self.summary.unchanged += 1
            self.state.unchanged(row.url, when, got.etag, got.last_modified)
            return None
        if digest == row.content_hash:
            return self.same(row, when, got)
        return self.emit(portal, row, when, got, article, digest)

    def emit(self, portal: Portal, row: UrlRow, when: str, got: Fetched, article: Article, digest: str) -> None:
        """Run the extractor on the article and commit its record line with the URL's new state."""
        version = row.version + 1
        doc = Document(id=row.record_id, text=article.text, source=row.url, title=article.title,
                       published=article.published, url=row.url, input=row.url)
        try:
            record = self.held(row, when, lambda: extract(doc, self.config.extract))
        except TimeoutError:
            budget = self.config.extract.budget_for(len(article.text))
            return self.refuse(row, when, E020.format(input=row.url, seconds=budget))
        record = add_ingest(record, {"fetched": when, "http": got.http(), "version": version,
                                     "supersedes": row.version or None, "byline": article.author,
                                     "portal": {"name": portal.name, "province": portal.province}})
        line = json.dumps(record, ensure_ascii=False)
        self.state.emitted(row.url, when, digest, version, got.etag, got.last_modified, day_path(when), line)
        self._unpublished += 1
        if version == 1:
            self.summary.emitted += 1
        else:
            self.summary.versions += 1
        return None

    def same(self, row: UrlRow, when: str, got: Fetched) -> None:
        """The page holds the text already emitted."""
        self.state.unchanged(row.url, when, got.etag, got.last_modified)
        self.summary.unchanged += 1

    def held(self, row: UrlRow, when: str, work: Callable[[], T]) -> T:
        """Return ``work()``, a fetch or read of ``row`` that a stop request may cut short (the URL is then failed)."""
        self._in_hand = row.url
        try:
            with self.stop.in_hand():
                try:
                    return work()
                except FetchError:
                    if self.stop.is_set():  # the fetcher gave up because a stop was asked for
                        raise Stopped(self.stop.signal) from None
                    raise
        except Stopped as stopped:
            # Failed without a backoff: the article was not at fault, it is due again on the next pass.
            self.state.failed(row.url, when, f"stopped by {stopped} while fetching or reading", backoff=False)
            raise

    def refuse(self, row: UrlRow, when: str, error: str) -> None:
        """Set a URL aside for good (until its listing changes) with a reject line."""
        log.warning("%s", error)
        line = json.dumps(Reject(row.url, None, error).to_dict(), ensure_ascii=False)
        self.state.refused(row.url, when, error, day_path(when, rejects=True), line)
        self._unpublished += 1
        self.summary.refused += 1


def run_pass(config: IngestConfig, state_path: str | Path, out_dir: str | Path, *,
             fetcher: Fetcher | None = None, now: Callable[[], str] = utcnow,
             stop: Stop | None = None) -> PassSummary:
    """Run one pass with its own state connection and HTTP client; return its summary."""
    state = State(state_path, config.retry_after, config.revisit_after)
    own = fetcher is None
    # a stop request also cuts short the fetcher's waits (Crawl-delay, Retry-After, a transfer in hand)
    fetcher = fetcher or Fetcher(config.fetch, config.hosts, cancel=stop.event if stop else None)
    try:
        return Pass(config, state, out_dir, fetcher, now, stop).run()
    finally:
        state.close()
        if own:
            fetcher.close()


def run_ingest(config: IngestConfig, state_path: str | Path, out_dir: str | Path, once: bool,
               stop: Stop, report: Callable[[PassSummary], None] = lambda s: None) -> None:
    """Run one pass, or passes every ``config.interval`` seconds until ``stop`` is set, holding the state's lock."""
    with exclusive(state_path):
        while not stop.is_set():
            started = time.monotonic()
            summary = run_pass(config, state_path, out_dir, stop=stop)
            report(summary)
            if once or summary.stopped:
                return
            stop.wait(max(0.0, config.interval - (time.monotonic() - started)))
