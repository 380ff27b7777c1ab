"""`vnfacts show`: writes the page, says what it wrote, fails with the numbered line and exit 2."""

from __future__ import annotations

from review_records import gold, gold2, overview_gold, overview_records, record, record2, write
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_show_writes_the_review_and_a_summary(tmp_path):
    records = write(tmp_path / "r.jsonl", [record(), record2()])
    golds = write(tmp_path / "g.jsonl", [gold(), gold2()])
    out = tmp_path / "out" / "review.html"
    result = runner.invoke(app, ["show", str(records), "--gold", str(golds), "--id", "d1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"review: 1 documents, 6 mentions -> {out}\n"
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'data-id="d1"' in html and 'data-id="d2"' not in html


def test_show_writes_to_stdout_without_o(tmp_path):
    result = runner.invoke(app, ["show", str(write(tmp_path / "r.jsonl", [record2()]))])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert result.stderr == "review: 1 documents, 1 mentions\n"


def test_show_fails_with_a_numbered_line(tmp_path):
    records = write(tmp_path / "r.jsonl", [record(), record2()])
    result = runner.invoke(app, ["show", str(records), "--limit", "1", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert result.stderr == (f"error: E072 {records}: 2 documents to show, more than the limit of 1; "
                             "pick documents with --id or raise --limit\n")
    assert not (tmp_path / "x.html").exists()
    missing = runner.invoke(app, ["show", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2 and missing.stderr.startswith(f"error: E014 {tmp_path / 'none.jsonl'}: cannot read")


def test_show_prints_e066_and_still_writes_the_page(tmp_path):
    path = write(tmp_path / "r.jsonl", [overview_records()[0], overview_records()[0]])
    out = tmp_path / "review.html"
    result = runner.invoke(app, ["show", str(path), "--gold", str(write(tmp_path / "g.jsonl", [overview_gold()])),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].startswith(f"E066 {path}:2: record id 'a' was already on line 1;")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

