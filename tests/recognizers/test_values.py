"""Value rules that the rule examples do not reach: years, impossible dates, numbers."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.recognizers.date import infer_year, parse_date_text
from pipeline.recognizers.percent import parse_number
from pipeline.stages.document import extract_text


def _values(text, label, published=None):
    return [(e["text"], e["attrs"]) for e in extract_text(text, published=published)["entities"] if e["label"] == label]


@pytest.mark.parametrize("text, expected", [
    ("60.542.000", 60542000.0), ("83,62", 83.62), ("17, 29", 17.29), ("83.62", 83.62), ("1.234,5", 1234.5),
    ("100", 100.0),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("month, day, reference, year", [
    (6, 3, date(2025, 6, 7), 2025),
    (12, 28, date(2025, 1, 3), 2024),
    (10, 15, date(2020, 3, 31), 2020),
])
def test_infer_year(month, day, reference, year):
    assert infer_year(month, day, reference) == year


@pytest.mark.parametrize("text, expected", [
    ("05-8-2021", date(2021, 8, 5)), ("31 tháng 3 năm 2020", date(2020, 3, 31)), ("05.8.2021", date(2021, 8, 5)),
    ("31/2/2020", None), ("29/2/2021", None), ("29/2/2020", date(2020, 2, 29)), ("5/2020", None),
])
def test_parse_date_text(text, expected):
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("do ghi nhầm ngày 31/2/2020", None, []),
    ("Chiều 31-6, họp", None, []),
    ("Chiều 3-6, họp", None, [("3-6", {"value": "--06-03"})]),
    ("Chiều 3-6, họp", "2025-06-07", [("3-6", {"value": "2025-06-03", "year_inferred": True})]),
    ("Sáng 29/2, họp", "2024-03-01", [("29/2", {"value": "2024-02-29", "year_inferred": True})]),
    ("từ ngày 27/2/2017 đến ngày 02/9/2021", None,
     [("27/2/2017", {"value": "2017-02-27"}), ("02/9/2021", {"value": "2021-09-02"})]),
])
def test_dates(text, published, expected):
    assert _values(text, "DATE", published) == expected


@pytest.mark.parametrize("text, expected", [
    ("cụ thể: 2022 đạt 83,62%, năm 2023: 96,48% và năm 2024: 98,02%",
     [("83,62%", 2022), ("96,48%", 2023), ("98,02%", 2024)]),
    ("giảm từ 14,2% năm 2022 xuống còn 9,8% năm 2024.", [("14,2%", 2022), ("9,8%", 2024)]),
    ("Cùng với đó, 100% cơ sở y tế bố trí hòm thư", [("100%", None)]),
])
def test_percent_years(text, expected):
    assert [(t, a.get("year")) for t, a in _values(text, "PERCENT")] == expected


def test_percent_metric():
    [(_, attrs)] = _values("Tỷ lệ trạm y tế xã có bác sỹ làm việc đạt 85,9%.", "PERCENT")
    assert attrs["metric"] == "Tỷ lệ trạm y tế xã có bác sỹ làm việc"
    [(_, attrs)] = _values("Năm 2018: 95% trở lên đảng viên hoàn thành tốt nhiệm vụ.", "PERCENT")
    # After a clause-initial figure, the measured phrase runs to the end of its clause.
    assert (attrs["qualifier"], attrs["year"], attrs["metric"]) == (">=", 2018, "đảng viên hoàn thành tốt nhiệm vụ")
    [(_, attrs)] = _values("Đến nay, 97,5% thôn có mô hình “Dân vận khéo” (vượt kế hoạch), cao nhất từ trước.", "PERCENT")
    assert attrs["metric"] == "thôn có mô hình “Dân vận khéo”"  # a closing parenthesis is no part of it


@pytest.mark.parametrize("text, expected", [
    ("xây dựng mô hình “Dân vận khéo” và phong trào thi đua “Dân vận khéo”",
     [("MODEL", "Dân vận khéo"), ("CAMPAIGN", "Dân vận khéo")]),
    ("các mô hình: “A tốt” tại xã Tịnh Khê; “B tốt” tại thị xã Đức Phổ.",
     [("MODEL", "A tốt", {"name": "A tốt", "owner": "xã Tịnh Khê"}),
      ("MODEL", "B tốt", {"name": "B tốt", "owner": "thị xã Đức Phổ"})]),
    ("kiểm tra mô hình “Dân vận khéo” tại xã Hành Thịnh.",  # "tại <unit>": where it runs, its owner
     [("MODEL", "Dân vận khéo", {"name": "Dân vận khéo", "owner": "xã Hành Thịnh"})]),
    ("toàn tỉnh có 1.246 mô hình “Dân vận khéo”.",
     [("MODEL", "Dân vận khéo", {"name": "Dân vận khéo", "count": 1246})]),
    ("Tổ chức cơ sở đảng đạt “Trong sạch vững mạnh”; chương trình “Tiếp sức mùa thi”.", []),
    ("cuộc vận động “Mỗi\ncán bộ một tài khoản”", [("CAMPAIGN", "Mỗi\ncán bộ một tài khoản")]),
])
def test_models_and_campaigns(text, expected):
    got = [(e["label"], e["text"], e["attrs"]) for e in extract_text(text)["entities"]
           if e["label"] in ("MODEL", "CAMPAIGN")]
    assert [g[: len(x)] for g, x in zip(got, expected, strict=False)] == expected and len(got) == len(expected)
