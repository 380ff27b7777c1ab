"""A server on 127.0.0.1 that misbehaves on purpose: each path is a function writing its own answer.

Import ``hostile_fixture`` (and ``elsewhere_fixture``) into a test module to get the ``hostile``
(and ``elsewhere``) fixtures. Tests put ``Route``s in ``server.routes``; every request is logged as its path (with ``//host:port``
in front when the Host header is not this server's own).
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    """One answer: status, headers, then the body parts, ``pause`` seconds apart (no Content-Length when paused)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    parts: Callable[[], Iterator[bytes]] | None = None
    body: bytes = b""
    pause: float = 0.0            # seconds between body parts
    before: float = 0.0           # seconds before the status line


@dataclass
class Hostile:
    """The routes of the server and the log of what was asked."""

    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def authority(self) -> str:
        return self.base.removeprefix("http://")

    def asked(self, path: str) -> int:
        """How many times ``path`` was requested."""
        return sum(1 for p, _ in self.log if p == path)


class FakeTime:
    """A clock that only moves when slept on."""

    def __init__(self):
        self.now, self.slept = 100.0, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def gzip_bomb(megabytes: int, layers: int) -> bytes:
    """That many MiB of zero bytes gzipped ``layers`` times; the zeros are compressed as they stream."""
    obj = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    packed = b"".join(obj.compress(block) for _ in range(megabytes)) + obj.flush()
    for _ in range(layers - 1):
        packed = gzip.compress(packed, 9)
    return packed


def _handler(server: Hostile) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            host = self.headers.get("Host") or ""
            key = self.path if host == server.authority else f"//{host}{self.path}"
            server.log.append((key, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(key, Route(404, body=b"not found"))
            try:
                self._answer(route)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _answer(self, route: Route) -> None:
            if route.before:
                server.stop.wait(route.before)
            self.send_response(route.status)
            streamed = route.parts is not None
            for name, value in route.headers.items():
                self.send_header(name, value)
            if streamed:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if not streamed:
                self.wfile.write(route.body)
                return
            assert route.parts is not None
            for part in route.parts():
                if server.stop.is_set():
                    return
                self.wfile.write(part)
                self.wfile.flush()
                if route.pause:
                    time.sleep(route.pause)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up resets its connection; that is what these tests do


def _serve() -> Iterator[Hostile]:
    server = _Server(("127.0.0.1", 0), None)
    state = Hostile(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    state.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(name="hostile")
def hostile_fixture() -> Iterator[Hostile]:
    """A misbehaving server on 127.0.0.1 (a free port) with no routes yet; stopped after the test."""
    yield from _serve()


@pytest.fixture(name="elsewhere")
def elsewhere_fixture() -> Iterator[Hostile]:
    """A second such server: the same host on another port."""
    yield from _serve()
