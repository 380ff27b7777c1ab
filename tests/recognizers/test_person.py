"""PERSON and TITLE end to end: exact spans, values and roles; names that are places or headings are not PERSON."""

from __future__ import annotations

import pytest

from pipeline.recognizers.person_features import _syllables
from pipeline.stages.document import extract_text


def _people(text: str) -> list[tuple]:
    record = extract_text(text)
    return [(e["text"], e["attrs"].get("titles"), e["attrs"].get("role")) for e in record["entities"]
            if e["label"] == "PERSON"]


def _titles(text: str) -> list[tuple]:
    record = extract_text(text)
    return [(e["text"], e["attrs"]["person"], e["attrs"].get("org")) for e in record["entities"] if e["label"] == "TITLE"]


PEOPLE = [
    ("Sáng 12-4, Phó Chủ tịch Thường trực UBND tỉnh Nguyễn Văn Khang chủ trì hội nghị.",
     [("Nguyễn Văn Khang", ["Phó Chủ tịch Thường trực UBND tỉnh"], "chủ trì")]),
    ("Đồng chí Trần Thị Mai - Tỉnh ủy viên, Bí thư Huyện ủy, Chủ tịch HĐND huyện phát biểu tại hội nghị.",
     [("Trần Thị Mai", ["Tỉnh ủy viên", "Bí thư Huyện ủy", "Chủ tịch HĐND huyện"], "phát biểu")]),
    ("Giám đốc Sở Y tế Lê Văn An; Phó Giám đốc Sở Y tế Phạm Thị Bình và Chánh Văn phòng Sở Y tế Võ Văn Cường "
     "đồng chủ trì hội nghị.",
     [("Lê Văn An", ["Giám đốc Sở Y tế"], "chủ trì"), ("Phạm Thị Bình", ["Phó Giám đốc Sở Y tế"], "chủ trì"),
      ("Võ Văn Cường", ["Chánh Văn phòng Sở Y tế"], "chủ trì")]),
    ("Dự hội nghị có đồng chí Đặng Văn Hùng - Phó Chủ tịch UBND tỉnh; đồng chí Hoàng Thị Lan - Phó Trưởng Ban "
     "Dân vận Tỉnh ủy.",
     [("Đặng Văn Hùng", ["Phó Chủ tịch UBND tỉnh"], "dự"), ("Hoàng Thị Lan", ["Phó Trưởng Ban Dân vận Tỉnh ủy"], "dự")]),
    ("Phát biểu tại buổi làm việc, Giám đốc Sở Tài chính Ngô Quang Minh đề nghị các đơn vị rà soát.",
     [("Ngô Quang Minh", ["Giám đốc Sở Tài chính"], "phát biểu")]),
    ("Gửi VB giấy và điện tử.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Thị Thu Hà",
     [("Lê Thị Thu Hà", ["PHÓ CHỦ TỊCH"], "ký")]),
    ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong cán bộ.",
     [("Hồ Chí Minh", [], None)]),
]


@pytest.mark.parametrize("text, expected", PEOPLE, ids=[f"people:{n}" for n in range(len(PEOPLE))])
def test_people_titles_and_roles(text, expected):
    assert _people(text) == expected


TITLES = [
    ("Tổng Biên tập Báo và Đài Phát thanh, Truyền hình Quảng Nam Trương Văn Đức dự buổi lễ.",
     [("Tổng Biên tập Báo và Đài Phát thanh, Truyền hình Quảng Nam", "Trương Văn Đức",
       "Báo và Đài Phát thanh, Truyền hình Quảng Nam")]),
    ("Phó Bí thư Thành ủy Hà Nội Đào Văn Toàn làm việc với Sở Y tế.",
     [("Phó Bí thư Thành ủy Hà Nội", "Đào Văn Toàn", "Thành ủy Hà Nội")]),
    ("Bà Nguyễn Thị Hạnh, Vụ trưởng Vụ Kế hoạch - Tài chính cho biết như vậy.",
     [("Vụ trưởng Vụ Kế hoạch - Tài chính", "Nguyễn Thị Hạnh", "Vụ Kế hoạch - Tài chính")]),
    ("do Thứ trưởng Bộ Giáo dục và Đào tạo Phạm Văn Thưởng làm Trưởng đoàn đã kiểm tra.",
     [("Thứ trưởng Bộ Giáo dục và Đào tạo", "Phạm Văn Thưởng", "Bộ Giáo dục và Đào tạo"),
      ("Trưởng đoàn", "Phạm Văn Thưởng", None)]),
]


@pytest.mark.parametrize("text, expected", TITLES, ids=[f"titles:{n}" for n in range(len(TITLES))])
def test_title_spans_and_organisations(text, expected):
    assert _titles(text) == expected


NOT_PEOPLE = [
    "Hội nghị được tổ chức tại Thành phố Hồ Chí Minh vào cuối tháng.",
    "Học sinh Trường THPT Lê Quý Đôn đạt nhiều giải cao.",
    "II. NỘI DUNG\n\n1. Tuyên truyền sâu rộng trong cán bộ.",
    "Navigation Menu\nTrang chủ\nGiới thiệu",
    "Bác Hồ luôn căn dặn cán bộ phải gần dân.",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
]


@pytest.mark.parametrize("text", NOT_PEOPLE, ids=[f"not_people:{n}" for n in range(len(NOT_PEOPLE))])
def test_places_organisations_and_headings_are_not_people(text):
    assert _people(text) == []


def test_mentions_of_one_person_share_a_cluster_and_records_list_persons():
    text = ("Đồng chí Lê Văn Hải - Bí thư Huyện ủy chủ trì hội nghị. Kết luận hội nghị, đồng chí Lê Văn Hải "
            "yêu cầu các chi bộ rà soát. Ảnh: Minh Đức")
    record = extract_text(text)
    people = [e for e in record["entities"] if e["label"] == "PERSON"]
    assert [(e["text"], e["attrs"]["cluster"]) for e in people] == [
        ("Lê Văn Hải", "P1"), ("Lê Văn Hải", "P1"), ("Minh Đức", "P2")]
    assert record["persons"][0] == {"cluster": "P1", "name": "Lê Văn Hải", "titles": ["Bí thư Huyện ủy"],
                                    "mentions": [people[0]["id"], people[1]["id"]]}
    assert record["pipeline"]["model"].startswith("person-")


def test_run_syllables_keep_their_view_extents():
    assert _syllables("Nguyễn Văn\nK’Brơi", 10) == [(10, 16, "Nguyễn"), (17, 20, "Văn"), (21, 27, "K’Brơi")]
