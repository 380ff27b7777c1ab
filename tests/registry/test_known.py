"""Central documents known by name: law versions by year, number or date, and documents cited by number alone."""

from __future__ import annotations

import pytest
from registry_records import record

from pipeline.registry.cues import rules
from pipeline.registry.documents import document_mentions, normal_code, record_place, typed_code
from pipeline.registry.known import name_key
from pipeline.stages.document import extract_text

LAWS = rules().laws.entries


def _keys(text: str, published: str | None = None) -> list[tuple[str, str]]:
    rec = extract_text(text, id="r", published=published)
    return [(m.name or m.code or "", m.key) for m in document_mentions(rec)]


@pytest.mark.parametrize("entry", LAWS, ids=[f"{e['value'][:40]}@{e['issued'][:4]}" for e in LAWS])
def test_every_law_example_resolves_to_its_version(entry):
    kind = "bộ luật" if entry["value"].startswith("Bộ luật") else "luật"
    # the first reference is the law itself (an amending law holds the laws it amends after it)
    assert _keys(entry["example"])[0][1] == f"name|TW|{kind}|{name_key(entry['value'])}@{entry['issued'][:4]}"


LAW = "name|TW|luật|"


@pytest.mark.parametrize("text, published, expected", [
    # without a year: the last version passed by the record's date
    ("Căn cứ Luật Tổ chức CQĐP;", "2025-03-01", [LAW + "luật tổ chức chính quyền địa phương@2015"]),
    ("Căn cứ Luật Tổ chức CQĐP;", "2025-07-01", [LAW + "luật tổ chức chính quyền địa phương@2025"]),
    ("Thực hiện Luật NSNN, các đơn vị rà soát.", "2024-03-01", [LAW + "luật ngân sách nhà nước@2015"]),
    # the year written after the name wins over the record's date
    ("Theo Luật Đất đai năm 2013, hộ gia đình được cấp giấy.", "2025-01-10", [LAW + "luật đất đai@2013"]),
    # a law's number is that law's version
    ("Căn cứ Luật số 62/2020/QH14;", None, [LAW + "luật sửa đổi, bổ sung một số điều của luật xây dựng@2020"]),
    # a law named inside an amending law is the version that law amended, not the amending law's year
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Xây dựng năm 2020;", "2024-05-02",
     [LAW + "luật sửa đổi, bổ sung một số điều của luật xây dựng@2020", LAW + "luật xây dựng@2014"]),
    # a law the table does not hold keeps no year without one
    ("Căn cứ Luật Thủy sản;", "2024-05-02", [LAW + "luật thủy sản"]),
])
def test_law_versions(text, published, expected):
    assert [key for _, key in _keys(text, published)] == expected


DE_AN_06 = ("name|TW|đề án|phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển "
            "đổi số quốc gia giai đoạn 2022-2025, tầm nhìn đến năm 2030")


@pytest.mark.parametrize("refs, place, expected", [
    # a number alone of a central document known by it joins its full name, in every province
    ([("Đề án 06", {"doc_type": "Đề án", "number": "06", "code": "06"})], "Nghệ An", [DE_AN_06]),
    ([("Đề án “Phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số "
       "quốc gia giai đoạn 2022-2025, tầm nhìn đến năm 2030”",
       {"doc_type": "Đề án", "name": "Phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục "
                                     "vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030"})],
     "Quảng Bình", [DE_AN_06]),
    # the record's own full code of that number comes first
    ([("Đề án số 06/ĐA-UBND", {"doc_type": "Đề án", "number": "06", "symbol": "ĐA-UBND", "code": "06/ĐA-UBND"}),
      ("Đề án 06", {"doc_type": "Đề án", "number": "06", "code": "06"})], "Nghệ An",
     ["code|Nghệ An|6/ĐA-UBND", "code|Nghệ An|6/ĐA-UBND"]),
    # another type of that number is another document
    ([("Chỉ thị 06", {"doc_type": "Chỉ thị", "number": "06", "code": "06"})], "Nghệ An", ["num|r|chỉ thị|6"]),
])
def test_documents_cited_by_number_alone(refs, place, expected):
    text = "; ".join(span for span, _ in refs)
    assert [m.key for m in document_mentions(record("r", text, refs, place=place))] == expected


@pytest.mark.parametrize("code, doc_type, expected", [
    ("16/2016/TTLT/BYT-BQP", None, "16/2016/TTLT-BYT-BQP"),   # a joint circular's two spellings
    ("16/2016/TTLT-BYT-BQP", None, "16/2016/TTLT-BYT-BQP"),
    ("15/HU", "Nghị quyết", "15-NQ/HU"),                       # a party code without its type part
    ("15/HU", "Chỉ thị", "15-CT/HU"),
    ("15/HU", None, "15/HU"),
    ("15-NQ/HU", "Nghị quyết", "15-NQ/HU"),
])
def test_code_spellings(code, doc_type, expected):
    assert typed_code(normal_code(code), doc_type) == expected


@pytest.mark.parametrize("url, province", [
    ("https://hatinh.example.gov.vn/tin-tuc/a-1.html", "Hà Tĩnh"),
    ("https://www.quangbinh.gov.vn/x", "Quảng Bình"),
    ("https://sotinh.example.gov.vn/x", None),
    (None, None),
])
def test_a_portal_host_names_the_province(url, province):
    rec = record("r", "Sáng 3/10, UBND tỉnh triển khai Kế hoạch số 241/KH-UBND.",
                 [("Kế hoạch số 241/KH-UBND", {"doc_type": "Kế hoạch", "number": "241", "symbol": "KH-UBND",
                                               "code": "241/KH-UBND"})])
    rec["url"] = url
    assert record_place(rec).province == province
    assert document_mentions(rec)[0].key == (f"code|{province}|241/KH-UBND" if province else "open|r|241/KH-UBND")


PLAN = {"doc_type": "Kế hoạch", "number": "45", "symbol": "KH-UBND", "code": "45/KH-UBND"}


@pytest.mark.parametrize("issuers, expected", [
    # a district's record: the bare mention of the code is the district plan it named with its issuer
    (["UBND huyện", None], ["code|Nghệ An/Đô Lương|45/KH-UBND", "code|Nghệ An/Đô Lương|45/KH-UBND"]),
    # a mention that names its issuer keeps it
    (["UBND huyện", "UBND tỉnh Nghệ An"], ["code|Nghệ An/Đô Lương|45/KH-UBND", "code|Nghệ An|45/KH-UBND"]),
    # without a district mention of the code, the bare one stays the province's
    ([None], ["code|Nghệ An|45/KH-UBND"]),
])
def test_a_bare_code_in_a_district_record_joins_the_district_document(issuers, expected):
    text = " … ".join("Kế hoạch số 45/KH-UBND" for _ in issuers)
    refs = [("Kế hoạch số 45/KH-UBND", {**PLAN, **({"issuer": i} if i else {})}) for i in issuers]
    assert [m.key for m in document_mentions(record("r", text, refs, place="Đô Lương"))] == expected
