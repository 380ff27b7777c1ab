"""Every input document ends as a document or a reject naming its file and line."""

from __future__ import annotations

import gzip
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.stages.read import Document, Reject, read_inputs


def _items(*inputs, stdin=None):
    return list(read_inputs([str(i) for i in inputs], stdin=stdin))


def _dump(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_text_file_id_is_its_stem_and_text_is_exact(tmp_path):
    raw = "Số: 12/UBND-VX\r\nHà Nội, ngày 05/8/2021\n"
    (tmp_path / "cv_12.txt").write_bytes(raw.encode("utf-8"))
    [doc] = _items(tmp_path / "cv_12.txt")
    assert (doc.id, doc.text, doc.source) == ("cv_12", raw, str(tmp_path / "cv_12.txt"))


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    _dump(tmp_path / "b" / "d.jsonl", [json.dumps({"id": "d1", "text": "d"})])
    (tmp_path / "ignored.html").write_text("<p>x</p>", encoding="utf-8")
    assert [d.id for d in _items(tmp_path)] == ["a", "d1", "z"]


def test_jsonl_metadata_is_kept(tmp_path):
    line = {"id": "7", "text": "Chiều 3-6", "title": "T", "url": "https://x.example/7", "published": "2025-06-07",
            "source": "portal"}
    [doc] = _items(_dump(tmp_path / "d.jsonl", [json.dumps(line, ensure_ascii=False)]))
    assert doc == Document(id="7", text="Chiều 3-6", source="https://x.example/7", title="T",
                           published="2025-06-07", url="https://x.example/7", input=str(tmp_path / "d.jsonl"), line=1)


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "text": ', r"E011 .*d\.jsonl:2: malformed JSON"),
    ('{"id": "a"}', r"E012 .*d\.jsonl:2: article has no 'text' field"),
    ('{"text": "x"}', r"E012 .*d\.jsonl:2: article has no 'id' field"),
    ('{"id": "a", "text": 5}', r"E013 .*d\.jsonl:2: 'text' must be a string, not int"),
    # a number id would meet the string id of another line: 1 and "1"
    ('{"id": 1, "text": "x"}', r"E013 .*d\.jsonl:2: 'id' must be a string, not int"),
    ('{"id": "", "text": "x"}', r"E009 .*d\.jsonl:2: article has an empty 'id'; every article needs one"),
    ('{"id": " ", "text": "x"}', r"E009 .*d\.jsonl:2: article has an empty 'id'; every article needs one"),
    ('{"id": "a", "text": "x", "title": ["t"]}', r"E013 .*d\.jsonl:2: 'title' must be a string, not list"),
    ('["id", "text"]', r"E015 .*d\.jsonl:2: a JSONL line must hold a JSON object, not list"),
])
def test_bad_dump_line_is_rejected_and_the_rest_is_read(tmp_path, line, message):
    good = json.dumps({"id": "ok", "text": "x"})
    items = _items(_dump(tmp_path / "d.jsonl", [good, line, good]))
    assert [type(i).__name__ for i in items] == ["Document", "Reject", "Document"]
    reject = items[1]
    assert reject.line == 2 and "\n" not in reject.error
    assert re.search(message, reject.error)


def test_empty_text_is_a_document_not_a_reject(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    [doc] = _items(tmp_path / "empty.txt")
    assert isinstance(doc, Document) and doc.text == ""


def test_gzip_dump_and_corrupt_gzip(tmp_path):
    good = tmp_path / "a.jsonl.gz"
    with gzip.open(good, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": "x"}) + "\n" + json.dumps({"id": "g2", "text": "y"}) + "\n")
    assert [d.id for d in _items(good)] == ["g1", "g2"]
    data = good.read_bytes()
    bad = tmp_path / "b.jsonl.gz"
    bad.write_bytes(data[: len(data) // 2])
    items = _items(bad)
    assert isinstance(items[-1], Reject) and items[-1].error.startswith("E016")


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_form(text: str) -> str:
    """Windows-1258 writes base letters precomposed (ê, ơ, ă) and tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and ch not in TONE_MARKS:
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
        else:
            out.append(ch)
    return "".join(out)


def test_windows_1258_and_nfd_are_decoded_not_rejected(tmp_path):
    text = "Thành ủy Hà Tĩnh ban hành Chỉ thị số 08-CT/TU"
    (tmp_path / "cp.txt").write_bytes(cp1258_form(text).encode("cp1258"))
    (tmp_path / "nfd.txt").write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))
    cp, nfd = _items(tmp_path / "cp.txt", tmp_path / "nfd.txt")
    assert unicodedata.normalize("NFC", cp.text) == text
    assert unicodedata.normalize("NFC", nfd.text) == text


def test_undecodable_and_missing_and_unreadable_files_are_rejected(tmp_path, monkeypatch):
    (tmp_path / "bin.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d\xff\xfe\x00")
    missing = tmp_path / "nope.txt"
    locked = tmp_path / "locked.txt"
    locked.write_text("x", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    bad, gone, lock = _items(tmp_path / "bin.txt", missing, locked)
    assert bad.error.startswith("E010") and "bin.txt" in bad.error
    assert gone.error == f"E014 {missing}: cannot read (no such file or directory)"
    assert lock.error == f"E014 {locked}: cannot read (Permission denied)"


@pytest.mark.parametrize("encode", [
    pytest.param(lambda b: gzip.compress(b), id="gzip"),
    pytest.param(lambda b: b.decode("utf-8").encode("utf-16"), id="utf-16 with BOM"),
    pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="utf-8 with BOM"),
])
def test_a_dump_is_read_by_what_its_first_bytes_say_on_stdin_and_in_a_jsonl_file(tmp_path, encode):
    rows = [{"id": "a", "text": "Sáng 13/9/2024, tỷ lệ đạt 95,5%."}, {"id": "b", "text": "Chiều 3-6"}]
    data = encode("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8"))
    path = tmp_path / "d.jsonl"
    path.write_bytes(data)
    for items in (_items("-", stdin=io.BufferedReader(io.BytesIO(data))), _items(str(path))):
        assert [(d.id, d.text, d.line) for d in items] == [("a", rows[0]["text"], 1), ("b", "Chiều 3-6", 2)]


def test_stdin_dump(tmp_path):
    stdin = io.BytesIO((json.dumps({"id": "s1", "text": "x"}) + "\n\n" + "{bad\n").encode("utf-8"))
    items = _items("-", stdin=stdin)
    assert items[0].id == "s1" and items[1].input == "<stdin>" and items[1].line == 3
