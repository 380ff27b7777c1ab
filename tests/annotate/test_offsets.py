"""Offsets in tool units (code points, UTF-16 code units, grapheme clusters) and back."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.annotate.offsets import UNITS, OffsetMap

EMOJI = "Tỷ lệ 😀 đạt 90%"            # the emoji is one code point, two UTF-16 units
NFD = unicodedata.normalize("NFD", "lệ 5%")  # e + circumflex + dot below: one grapheme
CRLF = "Ngày 3/6\r\nhọp"              # CR LF is one grapheme cluster


@pytest.mark.parametrize("text, unit, cp, expected", [
    pytest.param(EMOJI, "codepoints", 12, 12, id="codepoints-identity"),
    pytest.param(EMOJI, "utf16", 6, 6, id="utf16-before-emoji"),
    pytest.param(EMOJI, "utf16", 7, 8, id="utf16-after-emoji"),
    pytest.param(EMOJI, "utf16", len(EMOJI), len(EMOJI) + 1, id="utf16-end"),
    pytest.param("Tỷ lệ 90%", "utf16", 6, 6, id="utf16-bmp-only"),
    pytest.param(NFD, "graphemes", 5, 3, id="graphemes-after-nfd-vowel"),
    pytest.param(NFD, "utf16", 5, 5, id="utf16-nfd-marks-count-one-each"),
    pytest.param(CRLF, "graphemes", 10, 9, id="graphemes-crlf-one-cluster"),
    pytest.param(CRLF, "utf16", 10, 10, id="utf16-crlf-two-units"),
])
def test_to_unit_and_back(text, unit, cp, expected):
    offsets = OffsetMap(text, unit)
    assert offsets.to_unit(cp) == expected
    assert offsets.from_unit(expected) == cp


@pytest.mark.parametrize("text, unit, offset, message", [
    pytest.param(EMOJI, "utf16", 7, "offset 7 falls inside a UTF-16 surrogate pair", id="inside-surrogate-pair"),
    pytest.param(EMOJI, "utf16", 17, "offset 17 lies outside the text (length 16 utf16)", id="utf16-past-end"),
    pytest.param(EMOJI, "codepoints", -1, "offset -1 lies outside the text (length 15 codepoints)", id="negative"),
    pytest.param(NFD, "graphemes", 6, "offset 6 lies outside the text (length 5 graphemes)", id="graphemes-past-end"),
])
def test_from_unit_refuses_offsets_with_no_code_point(text, unit, offset, message):
    with pytest.raises(ValueError) as info:
        OffsetMap(text, unit).from_unit(offset)
    assert str(info.value) == message


def test_to_unit_refuses_a_cut_inside_a_cluster():
    with pytest.raises(ValueError, match="offset 3 falls inside a grapheme cluster"):
        OffsetMap(NFD, "graphemes").to_unit(3)
    with pytest.raises(ValueError, match="offset 9 lies outside the text"):
        OffsetMap("abc", "utf16").to_unit(9)


def test_unknown_unit():
    with pytest.raises(ValueError, match="unknown offset unit 'bytes'; choose one of codepoints, utf16, graphemes"):
        OffsetMap("x", "bytes")


@given(st.text(alphabet=st.sampled_from(list("aá\u0301ỷ \r\n😀🎉%")), max_size=30), st.sampled_from(UNITS))
def test_every_boundary_round_trips(text, unit):
    offsets = OffsetMap(text, unit)
    for cp in range(len(text) + 1):
        try:
            unit_offset = offsets.to_unit(cp)
        except ValueError:
            assert unit == "graphemes"
            continue
        assert offsets.from_unit(unit_offset) == cp
