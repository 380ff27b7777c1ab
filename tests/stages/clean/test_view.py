"""The normalised view folds variants and maps every view span back to the raw text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.clean import clean


@pytest.mark.parametrize("raw, view", [
    ("Thành uỷ Hà Nội", "Thành ủy Hà Nội"),
    ("văn hoá, hoà bình, khoẻ mạnh, thuỷ lợi", "văn hóa, hòa bình, khỏe mạnh, thủy lợi"),
    ("hoàn thành, quý, Quỹ, khuya", "hoàn thành, quý, Quỹ, khuya"),
    ("THÀNH UỶ", "THÀNH ỦY"),
    ("20/2019/QÐ-UBND", "20/2019/QĐ-UBND"),
    ("64 – KL/TW", "64 - KL/TW"),
    ("“Dân vận khéo” và ‘khéo’", "\"Dân vận khéo\" và 'khéo'"),
    ("Số:\t96  /KH-UBND", "Số: 96 /KH-UBND"),
    ("Chỉ\u200b thị", "Chỉ thị"),
    (unicodedata.normalize("NFD", "Đảng uỷ Sở Y tế"), "Đảng ủy Sở Y tế"),
    ("việc thực\n\nhiện nghiêm túc", "việc thực hiện nghiêm túc"),
    ("Kết thúc.\nChiều 3-6", "Kết thúc.\nChiều 3-6"),
    ("Tiêu đề bài viết\n\nChiều 3-6, Ban", "Tiêu đề bài viết\nChiều 3-6, Ban"),
    ("như sau:\n- Sở Nội vụ;\n- Lưu: VT.", "như sau:\n- Sở Nội vụ;\n- Lưu: VT."),
    ("a\r\nb", "a b"),
    ("", ""),
])
def test_view_folds_variants(raw, view):
    assert clean(raw).text == view


PDF = ("Đảng ủy Sở đã chỉ đạo các chi bộ triển khai thực hiện nghiêm túc Chỉ thị\n"
       "số 12-CT/TU ngày 05-8-2021 của Ban Thường vụ Tỉnh ủy về tăng cường sự\n"
       "lãnh đạo của Đảng.")


def test_pdf_lines_are_joined_and_map_back():
    view = clean(PDF)
    assert "\n" not in view.text
    at = view.text.index("Chỉ thị số 12-CT/TU")
    start, end = view.raw_span(at, at + len("Chỉ thị số 12-CT/TU"))
    assert PDF[start:end] == "Chỉ thị\nsố 12-CT/TU"


def test_nfd_span_maps_to_whole_clusters():
    raw = unicodedata.normalize("NFD", "Thành ủy Hà Tĩnh")
    view = clean(raw)
    at = view.text.index("Hà Tĩnh")
    s, e = view.raw_span(at, at + len("Hà Tĩnh"))
    assert unicodedata.normalize("NFC", raw[s:e]) == "Hà Tĩnh"


ALPHABET = st.sampled_from(list("aăâđeêoôơuưy ÁàảãạẮỷỶÐ–—“”‘’\t\n\r\u00a0\u200b/-.,:;%‰0123") +
                           ["\u0301", "\u0309", "\u0323", "uỷ", "oá", "\r\n", "  "])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_offset_map_is_monotone_and_in_bounds(raw):
    view = clean(raw)
    assert len(view.starts) == len(view.ends) == len(view.text)
    for i in range(len(view.text)):
        assert 0 <= view.starts[i] < view.ends[i] <= len(raw)
        if i:
            assert view.starts[i - 1] <= view.starts[i]
