"""Read: input paths (text files, directories, JSONL dumps, stdin) into documents.

Nothing is lost: every input document comes out as a ``Document`` or as a ``Reject``
naming the input and line, in input order. Bad input never stops the stream.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

from pipeline.errors import E010, E011, E012, E013, E014, E015, E016

DUMP_SUFFIXES = (".jsonl", ".jsonl.gz")
DIR_SUFFIXES = (".txt",) + DUMP_SUFFIXES
OPTIONAL_FIELDS = ("title", "url", "published", "source")


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
    try:
        text = decode(data, name)
    except ValueError as exc:
        return Reject(name, None, str(exc))
    return Document(id=path.stem, text=text, source=name, input=name)


def _article(obj: object, name: str, line: int) -> Document | Reject:
    if not isinstance(obj, dict):
        return Reject(name, line, E015.format(input=name, line=line, kind=type(obj).__name__))
    for key in ("id", "text"):
        if key not in obj or obj[key] is None:
            return Reject(name, line, E012.format(input=name, line=line, key=key))
    if not isinstance(obj["text"], str):
        return Reject(name, line, E013.format(input=name, line=line, key="text", kind=type(obj["text"]).__name__))
    meta = {}
    for key in OPTIONAL_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return Reject(name, line, E013.format(input=name, line=line, key=key, kind=type(value).__name__))
        meta[key] = value
    source = meta["url"] or meta["source"] or f"{name}:{line}"
    return Document(id=str(obj["id"]), text=obj["text"], source=source, title=meta["title"],
                    published=meta["published"], url=meta["url"], input=name, line=line)


def read_dump_lines(lines: Iterable[bytes], name: str) -> Iterator[Document | Reject]:
    """Yield one document or reject per non-blank line of a JSONL dump."""
    line_no = 0
    try:
        for line_no, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(decode(raw, name))
            except (ValueError, RecursionError) as exc:
                msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                yield Reject(name, line_no, E011.format(input=name, line=line_no, error=msg))
                continue
            yield _article(obj, name, line_no)
    except (OSError, EOFError, zlib.error) as exc:
        yield Reject(name, line_no + 1, E016.format(input=name, line=line_no + 1, error=exc))


def read_dump(path: Path) -> Iterator[Document | Reject]:
    """Yield the documents of a .jsonl or .jsonl.gz dump, one per line."""
    name = str(path)
    opener = gzip.open if name.endswith(".gz") else open
    try:
        fh: IO[bytes] = opener(path, "rb")
    except OSError as exc:
        yield Reject(name, None, E014.format(input=name, error=exc.strerror or exc))
        return
    with fh:
        yield from read_dump_lines(fh, name)


def _expand(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(DIR_SUFFIXES))


def read_inputs(inputs: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Document | Reject]:
    """Yield every document (or reject) of the inputs, in input order.

    An input is a text file, a directory (its .txt, .jsonl and .jsonl.gz files,
    recursively, sorted), a .jsonl or .jsonl.gz dump, or ``-`` for a dump on stdin.
    """
    for item in inputs:
        if item == "-":
            if stdin is not None:
                yield from read_dump_lines(stdin, "<stdin>")
            continue
        path = Path(item)
        if path.is_dir():
            files = _expand(path)
        elif path.exists():
            files = [path]
        else:
            yield Reject(item, None, E014.format(input=item, error="no such file or directory"))
            continue
        for file in files:
            if file.name.endswith(DUMP_SUFFIXES):
                yield from read_dump(file)
            else:
                yield read_text_file(file)
