"""to_frames: the tables `vnfacts load` writes, column for column and type for type, without a database."""

from __future__ import annotations

import copy
import json

import pandas as pd
import pytest

from pipeline import extract, to_frames
from pipeline.core.errors import VnfactsError
from pipeline.load.backends import connect
from pipeline.load.run import load

NEWS = ("Chiều 3-6, Ban Dân vận Tỉnh ủy tổ chức Hội nghị sơ kết Chỉ thị số 21-CT/TU ngày 14-9-2020 của Ban Thường vụ "
        "Tỉnh ủy. Đồng chí Lê Thị Hoa - Tỉnh ủy viên, Trưởng Ban Dân vận Tỉnh ủy chủ trì.\n\n"
        "Năm 2024, tỷ lệ hồ sơ được giải quyết đúng hạn đạt 98,5%.\n")
# DuckDB's column types, as its DataFrames give them back
DUCKDB_DTYPES = {"VARCHAR": "string", "INTEGER": "Int64", "BOOLEAN": "boolean", "DATE": "datetime64[us]",
                 "TIMESTAMP WITH TIME ZONE": "datetime64[us, UTC]", "JSON": "object", "DOUBLE": "float64"}


def _records():
    a = extract(NEWS, id="n", published="2025-06-04")
    b = extract("Chỉ thị số 08-CT/TU ngày 05-8-2021, đạt 83,62%.", id="a", url="https://x.vn/a")
    return [a, {"input": "<items>", "line": 3, "error": "E012 ..."}, b]


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The records in a JSONL file, that file loaded into DuckDB, and the file's frames."""
    tmp = tmp_path_factory.mktemp("frames")
    path = _write(tmp / "records.jsonl", _records())
    url = f"duckdb:///{tmp}/t.duckdb"
    assert load([str(path)], url).errors == []
    return path, url, to_frames(path)


def _described(url, name):
    db = connect(url)
    try:
        return [(row[0], DUCKDB_DTYPES[row[1]]) for row in db.execute(f"DESCRIBE {name}")]
    finally:
        db.close()


def _plain(frame):
    """Return a frame's rows as tuples of Python values, None for missing ones."""
    return [tuple(None if pd.isna(v) else v.item() if hasattr(v, "item") else v for v in row)
            for row in frame.itertuples(index=False)]


def _frames_by_table(frames):
    return {"documents": frames.documents, "entities": frames.entities, "facts": frames.facts,
            "persons": frames.persons, **{f"fact_{n}": t for n, t in frames.fact_tables.items()}}


def test_every_frame_has_the_columns_and_types_of_its_loaded_table(loaded):
    _, url, frames = loaded
    tables = _frames_by_table(frames)
    assert len(tables) == 10
    for name, frame in tables.items():
        assert [(c, str(frame[c].dtype)) for c in frame.columns] == _described(url, name), name


def test_frames_hold_the_rows_the_database_holds(loaded):
    _, url, frames = loaded
    db = connect(url)
    try:
        figures = db.execute("SELECT doc_id, version, id, value, year, metric, percent_id FROM fact_figure")
        entities = db.execute("SELECT doc_id, id, label, char_start, char_end FROM entities ORDER BY doc_id, id")
        published = db.execute("SELECT id, published, current FROM documents ORDER BY id")
    finally:
        db.close()
    figure = frames.fact_tables["figure"][["doc_id", "version", "id", "value", "year", "metric", "percent_id"]]
    assert _plain(figure) == figures == [("n", 1, "F5", 98.5, 2024, "tỷ lệ hồ sơ được giải quyết đúng hạn", "T7"),
                                         ("a", 1, "F2", 83.62, None, None, "T3")]
    got = frames.entities.sort_values(["doc_id", "id"])[["doc_id", "id", "label", "char_start", "char_end"]]
    assert _plain(got) == entities
    docs = frames.documents.sort_values("id")
    assert [(i, p.date() if pd.notna(p) else None, bool(c)) for i, p, c in
            zip(docs["id"], docs["published"], docs["current"], strict=True)] == published


def test_a_path_a_generator_and_a_list_give_the_same_frames(loaded):
    path, _, frames = loaded
    records = _records()
    for other in (to_frames(r for r in records), to_frames(records), to_frames(str(path))):
        for name, frame in _frames_by_table(frames).items():
            pd.testing.assert_frame_equal(_frames_by_table(other)[name], frame, obj=name)


def test_labels_split_attrs_into_typed_columns(loaded):
    frames = loaded[2]
    percent = frames.labels["PERCENT"]
    assert list(percent.columns[:4]) == ["doc_id", "version", "id", "text"]
    assert (str(percent["value"].dtype), str(percent["year"].dtype), str(percent["unit"].dtype)) == (
        "float64", "Int64", "string")
    assert percent[["doc_id", "value"]].values.tolist() == [["n", 98.5], ["a", 83.62]]
    dates = frames.labels["DATE"]
    assert _plain(dates[["text", "value", "year_inferred"]]) == [
        ("3-6", "2025-06-03", True), ("14-9-2020", "2020-09-14", None), ("05-8-2021", "2021-08-05", None)]
    assert dates["date"].tolist() == [pd.Timestamp("2025-06-03"), pd.Timestamp("2020-09-14"),
                                      pd.Timestamp("2021-08-05")]
    refs = frames.labels["DOC_REF"]
    assert str(refs["issued"].dtype) == "datetime64[us]" and str(refs["year"].dtype) == "Int64"
    assert refs[["doc_id", "code"]].values.tolist() == [["n", "21-CT/TU"], ["a", "08-CT/TU"]]
    assert frames.labels["PERSON"][["name", "cluster"]].values.tolist() == [["Lê Thị Hoa", "P1"]]


def test_only_the_highest_version_of_an_id_is_current():
    old = extract(NEWS, id="n", published="2025-06-04")
    new = copy.deepcopy(old)
    old["version"], new["version"] = 1, 2
    new["facts"] = [f for f in new["facts"] if f["type"] != "figure"]
    frames = to_frames([new, old])
    assert frames.documents[["version", "current"]].values.tolist() == [[2, True], [1, False]]
    assert len(frames.fact_tables["figure"]) == 0
    assert set(frames.fact_tables["event"]["version"]) == {2}
    assert set(frames.labels["PERCENT"]["version"]) == {2}


def test_no_records_give_empty_frames_with_their_columns(loaded):
    empty = to_frames([])
    for name, frame in _frames_by_table(empty).items():
        assert len(frame) == 0
        assert list(frame.columns) == list(_frames_by_table(loaded[2])[name].columns)
    assert all(len(t) == 0 for t in empty.labels.values())


def test_a_malformed_line_is_its_numbered_error(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(extract("Không có gì.", id="x")) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(VnfactsError, match=rf"^E011 {path}:2: malformed JSON"):
        to_frames(path)


def test_a_malformed_publication_date_is_not_a_date():
    record = extract("Không có gì.", id="x")
    record["published"] = "05/06/2025"
    assert pd.isna(to_frames([record]).documents.loc[0, "published"])
