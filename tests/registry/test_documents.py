"""Document identity across records: code plus issuer scope, open scopes kept apart, numbers alone joined."""

from __future__ import annotations

from registry_records import record

from pipeline.registry.build import build, summarize
from pipeline.registry.documents import doc_id, document_mentions, normal_code, record_place
from pipeline.registry.places import places


def _keys(rec):
    return [(m.code or m.name or m.doc_type, m.key) for m in document_mentions(rec)]


def test_code_spellings_fold_to_one():
    assert normal_code("08-CT/TU") == normal_code("8-CT/TU") == "8-CT/TU"
    assert normal_code("799/KH- SYT") == "799/KH-SYT"
    assert normal_code("27/2020/qđ-ubnd") == "27/2020/QĐ-UBND"


def test_places_name_provinces_and_unambiguous_districts():
    where = places()
    assert where.province_of("Lệ Thủy") == "Quảng Bình"
    assert where.province_of("Thanh Hoá") == "Thanh Hóa"
    assert where.named_province("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ") == "Quảng Trị"
    assert where.named_province("Ban Thường vụ Tỉnh ủy Quảng Trị") == "Quảng Trị"
    assert where.named_district("HUYỆN ỦY LỆ THỦY") == "Lệ Thủy"
    assert where.named_province("Ban Thường vụ Tỉnh ủy") is None
    assert where.province_of("Châu Thành") is None   # a district of several provinces names none


def test_record_place_from_place_then_header():
    assert record_place(record("x", "…", place="Lệ Thủy")).province == "Quảng Bình"
    assert record_place(record("x", "…", place="Lệ Thủy")).district == "Lệ Thủy"
    header = record("y", "ĐẢNG BỘ TỈNH NGHỆ AN\nHUYỆN ỦY NAM ĐÀN\nSố 15-KH/HU")
    assert (record_place(header).province, record_place(header).district) == ("Nghệ An", "Nam Đàn")
    assert record_place(record("z", "Hội nghị sơ kết")).province is None


def test_record_place_from_the_portals_configured_province():
    ingested = {**record("p", "Hội nghị sơ kết"), "portal": {"name": "baotinh", "province": "Hà Tĩnh"}}
    assert record_place(ingested).province == "Hà Tĩnh"
    # the record's own place and header come first: an article about another province keeps it
    elsewhere = {**record("q", "…", place="Lệ Thủy"), "portal": {"name": "baotinh", "province": "Hà Tĩnh"}}
    assert record_place(elsewhere).province == "Quảng Bình"
    # the configured province comes before a guess from the portal's host name
    hosted = {**record("r", "Hội nghị"), "url": "https://nghean.gov.vn/a", "portal": {"name": "x", "province": "Hà Tĩnh"}}
    assert record_place(hosted).province == "Hà Tĩnh"
    assert record_place({**hosted, "portal": {"name": "x", "province": None}}).province == "Nghệ An"


def test_same_party_code_in_two_provinces_is_two_documents(fixture_records):
    quang_binh = dict(_keys(fixture_records["a_chi_thi_tinh_uy"]))["18-CT/TU"]
    quang_tri = dict(_keys(fixture_records["c_tin_quang_tri"]))["18-CT/TU"]
    assert quang_binh == "code|Quảng Bình|18-CT/TU"
    assert quang_tri == "code|Quảng Trị|18-CT/TU"


def test_central_code_is_one_document_everywhere(fixture_records):
    keys = {dict(_keys(fixture_records[r]))["40-CT/TW"] for r in ("a_chi_thi_tinh_uy", "c_tin_quang_tri")}
    assert keys == {"code|TW|40-CT/TW"}


def test_header_and_later_citation_of_a_provincial_directive_join(fixture_records):
    registry = build(fixture_records.values())
    row = next(d for d in registry.documents_cited if d["code"] == "31-CT/TU")
    assert row["records"] == ["a_chi_thi_tinh_uy", "b_ke_hoach_huyen_uy"]
    assert (row["scope"], row["issued"], row["mentions"]) == ("Quảng Bình", "2022-03-10", 3)
    assert row["issuer"] == "TỈNH ỦY"   # its own header says who issued it


def test_number_alone_joins_the_full_code_of_its_record(fixture_records):
    mentions = document_mentions(fixture_records["a_chi_thi_tinh_uy"])
    alone = next(m for m in mentions if m.code is None and m.doc_type == "Chỉ thị")
    assert alone.key == "code|Quảng Bình|18-CT/TU"


def test_district_document_is_scoped_to_its_district(fixture_records):
    keys = {dict(_keys(fixture_records[r]))["52-KH/HU"] for r in ("b_ke_hoach_huyen_uy",)}
    assert keys == {"code|Quảng Bình/Lệ Thủy|52-KH/HU"}
    news = document_mentions(fixture_records["d_tin_le_thuy"])
    assert [m.key for m in news] == ["code|Quảng Bình/Lệ Thủy|52-KH/HU"]


def test_open_scope_never_merges_across_records():
    text = "Thực hiện Chỉ thị số 08-CT/TU của Ban Thường vụ Tỉnh ủy, … Chỉ thị 08-CT/TU"
    attrs = {"doc_type": "Chỉ thị", "number": "08", "symbol": "CT/TU", "code": "08-CT/TU"}
    one = record("one", text, [("Chỉ thị số 08-CT/TU", attrs), ("Chỉ thị 08-CT/TU", attrs)])
    two = record("two", text, [("Chỉ thị số 08-CT/TU", attrs)])
    registry = build([one, two])
    assert sorted((d["key"], d["mentions"]) for d in registry.documents_cited) == [
        ("open|one|8-CT/TU", 2), ("open|two|8-CT/TU", 1)]
    assert all(d["scope"] is None for d in registry.documents_cited)


def test_open_mention_joins_the_one_scoped_mention_of_its_record():
    text = "Chỉ thị số 08-CT/TU của Ban Thường vụ Tỉnh ủy Nghệ An; Chỉ thị 08-CT/TU"
    scoped = {"doc_type": "Chỉ thị", "number": "08", "symbol": "CT/TU", "code": "08-CT/TU",
              "issuer": "Ban Thường vụ Tỉnh ủy Nghệ An"}
    bare = {"doc_type": "Chỉ thị", "number": "08", "symbol": "CT/TU", "code": "08-CT/TU"}
    rec = record("r", text, [("Chỉ thị số 08-CT/TU", scoped), ("Chỉ thị 08-CT/TU", bare)])
    assert [m.key for m in document_mentions(rec)] == ["code|Nghệ An|8-CT/TU"] * 2


def test_conflicting_scopes_in_one_record_stay_apart_and_an_ambiguous_number_alone_too():
    text = "Chỉ thị số 08-CT/TU của Tỉnh ủy Nghệ An và Chỉ thị số 08-CT/TU của Tỉnh ủy Hà Tĩnh; Chỉ thị số 08"
    nghe_an = {"doc_type": "Chỉ thị", "number": "08", "symbol": "CT/TU", "code": "08-CT/TU",
               "issuer": "Tỉnh ủy Nghệ An"}
    ha_tinh = {**nghe_an, "issuer": "Tỉnh ủy Hà Tĩnh"}
    alone = {"doc_type": "Chỉ thị", "number": "08", "code": "08"}
    rec = record("r", text, [("Chỉ thị số 08-CT/TU", nghe_an), ("Chỉ thị số 08-CT/TU", ha_tinh),
                             ("Chỉ thị số 08", alone)])
    assert [m.key for m in document_mentions(rec)] == [
        "code|Nghệ An|8-CT/TU", "code|Hà Tĩnh|8-CT/TU", "num|r|chỉ thị|8"]


def test_laws_by_name_and_central_issuers_are_global():
    law = {"doc_type": "Luật", "name": "Luật Tổ chức CQĐP"}
    full = {"doc_type": "Luật", "name": "Luật Tổ chức chính quyền địa phương"}
    plan = {"doc_type": "Kế hoạch", "number": "45", "symbol": "KH-UBND", "code": "45/KH-UBND",
            "issuer": "Bộ Y tế"}
    one = record("one", "Căn cứ Luật Tổ chức CQĐP; Kế hoạch 45/KH-UBND", [("Luật Tổ chức CQĐP", law),
                                                                          ("Kế hoạch 45/KH-UBND", plan)])
    two = record("two", "Luật Tổ chức chính quyền địa phương", [("Luật Tổ chức chính quyền địa phương", full)],
                 place="Nghệ An")
    keys = [m.key for r in (one, two) for m in summarize(r).documents]
    assert keys == ["name|TW|luật|luật tổ chức chính quyền địa phương", "code|TW|45/KH-UBND",
                    "name|TW|luật|luật tổ chức chính quyền địa phương"]


def test_document_ids_are_stable_hashes_of_their_keys():
    assert doc_id("code|TW|57-NQ/TW") == doc_id("code|TW|57-NQ/TW")
    assert doc_id("code|TW|57-NQ/TW") != doc_id("code|Nghệ An|57-NQ/TW")
    assert doc_id("code|TW|57-NQ/TW").startswith("D") and len(doc_id("x")) == 13


def test_committee_is_the_issuer_in_one_spelling_without_its_place():
    from pipeline.registry.documents import committee

    assert committee("Ban Thường vụ Tỉnh uỷ Thái Bình") == committee("BAN THƯỜNG VỤ TỈNH ỦY") == \
        "Ban thường vụ tỉnh ủy"
    assert committee("UBND tỉnh") == committee("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN") == "Ủy ban nhân dân tỉnh"
    assert committee("HUYỆN ỦY LỆ THỦY") == "Huyện ủy"
    assert committee(None) is None


def test_a_law_name_reused_by_a_new_law_is_told_apart_by_its_year():
    old = {"doc_type": "Luật", "name": "Luật Tổ chức chính quyền địa phương", "issued": "2015-06-19"}
    new = {**old, "issued": "2025-06-16"}
    bare = {"doc_type": "Luật", "name": "Luật Tổ chức chính quyền địa phương"}
    text = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; … Luật Tổ chức chính quyền địa phương"
    first = record("first", text, [("Luật Tổ chức chính quyền địa phương", old),
                                   ("Luật Tổ chức chính quyền địa phương", bare)])
    second = record("second", "Luật Tổ chức chính quyền địa phương ngày 16/6/2025",
                    [("Luật Tổ chức chính quyền địa phương", new)])
    law = "name|TW|luật|luật tổ chức chính quyền địa phương"
    assert [m.key for r in (first, second) for m in document_mentions(r)] == [
        f"{law}@2015", f"{law}@2015", f"{law}@2025"]


def test_a_reference_inside_another_does_not_take_the_outer_date():
    outer = {"doc_type": "Luật", "name": "Luật sửa đổi, bổ sung một số điều của Luật Đất đai",
             "issued": "2020-06-17"}
    inner = {"doc_type": "Luật", "name": "Luật Đất đai", "issued": "2020-06-17"}
    dated = {"doc_type": "Luật", "name": "Luật Đất đai", "issued": "2013-11-29"}
    text = "Căn cứ Luật Đất đai ngày 29/11/2013; Luật sửa đổi, bổ sung một số điều của Luật Đất đai ngày 17/6/2020"
    rec = record("r", text, [("Luật Đất đai", dated), ("Luật sửa đổi, bổ sung một số điều của Luật Đất đai", outer)])
    start = text.rindex("Luật Đất đai")
    rec["entities"].append({"id": "T9", "label": "DOC_REF", "start": start, "end": start + len("Luật Đất đai"),
                            "text": "Luật Đất đai", "attrs": inner})
    keys = [(m.start, m.key, m.issued) for m in document_mentions(rec)]
    assert sorted(keys) == [
        (7, "name|TW|luật|luật đất đai@2013", "2013-11-29"),
        (37, "name|TW|luật|luật sửa đổi, bổ sung một số điều của luật đất đai@2020", "2020-06-17"),
        (start, "name|TW|luật|luật đất đai@2013", None)]
