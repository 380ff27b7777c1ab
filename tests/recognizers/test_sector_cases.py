"""Sector cases end to end: exact spans and values for error kinds that docs/annotation.md settles.

Each table pins one kind of error: organisation names kept whole in TITLEs, place names after an
administrative unit, military and police ranks, headings versus bylines and names without tone
marks, shared and abbreviated positions, DOC_REF shapes, and MODEL/CAMPAIGN names without quotes.
Every offset is checked against the text. All sentences are invented (people and numbers); only
provinces and ministries are real.
"""

from __future__ import annotations

import pytest

from pipeline.stages.document import extract_text


def _mentions(text: str, *labels: str) -> list[dict]:
    """The record's entities with one of ``labels``, after checking every offset against the text."""
    found = []
    for e in extract_text(text)["entities"]:
        assert text[e["start"]:e["end"]] == e["text"], e
        if e["label"] in labels:
            found.append(e)
    return found


def P(name: str, titles: list[str] | None = None, role: str | None = None) -> tuple:
    return ("PERSON", name, titles or [], role)


def T(span: str, person: str, org: str | None = None) -> tuple:
    return ("TITLE", span, person, org)


def _who(text: str) -> list[tuple]:
    """PERSON and TITLE mentions in text order, as built by ``P`` and ``T``."""
    out = []
    for e in _mentions(text, "PERSON", "TITLE"):
        a = e["attrs"]
        if e["label"] == "PERSON":
            assert a["name"] == " ".join(e["text"].split())
            out.append(P(e["text"], a["titles"], a.get("role")))
        else:
            out.append(T(e["text"], a["person"], a.get("org")))
    return out


def _cut(got: list[tuple], expected: list[tuple]) -> list[tuple]:
    """Each found tuple with its attrs (last item) cut to the keys of the expected one; None means absent."""
    if len(got) != len(expected):
        return got  # a missing or extra mention: compare everything, so the diff shows it
    return [(*g[:-1], {k: g[-1].get(k) for k in x[-1]}) for g, x in zip(got, expected, strict=True)]


# 1. Organisation names outside the word lists stay whole; a title ends at " - <position>" and before a verb.
ORG_NAMES = [
    pytest.param("Trưởng phòng Cảnh sát giao thông Công an tỉnh Nguyễn Văn Hòa cho biết đã xử lý 120 trường hợp.",
                 [T("Trưởng phòng Cảnh sát giao thông Công an tỉnh", "Nguyễn Văn Hòa",
                    "Phòng Cảnh sát giao thông Công an tỉnh"),
                  P("Nguyễn Văn Hòa", ["Trưởng phòng Cảnh sát giao thông Công an tỉnh"])], id="giao_thong_before_name"),
    pytest.param("Đồng chí Lý Văn Toàn, Phó Trưởng phòng Cảnh sát giao thông Công an tỉnh chủ trì lễ xuất quân cao điểm.",
                 [P("Lý Văn Toàn", ["Phó Trưởng phòng Cảnh sát giao thông Công an tỉnh"], "chủ trì"),
                  T("Phó Trưởng phòng Cảnh sát giao thông Công an tỉnh", "Lý Văn Toàn",
                    "Phòng Cảnh sát giao thông Công an tỉnh")], id="giao_thong_stops_before_chu_tri"),
    pytest.param("Bà Cao Thị Yến - Giám đốc Trung tâm Dịch vụ việc làm tỉnh trao Giấy khen cho 12 doanh nghiệp.",
                 [P("Cao Thị Yến", ["Giám đốc Trung tâm Dịch vụ việc làm tỉnh"]),
                  T("Giám đốc Trung tâm Dịch vụ việc làm tỉnh", "Cao Thị Yến", "Trung tâm Dịch vụ việc làm tỉnh")],
                 id="viec_lam_stops_before_trao"),
    pytest.param("Ông Nguyễn Hữu Lộc, Giám đốc Ngân hàng Chính sách xã hội tỉnh, trao Giấy khen cho các tổ tiết kiệm.",
                 [P("Nguyễn Hữu Lộc", ["Giám đốc Ngân hàng Chính sách xã hội tỉnh"]),
                  T("Giám đốc Ngân hàng Chính sách xã hội tỉnh", "Nguyễn Hữu Lộc", "Ngân hàng Chính sách xã hội tỉnh")],
                 id="xa_hoi_inside_org"),
    pytest.param("Ông Tạ Văn Long - Giám đốc Ban Quản lý dự án đầu tư xây dựng huyện - Chủ tịch Công đoàn cơ sở phát biểu.",
                 [P("Tạ Văn Long", ["Giám đốc Ban Quản lý dự án đầu tư xây dựng huyện", "Chủ tịch Công đoàn cơ sở"],
                    "phát biểu"),
                  T("Giám đốc Ban Quản lý dự án đầu tư xây dựng huyện", "Tạ Văn Long",
                    "Ban Quản lý dự án đầu tư xây dựng huyện"),
                  T("Chủ tịch Công đoàn cơ sở", "Tạ Văn Long", "Công đoàn cơ sở")], id="du_an_then_dash_position"),
    pytest.param("Đồng chí Vi Thị Lan, Phó Chủ tịch Hội Nông dân tỉnh - Trưởng Ban Chỉ đạo phòng, chống thiên tai xã chủ trì.",
                 [P("Vi Thị Lan", ["Phó Chủ tịch Hội Nông dân tỉnh", "Trưởng Ban Chỉ đạo phòng, chống thiên tai xã"],
                    "chủ trì"),
                  T("Phó Chủ tịch Hội Nông dân tỉnh", "Vi Thị Lan", "Hội Nông dân tỉnh"),
                  T("Trưởng Ban Chỉ đạo phòng, chống thiên tai xã", "Vi Thị Lan", "Ban Chỉ đạo phòng, chống thiên tai xã")],
                 id="phong_chong_comma_kept_after_dash"),
]


@pytest.mark.parametrize("text, expected", ORG_NAMES)
def test_organisation_names_stay_whole_in_titles(text, expected):
    assert _who(text) == expected


# 2. A place name after tỉnh/huyện/xã/phường/thành phố belongs to the TITLE, not to the PERSON after it.
PLACES = [
    pytest.param("Chủ tịch UBND tỉnh Hà Tĩnh Võ Văn Minh kiểm tra tiến độ thi công đê biển.",
                 [T("Chủ tịch UBND tỉnh Hà Tĩnh", "Võ Văn Minh", "UBND tỉnh Hà Tĩnh"),
                  P("Võ Văn Minh", ["Chủ tịch UBND tỉnh Hà Tĩnh"])], id="tinh_ha_tinh"),
    pytest.param("Chủ tịch UBND xã Cẩm Bình Trần Văn Quý báo cáo tình hình thu hoạch lúa.",
                 [T("Chủ tịch UBND xã Cẩm Bình", "Trần Văn Quý", "UBND xã Cẩm Bình"),
                  P("Trần Văn Quý", ["Chủ tịch UBND xã Cẩm Bình"])], id="xa_cam_binh"),
    pytest.param("Chủ tịch UBND huyện Lộc Hà Hồ Văn Nam phát biểu.",
                 [T("Chủ tịch UBND huyện Lộc Hà", "Hồ Văn Nam", "UBND huyện Lộc Hà"),
                  P("Hồ Văn Nam", ["Chủ tịch UBND huyện Lộc Hà"], "phát biểu")], id="huyen_loc_ha_before_surname"),
    pytest.param("Chủ tịch UBND huyện Mường Tè Giàng A Tủa kiểm tra công tác phòng chống lũ.",
                 [T("Chủ tịch UBND huyện Mường Tè", "Giàng A Tủa", "UBND huyện Mường Tè"),
                  P("Giàng A Tủa", ["Chủ tịch UBND huyện Mường Tè"])], id="huyen_muong_te"),
    pytest.param("Bí thư Đảng ủy phường Hưng Dũng Phạm Văn Tài phát biểu.",
                 [T("Bí thư Đảng ủy phường Hưng Dũng", "Phạm Văn Tài", "Đảng ủy phường Hưng Dũng"),
                  P("Phạm Văn Tài", ["Bí thư Đảng ủy phường Hưng Dũng"], "phát biểu")], id="phuong_hung_dung"),
    pytest.param("Ủy ban nhân dân tỉnh Hà Tĩnh chỉ đạo các huyện triển khai kế hoạch.", [], id="no_holder_no_title"),
]


@pytest.mark.parametrize("text, expected", PLACES)
def test_place_names_belong_to_the_title(text, expected):
    assert _who(text) == expected


# 3. Ranks are forms of address: never a TITLE, never inside a span; the name after them is a PERSON.
RANKS = [
    pytest.param("Đại tá Quách Văn Tùng, Chính ủy Bộ Chỉ huy Quân sự tỉnh, phát biểu tại buổi lễ.",
                 [P("Quách Văn Tùng", ["Chính ủy Bộ Chỉ huy Quân sự tỉnh"], "phát biểu"),
                  T("Chính ủy Bộ Chỉ huy Quân sự tỉnh", "Quách Văn Tùng", "Bộ Chỉ huy Quân sự tỉnh")], id="dai_ta"),
    pytest.param("Thượng tá Lưu Đức Hạnh, Phó Giám đốc Công an tỉnh chủ trì buổi giao ban.",
                 [P("Lưu Đức Hạnh", ["Phó Giám đốc Công an tỉnh"], "chủ trì"),
                  T("Phó Giám đốc Công an tỉnh", "Lưu Đức Hạnh", "Công an tỉnh")], id="thuong_ta"),
    pytest.param("Trung tá Ông Văn Bảy - Phó Trưởng phòng Cảnh sát giao thông Công an tỉnh cho biết đã xử lý 45 trường hợp.",
                 [P("Ông Văn Bảy", ["Phó Trưởng phòng Cảnh sát giao thông Công an tỉnh"]),
                  T("Phó Trưởng phòng Cảnh sát giao thông Công an tỉnh", "Ông Văn Bảy",
                    "Phòng Cảnh sát giao thông Công an tỉnh")], id="trung_ta_surname_ong"),
    pytest.param("Thiếu tướng Hà Quang Vĩnh, Tư lệnh Quân khu 4, kiểm tra công tác huấn luyện.",
                 [P("Hà Quang Vĩnh", ["Tư lệnh Quân khu 4"]), T("Tư lệnh Quân khu 4", "Hà Quang Vĩnh", "Quân khu 4")],
                 id="thieu_tuong"),
    pytest.param("Thiếu tá Lâm Thị Hoa cho biết đơn vị đã tiếp nhận 30 tân binh.", [P("Lâm Thị Hoa")],
                 id="thieu_ta_no_position"),
    pytest.param("Thượng úy Vàng A Chứ, cán bộ Đồn Biên phòng Mường Nhé, dạy chữ cho 20 học sinh.", [P("Vàng A Chứ")],
                 id="thuong_uy_can_bo_is_no_title"),
]


@pytest.mark.parametrize("text, expected", RANKS)
def test_ranks_are_not_titles(text, expected):
    assert _who(text) == expected


# 4. Capitalised headings hold no person (a reference in them still counts); bylines and untoned names do.
HEADINGS = [
    pytest.param("Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Đối tượng áp dụng\nBản quy định này áp dụng với cán bộ cấp xã.",
                 [], id="chuong_quy_dinh_chung"),
    pytest.param("Phần thứ nhất\nTÌNH HÌNH KINH TẾ - XÃ HỘI\n1. Sản xuất nông nghiệp tăng trưởng khá.", [],
                 id="phan_tinh_hinh"),
    pytest.param("KẾ HOẠCH\nTHỰC HIỆN NGHỊ QUYẾT SỐ 12-NQ/TU NGÀY 05/3/2024 CỦA TỈNH ỦY\nI. MỤC ĐÍCH, YÊU CẦU",
                 [("NGHỊ QUYẾT SỐ 12-NQ/TU", {"doc_type": "Nghị quyết", "code": "12-NQ/TU"})], id="heading_with_reference"),
]


@pytest.mark.parametrize("text, refs", HEADINGS)
def test_headings_hold_no_person(text, refs):
    assert _who(text) == []
    assert _cut([(e["text"], e["attrs"]) for e in _mentions(text, "DOC_REF")], refs) == refs


NAMES = [
    pytest.param("Huyện đã trao 50 suất quà cho hộ nghèo.\n\nNGUYỄN HOÀNG LONG\n", [P("NGUYỄN HOÀNG LONG")],
                 id="byline_last_line"),
    pytest.param("Buổi lễ kết thúc tốt đẹp.\n\nTRẦN MINH - LÊ HOA\n", [P("TRẦN MINH"), P("LÊ HOA")],
                 id="byline_two_authors"),
    pytest.param("Ông Tran Van Nghia, Phó Giám đốc Sở Xây dựng, báo cáo kết quả thẩm định.",
                 [P("Tran Van Nghia", ["Phó Giám đốc Sở Xây dựng"]),
                  T("Phó Giám đốc Sở Xây dựng", "Tran Van Nghia", "Sở Xây dựng")], id="untoned_after_ong"),
    pytest.param("Bà Nguyen Thi Lan, Chủ tịch Hội Phụ nữ huyện, phát biểu tại hội nghị.",
                 [P("Nguyen Thi Lan", ["Chủ tịch Hội Phụ nữ huyện"], "phát biểu"),
                  T("Chủ tịch Hội Phụ nữ huyện", "Nguyen Thi Lan", "Hội Phụ nữ huyện")], id="untoned_with_role"),
    pytest.param("Phó Giám đốc Sở Xây dựng Tran Van Nghia báo cáo kết quả thẩm định.",
                 [T("Phó Giám đốc Sở Xây dựng", "Tran Van Nghia", "Sở Xây dựng"),
                  P("Tran Van Nghia", ["Phó Giám đốc Sở Xây dựng"])], id="untoned_after_title"),
]


@pytest.mark.parametrize("text, expected", NAMES)
def test_bylines_and_untoned_names_are_people(text, expected):
    assert _who(text) == expected


# 5. Titles stop where they should; shared positions before a list; abbreviated positions.
SHARED = [
    pytest.param("3. Các Phó Trưởng ban:\n- Ông Nguyễn Văn Quang, Phó Giám đốc Sở Nông nghiệp và Môi trường;\n"
                 "- Bà Đào Thị Hiền, Phó Giám đốc Sở Tài chính.",
                 [T("Phó Trưởng ban", "Nguyễn Văn Quang"),
                  P("Nguyễn Văn Quang", ["Phó Trưởng ban", "Phó Giám đốc Sở Nông nghiệp và Môi trường"]),
                  T("Phó Giám đốc Sở Nông nghiệp và Môi trường", "Nguyễn Văn Quang", "Sở Nông nghiệp và Môi trường"),
                  P("Đào Thị Hiền", ["Phó Trưởng ban", "Phó Giám đốc Sở Tài chính"]),
                  T("Phó Giám đốc Sở Tài chính", "Đào Thị Hiền", "Sở Tài chính")], id="decision_deputies_list"),
    pytest.param("1. Trưởng ban: Ông Vũ Đình Lâm, Phó Chủ tịch UBND tỉnh.\n2. Các Ủy viên:\n"
                 "- Ông Kim Văn Tú, Phó Giám đốc Công an tỉnh;\n- Bà Âu Thị Liên, Phó Giám đốc Sở Tài chính.",
                 [T("Trưởng ban", "Vũ Đình Lâm"), P("Vũ Đình Lâm", ["Trưởng ban", "Phó Chủ tịch UBND tỉnh"]),
                  T("Phó Chủ tịch UBND tỉnh", "Vũ Đình Lâm", "UBND tỉnh"),
                  T("Ủy viên", "Kim Văn Tú"), P("Kim Văn Tú", ["Ủy viên", "Phó Giám đốc Công an tỉnh"]),
                  T("Phó Giám đốc Công an tỉnh", "Kim Văn Tú", "Công an tỉnh"),
                  P("Âu Thị Liên", ["Ủy viên", "Phó Giám đốc Sở Tài chính"]),
                  T("Phó Giám đốc Sở Tài chính", "Âu Thị Liên", "Sở Tài chính")], id="decision_head_and_members"),
    pytest.param("Đồng chí Khổng Thị Mơ - UVTV Huyện ủy, Trưởng Ban Dân vận Huyện ủy và đồng chí Tống Văn Hương - TUV, "
                 "Bí thư Huyện ủy đồng chủ trì hội nghị.",
                 [P("Khổng Thị Mơ", ["UVTV Huyện ủy", "Trưởng Ban Dân vận Huyện ủy"], "chủ trì"),
                  T("UVTV Huyện ủy", "Khổng Thị Mơ", "Huyện ủy"),
                  T("Trưởng Ban Dân vận Huyện ủy", "Khổng Thị Mơ", "Ban Dân vận Huyện ủy"),
                  P("Tống Văn Hương", ["TUV", "Bí thư Huyện ủy"], "chủ trì"), T("TUV", "Tống Văn Hương"),
                  T("Bí thư Huyện ủy", "Tống Văn Hương", "Huyện ủy")], id="abbrev_uvtv_tuv"),
    pytest.param("Ông Ninh Văn Hậu, PCT UBND huyện và bà Lạc Thị Cúc, PGĐ Sở Tài chính kiểm tra công trình trường học.",
                 [P("Ninh Văn Hậu", ["PCT UBND huyện"]), T("PCT UBND huyện", "Ninh Văn Hậu", "UBND huyện"),
                  P("Lạc Thị Cúc", ["PGĐ Sở Tài chính"]), T("PGĐ Sở Tài chính", "Lạc Thị Cúc", "Sở Tài chính")],
                 id="abbrev_pct_pgd"),
    pytest.param("Đồng chí Dương Thị Hải - Bí thư Huyện ủy, Chủ tịch HĐND huyện và các thành viên đoàn công tác thăm, "
                 "tặng quà 30 gia đình chính sách.",
                 [P("Dương Thị Hải", ["Bí thư Huyện ủy", "Chủ tịch HĐND huyện"]),
                  T("Bí thư Huyện ủy", "Dương Thị Hải", "Huyện ủy"), T("Chủ tịch HĐND huyện", "Dương Thị Hải", "HĐND huyện")],
                 id="title_stops_before_va_cac"),
    pytest.param("Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy và đại diện các sở, ngành tham dự buổi lễ.", [],
                 id="shared_position_without_names"),
    pytest.param("Nơi nhận:\n- Như Điều 3;\n- Chủ tịch, các PCT UBND huyện;\n- Lưu: VT, NC.", [], id="noi_nhan_positions_without_names"),
]


@pytest.mark.parametrize("text, expected", SHARED)
def test_shared_and_abbreviated_positions(text, expected):
    assert _who(text) == expected


def test_colon_list_position_is_one_title_span():
    # The shared position is one TITLE span, given to the first person of the list.
    text = ("Dự hội nghị có các đồng chí Tỉnh ủy viên: Lê Văn An, Trưởng Ban Dân vận Tỉnh ủy; "
            "Trần Thị Bình, Giám đốc Sở Tư pháp.")
    assert [t for t in _who(text) if t[0] == "TITLE"] == [
        T("Tỉnh ủy viên", "Lê Văn An"), T("Trưởng Ban Dân vận Tỉnh ủy", "Lê Văn An", "Ban Dân vận Tỉnh ủy"),
        T("Giám đốc Sở Tư pháp", "Trần Thị Bình", "Sở Tư pháp")]


# 6. DOC_REF shapes: line breaks, header numbers, legal-page rows, law names, joint circulars, short codes.
DOC_REFS = [
    pytest.param("Thực hiện Nghị định số\n214/2021/NĐ-CP ngày 03/11/2021 của Chính phủ, lực lượng đã xử phạt 200 trường hợp.",
                 [("Nghị định số\n214/2021/NĐ-CP", {"doc_type": "Nghị định", "code": "214/2021/NĐ-CP", "year": 2021,
                                                   "issued": "2021-11-03", "issuer": "Chính phủ"})],
                 id="line_break_after_so"),
    pytest.param("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố:\n245/KH-UBND\nHà Tĩnh, ngày 15 tháng 3 năm 2024\nKẾ HOẠCH",
                 [("245/KH-UBND", {"doc_type": "Kế hoạch", "code": "245/KH-UBND", "issued": "2024-03-15", "self": True,
                                   "issuer": "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"})],
                 id="header_number_on_next_line"),
    pytest.param("ĐẢNG BỘ TỈNH QUẢNG NAM\nTỈNH ỦY\n*\nSố 07-CT/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
                 "Tam Kỳ, ngày 05 tháng 8 năm 2022\n\nCHỈ THỊ\nvề công tác dân vận",
                 [("07-CT/TU", {"doc_type": "Chỉ thị", "code": "07-CT/TU", "issued": "2022-08-05", "self": True,
                                "issuer": "TỈNH ỦY"})], id="party_header_body_under_its_party_committee"),
    pytest.param("Số hiệu | 25/2019/QĐ-UBND\nNơi ban hành | UBND tỉnh Lào Cai\nLoại văn bản | Quyết định\n"
                 "Ngày ban hành | 12/8/2019",
                 [("25/2019/QĐ-UBND", {"doc_type": "Quyết định", "code": "25/2019/QĐ-UBND", "year": 2019,
                                       "issued": "2019-08-12", "self": True, "issuer": "UBND tỉnh Lào Cai"})],
                 id="so_hieu_row_is_self"),
    pytest.param("Thực hiện Công văn số 3318/UBND-NC ngày 05/9/2024 của UBND tỉnh Thanh Hóa, Bộ Chỉ huy Quân sự "
                 "tỉnh báo cáo như sau:",
                 [("Công văn số 3318/UBND-NC", {"issuer": "UBND tỉnh Thanh Hóa"})], id="no_joint_issuer_for_a_letter"),
    pytest.param("Căn cứ Thông tư liên tịch số 14/2017/TTLT-BTP-TANDTC ngày 20/11/2017 của Bộ Tư pháp, Tòa án nhân dân "
                 "tối cao;",
                 [("Thông tư liên tịch số 14/2017/TTLT-BTP-TANDTC",
                   {"issuer": "Bộ Tư pháp, Tòa án nhân dân tối cao"})], id="joint_issuers_of_a_joint_circular"),
    pytest.param("Căn cứ Thông tư số 09/2025/TT-BVHTTDL ngày 15/8/2025 của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch;",
                 [("Thông tư số 09/2025/TT-BVHTTDL", {"issuer": "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch"})],
                 id="a_ministry_name_with_a_comma"),
    pytest.param("Xét đề nghị của Giám đốc Sở Lao động - Thương binh và Xã hội tại Tờ trình số 214/TTr-SLĐTBXH.",
                 [("Tờ trình số 214/TTr-SLĐTBXH", {"issuer": "Giám đốc Sở Lao động - Thương binh và Xã hội"})],
                 id="the_proposer_of_a_submission"),
    pytest.param("Sở Xây dựng tham mưu UBND tỉnh ban hành Quyết định số 27/2022/QĐ-UBND quy định phân cấp.",
                 [("Quyết định số 27/2022/QĐ-UBND", {"issuer": "UBND tỉnh"})], id="the_advisor_is_no_issuer"),
    pytest.param("Đồ án được Thủ tướng Chính phủ phê duyệt tại Quyết định số 1144/QĐ-TTg.",
                 [("Quyết định số 1144/QĐ-TTg", {"issuer": "Thủ tướng Chính phủ"})], id="approved_by_at"),
    pytest.param("Mẫu nhà do Sở Xây dựng ban hành tại Công văn số 1187/SXD-QLN, phù hợp phong tục.",
                 [("Công văn số 1187/SXD-QLN", {"issuer": "Sở Xây dựng"})], id="issued_by_at"),
    pytest.param("Căn cứ Luật Tổ chức TAND ngày 24 tháng 6 năm 2024;",
                 [("Luật Tổ chức TAND", {"doc_type": "Luật", "name": "Luật Tổ chức TAND", "issued": "2024-06-24",
                                         "code": None})], id="law_with_abbreviation"),
    pytest.param("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai;",
                 [("Luật sửa đổi, bổ sung một số điều của Luật Đất đai",
                   {"doc_type": "Luật", "name": "Luật sửa đổi, bổ sung một số điều của Luật Đất đai"}),
                  ("Luật Đất đai", {"doc_type": "Luật", "name": "Luật Đất đai"})], id="amending_law_and_inner_law"),
    pytest.param("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch và Luật Đầu tư công;",
                 [("Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch và Luật Đầu tư công", {"doc_type": "Luật"}),
                  ("Luật Quy hoạch", {"name": "Luật Quy hoạch"}), ("Luật Đầu tư công", {"name": "Luật Đầu tư công"})],
                 id="amending_law_with_two_laws"),
    pytest.param("Theo quy định của Luật Giao thông đường bộ năm 2008, người điều khiển xe phải đội mũ bảo hiểm.",
                 [("Luật Giao thông đường bộ", {"name": "Luật Giao thông đường bộ", "issued": None})],
                 id="law_year_left_out"),
    pytest.param("Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;",
                 [("Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân",
                   {"name": "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân", "issued": "2003-11-26"})],
                 id="law_name_with_va_is_one"),
    pytest.param("Căn cứ Thông tư liên tịch số: 55/2015/TTLT/BTC-BNV ngày 14/4/2015 của Bộ Tài chính, Bộ Nội vụ;",
                 [("Thông tư liên tịch số: 55/2015/TTLT/BTC-BNV",
                   {"doc_type": "Thông tư liên tịch", "code": "55/2015/TTLT/BTC-BNV", "symbol": "TTLT/BTC-BNV",
                    "year": 2015, "issued": "2015-04-14", "issuer": "Bộ Tài chính, Bộ Nội vụ"})], id="ttlt_slash_kept"),
    pytest.param("Căn cứ Thông tư liên tịch số 55/2015/TTLT-BTC-BNV ngày 14/4/2015 của Bộ Tài chính, Bộ Nội vụ;",
                 [("Thông tư liên tịch số 55/2015/TTLT-BTC-BNV",
                   {"doc_type": "Thông tư liên tịch", "code": "55/2015/TTLT-BTC-BNV", "symbol": "TTLT-BTC-BNV"})],
                 id="ttlt_hyphens"),
    pytest.param("Thực hiện Nghị quyết 12/TU của Tỉnh ủy về phát triển du lịch, huyện đã đón 50.000 lượt khách.",
                 [("Nghị quyết 12/TU", {"doc_type": "Nghị quyết", "code": "12/TU", "number": "12", "symbol": "TU",
                                        "issuer": "Tỉnh ủy"})], id="code_without_type_part"),
    pytest.param("Công an huyện đẩy mạnh triển khai Đề án 06 của Chính phủ, đã cấp 3.500 tài khoản định danh.",
                 [("Đề án 06", {"doc_type": "Đề án", "code": "06", "number": "06", "issuer": "Chính phủ"})],
                 id="de_an_bare_number"),
    pytest.param("Kế hoạch này được triển khai đến các xã trong tháng Tư.", [], id="self_pointing_is_none"),
]


@pytest.mark.parametrize("text, expected", DOC_REFS)
def test_doc_refs(text, expected):
    assert _cut([(e["text"], e["attrs"]) for e in _mentions(text, "DOC_REF")], expected) == expected


# 7. MODEL and CAMPAIGN: unquoted names, owners, generic phrases, quoted names in a row.
NAMED = [
    pytest.param("Đơn vị đẩy mạnh phong trào thi đua Quyết thắng năm 2024 trong toàn lực lượng.",
                 [("CAMPAIGN", "Quyết thắng", {"name": "Quyết thắng"})], id="campaign_before_year"),
    pytest.param("Tỉnh đoàn phát động phong trào Thanh niên tình nguyện hè năm 2025 tại 10 huyện.",
                 [("CAMPAIGN", "Thanh niên tình nguyện hè", {"name": "Thanh niên tình nguyện hè"})],
                 id="campaign_phong_trao"),
    pytest.param("Xã triển khai mô hình Camera an ninh với gần 250 mắt camera ở các ngã ba.",
                 [("MODEL", "Camera an ninh", {"name": "Camera an ninh", "owner": None})], id="model_before_voi"),
    pytest.param("Nhiều hộ tham quan mô hình nuôi cá lồng công nghệ cao của Hợp tác xã Thạch Kim.",
                 [("MODEL", "nuôi cá lồng công nghệ cao", {"name": "nuôi cá lồng công nghệ cao", "owner": "Hợp tác xã Thạch Kim"})],
                 id="model_owner_cua"),
    pytest.param("Xã ra mắt mô hình Tổ tự quản đường làng tại thôn Đông Hòa.",
                 [("MODEL", "Tổ tự quản đường làng", {"name": "Tổ tự quản đường làng", "owner": "thôn Đông Hòa"})],
                 id="model_owner_tai"),
    pytest.param("Hội Phụ nữ xã duy trì mô hình “Chi hội 5 không 3 sạch” “Gia đình không bạo lực”, “Phụ nữ tiết kiệm” "
                 "trong các thôn.",
                 [("MODEL", "Chi hội 5 không 3 sạch", {"name": "Chi hội 5 không 3 sạch"}),
                  ("MODEL", "Gia đình không bạo lực", {"name": "Gia đình không bạo lực"}),
                  ("MODEL", "Phụ nữ tiết kiệm", {"name": "Phụ nữ tiết kiệm"})], id="quoted_names_in_a_row"),
]

NOT_NAMED = [
    pytest.param("Huyện đã nhân rộng các mô hình hiệu quả trong sản xuất nông nghiệp.", id="cac_mo_hinh_hieu_qua"),
    pytest.param("Toàn tỉnh hiện có 31 mô hình tự quản về an ninh trật tự.", id="counted_generic_models"),
    pytest.param("Qua một năm, mô hình này đã giúp 20 hộ thoát nghèo.", id="mo_hinh_nay"),
    pytest.param("Thực hiện phong trào thi đua, các đơn vị đã đăng ký 45 sáng kiến.", id="bare_phong_trao_thi_dua"),
]


MODEL_OWNERS = [
    pytest.param("Đồn Biên phòng A Dơi ra mắt mô hình “Nhà bán trú dân nuôi” tại bản Tà Ri.",
                 [("Nhà bán trú dân nuôi", "bản Tà Ri")], id="tai_names_where_it_runs"),
    pytest.param("Đồn Biên phòng A Dơi ra mắt mô hình “Nhà bán trú dân nuôi”.",
                 [("Nhà bán trú dân nuôi", "Đồn Biên phòng A Dơi")], id="the_subject_that_launches_it"),
    pytest.param("Dịp này, Hội Liên hiệp Phụ nữ huyện triển khai mô hình “Mẹ đỡ đầu tân binh”; Huyện đoàn duy trì "
                 "mô hình Tiếp sức tân binh với 40 suất quà.",
                 [("Mẹ đỡ đầu tân binh", "Hội Liên hiệp Phụ nữ huyện"), ("Tiếp sức tân binh", "Huyện đoàn")],
                 id="each_clause_its_subject"),
    pytest.param("Huyện nhân rộng mô hình “Chợ phiên không tiền mặt”.", [("Chợ phiên không tiền mặt", None)],
                 id="a_bare_unit_word_is_no_owner"),
    pytest.param("Mô hình “Khu dân cư số” ở thị trấn Diễn Thành được người dân hưởng ứng.",
                 [("Khu dân cư số", "thị trấn Diễn Thành")], id="o_names_where_it_runs"),
]


@pytest.mark.parametrize("text, expected", MODEL_OWNERS)
def test_model_owners(text, expected):
    assert [(e["text"], e["attrs"].get("owner")) for e in _mentions(text, "MODEL")] == expected


@pytest.mark.parametrize("text, expected", NAMED)
def test_models_and_campaigns_without_quotes(text, expected):
    got = [(e["label"], e["text"], e["attrs"]) for e in _mentions(text, "MODEL", "CAMPAIGN")]
    assert _cut(got, expected) == expected


@pytest.mark.parametrize("text", NOT_NAMED)
def test_generic_models_and_campaigns_are_nothing(text):
    assert _mentions(text, "MODEL", "CAMPAIGN") == []


# 9. Where an organisation ends: a territorial party committee or a multi-word unit closes it; a long
#    lower-case run stays only when a unit or a capital closes it; a footer label on the next line is no part of it.
ORG_ENDS = [
    pytest.param("Đồng chí Lê Văn Hải, Phó Trưởng ban Thường trực Ban Tuyên giáo Tỉnh uỷ thông tin một số nội dung.",
                 [P("Lê Văn Hải", ["Phó Trưởng ban Thường trực Ban Tuyên giáo Tỉnh uỷ"]),
                  T("Phó Trưởng ban Thường trực Ban Tuyên giáo Tỉnh uỷ", "Lê Văn Hải", "Ban Tuyên giáo Tỉnh uỷ")],
                 id="tinh_uy_closes"),
    pytest.param("Buổi học do Thượng úy Hồ Văn Tâm, Phó Trưởng Công an thị trấn Phú Lộc phụ trách.",
                 [P("Hồ Văn Tâm", ["Phó Trưởng Công an thị trấn Phú Lộc"]),
                  T("Phó Trưởng Công an thị trấn Phú Lộc", "Hồ Văn Tâm", "Công an thị trấn Phú Lộc")],
                 id="thi_tran_closes"),
    pytest.param("Theo ông Nguyễn Hữu Tín, Giám đốc Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và "
                 "công nghiệp tỉnh Bắc Giang, dự án đã cất nóc.",
                 [P("Nguyễn Hữu Tín", ["Giám đốc Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công "
                                       "nghiệp tỉnh Bắc Giang"]),
                  T("Giám đốc Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh Bắc Giang",
                    "Nguyễn Hữu Tín",
                    "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh Bắc Giang")],
                 id="long_lower_run_closed_by_unit"),
    pytest.param("Ông Lương Văn Hiệp, Trưởng phòng Việc làm - An toàn lao động Sở LĐ-TB&XH hướng dẫn người lao động.",
                 [P("Lương Văn Hiệp", ["Trưởng phòng Việc làm - An toàn lao động Sở LĐ-TB&XH"]),
                  T("Trưởng phòng Việc làm - An toàn lao động Sở LĐ-TB&XH", "Lương Văn Hiệp",
                    "Phòng Việc làm - An toàn lao động Sở LĐ-TB&XH")], id="viec_lam_is_a_name"),
    pytest.param("Đồng chí Dương Thị Nga, Phó Trưởng ban Thường trực Ban Chỉ đạo thường xuyên kiểm tra cơ sở.",
                 [P("Dương Thị Nga", ["Phó Trưởng ban Thường trực Ban Chỉ đạo"]),
                  T("Phó Trưởng ban Thường trực Ban Chỉ đạo", "Dương Thị Nga", "Ban Chỉ đạo")], id="thuong_xuyen_adverb"),
    pytest.param("Chịu trách nhiệm chính: ông Phạm Văn Khôi, Giám đốc Sở\nĐịa chỉ: Số 8 đường Trần Phú",
                 [P("Phạm Văn Khôi", ["Giám đốc Sở"]), T("Giám đốc Sở", "Phạm Văn Khôi", "Sở")], id="footer_label"),
    pytest.param("Hội đồng gồm 15 thành viên do đồng chí Lê Văn Phúc, Chủ tịch UBND tỉnh làm tổ trưởng.",
                 [P("Lê Văn Phúc", ["Chủ tịch UBND tỉnh"]), T("Chủ tịch UBND tỉnh", "Lê Văn Phúc", "UBND tỉnh")],
                 id="lower_case_function_is_no_title"),
]


@pytest.mark.parametrize("text, expected", ORG_ENDS)
def test_where_an_organisation_ends(text, expected):
    assert _who(text) == expected


# 10. Lists: an inline heading's position stops at an official with an honorific of their own; a dash list
#     goes on over a line a PDF wrapped; a position after " -" at a line break is one more TITLE.
LISTS = [
    pytest.param("Dự có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy: Hồ Sỹ Lâm, Phó Chủ tịch UBND tỉnh; "
                 "đồng chí Cao Văn Tú, ĐBQH khóa XV.",
                 [T("Ủy viên Ban Thường vụ Tỉnh ủy", "Hồ Sỹ Lâm", "Ban Thường vụ Tỉnh ủy"),
                  P("Hồ Sỹ Lâm", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Phó Chủ tịch UBND tỉnh"], "dự"),
                  T("Phó Chủ tịch UBND tỉnh", "Hồ Sỹ Lâm", "UBND tỉnh"),
                  P("Cao Văn Tú", ["ĐBQH khóa XV"], "dự"), T("ĐBQH khóa XV", "Cao Văn Tú", "khóa XV")],
                 id="own_honorific_leaves_the_list"),
    pytest.param("4. Các Ủy viên:\n- Ông Huỳnh Tấn Lộc, Phó Giám đốc Sở Giao thông vận tải - Chánh Văn phòng Ban\n"
                 "ATGT tỉnh;\n- Bà Trần Thị Mỹ Hoa, Phó Giám đốc Sở Giáo dục và Đào tạo;\n",
                 [T("Ủy viên", "Huỳnh Tấn Lộc"),
                  P("Huỳnh Tấn Lộc", ["Ủy viên", "Phó Giám đốc Sở Giao thông vận tải", "Chánh Văn phòng Ban ATGT tỉnh"]),
                  T("Phó Giám đốc Sở Giao thông vận tải", "Huỳnh Tấn Lộc", "Sở Giao thông vận tải"),
                  T("Chánh Văn phòng Ban\nATGT tỉnh", "Huỳnh Tấn Lộc", "Văn phòng Ban ATGT tỉnh"),
                  P("Trần Thị Mỹ Hoa", ["Ủy viên", "Phó Giám đốc Sở Giáo dục và Đào tạo"]),
                  T("Phó Giám đốc Sở Giáo dục và Đào tạo", "Trần Thị Mỹ Hoa", "Sở Giáo dục và Đào tạo")],
                 id="wrapped_line_stays_in_the_list"),
    pytest.param("9. Ông Mai Xuân Hòa, Giám đốc Trung tâm Công nghệ thông tin tỉnh -\nỦy viên;\n",
                 [P("Mai Xuân Hòa", ["Giám đốc Trung tâm Công nghệ thông tin tỉnh", "Ủy viên"]),
                  T("Giám đốc Trung tâm Công nghệ thông tin tỉnh", "Mai Xuân Hòa", "Trung tâm Công nghệ thông tin tỉnh"),
                  T("Ủy viên", "Mai Xuân Hòa")], id="dash_at_line_break"),
]


@pytest.mark.parametrize("text, expected", LISTS)
def test_lists_of_officials(text, expected):
    assert _who(text) == expected


# 11. A given name used alone after a form of address, for someone named in full before, is a PERSON.
GIVEN_ALONE = [
    pytest.param("Bà Nguyễn Thị Hương, Trưởng trạm Y tế xã, cho biết số lượt khám tăng. Theo bà Hương, người dân hài lòng.",
                 [P("Nguyễn Thị Hương", ["Trưởng trạm Y tế xã"]),
                  T("Trưởng trạm Y tế xã", "Nguyễn Thị Hương", "Trạm Y tế xã"), P("Hương")], id="theo_ba_huong"),
    pytest.param("Ông Lê Văn Lộc và ông Trần Văn Lộc cùng tham gia. Ông Lộc chia sẻ kinh nghiệm.",
                 [P("Lê Văn Lộc"), P("Trần Văn Lộc")], id="shared_given_name_stays_unread"),
    pytest.param("Theo bà Hương, người dân hài lòng.", [], id="no_full_name_before"),
]


@pytest.mark.parametrize("text, expected", GIVEN_ALONE)
def test_given_name_alone(text, expected):
    assert _who(text) == expected
