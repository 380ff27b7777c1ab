"""Citation edges: citing side, relation from the cue words before the reference, one edge per cited document."""

from __future__ import annotations

import pytest
from registry_records import record

from pipeline.registry.build import build, summarize
from pipeline.registry.citations import relation_before
from pipeline.registry.documents import doc_id

LAW = {"doc_type": "Luật", "name": "x"}


def _code(code: str, **extra) -> dict:
    number, _, symbol = code.replace("/", "-", 1).partition("-")
    return {"doc_type": "Quyết định", "number": number, "symbol": symbol, "code": code, **extra}


def _edges(rec):
    summary = summarize(rec)
    names = {m.key: (m.code or m.name) for m in summary.documents}
    by_id = {doc_id(k): v for k, v in names.items()}
    return [(by_id.get(c.citing) if c.citing else None, by_id[c.cited], c.relation) for c in summary.citations]


def test_fixture_edges_from_own_documents_and_articles(fixture_records):
    registry = build(fixture_records.values())
    code = {d["id"]: d["code"] or d["name"] for d in registry.documents_cited}
    scope = {d["id"]: d["scope"] for d in registry.documents_cited}
    edges = [(c["record_id"], code.get(c["citing_id"]), code[c["cited_id"]], scope[c["cited_id"]], c["relation"])
             for c in registry.citations]
    assert edges == [
        ("a_chi_thi_tinh_uy", "31-CT/TU", "Điều lệ Đảng", "TW", "based_on"),
        ("a_chi_thi_tinh_uy", "31-CT/TU", "40-CT/TW", "TW", "based_on"),
        ("a_chi_thi_tinh_uy", "31-CT/TU", "18-CT/TU", "Quảng Bình", "implements"),
        ("b_ke_hoach_huyen_uy", "52-KH/HU", "31-CT/TU", "Quảng Bình", "implements"),
        ("c_tin_quang_tri", None, "18-CT/TU", "Quảng Trị", "implements"),
        ("c_tin_quang_tri", None, "40-CT/TW", "TW", "implements"),
        ("d_tin_le_thuy", None, "52-KH/HU", "Quảng Bình/Lệ Thủy", "implements")]


def test_cue_words_give_the_relation():
    text = "Nội dung chính"
    assert relation_before("Căn cứ Luật X", 7, 0) == "based_on"
    assert relation_before("Kế hoạch triển khai thực hiện Nghị quyết", 30, 0) == "implements"
    assert relation_before("nhằm cụ thể hóa Nghị quyết", 16, 0) == "implements"
    assert relation_before("Quyết định này thay thế Quyết định", 24, 0) == "replaces"
    assert relation_before("Nghị định sửa đổi, bổ sung một số điều của Nghị định", 43, 0) == "amends"
    assert relation_before(text + " Quyết định", len(text) + 1, 0) is None
    # a cue before a sentence end, a paragraph, or the previous reference is not this reference's
    assert relation_before("Căn cứ.\nQuyết định", 8, 0) is None
    assert relation_before("Căn cứ\n\nQuyết định", 8, 0) is None
    assert relation_before("Căn cứ Luật A về B Quyết định", 19, 13) is None
    # a line wrapped inside the sentence does not end the cue's reach
    assert relation_before("Quyết định này có hiệu lực và thay thế\nQuyết định", 39, 0) == "replaces"
    assert relation_before("- Văn bản căn cứ: Nghị định", 18, 0) == "based_on"
    assert relation_before("nhằm thực hiện nghiêm Chỉ thị", 22, 0) == "implements"


def test_a_list_after_a_cue_shares_its_relation():
    text = "Căn cứ Luật A ngày 19 tháng 6 năm 2015, Luật B và Nghị định số 15/2020/NĐ-CP.\nQuyết định 3/QĐ-UBND"
    rec = record("r", text, [("Luật A", {**LAW, "name": "A"}), ("Luật B", {**LAW, "name": "B"}),
                             ("Nghị định số 15/2020/NĐ-CP", _code("15/2020/NĐ-CP")),
                             ("Quyết định 3/QĐ-UBND", _code("3/QĐ-UBND"))], place="Nghệ An")
    assert [e[2] for e in _edges(rec)] == ["based_on", "based_on", "based_on", "cites"]


Q = "Quyết định"


@pytest.mark.parametrize("text, refs, expected", [
    # a list continues across the descriptions of its items, after ";" or "và"
    ("Thực hiện Chỉ thị 1/CT-UBND về phòng, chống dịch COVID-19; Kế hoạch 2/KH-UBND về tiêm chủng",
     ["Chỉ thị 1/CT-UBND", "Kế hoạch 2/KH-UBND"], [(None, "1/CT-UBND", "implements"), (None, "2/KH-UBND", "implements")]),
    # a reference inside an item's description is cited only, and the list goes on after it
    ("Thực hiện Kế hoạch 3/KH-UBND về tổng kết thi hành Quyết định 4/QĐ-UBND; Công văn 5/UBND-NC",
     ["Kế hoạch 3/KH-UBND", "Quyết định 4/QĐ-UBND", "Công văn 5/UBND-NC"],
     [(None, "3/KH-UBND", "implements"), (None, "4/QĐ-UBND", "cites"), (None, "5/UBND-NC", "implements")]),
    # "ban hành" starts a list of its own
    ("Thực hiện Nghị quyết 6/NQ-HĐND, UBND huyện ban hành Kế hoạch 7/KH-UBND và Quyết định 8/QĐ-UBND",
     ["Nghị quyết 6/NQ-HĐND", "Kế hoạch 7/KH-UBND", "Quyết định 8/QĐ-UBND"],
     [(None, "6/NQ-HĐND", "implements"), (None, "7/KH-UBND", "cites"), (None, "8/QĐ-UBND", "cites")]),
    # a sentence end closes the list
    ("Căn cứ Quyết định 9/QĐ-UBND. Sau đó, Kế hoạch 10/KH-UBND",
     ["Quyết định 9/QĐ-UBND", "Kế hoạch 10/KH-UBND"], [(None, "9/QĐ-UBND", "based_on"), (None, "10/KH-UBND", "cites")]),
    # a cue right after a reference (its date and issuer between) starts the edge at that document
    ("UBND tỉnh ban hành Kế hoạch 11/KH-UBND ngày 18-3-2022 của UBND tỉnh triển khai Quyết định 12/QĐ-TTg "
     "và Quyết định 13/QĐ-TTg",
     ["Kế hoạch 11/KH-UBND", "Quyết định 12/QĐ-TTg", "Quyết định 13/QĐ-TTg"],
     [(None, "11/KH-UBND", "cites"), ("11/KH-UBND", "12/QĐ-TTg", "implements"),
      ("11/KH-UBND", "13/QĐ-TTg", "implements")]),
    # "X (được sửa đổi, bổ sung bởi Y)": Y amends X (Y's mention is the evidence), and the record cites Y
    ("Căn cứ Nghị định 14/2019/NĐ-CP ngày 30/12/2019 của Chính phủ (được sửa đổi, bổ sung bởi Nghị định\n"
     "15/2021/NĐ-CP)", ["Nghị định 14/2019/NĐ-CP", "Nghị định\n15/2021/NĐ-CP"],
     [(None, "14/2019/NĐ-CP", "based_on"), ("15/2021/NĐ-CP", "14/2019/NĐ-CP", "amends"),
      (None, "15/2021/NĐ-CP", "cites")]),
    # a ";" goes back to the clause's cue: the plan's own list ends, the record's goes on
    ("Thực hiện Kế hoạch 16/KH-UBND ngày 16/7/2019 của UBND tỉnh thực hiện Nghị quyết 17-NQ/TW của Bộ Chính "
     "trị; Kế hoạch 18-KH/HU", ["Kế hoạch 16/KH-UBND", "Nghị quyết 17-NQ/TW", "Kế hoạch 18-KH/HU"],
     [(None, "16/KH-UBND", "implements"), ("16/KH-UBND", "17-NQ/TW", "implements"),
      (None, "18-KH/HU", "implements")]),
    # "gắn với" takes the reference from the cue, and the list it opens is cited only
    ("Tiếp tục thực hiện Chỉ thị 19-CT/TW, gắn với Đề án 20/ĐA-UBND và Đề án 21/ĐA-UBND",
     ["Chỉ thị 19-CT/TW", "Đề án 20/ĐA-UBND", "Đề án 21/ĐA-UBND"],
     [(None, "19-CT/TW", "implements"), (None, "20/ĐA-UBND", "cites"), (None, "21/ĐA-UBND", "cites")]),
    # the issuer between a reference and a cue stops at "về": "về việc sơ kết 3 năm thực hiện" is no link
    ("Thực hiện Công văn 22/UBND-NC của UBND tỉnh về việc sơ kết 3 năm thực hiện Quyết định 23/QĐ-TTg",
     ["Công văn 22/UBND-NC", "Quyết định 23/QĐ-TTg"],
     [(None, "22/UBND-NC", "implements"), (None, "23/QĐ-TTg", "implements")]),
])
def test_what_a_cue_governs(text, refs, expected):
    rec = record("r", text, [(span, _code(span.split()[-1])) for span in refs], place="Nghệ An")
    assert _edges(rec) == expected


def test_one_edge_per_cited_document_the_strongest_relation_wins():
    text = "Quyết định 5/QĐ-UBND đã nêu. Quyết định này thay thế Quyết định 5/QĐ-UBND"
    rec = record("r", text, [("Quyết định 5/QĐ-UBND", _code("5/QĐ-UBND")),
                             ("Quyết định 5/QĐ-UBND", _code("5/QĐ-UBND"))], place="Nghệ An")
    summary = summarize(rec)
    assert [(c.relation, c.start) for c in summary.citations] == [("replaces", text.rindex("Quyết định 5"))]


def test_record_without_text_cites_and_own_document_is_no_edge():
    own = _code("7/KH-UBND", self=True, issuer="UBND tỉnh Nghệ An")
    rec = record("r", "Số 7/KH-UBND … Thực hiện Quyết định 5/QĐ-UBND",
                 [("7/KH-UBND", own), ("Quyết định 5/QĐ-UBND", _code("5/QĐ-UBND"))])
    assert _edges(rec) == [("7/KH-UBND", "5/QĐ-UBND", "implements")]
    rec.pop("text")
    assert _edges(rec) == [("7/KH-UBND", "5/QĐ-UBND", "cites")]


def test_reference_inside_an_amending_law_is_amended_by_it():
    text = "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai"
    outer = {"doc_type": "Luật", "name": "sửa đổi, bổ sung một số điều của Luật Đất đai"}
    rec = record("r", text, [(text[7:], outer)])
    start = text.index("Luật Đất đai")
    rec["entities"].append({"id": "T9", "label": "DOC_REF", "start": start, "end": len(text),
                            "text": "Luật Đất đai", "attrs": {**LAW, "name": "Đất đai"}})
    assert _edges(rec) == [(None, "sửa đổi, bổ sung một số điều của Luật Đất đai", "based_on"),
                           ("sửa đổi, bổ sung một số điều của Luật Đất đai", "Đất đai", "amends")]


def test_a_law_an_amending_law_names_past_its_span_is_amended_by_it():
    text = "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật A và Luật B ngày 22 tháng 11 năm 2019;"
    name = "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B"
    rec = record("r", text, [("Luật sửa đổi, bổ sung một số điều của Luật A", {**LAW, "name": name}),
                             ("Luật B", {**LAW, "name": "Luật B"})])
    start = text.index("Luật A")
    rec["entities"].append({"id": "T9", "label": "DOC_REF", "start": start, "end": start + len("Luật A"),
                            "text": "Luật A", "attrs": {**LAW, "name": "Luật A"}})
    assert _edges(rec) == [(None, name, "based_on"), (name, "Luật A", "amends"), (name, "Luật B", "amends")]


def test_reference_inside_another_takes_the_outer_relation():
    text = "Căn cứ Đề án “Chuyển đổi số theo Luật Đất đai”"
    outer = {"doc_type": "Đề án", "name": "Chuyển đổi số theo Luật Đất đai"}
    rec = record("r", text, [(text[7:], outer)], place="Nghệ An")
    start = text.index("Luật Đất đai")
    rec["entities"].append({"id": "T9", "label": "DOC_REF", "start": start, "end": start + len("Luật Đất đai"),
                            "text": "Luật Đất đai", "attrs": {**LAW, "name": "Đất đai"}})
    assert [e[2] for e in _edges(rec)] == ["based_on", "based_on"]
