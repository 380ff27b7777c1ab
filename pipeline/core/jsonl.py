"""One JSONL reader and writer for every command (``jsonlines`` underneath), one error number per fault.

Every file of the project that holds one JSON object a line (dumps, records, gold, rejects,
errors) is read with ``read_objects`` or ``parse_line`` and written with ``encode``/``Writer``.
A fault names the file and the line, numbered once for all commands:
E011 malformed JSON, E014 cannot read, E015 not an object, E016 corrupt compressed stream.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import jsonlines

from pipeline.core.errors import E011, E014, E015, E016

GZIP_SUFFIX = ".gz"


@dataclass(frozen=True)
class LineError:
    """A line (or a whole file, ``line`` None) that holds no JSON object, with its numbered message."""

    input: str
    line: int | None
    message: str


def _loads(text: str | bytes) -> Any:
    return json.loads(text)


def parse_line(text: str, input: str, line: int) -> dict[str, Any] | LineError:
    """Return the JSON object of one line, or the ``LineError`` (E011, E015) naming file and line."""
    try:
        obj = jsonlines.Reader([text], loads=_loads).read()
    except jsonlines.InvalidLineError as exc:
        cause = exc.__cause__ or exc
        msg = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        return LineError(input, line, E011.format(input=input, line=line, error=msg))
    except RecursionError:
        return LineError(input, line, E011.format(input=input, line=line, error="nested too deeply"))
    if not isinstance(obj, dict):
        return LineError(input, line, E015.format(input=input, line=line, kind=type(obj).__name__))
    return obj


def raw_lines(path: Path, position: Callable[[], int] | None = None) -> Iterator[tuple[int, bytes] | LineError]:
    """Yield ``(line number, bytes)`` for every line of a plain or ``.gz`` file, or its ``LineError``.

    A file that cannot be opened gives one E014; a compressed stream that breaks gives E016 at
    the line where it broke, after the lines read before it.
    """
    name = str(path)
    try:
        handle: IO[bytes] = open(path, "rb")
    except OSError as exc:
        yield LineError(name, None, E014.format(input=name, error=exc.strerror or exc))
        return
    with handle:
        stream: Iterable[bytes] = gzip.GzipFile(fileobj=handle, mode="rb") if name.endswith(GZIP_SUFFIX) else handle
        yield from numbered(stream, name)


def numbered(stream: Iterable[bytes], name: str, first_line: int = 1) -> Iterator[tuple[int, bytes] | LineError]:
    """Yield ``(line number, bytes)`` for the lines of a byte stream; a broken stream ends with E016."""
    line_no = first_line - 1
    try:
        for line_no, raw in enumerate(stream, start=first_line):
            yield line_no, raw
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:  # a UTF-16 stream can break too
        yield LineError(name, line_no + 1, E016.format(input=name, line=line_no + 1, error=exc))


def read_objects(path: str | Path) -> Iterator[tuple[int, dict[str, Any]] | LineError]:
    """Yield ``(line number, object)`` for every non-blank line of a JSONL file, or its ``LineError``."""
    name = str(path)
    for item in raw_lines(Path(path)):
        if isinstance(item, LineError):
            yield item
            continue
        line_no, raw = item
        try:
            text = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield LineError(name, line_no, E011.format(input=name, line=line_no, error=f"not UTF-8: {exc.reason}"))
            continue
        if not text.strip():
            continue
        obj = parse_line(text, name, line_no)
        yield obj if isinstance(obj, LineError) else (line_no, obj)


# One encoder for every line: json.dumps with an option builds a new encoder per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def encode(obj: Any) -> str:
    """Return one object as a JSON line (UTF-8 text, no ASCII escapes, no newline)."""
    return _ENCODER.encode(obj)


def writer(handle: IO[str]) -> jsonlines.Writer:
    """Return a JSONL writer over an open text file that writes lines as ``encode`` does, flushing each."""
    return jsonlines.Writer(handle, compact=True, flush=True, dumps=encode)
