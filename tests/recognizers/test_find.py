"""Each recogniser's ``find()`` on its own: exact spans (raw offsets) and typed values, table-driven.

The texts are invented (people, numbers); provinces and ministries are real. The whole pipeline
(resolve, link, emit) is tested under tests/stages; here only what one recogniser returns counts.
"""

from __future__ import annotations

from datetime import date

import pytest
from recognizer_context import context, found

from pipeline.recognizers import date as date_rec
from pipeline.recognizers import doc_ref, named, percent, person

PUBLISHED = date(2024, 9, 20)

DOC_REF = [
    pytest.param("Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021 của Ban Thường vụ Thành ủy về công tác dân vận.",
                 [("DOC_REF", "Chỉ thị số 08-CT/TU",
                   {"doc_type": "Chỉ thị", "number": "08", "symbol": "CT/TU", "code": "08-CT/TU",
                    "issued": "2021-08-05", "issuer": "Ban Thường vụ Thành ủy"})], id="party_directive"),
    pytest.param("Căn cứ Luật Đất đai năm 2024 và Nghị định số 100/2024/NĐ-CP ngày 26/7/2024 của Chính phủ;",
                 [("DOC_REF", "Luật Đất đai", {"doc_type": "Luật", "name": "Luật Đất đai"}),
                  ("DOC_REF", "Nghị định số 100/2024/NĐ-CP",
                   {"doc_type": "Nghị định", "number": "100", "symbol": "NĐ-CP", "code": "100/2024/NĐ-CP",
                    "year": 2024, "issued": "2024-07-26", "issuer": "Chính phủ"})], id="law_and_decree"),
    pytest.param("Triển khai Đề án 06, chuyển đổi số trên địa bàn huyện.",
                 [("DOC_REF", "Đề án 06", {"doc_type": "Đề án", "number": "06", "code": "06"})],
                 id="bare_number_with_leading_zero_before_comma"),
    pytest.param("Theo Thông tư liên tịch số 03/2016/TTLT-BGDĐT-BNV của Bộ Giáo dục và Đào tạo, Bộ Nội vụ",
                 [("DOC_REF", "Thông tư liên tịch số 03/2016/TTLT-BGDĐT-BNV",
                   {"doc_type": "Thông tư liên tịch", "number": "03", "symbol": "TTLT-BGDĐT-BNV",
                    "code": "03/2016/TTLT-BGDĐT-BNV", "year": 2016, "issuer": "Bộ Giáo dục và Đào tạo, Bộ Nội vụ"})],
                 id="joint_circular_two_issuers"),
    pytest.param("Đảng bộ có 13/13 chi bộ hoàn thành nhiệm vụ năm 2024.", [], id="fraction_is_no_reference"),
]

DATE = [
    pytest.param("Sáng 13/9, đoàn công tác làm việc; hạn chót ngày 31 tháng 12 năm 2025.",
                 [("DATE", "13/9", {"value": "2024-09-13", "year_inferred": True}),
                  ("DATE", "31 tháng 12 năm 2025", {"value": "2025-12-31"})], id="partial_takes_published_year"),
    pytest.param("báo cáo kết quả trước ngày\n20/4.", [("DATE", "20/4", {"value": "2024-04-20", "year_inferred": True})],
                 id="trigger_at_line_end"),
    pytest.param("trong hai ngày 23/7 và 24/7, các đoàn công tác",
                 [("DATE", "23/7", {"value": "2024-07-23", "year_inferred": True}),
                  ("DATE", "24/7", {"value": "2024-07-24", "year_inferred": True})], id="va_list"),
    pytest.param("vào các dịp kỷ niệm 3/2, 19/5, 2/9 và 7/11.", [], id="anniversaries_without_trigger"),
    pytest.param("báo cáo trước ngày 15 tháng 12 hằng năm", [], id="recurring_day"),
    pytest.param("giai đoạn 2021-2025", [], id="span_of_years"),
]

PERCENT = [
    pytest.param("Tỷ lệ bao phủ bảo hiểm y tế năm 2024 đạt 93,5%, vượt 1,2% so với kế hoạch.",
                 [("PERCENT", "93,5%", {"value": 93.5, "unit": "%", "kind": "level", "year": 2024,
                                        "metric": "Tỷ lệ bao phủ bảo hiểm y tế"}),
                  ("PERCENT", "1,2%", {"value": 1.2, "unit": "%", "kind": "change", "direction": "up",
                                       "basis": "so với kế hoạch", "year": 2024})],
                 id="a_change_is_no_qualifier_and_its_comparison_no_metric"),
    pytest.param("tỷ lệ hộ nghèo giảm còn 2,1‰",
                 [("PERCENT", "2,1‰", {"value": 2.1, "unit": "‰", "kind": "level", "metric": "tỷ lệ hộ nghèo"})],
                 id="giam_con_is_the_new_level"),
    pytest.param("Doanh thu năm 2024 tăng 4,2% so với năm 2023; tỷ lệ giải ngân đạt 95,1%.",
                 [("PERCENT", "4,2%", {"value": 4.2, "unit": "%", "kind": "change", "direction": "up",
                                       "basis": "so với năm 2023", "year": 2024}),
                  ("PERCENT", "95,1%", {"value": 95.1, "unit": "%", "kind": "level",
                                        "metric": "tỷ lệ giải ngân"})], id="the_year_compared_with_is_not_the_figures"),
    pytest.param("Tỷ lệ hộ nghèo giảm từ 12,4% năm 2015 xuống còn 3,8% hiện nay.",
                 [("PERCENT", "12,4%", {"value": 12.4, "unit": "%", "kind": "level", "year": 2015,
                                        "metric": "Tỷ lệ hộ nghèo"}),
                  ("PERCENT", "3,8%", {"value": 3.8, "unit": "%", "kind": "level", "metric": "Tỷ lệ hộ nghèo"})],
                 id="the_year_of_the_previous_figure_stays_with_it"),
    pytest.param("Tính đến tháng 6/2023, tỷ lệ người dân có thẻ căn cước đạt 87,3%.",
                 [("PERCENT", "87,3%", {"value": 87.3, "unit": "%", "kind": "level", "year": 2023,
                                        "metric": "tỷ lệ người dân có thẻ căn cước"})], id="month_of_a_year"),
    pytest.param("Phấn đấu đến năm 2030 có trên 75% hộ dân sử dụng nước sạch.",
                 [("PERCENT", "75%", {"value": 75.0, "unit": "%", "qualifier": ">", "kind": "target", "year": 2030,
                                      "metric": "hộ dân sử dụng nước sạch"})], id="target_with_its_deadline"),
    pytest.param("Thu ngân sách đạt 105% dự toán, vượt 12% kế hoạch.",
                 [("PERCENT", "105%", {"value": 105.0, "unit": "%", "kind": "level", "basis": "dự toán",
                                       "metric": "Thu ngân sách"}),
                  ("PERCENT", "12%", {"value": 12.0, "unit": "%", "kind": "change", "direction": "up",
                                      "basis": "kế hoạch"})], id="share_of_a_plan"),
    pytest.param("số vụ tai nạn giảm 6,17% so với cùng kỳ",
                 [("PERCENT", "6,17%", {"value": 6.17, "unit": "%", "kind": "change", "direction": "down",
                                        "basis": "so với cùng kỳ"})], id="change_down"),
]

NAMED = [
    pytest.param("Phong trào thi đua “Dân vận khéo” được triển khai; mô hình “Camera an ninh” của xã Hòa Bình phát huy hiệu quả.",
                 [("CAMPAIGN", "Dân vận khéo", {"name": "Dân vận khéo"}),
                  ("MODEL", "Camera an ninh", {"name": "Camera an ninh", "owner": "xã Hòa Bình"})],
                 id="owner_ends_after_the_unit_and_its_name"),
    pytest.param("mô hình “Tủ sách tri ân” của Trường\nTHCS Nguyễn Du, mô hình “Góp đá xây trường”",
                 [("MODEL", "Tủ sách tri ân", {"name": "Tủ sách tri ân", "owner": "Trường THCS Nguyễn Du"}),
                  ("MODEL", "Góp đá xây trường", {"name": "Góp đá xây trường"})], id="owner_over_a_pdf_line_break"),
    pytest.param("phong trào thi đua Quyết thắng trong lực lượng vũ trang tỉnh",
                 [("CAMPAIGN", "Quyết thắng", {"name": "Quyết thắng"})], id="unquoted_campaign"),
    pytest.param("nhân rộng mô hình nuôi tôm công nghệ cao của Hợp tác xã Tân Thuận đạt lợi nhuận cao",
                 [("MODEL", "nuôi tôm công nghệ cao", {"name": "nuôi tôm công nghệ cao", "owner": "Hợp tác xã Tân Thuận"})],
                 id="owner_stops_at_a_verb"),
]

PERSON = [
    pytest.param("Phó Chủ tịch UBND tỉnh Phạm Quốc Khải chủ trì hội nghị.",
                 [("PERSON", "Phạm Quốc Khải", {"name": "Phạm Quốc Khải", "titles": ["Phó Chủ tịch UBND tỉnh"],
                                                "role": "chủ trì"}),
                  ("TITLE", "Phó Chủ tịch UBND tỉnh", {"person": "Phạm Quốc Khải", "org": "UBND tỉnh"})],
                 id="title_before_name"),
    pytest.param("Phát biểu tại cuộc họp, Phó Chủ tịch UBND TP Ngô Văn Tâm đưa ra 4 nhiệm vụ.",
                 [("PERSON", "Ngô Văn Tâm", {"name": "Ngô Văn Tâm", "titles": ["Phó Chủ tịch UBND TP"],
                                             "role": "phát biểu"}),
                  ("TITLE", "Phó Chủ tịch UBND TP", {"person": "Ngô Văn Tâm", "org": "UBND TP"})],
                 id="unit_abbreviation_before_name"),
    pytest.param("Phong trào của huyện năm qua đạt nhiều kết quả đáng ghi nhận ở các xã, thị trấn và cơ quan, đơn vị.\n\n"
                 "THẢO LY (Theo Báo Vĩnh Long)\n", [("PERSON", "THẢO LY", {"name": "THẢO LY", "titles": []})],
                 id="caps_byline_with_source"),
    pytest.param("Ong Dang Van Luong, Pho Chu tich UBND tinh trao Giay khen.",
                 [("PERSON", "Dang Van Luong", {"name": "Dang Van Luong", "titles": []})], id="no_tone_honorific"),
    pytest.param("Địa chỉ: Tầng 6, số 52 Lê Văn Sỹ, Quận 3", [], id="street_after_house_number"),
]


def _check(module, text: str, expected: list[tuple]) -> None:
    assert found(text, module.find(context(text, PUBLISHED))) == expected


@pytest.mark.parametrize("text, expected", DOC_REF)
def test_doc_ref_find(text, expected):
    _check(doc_ref, text, expected)


@pytest.mark.parametrize("text, expected", DATE)
def test_date_find(text, expected):
    _check(date_rec, text, expected)


@pytest.mark.parametrize("text, expected", PERCENT)
def test_percent_find(text, expected):
    _check(percent, text, expected)


@pytest.mark.parametrize("text, expected", NAMED)
def test_named_find(text, expected):
    _check(named, text, expected)


@pytest.mark.parametrize("text, expected", PERSON)
def test_person_find(text, expected):
    _check(person, text, expected)


def test_doc_ref_typed_patterns_match_only_where_a_type_word_starts_as_finditer_does():
    # "văn bản" holds the type word "bản thỏa thuận" four characters in: the scan keeps both starts.
    text = ("theo văn bản thỏa thuận số 12/TT-UB và Bộ luật số 45/2019/QH14; Đề án 06, "
            "Chỉ thị số 08 và Nghị quyết 15/HU, Kế hoạch số 96 /KH-UBND")
    rules = doc_ref.DocRefRules.load()
    scan = doc_ref._type_word_scan(rules)
    assert scan.typed == {"typed_code", "bare_code", "number_bare", "number_only"}
    starts = scan.scan.starts(text)
    assert text.index("bản thỏa") in starts and text.index("luật") in starts
    for pid in scan.typed:
        pattern = rules.rules.patterns[pid]
        assert [m.span() for m in doc_ref._matches(pattern, text, starts)] == \
            [m.span() for m in pattern.finditer(text)]
