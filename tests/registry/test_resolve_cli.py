"""`vnfacts resolve`: the four tables as JSONL or CSV files, from record files and folders; errors numbered."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.registry.build import TABLE_NAMES, build

runner = CliRunner()


def _records_file(path, records, extra_lines=()):
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_resolve_writes_the_tables_as_jsonl(tmp_path, fixture_records):
    folder = tmp_path / "records"
    folder.mkdir()
    _records_file(folder / "part.jsonl", fixture_records.values())
    result = runner.invoke(app, ["resolve", str(folder), "-o", str(tmp_path / "registry")])
    assert result.exit_code == 0, result.output
    expected = build(fixture_records.values()).tables()
    for name in TABLE_NAMES:
        lines = (tmp_path / "registry" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == expected[name]
    assert result.stderr.splitlines()[-1] == (
        f"files 1, records 4, reject lines skipped 0, errors 0; documents_cited 6, citations 7, people 4, "
        f"person_positions 6 -> {tmp_path / 'registry'}")


def test_resolve_csv_cells_hold_lists_as_json(tmp_path, fixture_records):
    path = _records_file(tmp_path / "r.jsonl", fixture_records.values())
    result = runner.invoke(app, ["resolve", str(path), "-o", str(tmp_path / "out"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "documents_cited.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected = build(fixture_records.values()).documents_cited
    assert [json.loads(row["records"]) for row in rows] == [d["records"] for d in expected]
    assert [row["code"] for row in rows] == [d["code"] or "" for d in expected]


def test_resolve_keeps_the_highest_version_and_reports_bad_lines(tmp_path, fixture_records):
    news = fixture_records["d_tin_le_thuy"]
    older = {**news, "version": 1, "persons": [], "entities": []}
    path = _records_file(tmp_path / "r.jsonl", [{**news, "version": 2}, older],
                         ['{"input": "x.txt", "line": null, "error": "E010 x.txt: cannot decode"}',
                          '{"id": "no-entities"}', "{broken"])
    result = runner.invoke(app, ["resolve", str(path), str(tmp_path / "missing"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    people = [json.loads(x) for x in (tmp_path / "out" / "people.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [p["name"] for p in people] == ["Lê Minh Châu"]
    errors = result.stderr.splitlines()
    assert f"E060 {path}:4: not a vnfacts record (needs 'entities'); left out of the registry" in errors
    assert any(line.startswith(f"E011 {path}:5: malformed JSON") for line in errors)
    assert f"E065 {tmp_path / 'missing'}: no such file or directory" in errors
    assert "records 2, reject lines skipped 1, errors 3" in errors[-1]
    strict = runner.invoke(app, ["resolve", str(path), "-o", str(tmp_path / "out"), "--strict"])
    assert strict.exit_code == 1


def test_resolve_refuses_an_unknown_format_and_an_unwritable_folder(tmp_path, fixture_records):
    path = _records_file(tmp_path / "r.jsonl", fixture_records.values())
    result = runner.invoke(app, ["resolve", str(path), "--format", "xml"])
    assert result.exit_code == 2 and "'xml' is not one of jsonl, csv" in result.output
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["resolve", str(path), "-o", str(blocker / "sub")])
    assert result.exit_code == 2 and result.stderr.startswith(f"error: E061 {blocker / 'sub'}: cannot write")
