"""Content codings undone under a size bound: every gzip or deflate layer is decoded chunk by chunk.

httpx inflates a layer in one call before any size check, so ``gzip, gzip`` turns 1.7 KB into
gigabytes. Here each layer gives out at most ``CHUNK`` bytes per step, and the body and every layer
between it and the wire are counted against the limit as they grow.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

CHUNK = 64 * 1024
ACCEPT = "gzip, deflate"   # the Accept-Encoding we send: the codings decode() undoes
_GZIP_MAGIC = b"\x1f\x8b"


class TooLarge(Exception):
    """A layer grew past the limit: ``layer`` 0 is the body as sent, 1 the first one decoded, and so on."""

    def __init__(self, layer: int, size: int):
        super().__init__(f"layer {layer} passed the limit at {size} bytes")
        self.layer, self.size = layer, size
        self.codings = ""   # the Content-Encoding, filled in by the reader that knows it


class Unreadable(Exception):
    """A coding we do not decode, or data that is not what its coding says."""


def codings(header: str | None) -> list[str]:
    """Return the content codings of a Content-Encoding header, in the order applied.

    Raise Unreadable for a coding we cannot undo (br, zstd, compress, ...): we never ask for them.
    """
    names = [c.strip().lower() for c in (header or "").split(",")]
    names = ["gzip" if n == "x-gzip" else n for n in names if n and n != "identity"]
    for name in names:
        if name not in ("gzip", "deflate"):
            raise Unreadable(f"content coding {name!r} is not supported")
    return names


class _Inflater:
    """One gzip or deflate layer, giving out at most CHUNK bytes per step."""

    def __init__(self, coding: str):
        self.coding = coding
        self._obj: zlib._Decompress | None = None
        self._head = b""     # a stream's first byte, held until the header can be read
        self._streams = 0    # streams ended so far
        self._ended = False  # what follows is padding

    def _start(self, head: bytes) -> zlib._Decompress:
        if self.coding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # HTTP's deflate is a zlib stream, but some servers send raw deflate: the header tells them apart.
        zlib_header = head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Yield the decoded bytes of ``data``, CHUNK at most at a time."""
        data, self._head = self._head + data, b""
        while data and not self._ended:
            if self._obj is None:
                if len(data) < 2:
                    self._head = data
                    return
                # Several gzip members in a row are one body; anything else after the end is padding.
                if self._streams and not (self.coding == "gzip" and data[:2] == _GZIP_MAGIC):
                    self._ended = True
                    return
                self._obj = self._start(data)
            try:
                out = self._obj.decompress(data, CHUNK)
            except zlib.error as exc:
                raise Unreadable(f"bad {self.coding} data: {exc}") from None
            if self._obj.eof:
                self._streams += 1
                data, self._obj = self._obj.unused_data, None
            else:
                data = self._obj.unconsumed_tail
            if out:
                yield out


def decode(raw: Iterable[bytes], applied: list[str], limit: int) -> Iterator[bytes]:
    """Yield the body of ``raw`` with the codings ``applied`` undone, last applied first.

    Raise TooLarge as soon as the raw body or any decoded layer passes ``limit`` bytes (so no layer
    ever holds more than ``limit + CHUNK``), Unreadable for data its coding cannot decode.
    """
    layers = [_Inflater(c) for c in reversed(applied)]
    sizes = [0] * (len(layers) + 1)

    def push(level: int, data: bytes) -> Iterator[bytes]:
        sizes[level] += len(data)
        if sizes[level] > limit:
            raise TooLarge(level, sizes[level])
        if level == len(layers):
            yield data
            return
        for out in layers[level].feed(data):
            yield from push(level + 1, out)

    for chunk in raw:
        yield from push(0, chunk)
