"""Bounded decoding of content codings: round trips, and bombs stopped with memory to spare."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest
from hostile_server import gzip_bomb
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.decode import CHUNK, TooLarge, Unreadable, codings, decode


def encode(data: bytes, applied: list[str]) -> bytes:
    for coding in applied:
        data = gzip.compress(data) if coding == "gzip" else zlib.compress(data)
    return data


def pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


@given(st.binary(max_size=5000), st.lists(st.sampled_from(["gzip", "deflate"]), max_size=3),
       st.integers(min_value=1, max_value=700))
def test_round_trip_whatever_the_chunking(data, applied, size):
    assert b"".join(decode(pieces(encode(data, applied), size), applied, 10_000)) == data


@pytest.mark.parametrize("header, applied", [
    (None, []), ("", []), ("identity", []), ("GZIP", ["gzip"]), ("x-gzip", ["gzip"]),
    ("deflate, gzip", ["deflate", "gzip"]), ("gzip,identity, gzip", ["gzip", "gzip"]),
])
def test_codings_of_a_header(header, applied):
    assert codings(header) == applied


@pytest.mark.parametrize("header", ["br", "gzip, zstd", "compress"])
def test_codings_we_do_not_ask_for_are_unreadable(header):
    with pytest.raises(Unreadable, match="is not supported"):
        codings(header)


def test_raw_deflate_and_gzip_members_in_a_row():
    obj = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = obj.compress(b"khong co tieu de zlib") + obj.flush()
    assert b"".join(decode([raw], ["deflate"], 1000)) == b"khong co tieu de zlib"
    members = gzip.compress(b"phan mot, ") + gzip.compress(b"phan hai")
    assert b"".join(decode(pieces(members, 7), ["gzip"], 1000)) == b"phan mot, phan hai"
    assert b"".join(decode([gzip.compress(b"het") + b"\0\0", b"\0\0"], ["gzip"], 1000)) == b"het"  # padding
    assert b"".join(decode([zlib.compress(b"het"), b"\0\0\0"], ["deflate"], 1000)) == b"het"


@pytest.mark.parametrize("layers", [1, 2, 3])
def test_a_bomb_stops_at_the_limit_with_bounded_memory(layers):
    bomb, limit = gzip_bomb(64, layers), 1_000_000   # 64 MiB of zeros behind a few KB
    out = 0
    tracemalloc.start()
    with pytest.raises(TooLarge) as info:
        for part in decode(pieces(bomb, 4096), ["gzip"] * layers, limit):
            out += len(part)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert out <= limit and info.value.layer == layers
    assert limit < info.value.size <= limit + CHUNK     # no layer ever produced more than limit + one chunk
    assert peak < 4 * CHUNK + 1_000_000                 # the bomb's own size aside, a few chunks at most


def test_the_raw_body_counts_as_layer_zero():
    with pytest.raises(TooLarge) as info:
        list(decode([b"x" * 600, b"x" * 600], [], 1000))
    assert (info.value.layer, info.value.size) == (0, 1200)


def test_bad_data_is_unreadable():
    with pytest.raises(Unreadable, match="^bad deflate data: "):
        list(decode([b"\x78\x9c not deflate"], ["deflate"], 1000))
