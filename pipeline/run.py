"""Batch runs: documents in, records and rejects out, in input order, nothing lost."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import IO, Any, Iterable, Iterator

from pipeline.errors import E020
from pipeline.analysis import extract
from pipeline.read import Document, Reject, read_inputs
from pipeline.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Summary:
    """What a run read, wrote and rejected, and how long it took."""

    read: int = 0
    written: int = 0
    rejected: int = 0
    labels: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self) -> str:
        """Return the one-line summary printed at the end of a run."""
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items())) or "none"
        rate = self.read / self.seconds if self.seconds else 0.0
        return (f"read {self.read}, written {self.written}, rejected {self.rejected}; "
                f"entities: {labels}; {self.seconds:.1f}s ({rate:.1f} docs/s)")


def process(items: Iterable[Document | Reject], settings: Settings = Settings(),
            published: str | None = None) -> Iterator[dict[str, Any] | Reject]:
    """Yield a record or a reject for each read item, in order."""
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        if published and not item.published:
            item = replace(item, published=published)
        try:
            yield extract(item, settings)
        except TimeoutError:
            where = f"{item.input}:{item.line}" if item.line else item.input
            yield Reject(item.input, item.line, E020.format(input=where, seconds=settings.pattern_timeout))


def run_extract(inputs: list[str], out: IO[str], rejects: IO[str], settings: Settings = Settings(),
                published: str | None = None, stdin: IO[bytes] | None = None) -> Summary:
    """Extract every input document to ``out`` (JSONL) and every reject to ``rejects``."""
    summary = Summary()
    started = time.perf_counter()
    for result in process(read_inputs(inputs, stdin=stdin), settings, published):
        summary.read += 1
        if isinstance(result, Reject):
            summary.rejected += 1
            log.warning(result.error)
            rejects.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            continue
        summary.written += 1
        summary.labels.update(e["label"] for e in result["entities"])
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    summary.seconds = time.perf_counter() - started
    return summary
