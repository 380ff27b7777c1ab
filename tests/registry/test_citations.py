"""Citation edges: citing side, relation from the cue words before the reference, one edge per cited document."""

from __future__ import annotations

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
    # a cue on the line before, or before the previous reference, is not this reference's
    assert relation_before("Căn cứ\nQuyết định", 7, 0) is None
    assert relation_before("Căn cứ Luật A về B Quyết định", 19, 13) is None


def test_a_list_after_a_cue_shares_its_relation():
    text = "Căn cứ Luật A ngày 19 tháng 6 năm 2015, Luật B và Nghị định số 15/2020/NĐ-CP;\nQuyết định 3/QĐ-UBND"
    rec = record("r", text, [("Luật A", {**LAW, "name": "A"}), ("Luật B", {**LAW, "name": "B"}),
                             ("Nghị định số 15/2020/NĐ-CP", _code("15/2020/NĐ-CP")),
                             ("Quyết định 3/QĐ-UBND", _code("3/QĐ-UBND"))], place="Nghệ An")
    assert [e[2] for e in _edges(rec)] == ["based_on", "based_on", "based_on", "cites"]


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


def test_reference_inside_another_takes_the_outer_relation():
    text = "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai"
    outer = {"doc_type": "Luật", "name": "sửa đổi, bổ sung một số điều của Luật Đất đai"}
    rec = record("r", text, [(text[7:], outer)])
    start = text.index("Luật Đất đai")
    rec["entities"].append({"id": "T9", "label": "DOC_REF", "start": start, "end": len(text),
                            "text": "Luật Đất đai", "attrs": {**LAW, "name": "Đất đai"}})
    assert [e[2] for e in _edges(rec)] == ["based_on", "based_on"]
