"""Fetch one URL politely and safely with httpx, whatever the server does.

Only http/https URLs on the configured hosts and ports are requested, at every redirect hop.
robots.txt is obeyed (RFC 9309), requests to one host are spaced by the configured delay (or the
robots.txt Crawl-delay when longer, up to a cap), 5xx/429/408 answers and timeouts are retried with
exponential backoff unless the server names a time (Retry-After, capped), conditional GET is
supported, and each request has a wall-clock deadline covering connect, headers and body. Bodies
are read raw and their content codings undone under the size limit, layer by layer. Every wait and
every transfer ends promptly once the caller's cancel token is set.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.core.errors import E036, E037, E038, E039, E040, E043, E045, E047, E049, E050
from pipeline.ingest import robots
from pipeline.ingest.config import FetchSettings
from pipeline.ingest.decode import ACCEPT, CHUNK, TooLarge, Unreadable, codings, decode
from pipeline.ingest.robots import Robots
from pipeline.ingest.state import stamp_of
from pipeline.ingest.urls import canonical, refusal

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
TICK = 0.05   # seconds between two looks at the deadline and the cancel token during a transfer


class Kind(Enum):
    """What became of one fetch."""

    FETCHED = "fetched"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"
    REFUSED = "refused"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Fetched:
    """A successful answer: the final URL after redirects, status 200 or 304, body and HTTP metadata."""

    url: str
    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None

    @property
    def kind(self) -> Kind:
        """NOT_MODIFIED for a 304, FETCHED otherwise."""
        return Kind.NOT_MODIFIED if self.status == 304 else Kind.FETCHED

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304 to a conditional GET."""
        return self.status == 304

    def http(self) -> dict[str, object]:
        """Return the record's ``http`` block."""
        return {"status": self.status, "etag": self.etag, "last_modified": self.last_modified,
                "content_type": self.content_type}


@dataclass(frozen=True)
class Failed:
    """No usable answer; ``error`` is the numbered line.

    A ``temporary`` failure is worth another try: at ``retry_at`` when the server named a time
    (E050) or robots.txt did (E047), on a later pass otherwise. A permanent one is a reject.
    """

    url: str
    error: str
    temporary: bool
    retry_at: datetime | None = None
    kind: ClassVar[Kind] = Kind.FAILED


@dataclass(frozen=True)
class Refused:
    """Never requested: not http(s), a host and port the config does not name, or disallowed by robots.txt."""

    url: str
    error: str
    kind: ClassVar[Kind] = Kind.REFUSED


@dataclass(frozen=True)
class Cancelled:
    """The caller's cancel token was set before the answer was whole; nothing is known of the URL."""

    url: str
    kind: ClassVar[Kind] = Kind.CANCELLED


Result = Fetched | Failed | Refused | Cancelled


class FetchError(Exception):
    """A URL could not be fetched (raised by ``Fetcher.get``). ``transient`` errors are retried on the next pass."""

    def __init__(self, message: str, transient: bool, retry_at: datetime | None = None):
        super().__init__(message)
        self.transient, self.retry_at = transient, retry_at


class _Stop(Exception):
    """Ends a fetch with its result."""

    def __init__(self, result: Failed | Refused):
        super().__init__(result.error)
        self.result = result


class _Cancel(Exception):
    """The cancel token was set."""


class _Deadline(Exception):
    """The request did not finish within the deadline."""


class _Retry(Exception):
    """A try that may succeed if repeated (5xx, 429, 408, timeout, network error)."""

    def __init__(self, why: str, status: int | None = None, retry_at: datetime | None = None):
        super().__init__(why)
        self.status, self.retry_at = status, retry_at


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes


@dataclass(frozen=True)
class _Later:
    """Why an origin's robots.txt cannot be read now, and when the server said to come back."""

    error: str
    retry_at: datetime | None


def utcnow() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def retry_after(value: str | None, now: datetime, cap: float) -> datetime | None:
    """Return when a Retry-After value (seconds or an HTTP-date) asks to come back.

    The time is at most ``cap`` seconds after ``now``, and ``now`` for a time already past; None
    when the header is absent or unreadable.
    """
    value = (value or "").strip()
    if value.isdigit():
        wait = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        wait = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp() - now.timestamp()
    return now + timedelta(seconds=min(max(wait, 0.0), cap))


class Fetcher:
    """An HTTP client for one pass: robots.txt cache, per-host clock, and the limits of ``settings``.

    Setting ``cancel`` (e.g. from a SIGTERM handler) ends any wait and any transfer within
    ``TICK`` seconds; the fetch in hand then returns ``Cancelled``.
    """

    def __init__(self, settings: FetchSettings, hosts: frozenset[str], *,
                 sleep: Callable[[float], None] | None = None, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = utcnow, cancel: threading.Event | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self.hosts = hosts
        self.cancel = cancel or threading.Event()
        self._sleep, self._clock, self._now = sleep, clock, now
        self._last: dict[str, float] = {}
        self._robots: dict[str, Robots | _Later] = {}
        self.agent = settings.user_agent.split("/")[0].split()[0]
        self._client = httpx.Client(timeout=httpx.Timeout(settings.timeout), follow_redirects=False,
                                    headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT},
                                    trust_env=False, transport=transport)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Result:
        """Return what became of ``url``: Fetched, Failed, Refused or Cancelled; never raises for what a server does.

        Fetched has status 304 when ``etag``/``last_modified`` (from an earlier Fetched) still hold.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        tries = self.settings.retries + 1
        try:
            for attempt in range(tries):
                try:
                    return self._follow(url, headers)
                except _Retry as exc:
                    if exc.retry_at is not None:
                        return Failed(url, E050.format(url=url, when=stamp_of(exc.retry_at), status=exc.status),
                                      temporary=True, retry_at=exc.retry_at)
                    if attempt + 1 == tries:
                        return Failed(url, E038.format(url=url, tries=tries, error=exc), temporary=True)
                    self._wait(self.settings.backoff * 2 ** attempt)
        except _Stop as stop:
            return stop.result
        except _Cancel:
            return Cancelled(url)
        raise AssertionError("unreachable")

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """Return the answer for ``url`` as ``fetch`` does; raise FetchError for any other result."""
        result = self.fetch(url, etag, last_modified)
        if isinstance(result, Fetched):
            return result
        if isinstance(result, Cancelled):
            raise FetchError(f"{url}: fetch cancelled", transient=True)
        if isinstance(result, Refused):
            raise FetchError(result.error, transient=False)
        raise FetchError(result.error, transient=result.temporary, retry_at=result.retry_at)

    def _follow(self, url: str, headers: dict[str, str]) -> Fetched:
        first, seen = url, {url}
        for _ in range(self.settings.max_redirects + 1):
            self._check(url)
            try:
                answer = self._exchange(url, headers, self.settings.max_bytes)
            except (_Deadline, TooLarge, Unreadable) as exc:
                raise _Stop(self._failure(url, exc)) from None
            if answer.status in REDIRECT_STATUS and "location" in answer.headers:
                url = canonical(urljoin(url, answer.headers["location"]))
                if url in seen:
                    break
                seen.add(url)
                continue
            if answer.status not in (200, 304):
                raise _Stop(Failed(url, E037.format(url=url, status=answer.status), temporary=False))
            h = answer.headers
            return Fetched(url=url, status=answer.status, body=answer.body, etag=h.get("etag"),
                           last_modified=h.get("last-modified"), content_type=h.get("content-type"))
        raise _Stop(Failed(first, E039.format(url=first, limit=self.settings.max_redirects), temporary=False))

    def _failure(self, url: str, exc: Exception) -> Failed:
        if isinstance(exc, _Deadline):
            return Failed(url, E045.format(url=url, seconds=self.settings.deadline), temporary=True)
        limit = self.settings.max_bytes
        if isinstance(exc, TooLarge) and exc.layer == 0:
            return Failed(url, E040.format(url=url, limit=limit), temporary=False)
        if isinstance(exc, TooLarge):
            return Failed(url, E049.format(url=url, codings=str(exc.codings), limit=limit), temporary=False)
        return Failed(url, E043.format(url=url, kind="body", error=exc), temporary=False)

    def _check(self, url: str) -> None:
        why = refusal(url, self.hosts)
        if why:
            raise _Stop(Refused(url, why))
        if not self.settings.robots:
            return
        rules = self._robots_for(url)
        if isinstance(rules, _Later):
            origin = robots.robots_url(url).removesuffix("/robots.txt")
            raise _Stop(Failed(url, E047.format(url=url, origin=origin, error=rules.error), temporary=True,
                               retry_at=rules.retry_at))
        if not rules.allows(url, self.agent):
            raise _Stop(Refused(url, E036.format(url=url, agent=self.agent)))

    def _wait(self, seconds: float) -> None:
        """Sleep ``seconds``, or less when cancelled; raise _Cancel once the token is set."""
        if seconds > 0:
            if self._sleep is not None:
                self._sleep(seconds)
            else:
                self.cancel.wait(seconds)
        if self.cancel.is_set():
            raise _Cancel

    def _exchange(self, url: str, headers: dict[str, str], limit: int, keep: int | None = None) -> _Answer:
        """One request after the host's delay: the status, headers and (for 2xx) decoded body.

        The transfer runs on a worker thread so that the deadline and the cancel token hold even
        while a read blocks; an abandoned worker stops at its next chunk or read timeout.
        """
        host = urlsplit(url).netloc
        self._wait(self._last.get(host, float("-inf")) + self._delay(url) - self._clock())
        box: list[_Answer | BaseException] = []
        done, abandon = threading.Event(), threading.Event()

        def work() -> None:
            try:
                box.append(self._transfer(url, headers, limit, keep, abandon))
            except BaseException as exc:  # handed to the waiting thread, which raises it
                box.append(exc)
            finally:
                done.set()

        threading.Thread(target=work, name=f"fetch {url}", daemon=True).start()
        ends = time.monotonic() + self.settings.deadline
        try:
            while not done.wait(TICK):
                if self.cancel.is_set():
                    raise _Cancel
                if time.monotonic() >= ends:
                    raise _Deadline
        finally:
            abandon.set()
            self._last[host] = self._clock()
        [got] = box
        if isinstance(got, BaseException):
            raise got
        if got.status in RETRY_STATUS:
            when = retry_after(got.headers.get("retry-after"), self._now(), self.settings.max_retry_after) \
                if got.status in (429, 503) else None
            raise _Retry(f"HTTP status {got.status}", got.status, when)
        return got

    def _transfer(self, url: str, headers: dict[str, str], limit: int, keep: int | None,
                  abandon: threading.Event) -> _Answer:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                ok = 200 <= response.status_code < 300
                body = self._body(response, limit, keep, abandon) if ok else b""
                return _Answer(response.status_code, response.headers, body)
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out: {type(exc).__name__}") from None
        except httpx.TransportError as exc:
            raise _Retry(f"network error: {exc}") from None

    @staticmethod
    def _body(response: httpx.Response, limit: int, keep: int | None, abandon: threading.Event) -> bytes:
        """The body with its content codings undone; only the first ``keep`` bytes when given."""
        length = response.headers.get("content-length", "")
        if keep is None and length.isdigit() and int(length) > limit:
            raise TooLarge(0, int(length))
        applied = codings(response.headers.get("content-encoding"))
        chunks, size = [], 0
        try:
            for part in decode(response.iter_raw(), applied, limit):
                if abandon.is_set():
                    break   # the caller has gone: deadline or cancel
                chunks.append(part)
                size += len(part)
                if keep is not None and size >= keep:
                    break
        except TooLarge as exc:
            exc.codings = ", ".join(applied)
            raise
        return b"".join(chunks)

    def _delay(self, url: str) -> float:
        rules = self._robots.get(robots.robots_url(url))
        asked = rules.delay(self.agent, self.settings.max_crawl_delay) if isinstance(rules, Robots) else 0.0
        return max(self.settings.delay, asked)

    def _robots_for(self, url: str) -> Robots | _Later:
        where = robots.robots_url(url)
        if where not in self._robots:
            self._robots[where] = self._load_robots(where)
        return self._robots[where]

    def _load_robots(self, url: str) -> Robots | _Later:
        """The origin's rules, or why they cannot be read now (retried like a page)."""
        tries = self.settings.retries + 1
        for attempt in range(tries):
            try:
                return self._robots_rules(url)
            except _Retry as exc:
                if exc.retry_at is not None or attempt + 1 == tries:
                    return _Later(f"{exc} after {attempt + 1} tries", exc.retry_at)
                self._wait(self.settings.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _robots_rules(self, url: str) -> Robots | _Later:
        """RFC 9309 2.3.1: follow up to five redirects on the allowed hosts, then read what the status means."""
        for _ in range(robots.REDIRECTS + 1):
            if refusal(url, self.hosts):
                # Rules we may not read are not no rules: the origin waits until its robots.txt stays home.
                return _Later(f"redirected to {url}, outside the allowed hosts", None)
            try:
                answer = self._exchange(url, {}, robots.LIMIT + 4 * CHUNK, keep=robots.LIMIT)
            except _Deadline:
                return _Later(f"no complete answer within {self.settings.deadline:g} s", None)
            except (TooLarge, Unreadable) as exc:
                return _Later(f"unreadable: {exc}", None)
            if answer.status in REDIRECT_STATUS and "location" in answer.headers:
                url = canonical(urljoin(url, answer.headers["location"]))
                continue
            meaning = robots.answer_of(answer.status)
            if meaning is robots.Answer.LATER:
                raise _Retry(f"HTTP status {answer.status}", answer.status)
            return robots.parse_robots(answer.body) if meaning is robots.Answer.RULES else Robots()
        return Robots()   # more than five redirects: RFC 9309 lets it count as unavailable, i.e. no rules
