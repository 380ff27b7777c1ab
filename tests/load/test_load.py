"""`vnfacts load`: the same tables, keys and idempotence on DuckDB and PostgreSQL."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.load.backends import connect
from pipeline.load.run import load

runner = CliRunner()

RECORD = {
    "id": "web-0011223344556677", "schema_version": "1.2", "source": "https://sonkhe.example/tin-tuc/a.html",
    "url": "https://sonkhe.example/tin-tuc/a.html", "fetched": "2026-11-24T03:00:01Z",
    "http": {"status": 200, "etag": '"abc"', "last_modified": None, "content_type": "text/html"},
    "version": 1, "supersedes": None, "byline": "Minh Anh", "title": "Huyện ủy triển khai Chỉ thị số 08-CT/HU",
    "published": "2026-10-14", "published_from": "input", "authors": [], "place": None,
    "text": "Chỉ thị số 08-CT/HU đạt 98,6%.",
    "text_sha256": "0" * 64, "pipeline": {"version": "0.1.0", "rules": "r1", "model": "m1"},
    "entities": [
        {"id": "T1", "label": "DOC_REF", "start": 0, "end": 19, "text": "Chỉ thị số 08-CT/HU", "sentence": 0,
         "in_body": True, "attrs": {"doc_type": "Chỉ thị", "number": "08", "symbol": "CT-HU", "code": "08-CT/HU"},
         "source": "rule", "rule_id": "doc_ref:typed_code"},
        {"id": "T2", "label": "PERCENT", "start": 24, "end": 29, "text": "98,6%", "sentence": 0, "in_body": False,
         "attrs": {"value": 98.6, "unit": "%", "year": 2025, "metric": "hộ gia đình văn hóa"},
         "source": "rule", "rule_id": "percent:number"}],
    "facts": [], "persons": [],
}
# a record without version (as `vnfacts extract` writes it), with a person, a title and a fact
RICH = {**{k: v for k, v in RECORD.items() if k != "version"}, "id": "doc-rich", "authors": ["Minh Anh"],
        "place": "Sơn Khê", "text": "Chỉ thị số 08-CT/HU do Bí thư Huyện ủy Lê Văn A ký.", "body": {"start": 0, "end": 51},
        "entities": [RECORD["entities"][0],
                     {"id": "T2", "label": "TITLE", "start": 23, "end": 38, "text": "Bí thư Huyện ủy", "sentence": 0,
                      "in_body": True, "attrs": {"person": "T3"}, "source": "rule", "rule_id": "title:post"},
                     {"id": "T3", "label": "PERSON", "start": 39, "end": 47, "text": "Lê Văn A", "sentence": 0,
                      "in_body": True, "attrs": {"name": "Lê Văn A", "titles": ["Bí thư Huyện ủy"], "cluster": "P1"},
                      "source": "model", "rule_id": "person:model"}],
        "facts": [{"id": "F1", "type": "holds_position", "args": {"person": "T3", "title": "T2"},
                   "values": {"person": "Lê Văn A", "cluster": "P1", "title": "Bí thư Huyện ủy"}}],
        "persons": [{"cluster": "P1", "name": "Lê Văn A", "titles": ["Bí thư Huyện ủy"], "mentions": ["T3"]}]}


def write(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def table(url, sql):
    db = connect(url)
    try:
        return db.execute(sql)
    finally:
        db.close()


def test_tables_and_rows(db_url, tmp_path):
    summary = load([str(write(tmp_path / "a.jsonl", RECORD, RICH))], db_url)
    assert (summary.records, summary.new, summary.errors) == (2, 2, [])
    assert table(db_url, "SELECT id, version, current, published, byline, http->>'etag', authors"
                         " FROM documents ORDER BY id") == [
        ("doc-rich", 1, True, date(2026, 10, 14), "Minh Anh", '"abc"', ["Minh Anh"] if "postgresql" in db_url else '["Minh Anh"]'),
        ("web-0011223344556677", 1, True, date(2026, 10, 14), "Minh Anh", '"abc"', [] if "postgresql" in db_url else "[]")]
    assert table(db_url, "SELECT doc_id, id, label, char_start, char_end, in_body, cluster, attrs->>'code'"
                         " FROM entities ORDER BY doc_id, id") == [
        ("doc-rich", "T1", "DOC_REF", 0, 19, True, None, "08-CT/HU"),
        ("doc-rich", "T2", "TITLE", 23, 38, True, None, None),
        ("doc-rich", "T3", "PERSON", 39, 47, True, "P1", None),
        ("web-0011223344556677", "T1", "DOC_REF", 0, 19, True, None, "08-CT/HU"),
        ("web-0011223344556677", "T2", "PERCENT", 24, 29, False, None, None)]
    assert table(db_url, "SELECT doc_id, id, type, args->>'person', fact_values->>'title' FROM facts") == [
        ("doc-rich", "F1", "holds_position", "T3", "Bí thư Huyện ủy")]
    assert table(db_url, "SELECT doc_id, cluster, name, titles->>0 FROM persons") == [
        ("doc-rich", "P1", "Lê Văn A", "Bí thư Huyện ủy")]
    assert table(db_url, "SELECT CAST(attrs->>'value' AS DOUBLE PRECISION), attrs->>'metric' FROM current_entities"
                         " WHERE label = 'PERCENT'") == [(98.6, "hộ gia đình văn hóa")]


def test_loading_twice_changes_nothing(db_url, tmp_path):
    path = write(tmp_path / "a.jsonl", RECORD, RICH)
    load([str(path)], db_url)
    before = table(db_url, "SELECT * FROM documents ORDER BY id")
    again = load([str(tmp_path)], db_url)
    assert (again.new, again.replaced, again.unchanged) == (0, 0, 2)
    assert table(db_url, "SELECT * FROM documents ORDER BY id") == before
    assert table(db_url, "SELECT count(*) FROM entities") == [(5,)]


def test_new_version_becomes_current_and_old_is_kept_flagged(db_url, tmp_path):
    edited = copy.deepcopy(RECORD)
    edited.update(version=2, supersedes=1, fetched="2026-11-25T03:00:00Z")
    edited["entities"][1]["attrs"]["value"] = 98.8
    edited["entities"] = edited["entities"][1:]
    # the newer file first: which version is current does not depend on load order
    load([str(write(tmp_path / "2026-11-25.jsonl", edited))], db_url)
    summary = load([str(write(tmp_path / "2026-11-24.jsonl", RECORD))], db_url)
    assert summary.new == 1
    assert table(db_url, "SELECT version, current, supersedes FROM documents ORDER BY version") == [
        (1, False, None), (2, True, 1)]
    assert table(db_url, "SELECT version, id FROM current_entities ORDER BY id") == [(2, "T2")]
    assert table(db_url, "SELECT count(*) FROM entities") == [(3,)]
    assert table(db_url, "SELECT version FROM current_documents") == [(2,)]


def test_same_key_with_new_content_is_replaced(db_url, tmp_path):
    load([str(write(tmp_path / "a.jsonl", RICH))], db_url)
    changed = {**RICH, "entities": RICH["entities"][:1], "persons": [], "facts": []}
    summary = load([str(write(tmp_path / "a.jsonl", changed))], db_url)
    assert (summary.replaced, summary.new) == (1, 0)
    assert table(db_url, "SELECT count(*) FROM entities") == [(1,)]
    assert table(db_url, "SELECT count(*) FROM persons") == [(0,)]


def test_bad_lines_are_named_and_the_rest_loads(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(RECORD) + "\n{oops\n" + json.dumps({"input": "x.txt", "line": None, "error": "E010 x"})
                    + "\n" + json.dumps({"id": "n"}) + "\n", encoding="utf-8")
    url = f"duckdb:///{tmp_path}/t.duckdb"
    result = runner.invoke(app, ["load", str(path), str(tmp_path / "missing.jsonl"), "--db", url, "--strict"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"E011 {path}:2: malformed JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
        f"E051 {path}:4: not a vnfacts record or gold document (needs 'entities')",
        f"E014 {tmp_path / 'missing.jsonl'}: cannot read (no such file or directory)",
        result.stderr.splitlines()[-1]]
    assert result.stderr.splitlines()[-1].startswith(
        "files 1, records 1 (new 1, replaced 0, unchanged 0), reject lines skipped 1, errors 3; ")
    assert table(url, "SELECT id FROM documents") == [(RECORD["id"],)]


@pytest.mark.parametrize("url", ["sqlite:///x.db", "duckdb:///", "x.duckdb"])
def test_bad_database_url(url):
    result = runner.invoke(app, ["load", "x.jsonl", "--db", url])
    assert result.exit_code == 2
    assert result.stderr == f"error: E052 {url!r} is not a database URL; use duckdb:///PATH.duckdb or postgresql://…\n"


def test_a_key_repeated_with_other_content_loads_neither_line(db_url, tmp_path):
    later = {**RECORD, "title": "Tiêu đề đã sửa"}
    path = write(tmp_path / "a.jsonl", RECORD, later, RICH)
    summary = load([str(path)], db_url)
    assert (summary.records, summary.new, summary.replaced, summary.unchanged) == (1, 1, 0, 0)
    assert [e.split(": ")[0] for e in summary.errors] == [f"E079 {path}:1", f"E079 {path}:2"]
    assert table(db_url, "SELECT id FROM documents") == [("doc-rich",)]


def test_a_database_that_cannot_be_opened(tmp_path):
    (tmp_path / "f").write_text("")
    url = f"duckdb:///{tmp_path}/f/x.duckdb"
    result = runner.invoke(app, ["load", str(tmp_path), "--db", url])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: E054 cannot open the database {url!r} (")
