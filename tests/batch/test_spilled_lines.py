"""A pool worker sends a long record line back as a file; the main process copies it and deletes the file."""

from __future__ import annotations

import io
import json

import pytest

import pipeline.batch.run as run
from pipeline.core.settings import Settings
from pipeline.stages.read import read_units


def _written(batches) -> str:
    out, rejects = io.StringIO(), io.StringIO()
    for batch in batches:
        run._write(batch, out, rejects)
    return out.getvalue()


@pytest.mark.parametrize("task", ["extract_spilling", "extract_streaming"])
def test_long_lines_come_back_as_files_and_are_written_as_the_lines_themselves(task, tmp_path, monkeypatch):
    import killers

    spill_dir = tmp_path / "spill"
    spill_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(spill_dir))  # the spawned workers' temporary files go here
    monkeypatch.setattr(run, "BATCH_DOCS", 2)
    dump = tmp_path / "dump.jsonl"
    rows = [{"id": f"d{n}", "text": f"Sáng 13/9/2024, đồng chí Lê Văn An cho biết tỷ lệ đạt {n},5%."} for n in range(6)]
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    spilled = list(run.map_batches(getattr(killers, task), read_units([str(dump)]), Settings(), None, workers=2))
    kinds = {type(line).__name__ for batch in spilled for _, line in batch.lines}
    assert kinds == {"Spilled"}
    inline = list(run.map_batches(run.extract_batch, read_units([str(dump)]), Settings(), None, workers=1))
    written = _written(spilled)
    assert written == _written(inline)
    assert [json.loads(line)["id"] for line in written.splitlines()] == [f"d{n}" for n in range(6)]
    assert list(spill_dir.iterdir()) == []  # each file deleted once copied


def test_outside_a_pool_the_line_stays_in_memory(monkeypatch):
    monkeypatch.setattr(run, "SPILL_BYTES", 1)
    line = bytearray(b'{"id": "a"}')
    assert run._sent_back(line) is line


def test_a_spilled_line_reaches_a_byte_stream_block_by_block(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "_in_pool", True)
    monkeypatch.setattr(run, "SPILL_BYTES", 4)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    spilled = run._sent_back(bytearray('{"text": "Hà Nội"}'.encode()))
    assert isinstance(spilled, run.Spilled) and spilled.size == len('{"text": "Hà Nội"}'.encode())
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    run._write_line(out, spilled)
    out.flush()
    assert out.buffer.getvalue().decode() == '{"text": "Hà Nội"}\n'
    assert list(tmp_path.iterdir()) == []


def test_a_line_that_cannot_be_spilled_goes_back_in_memory(tmp_path, monkeypatch):
    from pipeline.stages.read import Document

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(run, "_in_pool", True)
    monkeypatch.setattr(run, "SPILL_BYTES", 4)
    monkeypatch.setattr(run, "SPILL_CHARS", 4)
    monkeypatch.setattr("tempfile.mkstemp", full_disk)
    line = bytearray(b'{"id": "a"}')
    assert run._sent_back(line) is line
    doc = Document(id="a", text="Tỷ lệ đạt 83,62%.", source="a")
    kept, labels = run._line_of(doc, Settings())
    expected = run.extract_line(doc, Settings())
    assert (kept, labels) == (expected.line, expected.labels)
