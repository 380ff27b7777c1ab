"""The spaCy Doc holds the raw text exactly; sentences and words come from underthesea."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.stages.clean import clean
from pipeline.stages.segment import segment, segment_words


@pytest.mark.parametrize("raw", [
    "Số:\t799/KH- SYT\n\nHà Tĩnh, ngày 31 tháng 3 năm 2020",
    "Nghị định số 15/2020/NĐ-CP ... đạt 83,62% và 0,1‰.",
    "Đảng uỷ Sở Y tế \u00a0 thuỷ  lợi\r\n“Dân vận khéo”",
    unicodedata.normalize("NFD", "Thành ủy Hà Tĩnh, hoá học."),
    "   leading and trailing   ",
    "\n\n\n",
    "",
])
def test_doc_text_round_trips(raw):
    result = segment(clean(raw))
    assert result.doc.text == raw
    assert "".join(t.text_with_ws for t in result.doc) == raw


def test_sentences_split_paragraphs_and_sentences():
    raw = "Tiêu đề\n\nChiều 3-6, Ban tổ chức Hội nghị. Đồng chí A chủ trì.\nẢnh: B"
    view = clean(raw)
    result = segment(view)
    assert [view.text[s:e] for s, e in result.sentences] == [
        "Tiêu đề", "Chiều 3-6, Ban tổ chức Hội nghị.", "Đồng chí A chủ trì.", "Ảnh: B"]
    assert result.sentence_of(view.text.index("Đồng chí")) == 2


def test_words_are_underthesea_words_over_raw_text():
    raw = "Trưởng Ban Tuyên giáo Thành uỷ chủ trì Hội nghị."
    words = [t.text for t in segment(clean(raw)).doc if not t.is_space]
    assert "chủ trì" in words and "Hội nghị" in words and "uỷ" in "".join(words)


def test_without_words_simple_tokens():
    doc = segment(clean("Số 08-CT/TU, đạt 83,62%."), words=False).doc
    assert [t.text for t in doc] == ["Số", "08", "-", "CT", "/", "TU", ",", "đạt", "83", ",", "62", "%", "."]
    assert [t.is_sent_start for t in doc][:2] == [True, False]


def test_doc_is_built_only_when_read(monkeypatch):
    import pipeline.stages.segment as seg

    calls = []
    monkeypatch.setattr(seg, "build_doc", lambda *a: calls.append(a) or "doc")
    result = segment(clean("Câu một. Câu hai."))
    assert calls == [] and len(result.sentences) == 2
    assert result.doc == "doc" and result.doc == "doc" and len(calls) == 1


@pytest.mark.parametrize("raw, span, words", [
    ("Đồng chí Nguyễn Văn A, Bí thư Thành uỷ, chủ trì Hội nghị.", "Nguyễn Văn A, Bí thư Thành uỷ",
     ["Nguyễn Văn A", ",", "Bí thư", "Thành uỷ"]),
    # NFD input and a doubled space: raw extents differ from view extents.
    (unicodedata.normalize("NFD", "Ông  Trần Hoà phát biểu."), unicodedata.normalize("NFD", "Trần Hoà phát biểu"),
     [unicodedata.normalize("NFD", w) for w in ["Trần Hoà", "phát biểu"]]),
])
def test_segment_words_of_a_span_map_to_raw_text(raw, span, words):
    view = clean(raw)
    at = raw.index(span)
    vstart = view.starts.index(at)
    vend = view.ends.index(at + len(span)) + 1
    found = segment_words(view, vstart, vend)
    assert [raw[w.start:w.end] for w in found] == words
    assert all(view.raw_span(w.vstart, w.vend) == (w.start, w.end) for w in found)


@pytest.mark.parametrize("raw", [
    "TIÊU ĐỀ KHÔNG CÓ DẤU CHẤM\nẢnh: Minh Anh\n  \n- Mục một; mục hai",
    "Câu một. Câu hai? Câu ba!\nDòng không dấu\nTP. Hồ Chí Minh... và 1.500.000 đồng.",
])
def test_sentences_equal_underthesea_on_every_paragraph(raw):
    from underthesea import sent_tokenize

    view = clean(raw)
    expected = [s for p in view.text.split("\n") if p.strip() for s in sent_tokenize(p)]
    assert [view.text[s:e] for s, e in segment(view).sentences] == expected
