"""Word bounds settled without segmenting: exact answers, and agreement with the segmentation itself."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.recognizers.base import Context
from pipeline.stages.clean import CleanText, clean
from pipeline.stages.read import Document, read_text_file
from pipeline.stages.segment import segment_words
from pipeline.stages.word_bounds import (
    Question,
    Tags,
    crf,
    feature_values,
    lean,
    read_model,
    settled,
    template,
    tokens,
    word_question,
)

SAMPLES = Path(__file__).parents[3] / "corpus" / "samples"
# A few corpus documents, among them ones with "Cảnh sát giao thông", "Hợp tác xã" and "xã hội".
DOCUMENTS = ["001_chi_thi_dan_van_co_so.txt", "007_ke_hoach_huyen_uy_thuc_hien_chi_thi_12.txt",
             "102_portal_csgt_ra_quan_cao_diem_tet.txt"]


def segmented_answer(view: CleanText, asked: Question) -> bool:
    """What whole_words answers from the segmentation of the window alone."""
    words = segment_words(view, asked.lo, asked.hi)
    starts, ends = {w.vstart for w in words}, {w.vend for w in words}
    return (asked.start is None or asked.start in starts) and (asked.end is None or asked.end in ends)


# (text, span asked about, occurrence, whole words, the answer settled without segmenting: None if none)
CASES = [
    ("Trưởng phòng Cảnh sát giao thông Công an tỉnh chủ trì buổi làm việc.", " giao", 0, False, False),
    ("Ông Nguyễn Văn An giao nhiệm vụ cho các đơn vị trực thuộc.", " giao", 0, True, True),
    ("Sở Tài chính giao cho các huyện thực hiện.", "giao", 0, True, True),
    ("mô hình của Hợp tác xã nông nghiệp Liên Thủy đạt kết quả tốt.", "xã", 0, False, False),
    ("Bí thư Đảng ủy xã đề nghị các thôn thực hiện.", "xã", 0, False, False),  # "ủy xã": settled by its stretch
    ("Ban Quản lý dự án đầu tư xây dựng các công trình.", " dự", 0, False, False),
    ("Đồng chí Trần Văn Bình dự buổi làm việc với huyện.", " dự", 0, True, True),
    ("Phát triển nông thôn mới tại các xã (thôn Phú Lộc).", "thôn", 0, False, False),
    ("Phát triển nông thôn mới tại các xã (thôn Phú Lộc).", "thôn", 1, True, True),  # after "("
    ("đại diện Ủy ban nhân dân tỉnh, huyện và các ngành.", "tỉnh", 0, True, True),  # before ","
    ("đại diện Ủy ban nhân dân tỉnh, huyện và các ngành.", "huyện", 0, True, True),  # after ", "
    ("Các đơn vị thực hiện theo quy định của pháp luật.", "quy định", 0, True, True),
    ("Phó Chủ tịch UBND tỉnh chủ trì.", "chủ trì", 0, True, True),  # before the sentence's "."
    ("chủ trì", "chủ trì", 0, True, True),  # the whole line
    ("Ông A cho biết, năm nay tỉnh đạt 90%.", " cho biết", 0, True, True),
]


@pytest.mark.parametrize(("text", "span", "nth", "whole", "answer"), CASES,
                         ids=[f"{c[1].strip()}-{i}" for i, c in enumerate(CASES)])
def test_whole_words_and_what_is_settled(text, span, nth, whole, answer):
    view = clean(text)
    start = [m.start() for m in re.finditer(re.escape(span), view.text)][nth]
    asked = word_question(view.text, start, start + len(span))
    assert Context(view, [(0, len(view.text))]).whole_words(start, start + len(span)) is whole
    assert segmented_answer(view, asked) is whole
    assert settled(view.text, *asked) is answer


def test_both_bounds_given_next_to_capitals():
    text = "Sở Nông nghiệp và PTNT trao Giấy khen cho các tập thể."
    start = text.index(" trao")
    assert word_question(text, start, start + 5) == Question(0, len(text), None, None)


@pytest.mark.parametrize(("window", "start", "end"), [
    ("giao thông tỉnh , huyện và tỉnh, xã", 26, 30),  # "tỉnh ," spaced elsewhere: "tỉnh," could be placed there
    ("giao  thông tỉnh", 12, 16),  # two spaces
    ("giao\tthông tỉnh", 11, 15),  # a tab
    ("Ðồng chí tỉnh ủy", 9, 13),  # underthesea would rewrite "Ð"
    ("xã (Th Sơn) tỉnh", 12, 16),  # underthesea's "Th.S" takes "Th S" as one token
])
def test_unsure_windows_are_left_to_the_segmenter(window, start, end):
    assert settled(window, 0, len(window), start, end) is None


def test_weights_read_from_the_model_file():
    import underthesea.pipeline.word_tokenize as wt

    model = Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727" / "models.bin"
    weights = read_model(model.read_bytes())
    assert sorted(weights.transitions) == [("B-W", "B-W"), ("B-W", "I-W"), ("I-W", "B-W"), ("I-W", "I-W")]
    assert sum(map(len, weights.lean.values())) == 50671  # the model's attributes
    # at "thông" of "giao thông" and "xã" of "tác xã", the pair with the token before pulls towards I-W
    assert weights.lean["T[-1,0].lower"]["giao thông"] < 0 and weights.lean["T[-1,0].lower"]["tác xã"] < 0
    assert all(m > 0 for m in crf().begin + crf().inside)  # a neighbour can always pull either way


def _view(name: str) -> CleanText:
    document = read_text_file(SAMPLES / name)
    assert isinstance(document, Document)
    return clean(document.text)


def _windows(name: str) -> list[tuple[str, Question]]:
    """Every question whole_words could ask of a run, two runs, or a run's word before punctuation."""
    text = _view(name).text
    runs = [m.span() for m in re.finditer(r"\S+", text)]
    spans = set(runs) | {(s, runs[k + 1][1]) for k, (s, _) in enumerate(runs[:-1])}
    spans |= {(s, s + m.end()) for s, e in runs if (m := re.match(r"\w+", text[s:e])) and s + m.end() < e}
    return [(text, q) for s, e in sorted(spans) if (q := word_question(text, s, e)).start is not None
            or q.end is not None]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_settled_bounds_agree_with_the_segmentation(name):
    questions = _windows(name)
    view = _view(name)
    answers = [(q, settled(text, q.lo, q.hi, q.start, q.end)) for text, q in questions]
    assert [(q, a) for q, a in answers if a is not None and a is not segmented_answer(view, q)] == []
    assert sum(a is not None for _, a in answers) > len(questions) // 2  # most are settled without segmenting


@pytest.mark.parametrize("name", DOCUMENTS)
def test_tokens_features_and_leans_are_underthesea_s(name):
    import underthesea.pipeline.word_tokenize as wt
    from underthesea import word_tokenize
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    word_tokenize("a")
    featurizer, tagger = wt.word_tokenize_model.featurizer, wt.word_tokenize_model.estimator
    names = [t.name for t in crf().templates]
    checked = 0
    for text, q in _windows(name)[::7]:
        window = text[q.lo:q.hi]
        extents = tokens(window)
        if extents is None:  # odd spaces: left to the segmenter
            assert re.search(r"[^\S ]|  ", window)
            continue
        checked += 1
        words = [window[s:e] for s, e in extents]
        assert words == tokenize(window, use_token_normalize=False)
        rows = featurizer.process([[[w] for w in words]])[0]
        assert [[f"{n}={v}" for n, v in zip(names, feature_values(words, i), strict=True)]
                for i in range(len(words))] == rows
        for i, row in enumerate(rows):
            (p_begin, p_inside), = tagger.marginals([row])  # a lone token: the softmax of its two scores
            if min(p_begin, p_inside) > 1e-12:
                assert lean(words, i) == pytest.approx(math.log(p_begin / p_inside), abs=1e-6)
    assert checked > 20


@pytest.mark.parametrize("name", DOCUMENTS)
def test_settled_tags_are_the_taggers(name):
    import underthesea.pipeline.word_tokenize as wt
    from underthesea import word_tokenize

    word_tokenize("a")
    featurizer, tagger = wt.word_tokenize_model.featurizer, wt.word_tokenize_model.estimator
    settled_tags = total = 0
    for text, q in _windows(name)[::5]:
        window = text[q.lo:q.hi]
        extents = tokens(window)
        if extents is None:
            continue
        words = [window[s:e] for s, e in extents]
        expected = tagger.tag(featurizer.process([[[w] for w in words]])[0])
        tags = Tags(words)
        found = [tags.tag(i) for i in range(len(words))]
        assert [(i, t) for i, t in enumerate(found) if t is not None and t != expected[i]] == []
        settled_tags += sum(t is not None for t in found)
        total += len(words)
    assert settled_tags > 0.9 * total


def _underthesea_tokens(window: str) -> list[str]:
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    return list(tokenize(window, use_token_normalize=False))


@pytest.mark.parametrize("window", [
    "Thisis a test", "ThạSbc và ThS. Lê", "Th.S Nguyễn Văn An", "số 15/2020/NĐ-CP, ngày 3-6",
    "UBND.", "UBND. tỉnh", "v.v... và H'Mông", "đạt 83,62% (tăng 1.600m-2.000m)", "43H-0530 :D",
    "e-mail a@b.vn", "xã Đồng Xanh,", "T.Ư Đảng", "ʺTha xʺ", "°C 3x4 v.v",
])
def test_tokens_are_underthesea_s(window):
    extents = tokens(window)
    assert extents is not None
    assert [window[s:e] for s, e in extents] == _underthesea_tokens(window)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ThsSaĐ.,-/%:@'(0ʺ", min_size=1, max_size=8), min_size=1, max_size=6))
def test_tokens_of_any_single_spaced_text_are_underthesea_s(runs):
    window = " ".join(runs)
    extents = tokens(window)
    if extents is None:  # only odd spaces and "Th S" (a token across a space) are left to the segmenter
        assert window.split() != window.split(" ") or "Th s" in window or "Th S" in window
    else:
        assert [window[s:e] for s, e in extents] == _underthesea_tokens(window)


@pytest.mark.parametrize(("name", "expected"), [
    ("T[0]", (0, 0, "")), ("T[-2,-1].lower", (-2, -1, "lower")), ("T[0,2].is_in_dict", (0, 2, "is_in_dict")),
])
def test_template_names(name, expected):
    assert template(name)[1:] == expected


@pytest.mark.parametrize("name", ["T[0].upper", "W[0]", "T[0,1,2]", "T[a]", "T[0]lower", "T[0"])
def test_unknown_template_names_are_refused(name):
    with pytest.raises(ValueError, match="unknown feature template"):
        template(name)
