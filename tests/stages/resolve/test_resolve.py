"""Resolve: one explicit table decides every overlap between recognisers' mentions."""

from __future__ import annotations

import pytest

from pipeline.recognizers.base import DateValues, DocRefValues, Mention, NamedValues, PercentValues, PersonValues
from pipeline.stages.resolve import resolve

TEXT = "Kế hoạch “Phủ sóng 100% xã” theo Nghị định số 15/2018/NĐ-CP của Lê Văn An"


def _m(label: str, piece: str, occurrence: int = 0) -> Mention:
    """A mention of ``piece`` (its ``occurrence``-th place in TEXT) with placeholder values of its label."""
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(piece, start + 1)
    end = start + len(piece)
    values = {"DOC_REF": DocRefValues("Kế hoạch"), "DATE": DateValues("2018"), "PERCENT": PercentValues(100.0, "%"),
              "PERSON": PersonValues(piece), "MODEL": NamedValues(piece), "CAMPAIGN": NamedValues(piece)}[label]
    return Mention(label, start, end, TEXT, values, f"test:{label}", start, end)


def _spans(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.label, m.text) for m in mentions]


CASES = [
    pytest.param([_m("DATE", "NĐ-CP của"), _m("DOC_REF", "Nghị định số 15/2018/NĐ-CP")],
                 [("DOC_REF", "Nghị định số 15/2018/NĐ-CP")], id="doc_ref_beats_a_crossing_date"),
    pytest.param([_m("DATE", "15/2018"), _m("DOC_REF", "Nghị định số 15/2018/NĐ-CP")],
                 [("DOC_REF", "Nghị định số 15/2018/NĐ-CP"), ("DATE", "15/2018")],
                 id="a_date_wholly_inside_a_doc_ref_is_a_listed_pair"),
    pytest.param([_m("DOC_REF", "Nghị định số 15/2018/NĐ-CP"), _m("MODEL", "15/2018")],
                 [("DOC_REF", "Nghị định số 15/2018/NĐ-CP")], id="an_unlisted_inner_label_falls"),
    pytest.param([_m("PERCENT", "100%"), _m("DOC_REF", "Kế hoạch “Phủ sóng 100% xã”")],
                 [("DOC_REF", "Kế hoạch “Phủ sóng 100% xã”"), ("PERCENT", "100%")],
                 id="a_listed_pair_nests_doc_ref_percent"),
    pytest.param([_m("PERSON", "Lê Văn An"), _m("PERSON", "Văn An")], [("PERSON", "Lê Văn An")],
                 id="same_label_keeps_the_longer"),
    pytest.param([_m("MODEL", "Phủ sóng 100%"), _m("CAMPAIGN", "sóng 100% xã")], [("CAMPAIGN", "sóng 100% xã")],
                 id="crossing_overlap_keeps_the_higher_priority"),
    pytest.param([_m("PERSON", "Lê Văn An"), _m("DATE", "15/2018")],
                 [("DATE", "15/2018"), ("PERSON", "Lê Văn An")], id="disjoint_mentions_all_stand_in_text_order"),
    pytest.param([_m("DOC_REF", "Nghị định số 15/2018/NĐ-CP"), _m("DOC_REF", "15/2018/NĐ-CP")],
                 [("DOC_REF", "Nghị định số 15/2018/NĐ-CP"), ("DOC_REF", "15/2018/NĐ-CP")],
                 id="doc_ref_inside_doc_ref_nests"),
    pytest.param([], [], id="nothing_in_nothing_out"),
]


@pytest.mark.parametrize("mentions, expected", CASES)
def test_resolve_table(mentions, expected):
    assert _spans(resolve(mentions)) == expected


def test_the_result_does_not_depend_on_the_order_recognisers_ran_in():
    mentions = [_m("DATE", "15/2018"), _m("DOC_REF", "Nghị định số 15/2018/NĐ-CP"), _m("PERCENT", "100%"),
                _m("DOC_REF", "Kế hoạch “Phủ sóng 100% xã”"), _m("PERSON", "Lê Văn An")]
    assert _spans(resolve(mentions)) == _spans(resolve(list(reversed(mentions))))
