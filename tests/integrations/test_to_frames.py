"""to_frames: documents, entities (attrs as columns) and facts DataFrames from records."""

from __future__ import annotations

import json

import pandas as pd

from pipeline import extract, to_frames

FACT = {"id": "F1", "type": "holds_position", "args": {"person": "T2", "position": ["T3"]}, "values": {"since": None}}


def _records():
    a = extract("Chỉ thị số 08-CT/TU ngày 05-8-2021, đạt 83,62%.", id="a", url="https://x.vn/a")
    b = extract("Không có gì.", id="b", published="2025-01-01")
    b["facts"] = [FACT]
    b["authors"] = ["Minh Anh"]
    b["body"] = {"start": 0, "end": 12}
    del a["facts"]
    return [a, {"input": "<items>", "line": 3, "error": "E012 ..."}, b]


def test_documents_one_row_per_record_without_text():
    documents = to_frames(_records()).documents
    assert list(documents.columns[:6]) == ["id", "source", "url", "title", "published", "published_from"]
    assert {"pipeline.version", "pipeline.rules", "body.start", "body.end", "authors", "text_sha256"} <= set(documents.columns)
    assert "text" not in documents.columns and "entities" not in documents.columns
    assert list(documents["id"]) == ["a", "b"]
    assert documents.loc[1, "authors"] == ["Minh Anh"] and documents.loc[1, "body.end"] == 12


def test_entities_have_doc_id_and_attrs_columns():
    entities = to_frames(_records()).entities
    assert list(entities.columns[:9]) == ["doc_id", "id", "label", "start", "end", "text", "sentence", "source", "rule_id"]
    assert list(zip(entities["doc_id"], entities["label"], strict=True)) == [("a", "DOC_REF"), ("a", "DATE"), ("a", "PERCENT")]
    assert entities.loc[0, "attrs.code"] == "08-CT/TU"
    assert entities.loc[1, "attrs.value"] == "2021-08-05" and entities.loc[2, "attrs.value"] == 83.62
    assert entities["attrs.code"].isna().tolist() == [False, True, True]


def test_facts_rows():
    facts = to_frames(_records()).facts
    assert facts.to_dict("records") == [{"doc_id": "b", **FACT}]


def test_no_records_give_empty_frames_with_their_columns():
    frames = to_frames([])
    assert [len(f) for f in frames[:4]] == [0, 0, 0, 0]
    assert list(frames.facts.columns) == ["doc_id", "id", "type", "args", "values"]
    assert list(frames.fact_tables) == ["document_issued", "holds_position", "figure", "model_run_by", "campaign",
                                        "event"]
    assert all(len(t) == 0 for t in frames.fact_tables.values())


NEWS = ("Chiều 3-6, Ban Dân vận Tỉnh ủy tổ chức Hội nghị sơ kết Chỉ thị số 21-CT/TU ngày 14-9-2020 của Ban Thường vụ "
        "Tỉnh ủy. Đồng chí Lê Thị Hoa - Tỉnh ủy viên, Trưởng Ban Dân vận Tỉnh ủy chủ trì.\n\n"
        "Năm 2024, tỷ lệ hồ sơ được giải quyết đúng hạn đạt 98,5%.\n")


def test_fact_tables_have_typed_columns_like_the_database_views(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(extract(NEWS, id="n", published="2025-06-04"), ensure_ascii=False) + "\n",
                    encoding="utf-8")
    frames = to_frames(path)
    figure = frames.fact_tables["figure"]
    assert list(figure.columns) == ["doc_id", "id", "value", "unit", "year", "qualifier", "metric", "kind",
                                    "direction", "basis", "percent_id"]
    assert (str(figure["value"].dtype), str(figure["year"].dtype), str(figure["metric"].dtype)) == (
        "float64", "Int64", "string")
    assert figure.iloc[0][["value", "year", "kind", "metric"]].tolist() == [
        98.5, 2024, "level", "tỷ lệ hồ sơ được giải quyết đúng hạn"]
    issued = frames.fact_tables["document_issued"]
    assert issued[["code", "issuer", "issued"]].values.tolist() == [["21-CT/TU", "Ban Thường vụ Tỉnh ủy", "2020-09-14"]]
    assert frames.fact_tables["event"].loc[0, "chair"] == ["Lê Thị Hoa"]
    assert frames.documents.loc[0, "published"] == pd.Timestamp("2025-06-04")
    assert frames.persons[["doc_id", "cluster", "name"]].values.tolist() == [["n", "P1", "Lê Thị Hoa"]]


def test_a_malformed_publication_date_is_not_a_date():
    record = extract("Không có gì.", id="x")
    record["published"] = "05/06/2025"
    assert pd.isna(to_frames([record]).documents.loc[0, "published"])
