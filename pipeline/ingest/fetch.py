"""Fetch one URL politely and safely with httpx.

Only http/https URLs on the configured hosts are requested, at every redirect hop.
robots.txt is obeyed, requests to one host are spaced by the configured delay (or the
robots.txt crawl-delay when longer), 5xx/429/408 answers and timeouts are retried with
exponential backoff, feeds and sitemaps use conditional GET, and bodies larger than the
limit are refused while streaming, whether or not the server announced their length.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from pipeline.core.errors import E036, E037, E038, E039, E040
from pipeline.ingest.config import FetchSettings
from pipeline.ingest.urls import canonical, refusal

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


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
    def not_modified(self) -> bool:
        """True when the server answered 304 to a conditional GET."""
        return self.status == 304

    def http(self) -> dict[str, object]:
        """Return the record's ``http`` block."""
        return {"status": self.status, "etag": self.etag, "last_modified": self.last_modified,
                "content_type": self.content_type}


class FetchError(Exception):
    """A URL could not be fetched. ``transient`` errors are retried on the next pass."""

    def __init__(self, message: str, transient: bool):
        super().__init__(message)
        self.transient = transient


class _Retry(Exception):
    """A try that may succeed if repeated (5xx, 429, 408, timeout, network error)."""


class Fetcher:
    """An HTTP client for one pass: robots.txt cache, per-host clock, and the limits of ``settings``."""

    def __init__(self, settings: FetchSettings, hosts: frozenset[str], *,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self.hosts = hosts
        self._sleep, self._clock = sleep, clock
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | FetchError] = {}
        self.agent = settings.user_agent.split("/")[0].split()[0]
        self._client = httpx.Client(timeout=httpx.Timeout(settings.timeout), follow_redirects=False,
                                    headers={"User-Agent": settings.user_agent}, trust_env=False,
                                    transport=transport)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """Return the answer for ``url`` (304 when the validators still hold); raise FetchError otherwise."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        tries = self.settings.retries + 1
        for attempt in range(tries):
            try:
                return self._follow(url, headers)
            except _Retry as exc:
                if attempt + 1 == tries:
                    raise FetchError(E038.format(url=url, tries=tries, error=exc), transient=True) from None
                self._sleep(self.settings.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict[str, str]) -> Fetched:
        first, seen = url, {url}
        for _ in range(self.settings.max_redirects + 1):
            self._check(url)
            response = self._send(url, headers)
            try:
                if response.status_code in REDIRECT_STATUS and "location" in response.headers:
                    url = canonical(urljoin(url, response.headers["location"]))
                    if url in seen:
                        break
                    seen.add(url)
                    continue
                return self._read(url, response)
            finally:
                response.close()
        raise FetchError(E039.format(url=first, limit=self.settings.max_redirects), transient=False)

    def _check(self, url: str) -> None:
        why = refusal(url, self.hosts)
        if why:
            raise FetchError(why, transient=False)
        if self.settings.robots and not self._robots_for(url).can_fetch(self.settings.user_agent, url):
            raise FetchError(E036.format(url=url, agent=self.agent), transient=False)

    def _send(self, url: str, headers: dict[str, str]) -> httpx.Response:
        host = urlsplit(url).netloc
        wait = self._last.get(host, float("-inf")) + self._delay(host) - self._clock()
        if wait > 0:
            self._sleep(wait)
        try:
            response = self._client.send(self._client.build_request("GET", url, headers=headers), stream=True)
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out: {type(exc).__name__}") from None
        except httpx.TransportError as exc:
            raise _Retry(f"network error: {exc}") from None
        finally:
            self._last[host] = self._clock()
        if response.status_code in RETRY_STATUS:
            response.close()
            raise _Retry(f"HTTP status {response.status_code}")
        return response

    def _read(self, url: str, response: httpx.Response) -> Fetched:
        if response.status_code not in (200, 304):
            raise FetchError(E037.format(url=url, status=response.status_code), transient=False)
        limit = self.settings.max_bytes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise FetchError(E040.format(url=url, limit=limit), transient=False)
        chunks, size = [], 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(E040.format(url=url, limit=limit), transient=False)
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out: {type(exc).__name__}") from None
        except httpx.TransportError as exc:
            raise _Retry(f"network error: {exc}") from None
        h = response.headers
        return Fetched(url=url, status=response.status_code, body=b"".join(chunks), etag=h.get("etag"),
                       last_modified=h.get("last-modified"), content_type=h.get("content-type"))

    def _delay(self, host: str) -> float:
        robots = self._robots.get(host)
        asked = robots.crawl_delay(self.settings.user_agent) if isinstance(robots, RobotFileParser) else None
        return max(self.settings.delay, float(asked or 0))

    def _robots_for(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            self._robots[host] = self._load_robots(f"{parts.scheme}://{host}/robots.txt")
        robots = self._robots[host]
        if isinstance(robots, FetchError):
            raise robots
        return robots

    def _load_robots(self, url: str) -> RobotFileParser | FetchError:
        """RFC 9309: a 4xx robots.txt allows everything; an unreachable one (5xx, timeout) allows nothing for now."""
        parser = RobotFileParser(url)
        for attempt in range(self.settings.retries + 1):
            try:
                fetched = self._robots_body(url)
                parser.parse(fetched.decode("utf-8", "replace").splitlines() if fetched is not None else [])
                return parser
            except _Retry as exc:
                if attempt == self.settings.retries:
                    return FetchError(E038.format(url=url, tries=attempt + 1, error=exc), transient=True)
                self._sleep(self.settings.backoff * 2 ** attempt)
            except FetchError as exc:
                return exc
        raise AssertionError("unreachable")

    def _robots_body(self, url: str) -> bytes | None:
        """The body of robots.txt after up to the redirect limit (RFC 9309), or None where it is absent (4xx)."""
        for _ in range(self.settings.max_redirects + 1):
            why = refusal(url, self.hosts)
            if why:
                return None
            response = self._send(url, {})
            try:
                if response.status_code in REDIRECT_STATUS and "location" in response.headers:
                    url = canonical(urljoin(url, response.headers["location"]))
                    continue
                if 400 <= response.status_code < 500:
                    return None
                return self._read(url, response).body
            finally:
                response.close()
        return None
