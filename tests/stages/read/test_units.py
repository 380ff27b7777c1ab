"""Units: unparsed input documents, cheap to send to workers, parsed the same as read_inputs."""

from __future__ import annotations

import gzip
import io

from dumps import write_dump

from pipeline.stages.read import Reject, Unit, dump_units, input_size, parse_unit, read_inputs, read_units


def test_units_parse_to_what_read_inputs_yields(tmp_path):
    dump = write_dump(tmp_path / "a.jsonl", 4, bad=(2,))
    (tmp_path / "b.txt").write_text("Đạt 5%.", encoding="utf-8")
    inputs = [str(tmp_path), str(tmp_path / "missing.txt")]
    units = list(read_units(inputs))
    assert [type(u).__name__ for u in units] == ["Unit"] * 5 + ["Reject"]
    assert units[4] == Unit(str(tmp_path / "b.txt"), None, b"", len("Đạt 5%.".encode()))
    assert [parse_unit(u) if isinstance(u, Unit) else u for u in units] == list(read_inputs(inputs))
    assert sum(u.size for u in units if isinstance(u, Unit)) == input_size(inputs) == dump.stat().st_size + len("Đạt 5%.".encode())


def test_first_line_numbers_a_block_cut_from_a_dump():
    block = b'{"id": "a", "text": "x"}\n\n{oops\n'
    units = list(dump_units(io.BytesIO(block), "d.jsonl", first_line=41))
    assert [u.line for u in units] == [41, 43]
    assert parse_unit(units[1]) == Reject("d.jsonl", 43, parse_unit(units[1]).error)
    assert parse_unit(units[1]).error.startswith("E011 d.jsonl:43: malformed JSON")


def test_gzip_units_account_for_compressed_bytes(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(write_dump(tmp_path / "src", 50).read_bytes()))
    units = list(read_units([str(path)]))
    assert len(units) == 50
    assert sum(u.size for u in units) == path.stat().st_size == input_size([str(path)])


def test_stdin_has_no_size():
    assert input_size(["-"]) is None
