"""`vnfacts query FILE.sql --db URL`: the rows of an example query, and numbered errors (E075, E076)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_load import RECORD, RICH, write
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.load.query import QueryError, run_query
from pipeline.load.run import load

ROOT = Path(__file__).resolve().parents[2]
POSITIONS = ROOT / "examples" / "queries" / "positions.sql"
runner = CliRunner()


@pytest.fixture
def url(tmp_path):
    url = f"duckdb:///{tmp_path}/q.duckdb"
    assert load([str(write(tmp_path / "a.jsonl", RECORD, RICH))], url).errors == []
    return url


def test_an_example_query_prints_its_rows(url):
    result = runner.invoke(app, ["query", str(POSITIONS), "--db", url, "--format", "tsv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["person\tposition\tas_of\tdocument",
                                          "Lê Văn A\tBí thư Huyện ủy\t2026-10-14\tdoc-rich"]


def test_the_table_has_the_header_and_the_row(url):
    result = runner.invoke(app, ["query", str(POSITIONS), "--db", url])
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert header.split() == ["person", "position", "as_of", "document"]
    assert row.split() == ["Lê", "Văn", "A", "Bí", "thư", "Huyện", "ủy", "2026-10-14", "doc-rich"]
    assert result.stderr == "(1 rows)\n"


def test_the_library_returns_columns_and_typed_rows(url, tmp_path):
    sql = tmp_path / "n.sql"
    sql.write_text("-- documents per version\nSELECT version, count(*) AS n FROM documents GROUP BY 1;\n",
                   encoding="utf-8")
    result = run_query(sql, url)
    assert (result.columns, result.rows) == (["version", "n"], [(1, 2)])


@pytest.mark.parametrize(("content", "problem"), [
    (None, "cannot read (No such file or directory)"),
    (b"-- only a comment\n;\n", "holds no SQL statement"),
    (b"SELECT '\xff'", "not UTF-8 (invalid start byte)"),
])
def test_a_bad_sql_file_is_e075(url, tmp_path, content, problem):
    sql = tmp_path / "q.sql"
    if content is not None:
        sql.write_bytes(content)
    result = runner.invoke(app, ["query", str(sql), "--db", url])
    assert result.exit_code == 1
    assert result.stderr == (f"error: E075 {sql}: {problem}; give a UTF-8 file holding one SQL query "
                             "(see examples/queries/)\n")


def test_a_failing_query_is_e076(url, tmp_path):
    sql = tmp_path / "q.sql"
    sql.write_text("SELECT nope FROM documents", encoding="utf-8")
    result = runner.invoke(app, ["query", str(sql), "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: E076 {sql}: the query failed on {url} (Binder Error: ")
    with pytest.raises(QueryError, match="^E076 "):
        run_query(sql, url)


def test_a_missing_database_is_not_created(tmp_path):
    url = f"duckdb:///{tmp_path}/none.duckdb"
    result = runner.invoke(app, ["query", str(POSITIONS), "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: E054 cannot open the database {url!r} (")
    assert not (tmp_path / "none.duckdb").exists()
