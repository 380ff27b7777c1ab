"""`vnfacts extract`: records in input order, rejects, summary, exit codes, schema."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.jsonl import encode
from pipeline.core.settings import Settings
from pipeline.stages.document import RecordLine, extract, extract_line
from pipeline.stages.emit import record_schema
from pipeline.stages.read import Document

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"
DOC = "Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021 của Ban Thường vụ Thành ủy, tỷ lệ đạt 83,62%."


def _setup(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": "Chiều 3-6, Hội nghị.", "published": "2025-06-07"}) + "\n{oops\n"
        + json.dumps({"id": "b3", "text": ""}) + "\n", encoding="utf-8")
    return tmp_path / "in"


def test_records_rejects_and_summary(tmp_path):
    inputs = _setup(tmp_path)
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--rejects", str(rej)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "b1", "b3"]
    for record in records:
        jsonschema.validate(record, record_schema())
        for e in record["entities"]:
            assert record["text"][e["start"]:e["end"]] == e["text"]
    a = records[0]
    assert [(e["label"], e["text"]) for e in a["entities"]] == [
        ("DOC_REF", "Chỉ thị số 08-CT/TU"), ("DATE", "05-8-2021"), ("PERCENT", "83,62%")]
    assert records[1]["entities"][0]["attrs"] == {"value": "2025-06-03", "year_inferred": True}
    assert records[2]["entities"] == []
    [reject] = [json.loads(line) for line in rej.read_text(encoding="utf-8").splitlines()]
    assert reject["line"] == 2 and reject["input"].endswith("b.jsonl") and reject["error"].startswith("E011")
    assert "read 4, written 3, rejected 1" in result.stderr
    assert "DOC_REF 1" in result.stderr


def test_strict_exit_code_and_stdout_default(tmp_path):
    inputs = _setup(tmp_path)
    result = runner.invoke(app, ["extract", str(inputs), "--strict", "--no-text"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3 and all("text" not in r for r in lines)
    assert '"error": "E011' in result.stderr


def test_published_option_and_dateline(tmp_path):
    (tmp_path / "x.txt").write_text("Hà Tĩnh, ngày 31 tháng 3 năm 2020\nSáng 13/9, họp.", encoding="utf-8")
    (tmp_path / "y.txt").write_text("Sáng 13/9, họp.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "x.txt"), str(tmp_path / "y.txt"),
                                 "--published", "2024-10-01"])
    x, y = [json.loads(line) for line in result.stdout.splitlines()]
    assert (y["published"], y["published_from"]) == ("2024-10-01", "input")
    assert [e["attrs"]["value"] for e in y["entities"]] == ["2024-09-13"]
    assert (x["published"], x["published_from"]) == ("2024-10-01", "input")
    bad = runner.invoke(app, ["extract", str(tmp_path / "x.txt"), "--published", "13/9/2024"])
    assert bad.exit_code == 2 and "is not a date YYYY-MM-DD" in bad.output


def test_dateline_fills_published_when_input_has_none(tmp_path):
    (tmp_path / "x.txt").write_text("Số: 5/KH-UBND\nHà Tĩnh, ngày 31 tháng 3 năm 2020\nSáng 13/9, họp.",
                                    encoding="utf-8")
    [record] = [json.loads(line) for line in runner.invoke(app, ["extract", str(tmp_path / "x.txt")]).stdout.splitlines()]
    assert (record["published"], record["published_from"]) == ("2020-03-31", "dateline")
    assert [e["attrs"] for e in record["entities"] if e["label"] == "DATE"][-1] == {"value": "2020-09-13", "year_inferred": True}


def test_pathological_line_is_processed(tmp_path):
    line = ("12/" * 20000) + ("-AB" * 20000) + ("Số 1-CT/" * 5000)
    (tmp_path / "p.txt").write_text(line, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "p.txt"), "--no-text"])
    assert result.exit_code == 0
    assert "read 1, written 1, rejected 0" in result.stderr


def test_evaluate_prints_table_and_json(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "g", "text": DOC, "published": None, "entities": [
        {"start": 10, "end": 29, "label": "DOC_REF", "text": "Chỉ thị số 08-CT/TU", "attrs": {"code": "08-CT/TU"}},
        {"start": 35, "end": 44, "label": "DATE", "text": "05-8-2021", "attrs": {"value": "2021-08-05"}}]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    table = runner.invoke(app, ["evaluate", "--gold", str(gold)])
    assert table.exit_code == 0 and "DOC_REF" in table.stdout
    scores = json.loads(runner.invoke(app, ["evaluate", "--gold", str(gold), "--json", "--labels", "DATE"]).stdout)
    assert list(scores["labels"]) == ["DATE"]
    assert scores["labels"]["DATE"]["strict"]["f1"] == 1.0


def test_a_spent_time_budget_becomes_a_reject_and_the_batch_goes_on(tmp_path, monkeypatch):
    import pipeline.batch.run as run_module

    def slow(item, settings):
        if item.id == "slow":
            raise TimeoutError("regex time-out")
        return RecordLine(bytearray(json.dumps({"id": item.id, "entities": []}).encode()), Counter())

    monkeypatch.setattr(run_module, "extract_line", slow)
    (tmp_path / "fast.txt").write_text("x", encoding="utf-8")
    (tmp_path / "slow.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--strict", "--workers", "1"])
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["fast"]
    assert f"E020 {tmp_path / 'slow.txt'}: extraction ran past this document's time budget of 10.0s" in result.stderr


def test_a_full_disk_is_one_numbered_line_and_exit_1(tmp_path):
    """Fault injection: /dev/full refuses every write with ENOSPC, as a full disk does."""
    import subprocess
    import sys

    inputs = _setup(tmp_path)
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(inputs), "-o", "/dev/full", "-q",
                           "--rejects", str(tmp_path / "rej.jsonl")],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == ("error: E024 /dev/full: cannot write (No space left on device); the lines written before "
                           "are whole records, so `--resume` finishes the run once there is room\n")


def test_a_missing_input_file_is_a_reject_and_exit_1_without_strict(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Ngày 5/6/2024, Sở Y tế họp.", encoding="utf-8")
    missing = tmp_path / "none.jsonl"
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(good), str(missing), "-o", str(out)])
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a"]
    assert f"E014 {missing}: cannot read (no such file or directory)" in result.stderr


def test_a_plain_text_on_stdin_with_format_text(tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", "-", "--format", "text", "-o", str(out), "--workers", "1"],
                           input="Ngày 5/6/2024, Sở Y tế họp; tỷ lệ đạt 95%.".encode())
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (record["id"], record["source"]) == ("stdin", "<stdin>")
    assert [(e["label"], e["text"]) for e in record["entities"]] == [("DATE", "5/6/2024"), ("PERCENT", "95%")]


def test_an_empty_stdin_with_format_text_is_one_reject(tmp_path):
    result = runner.invoke(app, ["extract", "-", "--format", "text", "--strict"], input=b"  \n")
    assert result.exit_code == 1
    assert "E025 <stdin>: no text on standard input" in result.stderr


def test_lone_surrogates_in_a_parallel_run_reject_only_their_documents(tmp_path):
    """Fault injection: a lone surrogate in text, id or title of some lines of a dump run by two workers
    costs those documents only (one reject line each); every other line gets its record, in order."""
    rows = [f'{{"id": "d{n}", "text": "Sáng 13/9/2024, tỷ lệ đạt {n},5%."}}' for n in range(300)]
    bad = {3: '{"id": "d3", "text": "a\\ud800b"}', 150: '{"id": "d\\udfff", "text": "x"}',
           299: '{"id": "d299", "text": "x", "title": "\\ud83d"}'}
    for n, line in bad.items():
        rows[n] = line
    dump = tmp_path / "d.jsonl"
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    result = runner.invoke(app, ["extract", str(dump), "-o", str(out), "--rejects", str(rej), "--workers", "2", "-q"])
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        f"d{n}" for n in range(300) if n not in bad]
    assert [(r["line"], r["error"].split(" ")[0], r["error"].split("'")[1])
            for r in map(json.loads, rej.read_text(encoding="utf-8").splitlines())] == [
        (4, "E021", "text"), (151, "E021", "id"), (300, "E021", "title")]


def test_a_document_that_runs_out_of_memory_is_one_reject_and_the_run_goes_on(tmp_path, monkeypatch):
    """Fault injection: MemoryError while one document is extracted or its line is made."""
    import pipeline.batch.run as run_module

    def hungry(item, settings):
        if item.id == "big":
            raise MemoryError
        return RecordLine(bytearray(json.dumps({"id": item.id}).encode()), Counter())

    monkeypatch.setattr(run_module, "extract_line", hungry)
    for name in ("a", "big", "c"):
        (tmp_path / f"{name}.txt").write_text("xyz", encoding="utf-8")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    result = runner.invoke(app, ["extract", *(str(tmp_path / f"{n}.txt") for n in ("a", "big", "c")),
                                 "-o", str(out), "--rejects", str(rej), "--workers", "1", "-q"])
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a", "c"]
    assert [json.loads(line)["error"] for line in rej.read_text(encoding="utf-8").splitlines()] == [
        f"E090 {tmp_path / 'big'}.txt: ran out of memory extracting this document (3 characters); document "
        "rejected, the run goes on"]


def test_the_batch_line_is_the_record_encoded():
    """extract_line writes, entity by entity, the very bytes of encode(extract(...))."""
    text = (SAMPLES / "010_hoi_nghi_dan_van.txt").read_text(encoding="utf-8")
    for settings in (Settings(), Settings(include_text=False), Settings(window=1_000)):
        doc = Document(id="d", text=text, source="s", published="2024-06-03")
        assert bytes(extract_line(doc, settings).line) == encode(extract(doc, settings)).encode("utf-8")
    assert extract_line(Document(id="d", text=text, source="s")).labels == Counter(
        e["label"] for e in extract(Document(id="d", text=text, source="s"))["entities"])
