"""Read: input paths (text files, directories, JSONL dumps, stdin) into documents.

Nothing is lost: every input document comes out as a ``Document`` or as a ``Reject``
naming the input and line, in input order. Bad input never stops the stream.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pipeline.core.errors import E009, E010, E012, E013, E014, E015, E021, E025
from pipeline.core.jsonl import LineError, numbered, parse_line

DUMP_SUFFIXES = (".jsonl", ".jsonl.gz")
DIR_SUFFIXES = (".txt",) + DUMP_SUFFIXES
OPTIONAL_FIELDS = ("title", "url", "published", "source")
GZIP_MAGIC = b"\x1f\x8b"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Document:
    """One input document: its id, the text as read and decoded, and its metadata."""

    id: str
    text: str
    source: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    input: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Reject:
    """An input that could not become a document, with a one-line reason."""

    input: str
    line: int | None
    error: str

    def to_dict(self) -> dict:
        """Return the reject record: input, line, error."""
        return {"input": self.input, "line": self.line, "error": self.error}


def decode(data: bytes, name: str) -> str:
    """Return the text of a file's bytes: UTF-8 (BOM or not), UTF-16 with BOM, or Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1258 writes tone marks as combining characters; the cleaning stage folds them.
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise ValueError(E010.format(input=name)) from exc


def read_text_file(path: Path) -> Document | Reject:
    """Return the document of one text file (id = file name without extension)."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Reject(name, None, E014.format(input=name, error=exc.strerror or exc))
    return _text_document(data, name, path.stem)


def _text_document(data: bytes, name: str, doc_id: str) -> Document | Reject:
    try:
        text = decode(data, name)
    except ValueError as exc:
        return Reject(name, None, str(exc))
    return Document(id=doc_id, text=text, source=name, input=name)


def parse_article(obj: object, name: str, line: int) -> Document | Reject:
    """Return the document of one article object (a dump line's JSON), or its reject."""
    if not isinstance(obj, dict):
        return Reject(name, line, E015.format(input=name, line=line, kind=type(obj).__name__))
    for key in ("id", "text"):
        if key not in obj or obj[key] is None:
            return Reject(name, line, E012.format(input=name, line=line, key=key))
    for key in ("id", "text"):  # a number id would meet the string id of another line ("1" and 1)
        if not isinstance(obj[key], str):
            return Reject(name, line, E013.format(input=name, line=line, key=key, kind=type(obj[key]).__name__))
    if not obj["id"].strip():
        return Reject(name, line, E009.format(input=name, line=line))
    meta = {}
    for key in OPTIONAL_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return Reject(name, line, E013.format(input=name, line=line, key=key, kind=type(value).__name__))
        meta[key] = value
    for key, value in (("id", obj["id"]), ("text", obj["text"]), *meta.items()):
        bad = _lone_surrogate(value)
        if bad is not None:
            return Reject(name, line, E021.format(input=name, line=line, key=key, code=ord(bad)))
    source = meta["url"] or meta["source"] or f"{name}:{line}"
    return Document(id=obj["id"], text=obj["text"], source=source, title=meta["title"],
                    published=meta["published"], url=meta["url"], input=name, line=line)


def _lone_surrogate(value: str | None) -> str | None:
    """The first lone UTF-16 surrogate in ``value`` (JSON's ``\\ud800``), which UTF-8 output cannot hold."""
    if not value:
        return None
    try:
        value.encode("utf-8")
        return None
    except UnicodeEncodeError as exc:
        return value[exc.start]


@dataclass(frozen=True)
class Unit:
    """One input document not parsed yet, cheap to pass to a worker process.

    A dump line carries its bytes and line number; a text file (``line`` None) only its
    path, read by whoever parses it. ``size`` is the input bytes it accounts for (progress).
    """

    input: str
    line: int | None = None
    data: bytes = b""
    size: int = 0


def parse_dump_line(raw: bytes, name: str, line: int) -> Document | Reject:
    """Return the document of one JSONL dump line, or its reject."""
    try:
        text = decode(raw, name)
    except ValueError as exc:
        return Reject(name, line, str(exc))
    obj = parse_line(text, name, line)
    if isinstance(obj, LineError):
        return Reject(name, line, obj.message)
    return parse_article(obj, name, line)


def parse_unit(unit: Unit) -> Document | Reject:
    """Return the document (or reject) of one unread unit."""
    if unit.line is None and unit.data:
        return _text_document(unit.data, unit.input, "stdin")
    if unit.line is None:
        return read_text_file(Path(unit.input))
    return parse_dump_line(unit.data, unit.input, unit.line)


def dump_units(lines: Iterable[bytes], name: str, position: Callable[[], int] | None = None,
               first_line: int = 1) -> Iterator[Unit | Reject]:
    """Yield one unit per non-blank line of a JSONL dump (a reject if the stream breaks).

    ``position`` tells how far the underlying file has been read, for compressed dumps
    whose line lengths say nothing about the bytes on disk; ``first_line`` numbers the
    first line (a block cut from the middle of a dump).
    """
    done = 0
    for item in numbered(lines, name, first_line):
        if isinstance(item, LineError):
            yield Reject(name, item.line, item.message)
            return
        line_no, raw = item
        if position is None:
            size = len(raw)
        else:
            now = position()
            size, done = now - done, now
        if raw.strip():
            yield Unit(name, line_no, raw, size)


def _dump_lines(raw: IO[bytes]) -> tuple[Iterable[bytes], bool]:
    """The UTF-8 lines of a dump stream, whatever its first bytes say it is: gzip (a ``.jsonl`` that
    was compressed, or ``zcat``-less stdin), UTF-16 with a byte-order mark, or plain; and whether it
    was compressed (its lines' lengths then say nothing of the bytes read)."""
    head = raw.peek(4)[:4] if isinstance(raw, io.BufferedReader) else b""
    if head.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=raw, mode="rb"), True
    if head.startswith(UTF16_BOMS):
        return (line.encode("utf-8") for line in io.TextIOWrapper(raw, encoding="utf-16")), False
    return raw, False


def dump_stream_units(raw: IO[bytes], name: str) -> Iterator[Unit | Reject]:
    """Yield the units of one dump stream (a file or stdin), one per line."""
    lines, compressed = _dump_lines(raw)
    position = raw.tell if compressed and raw.seekable() else None
    yield from dump_units(lines, name, position=position)


def dump_file_units(path: Path) -> Iterator[Unit | Reject]:
    """Yield the units of a .jsonl or .jsonl.gz dump, one per line."""
    name = str(path)
    try:
        raw: IO[bytes] = open(path, "rb")
    except OSError as exc:
        yield Reject(name, None, E014.format(input=name, error=exc.strerror or exc))
        return
    with raw:
        yield from dump_stream_units(raw, name)


def read_dump_lines(lines: Iterable[bytes], name: str) -> Iterator[Document | Reject]:
    """Yield one document or reject per non-blank line of a JSONL dump."""
    for unit in dump_units(lines, name):
        yield unit if isinstance(unit, Reject) else parse_unit(unit)


def read_dump(path: Path) -> Iterator[Document | Reject]:
    """Yield the documents of a .jsonl or .jsonl.gz dump, one per line."""
    for unit in dump_file_units(path):
        yield unit if isinstance(unit, Reject) else parse_unit(unit)


def _expand(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(DIR_SUFFIXES))


def _files(item: str) -> list[Path] | None:
    path = Path(item)
    if path.is_dir():
        return _expand(path)
    return [path] if path.exists() else None


def read_units(inputs: Iterable[str], stdin: IO[bytes] | None = None,
               stdin_text: bool = False) -> Iterator[Unit | Reject]:
    """Yield a unit (or a reject) for every document of the inputs, in input order, unparsed.

    Inputs are as for ``read_inputs``; parsing is left to ``parse_unit`` so that a batch
    run can parse in its worker processes. With ``stdin_text``, ``-`` is one plain-text
    document (id ``stdin``) instead of a JSONL dump.
    """
    for item in inputs:
        if item == "-":
            if stdin is not None and stdin_text:
                data = stdin.read()
                yield Unit("<stdin>", None, data, len(data)) if data.strip() else Reject(
                    "<stdin>", None, E025.format(input="<stdin>"))
            elif stdin is not None:
                yield from dump_stream_units(stdin, "<stdin>")
            continue
        files = _files(item)
        if files is None:
            yield Reject(item, None, E014.format(input=item, error="no such file or directory"))
            continue
        for file in files:
            if file.name.endswith(DUMP_SUFFIXES):
                yield from dump_file_units(file)
            else:
                yield Unit(str(file), size=_size(file))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def input_size(inputs: Iterable[str]) -> int | None:
    """Return the bytes on disk of all the inputs, or None when one is stdin (for an ETA)."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        total += sum(_size(f) for f in _files(item) or [])
    return total


def read_inputs(inputs: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Document | Reject]:
    """Yield every document (or reject) of the inputs, in input order.

    An input is a text file, a directory (its .txt, .jsonl and .jsonl.gz files,
    recursively, sorted), a .jsonl or .jsonl.gz dump, or ``-`` for a dump on stdin.
    """
    for unit in read_units(inputs, stdin):
        yield unit if isinstance(unit, Reject) else parse_unit(unit)
