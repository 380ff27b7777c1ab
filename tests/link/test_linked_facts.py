"""Linking: the facts of a document, stated exactly (types, entity ids, values)."""

from __future__ import annotations

from pipeline.analysis import extract_text

NEWS = (
    "Chiều 3-6, Ban Dân vận Tỉnh ủy tổ chức Hội nghị sơ kết 5 năm thực hiện Chỉ thị số 21-CT/TU ngày 14-9-2020 "
    "của Ban Thường vụ Tỉnh ủy. Đồng chí Lê Thị Hoa - Tỉnh ủy viên, Trưởng Ban Dân vận Tỉnh ủy chủ trì Hội nghị.\n\n"
    "Năm 2024, tỷ lệ hồ sơ được giải quyết đúng hạn đạt 98,5%. Toàn tỉnh có mô hình “Nồi cháo yêu thương” "
    "của Bệnh viện Đa khoa tỉnh. UBND tỉnh phát động phong trào thi đua “Chung sức xây dựng nông thôn mới”.\n"
)


def _by_id(record: dict) -> dict:
    return {e["id"]: e for e in record["entities"]}


def test_news_article_facts():
    record = extract_text(NEWS, published="2025-06-04")
    ents = _by_id(record)
    facts = [(f["type"], {k: ents[v]["text"] if isinstance(v, str) else [ents[x]["text"] for x in v]
                          for k, v in f["args"].items()}, f["values"]) for f in record["facts"]]
    assert facts == [
        ("event", {"date": "3-6", "chair": ["Lê Thị Hoa"]},
         {"date": "2025-06-03", "organiser": "Ban Dân vận Tỉnh ủy",
          "event": "Hội nghị sơ kết 5 năm thực hiện Chỉ thị số 21-CT/TU", "chair": ["Lê Thị Hoa"]}),
        ("document_issued", {"document": "Chỉ thị số 21-CT/TU", "date": "14-9-2020"},
         {"doc_type": "Chỉ thị", "code": "21-CT/TU", "issuer": "Ban Thường vụ Tỉnh ủy", "issued": "2020-09-14"}),
        ("holds_position", {"person": "Lê Thị Hoa", "title": "Tỉnh ủy viên"},
         {"person": "Lê Thị Hoa", "cluster": "P1", "title": "Tỉnh ủy viên"}),
        ("holds_position", {"person": "Lê Thị Hoa", "title": "Trưởng Ban Dân vận Tỉnh ủy"},
         {"person": "Lê Thị Hoa", "cluster": "P1", "title": "Trưởng Ban Dân vận Tỉnh ủy", "org": "Ban Dân vận Tỉnh ủy"}),
        ("figure", {"percent": "98,5%"},
         {"value": 98.5, "unit": "%", "year": 2024, "metric": "tỷ lệ hồ sơ được giải quyết đúng hạn"}),
        ("model_run_by", {"model": "Nồi cháo yêu thương"},
         {"model": "Nồi cháo yêu thương", "owner": "Bệnh viện Đa khoa tỉnh"}),
        ("campaign", {"campaign": "Chung sức xây dựng nông thôn mới"},
         {"campaign": "Chung sức xây dựng nông thôn mới", "launched_by": "UBND tỉnh"}),
    ]
    assert [f["id"] for f in record["facts"]] == [f"F{n}" for n in range(1, 8)]


def test_repeated_facts_are_listed_once_across_tone_mark_spellings():
    text = ("Đồng chí Lê Thị Hoa - Tỉnh ủy viên chủ trì. Sau đó, đồng chí Lê Thị Hoa - Tỉnh uỷ viên phát biểu.")
    record = extract_text(text)
    positions = [f["values"]["title"] for f in record["facts"] if f["type"] == "holds_position"]
    assert positions == ["Tỉnh ủy viên"]
    assert record["persons"][0]["titles"] == ["Tỉnh ủy viên"]
