"""Linking: the facts of a document, stated exactly (types, entity ids, values)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluation.facts import score_facts
from pipeline.stages.document import extract, extract_text
from pipeline.stages.read import Document

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
         {"value": 98.5, "unit": "%", "kind": "level", "year": 2024, "metric": "tỷ lệ hồ sơ được giải quyết đúng hạn"}),
        ("model_run_by", {"model": "Nồi cháo yêu thương"},
         {"model": "Nồi cháo yêu thương", "owner": "Bệnh viện Đa khoa tỉnh"}),
        ("campaign", {"campaign": "Chung sức xây dựng nông thôn mới"},
         {"campaign": "Chung sức xây dựng nông thôn mới", "launched_by": "UBND tỉnh"}),
    ]
    assert [f["id"] for f in record["facts"]] == [f"F{n}" for n in range(1, 8)]


def test_a_position_a_list_shares_is_held_by_each_person_of_it():
    record = extract_text("Dự hội nghị có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy: Lê Văn An, Trưởng Ban Dân vận "
                          "Tỉnh ủy; Trần Thị Bình, Giám đốc Sở Tư pháp.")
    ents = _by_id(record)
    held = [(f["values"]["person"], f["values"]["title"], ents[f["args"]["title"]]["text"])
            for f in record["facts"] if f["type"] == "holds_position"]
    assert held == [("Lê Văn An", "Ủy viên Ban Thường vụ Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"),
                    ("Lê Văn An", "Trưởng Ban Dân vận Tỉnh ủy", "Trưởng Ban Dân vận Tỉnh ủy"),
                    ("Trần Thị Bình", "Giám đốc Sở Tư pháp", "Giám đốc Sở Tư pháp"),
                    ("Trần Thị Bình", "Ủy viên Ban Thường vụ Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy")]


def test_a_repeat_adds_what_the_first_mention_did_not_say():
    record = extract_text("Triển khai Chỉ thị số 12-CT/TU của Ban Thường vụ Tỉnh ủy. Sau 3 năm thực hiện "
                          "Chỉ thị số 12-CT/TU ngày 05-8-2021, kết quả rõ nét.")
    [fact] = [f for f in record["facts"] if f["type"] == "document_issued"]
    assert fact["values"] == {"doc_type": "Chỉ thị", "code": "12-CT/TU", "issuer": "Ban Thường vụ Tỉnh ủy",
                              "issued": "2021-08-05"}
    assert [_by_id(record)[i]["text"] for i in fact["args"].values()] == [
        "Chỉ thị số 12-CT/TU", "05-8-2021"]


def test_repeated_facts_are_listed_once_across_tone_mark_spellings():
    text = ("Đồng chí Lê Thị Hoa - Tỉnh ủy viên chủ trì. Sau đó, đồng chí Lê Thị Hoa - Tỉnh uỷ viên phát biểu.")
    record = extract_text(text)
    positions = [f["values"]["title"] for f in record["facts"] if f["type"] == "holds_position"]
    assert positions == ["Tỉnh ủy viên"]
    assert record["persons"][0]["titles"] == ["Tỉnh ủy viên"]


GOLD = Path(__file__).resolve().parents[3] / "corpus" / "gold" / "gold.jsonl"
# Every fact of these documents, but figures (whose measured phrase is scored as a value), is
# found with every value the gold states.
EXACT_DOCUMENTS = ["001_chi_thi_dan_van_co_so", "010_hoi_nghi_dan_van", "013_dang_bo_nong_nghiep_tong_ket",
                   "016_binh_dan_hoc_vu_so", "021_ky_hop_hdnd_tinh", "031_quyet_dinh_kien_toan_ban_chi_dao"]


@pytest.mark.parametrize("doc_id", EXACT_DOCUMENTS)
def test_corpus_document_facts_equal_the_gold(doc_id):
    gold = next(d for d in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if d["id"] == doc_id)
    record = extract(Document(id=doc_id, text=gold["text"], source="gold", published=gold.get("published")))
    expected = [f for f in gold["facts"] if f["type"] != "figure"]
    found = [f for f in record["facts"] if f["type"] != "figure"]
    evaluation = score_facts([{**gold, "facts": expected}], [{**record, "facts": found}])
    assert (evaluation.micro.tp, evaluation.micro.n_pred, evaluation.micro.n_gold) == (len(expected),) * 3
    assert all(correct == total for correct, total in evaluation.values.values()), evaluation.values
    for fact in found:
        for ids in fact["args"].values():
            for entity_id in [ids] if isinstance(ids, str) else ids:
                assert entity_id in {e["id"] for e in record["entities"]}
