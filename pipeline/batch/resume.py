"""Resume an interrupted run: skip the input documents whose output is already written.

The rerun reads the same inputs from the start and walks them beside what the output
holds, in order (both are in input order):

- a document is skipped when the next record of the output has its ``id`` and
  ``text_sha256``, or when the next line of the rejects file rejects it (its input and
  line, e.g. a pattern time-out);
- a reject is skipped when the next line of the rejects file is the same reject.
  Without a rejects file (rejects went to stderr) a reject counts as reported when the
  output goes on with a later document's record, and is reported again otherwise.

The walk stops at the first input item whose output is missing. Both files are then cut
after the last line that matched: a truncated last line (a killed run) goes, and so does
anything written past the stopping point. The run goes on from there, so the final files
equal those of an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.jsonl import LineError, parse_line
from pipeline.stages.read import Document, Reject, Unit, parse_unit

log = logging.getLogger(__name__)


class _Lines:
    """The complete JSON lines of a file, read one at a time, with the byte offset after each."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.end = 0          # offset after the last consumed line
        self.kept = 0         # lines consumed
        self._fh = path.open("rb") if path is not None and path.exists() else None
        self._next_end = 0
        self.head: dict[str, Any] | None = None
        self._advance()

    def _advance(self) -> None:
        self.head = None
        if self._fh is None:
            return
        raw = self._fh.readline()
        if not raw.endswith(b"\n"):
            return  # end of file, or a line cut short by a kill
        try:
            obj = parse_line(raw.decode("utf-8"), str(self.path), self.kept + 1)
        except UnicodeDecodeError:
            return
        if not isinstance(obj, LineError):
            self.head = obj
            self._next_end = self.end + len(raw)

    def consume(self) -> None:
        """Take the head line as matched and read the next one."""
        self.end, self.kept = self._next_end, self.kept + 1
        self._advance()

    def cut(self) -> None:
        """Truncate the file after the consumed lines, saying so if whole lines go."""
        if self._fh is None:
            return
        dropped = sum(1 for line in self._fh if line.endswith(b"\n")) + (self.head is not None)
        self._fh.close()
        if dropped:
            log.warning("resume: %s: kept %d lines, cut %d that did not follow the input",
                        self.path, self.kept, dropped)
        if self.path is not None:
            os.truncate(self.path, self.end)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Resume:
    """Where an interrupted run stopped, read from its output and rejects files."""

    output: Path
    rejects: Path | None = None
    skipped: int = 0
    skipped_bytes: int = 0
    kept_records: int = 0
    kept_rejects: int = 0
    _pending: list[Reject] = field(default_factory=list)

    def filter(self, units: Iterable[Unit | Reject]) -> Iterator[Unit | Document | Reject]:
        """Yield the units still to process; cut both files before yielding the first one."""
        records, rejects = _Lines(self.output), _Lines(self.rejects)
        it = iter(units)
        first: Document | Reject | None = None
        for unit in it:
            item = unit if isinstance(unit, Reject) else parse_unit(unit)
            if not self._matches(item, records, rejects):
                first = item
                break
            self.skipped_bytes += unit.size if isinstance(unit, Unit) else 0
        records.cut()
        rejects.cut()
        self.kept_records, self.kept_rejects = records.kept, rejects.kept
        yield from self._pending
        if first is not None:
            yield first
            yield from it

    def _matches(self, item: Document | Reject, records: _Lines, rejects: _Lines) -> bool:
        if isinstance(item, Reject):
            if self.rejects is None:
                self._pending.append(item)
                return True
            if rejects.head == item.to_dict():
                rejects.consume()
                self.skipped += 1
                return True
            return False
        head = records.head
        if head is not None and head.get("id") == item.id and head.get("text_sha256") == _sha(item.text):
            records.consume()
            self.skipped += 1 + len(self._pending)
            self._pending.clear()
            return True
        head = rejects.head
        if head is not None and (head.get("input"), head.get("line")) == (item.input, item.line):
            rejects.consume()
            self.skipped += 1
            return True
        return False
