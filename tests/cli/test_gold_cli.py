"""The gold-set commands: evaluate's new options, annotate export/import, agreement, floor; exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tool_exports import doccano_export, label_studio_export, write_json, write_jsonl
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOLD, OLD, NEW = (str(FIXTURES / f"{name}.jsonl") for name in ("gold", "pred_old", "pred_new"))


def test_evaluate_writes_errors_and_says_how_many(tmp_path):
    errors = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["evaluate", "--gold", GOLD, "--pred", OLD, "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [(e["doc_id"], e["kind"]) for e in lines] == [
        ("a", "value"), ("a", "miss"), ("a", "miss"), ("a", "label"), ("b", "boundary"), ("b", "miss"),
        ("c", "miss"), ("c", "miss")]
    assert f"errors: 8 (miss 5, spurious 0, boundary 1, label 1, value 1) written to {errors}" in result.stderr
    assert result.stdout.splitlines()[0] == f"{GOLD} (3 documents)"


def test_evaluate_json_has_documents_and_sources():
    result = runner.invoke(app, ["evaluate", "--gold", GOLD, "--pred", OLD, "--json", "--by-source"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(d["id"], d["gold"], d["pred"], d["missing"]) for d in data["documents"]] == [
        ("a", 7, 5, False), ("b", 4, 3, False), ("c", 2, 0, True)]
    assert data["documents"][0]["values"] == {"correct": 7, "total": 8, "accuracy": 0.875}
    assert list(data["by_source"]) == ["samples/a.txt", "samples/dump.jsonl", "gold.jsonl"]
    assert data["by_source"]["gold.jsonl"]["missing_docs"] == ["c"]
    plain = json.loads(runner.invoke(app, ["evaluate", "--gold", GOLD, "--pred", OLD, "--json"]).stdout)
    assert "by_source" not in plain and len(plain["documents"]) == 3


def test_evaluate_tables_per_document_and_per_source():
    result = runner.invoke(app, ["evaluate", "--gold", GOLD, "--pred", OLD, "--per-doc", "--by-source",
                                 "--labels", "DATE,PERCENT"])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.split("\n\n")
    assert blocks[2].splitlines()[0].split()[0] == "document"
    assert blocks[2].splitlines()[4].split()[:3] == ["c", "2", "0"]
    assert blocks[3].splitlines()[0].split()[-2:] == ["DATE", "PERCENT"]
    assert blocks[3].splitlines()[2].split()[:2] == ["samples/a.txt", "1"]


def test_evaluate_compare_and_its_exit_codes():
    result = runner.invoke(app, ["evaluate", "--gold", GOLD, "--compare", OLD, NEW])
    assert result.exit_code == 0, result.output
    assert "gained (correct now, not before): 7" in result.stdout
    assert "  - DATE a [108:111] '5-4'" in result.stdout
    failing = runner.invoke(app, ["evaluate", "--gold", GOLD, "--compare", OLD, NEW, "--fail-on-regression"])
    assert failing.exit_code == 1
    same = runner.invoke(app, ["evaluate", "--gold", GOLD, "--compare", NEW, NEW, "--fail-on-regression"])
    assert same.exit_code == 0
    data = json.loads(runner.invoke(app, ["evaluate", "--gold", GOLD, "--compare", OLD, NEW, "--json"]).stdout)
    assert data["labels"]["PERSON"]["gained"] == 1 and len(data["changes"]) == 12


@pytest.mark.parametrize("args, message", [
    pytest.param(["--compare", OLD, NEW, "--pred", OLD], "--compare reads its own two prediction files",
                 id="compare-with-pred"),
    pytest.param(["--pred", OLD, "--fail-on-regression"], "--fail-on-regression goes with --compare",
                 id="fail-without-compare"),
])
def test_evaluate_option_clashes_exit_2(args, message):
    result = runner.invoke(app, ["evaluate", "--gold", GOLD, *args])
    assert result.exit_code == 2
    assert message in result.output


def test_export_runs_the_extractor_and_import_brings_its_spans_back(tmp_path):
    (tmp_path / "in").mkdir()
    text = "Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021 😀 của Ban Thường vụ Thành ủy, tỷ lệ đạt 83,62%."
    (tmp_path / "in" / "doc1.txt").write_text(text, encoding="utf-8")
    tasks = tmp_path / "tasks.json"
    result = runner.invoke(app, ["annotate", "export", str(tmp_path / "in"), "--to", "label-studio", "-o", str(tasks)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tasks.label_config.xml").exists()
    assert "exported 1 tasks with 3 pre-annotated spans for label-studio; 0 entities left out; 0 inputs rejected" \
        in result.stderr
    [task] = json.loads(tasks.read_text(encoding="utf-8"))
    assert task["predictions"][0]["model_version"].startswith("vnfacts 0.1.0 rules ")

    submitted = write_json(tmp_path / "ls-export.json", label_studio_export([task]))
    gold = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["annotate", "import", str(submitted), "--from", "label-studio", "-o", str(gold)])
    assert result.exit_code == 0, result.output
    [doc] = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    assert doc["id"] == "doc1" and doc["text"] == text
    assert [(e["label"], e["text"]) for e in doc["entities"]] == [
        ("DOC_REF", "Chỉ thị số 08-CT/TU"), ("DATE", "05-8-2021"), ("PERCENT", "83,62%")]
    assert doc["entities"][0]["attrs"]["code"] == "08-CT/TU"


def test_records_round_trip_through_doccano_and_a_bad_span_exits_1(tmp_path):
    tasks = tmp_path / "tasks.jsonl"
    result = runner.invoke(app, ["annotate", "export", GOLD, "--records", "--to", "doccano", "-o", str(tasks)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tasks.labels.json").exists()
    lines = doccano_export([json.loads(line) for line in tasks.read_text(encoding="utf-8").splitlines()])
    gold = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["annotate", "import", str(write_jsonl(tmp_path / "dc.jsonl", lines)),
                                 "--from", "doccano", "-o", str(gold)])
    assert result.exit_code == 0, result.output
    assert gold.read_bytes() == Path(GOLD).read_bytes()
    assert "tasks 3: imported 3 documents with 13 spans" in result.stderr

    lines[2]["label"].append([60, 70, "PERCENT"])
    result = runner.invoke(app, ["annotate", "import", str(write_jsonl(tmp_path / "dc.jsonl", lines)),
                                 "--from", "doccano", "-o", str(gold)])
    assert result.exit_code == 1
    assert (f"{tmp_path / 'dc.jsonl'}: task 9 (doc c): span 2 PERCENT [60:70]: offset 70 lies outside the text "
            "(length 64 utf16); skipped") in result.stderr
    assert "skipped 1 spans and 0 tasks with errors" in result.stderr
    assert len(gold.read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.parametrize("args", [
    pytest.param(["annotate", "import", "no-such-file.json", "--from", "label-studio", "-o", "x.jsonl"], id="import-missing"),
    pytest.param(["annotate", "import", GOLD, "--from", "brat", "-o", "x.jsonl"], id="unknown-tool"),
    pytest.param(["annotate", "export", GOLD, "--to", "doccano", "--offsets", "bytes", "-o", "x.jsonl"], id="unknown-unit"),
    pytest.param(["agreement", GOLD, "no-such-file.jsonl"], id="agreement-missing"),
    pytest.param(["floor", "check", "--gold", "nope=x.jsonl"], id="floor-unknown-set"),
    pytest.param(["floor", "check", "--gold", "corpus"], id="floor-not-name-path"),
])
def test_commands_that_cannot_run_exit_2(tmp_path, args, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output


def test_export_of_records_without_text_exits_1(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "r1", "entities": []}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["annotate", "export", str(records), "--records", "--to", "doccano",
                                 "-o", str(tmp_path / "t.jsonl")])
    assert result.exit_code == 1
    assert f"{records}: document 'r1' has no 'text' (records written with --no-text cannot be annotated); not exported" \
        in result.stderr


def test_agreement_command():
    result = runner.invoke(app, ["agreement", GOLD, OLD])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{GOLD} vs {OLD} (2 shared documents)"
    assert lines[3].split() == ["DOC_REF", "2", "2", "0.500", "0.750", lines[3].split()[-1]]
    data = json.loads(runner.invoke(app, ["agreement", GOLD, OLD, "--json", "--labels", "DATE"]).stdout)
    assert list(data["labels"]) == ["DATE"] and data["only_a"] == ["c"]


def test_evaluate_with_duplicate_ids_exits_2(tmp_path):
    pred = tmp_path / "pred.jsonl"
    line = json.dumps({"id": "a", "entities": []})
    pred.write_text(line + "\n" + line + "\n", encoding="utf-8")
    for args in (["--pred", str(pred)], ["--compare", str(pred), NEW]):
        result = runner.invoke(app, ["evaluate", "--gold", GOLD, *args])
        assert result.exit_code == 2
        assert "error: duplicate predicted document id 'a'" in result.stderr


def test_evaluate_errors_list_fact_errors_after_mention_errors(tmp_path):
    text = "Tỷ lệ hộ nghèo giảm còn 2,81%."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "f", "text": text, "entities": [
        {"start": 24, "end": 29, "label": "PERCENT", "attrs": {"value": 2.81, "unit": "%"}}], "facts": [
        {"type": "figure", "values": {"value": 2.81, "unit": "%", "metric": "Tỷ lệ hộ nghèo"}}]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "f", "entities": [
        {"id": "T1", "start": 24, "end": 29, "label": "PERCENT", "attrs": {"value": 2.81, "unit": "%"}}], "facts": [
        {"id": "F1", "type": "figure", "args": {"percent": "T1"}, "values": {"value": 2.81, "unit": "%"}}]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert (line["kind"], line["fact"], line["field"], line["sentence"]) == ("value", "figure", "metric", text)
    assert ("errors: 0 (miss 0, spurious 0, boundary 0, label 0, value 0), fact errors: 1 "
            f"(miss 0, spurious 0, value 1) written to {errors}") in result.stderr
