"""People across records: name, province and compatible posts; a timeline of positions with evidence."""

from __future__ import annotations

from registry_records import record

from pipeline.registry.build import build
from pipeline.registry.people import make_post


def _people(records):
    registry = build(records)
    return sorted((p["name"], p["province"], p["records"]) for p in registry.people)


def test_fixture_people(fixture_records):
    assert _people(fixture_records.values()) == [
        ("Hoàng Văn Sơn", "Quảng Bình", ["b_ke_hoach_huyen_uy"]),
        ("Lê Minh Châu", "Quảng Bình", ["b_ke_hoach_huyen_uy", "d_tin_le_thuy"]),
        ("Đặng Quốc Khánh", "Quảng Bình", ["a_chi_thi_tinh_uy"]),
        ("Đặng Quốc Khánh", "Quảng Trị", ["c_tin_quang_tri"])]


def test_positions_over_time_with_evidence():
    text = "Đồng chí Trần Văn Bình"
    records = [
        record("r1", text, people=[("Trần Văn Bình", [("Phó Chủ tịch UBND tỉnh", "UBND tỉnh")])],
               place="Nghệ An", published="2019-03-01"),
        record("r2", text, people=[("Trần Văn Bình", [("Phó Chủ tịch UBND tỉnh", "UBND tỉnh")])],
               place="Nghệ An", published="2020-07-15"),
        record("r3", text, people=[("Trần Văn Bình", [("Chủ tịch Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh")])],
               place="Vinh", published="2022-01-10")]
    registry = build(records)
    assert [(p["name"], p["first_seen"], p["last_seen"]) for p in registry.people] == [
        ("Trần Văn Bình", "2019-03-01", "2022-01-10")]
    assert [(p["title"], p["first_seen"], p["last_seen"], p["records"]) for p in registry.person_positions] == [
        ("Chủ tịch Ủy ban nhân dân tỉnh", "2022-01-10", "2022-01-10", ["r3"]),
        ("Phó Chủ tịch UBND tỉnh", "2019-03-01", "2020-07-15", ["r1", "r2"])]


def test_same_name_with_conflicting_posts_or_provinces_stays_apart():
    text = "ông Nguyễn Văn An"
    records = [
        record("school", text, people=[("Nguyễn Văn An", [("Hiệu trưởng Trường THPT Phan Bội Châu",
                                                            "Trường THPT Phan Bội Châu")])], place="Nghệ An"),
        record("police", text, people=[("Nguyễn Văn An", [("Trưởng Công an huyện", "Công an huyện")])],
               place="Nghệ An"),
        record("other", text, people=[("Nguyễn Văn An", [("Hiệu trưởng Trường THPT Phan Bội Châu",
                                                           "Trường THPT Phan Bội Châu")])], place="Hà Tĩnh")]
    assert _people(records) == [("Nguyễn Văn An", "Hà Tĩnh", ["other"]), ("Nguyễn Văn An", "Nghệ An", ["police"]),
                                ("Nguyễn Văn An", "Nghệ An", ["school"])]


def test_a_mention_without_post_joins_only_a_group_of_one():
    text = "ông Lê Văn Hải"
    posted = record("posted", text, people=[("Lê Văn Hải", [("Giám đốc Sở Y tế", "Sở Y tế")])], place="Huế")
    bare = record("bare", text, people=[("Lê Văn Hải", [])], place="Huế")
    assert _people([posted, bare]) == [("Lê Văn Hải", "Huế", ["bare", "posted"])]
    other = record("other", text, people=[("Lê Văn Hải", [("Bí thư Huyện ủy", "Huyện ủy")])], place="Huế")
    assert _people([posted, bare, other]) == [("Lê Văn Hải", "Huế", ["bare"]),
                                              ("Lê Văn Hải", "Huế", ["other"]),
                                              ("Lê Văn Hải", "Huế", ["posted"])]


def test_unknown_province_merges_only_on_a_shared_post():
    text = "ông Lê Văn Hải"
    a = record("a", text, people=[("Lê Văn Hải", [])])
    b = record("b", text, people=[("Lê Văn Hải", [])])
    assert len(_people([a, b])) == 2


def test_historical_persons_are_one_person_nationwide():
    text = "Chủ tịch Hồ Chí Minh"
    records = [record("a", text, people=[("Hồ Chí Minh", [("Chủ tịch", None)])], place="Nghệ An"),
               record("b", text, people=[("Hồ Chí Minh", [])], place="Quảng Trị")]
    assert _people(records) == [("Hồ Chí Minh", "TW", ["a", "b"])]


def test_post_keys_drop_the_organisation_and_expand_short_forms():
    post = make_post("Phó Chủ tịch UBND tỉnh", "UBND tỉnh")
    assert (post.head, post.org_key) == ("phó chủ tịch", "ủy ban nhân dân tỉnh")
    assert make_post("BÍ THƯ", None).head == "bí thư"


def test_unknown_province_joins_the_one_person_whose_posts_it_shares():
    text = "ông Bùi Văn Long"
    na = record("na", text, people=[("Bùi Văn Long", [("Phó Chủ tịch UBND tỉnh", "UBND tỉnh")])], place="Nghệ An")
    unknown = record("unknown", text, people=[("Bùi Văn Long", [("Phó Chủ tịch UBND tỉnh", "UBND tỉnh")])])
    assert _people([na, unknown]) == [("Bùi Văn Long", "Nghệ An", ["na", "unknown"])]
    ht = record("ht", text, people=[("Bùi Văn Long", [("Phó Chủ tịch UBND tỉnh", "UBND tỉnh")])], place="Hà Tĩnh")
    assert _people([na, unknown, ht]) == [("Bùi Văn Long", "?", ["unknown"]), ("Bùi Văn Long", "Hà Tĩnh", ["ht"]),
                                          ("Bùi Văn Long", "Nghệ An", ["na"])]


def test_a_post_written_without_its_organisation_joins_the_one_with_it():
    text = "Bùi Văn Long"
    signed = record("signed", text, people=[("Bùi Văn Long", [("PHÓ CHỦ TỊCH", None)])], place="Nghệ An",
                    published="2021-08-10")
    named = record("named", text, people=[("Bùi Văn Long", [("Phó Chủ tịch UBND tỉnh", "UBND tỉnh")])],
                   place="Nghệ An", published="2025-05-17")
    registry = build([signed, named])
    assert [(p["title"], p["first_seen"], p["last_seen"], p["records"]) for p in registry.person_positions] == [
        ("Phó Chủ tịch UBND tỉnh", "2021-08-10", "2025-05-17", ["named", "signed"])]


def test_central_posts_make_a_national_person_unless_another_post_is_local():
    text = "đồng chí Phan Văn Tâm"
    minister = record("m", text, people=[("Phan Văn Tâm", [("Thứ trưởng Bộ Y tế", "Bộ Y tế")])], place="Huế")
    secretary = record("s", text, people=[("Phan Văn Tâm", [("Bí thư Tỉnh ủy", "Tỉnh ủy"),
                                                            ("Ủy viên Trung ương Đảng", "Trung ương Đảng")])],
                       place="Huế")
    assert _people([minister, secretary]) == [("Phan Văn Tâm", "Huế", ["s"]), ("Phan Văn Tâm", "TW", ["m"])]

