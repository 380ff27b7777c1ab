"""Batch runs: documents in, records and rejects out, in input order, nothing lost.

A run streams: units are read lazily, grouped into small batches, extracted (in worker
processes when ``workers > 1``), and written batch by batch, in input order. Memory
holds a bounded number of batches, whatever the size of the input.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from pipeline.batch.pool import batched, ordered_map
from pipeline.batch.resume import Resume
from pipeline.core.budget import hard_limit
from pipeline.core.errors import E020, E023, E024, E090, OutputError
from pipeline.core.jsonl import encode
from pipeline.core.settings import Settings
from pipeline.stages.read import Document, Reject, Unit, parse_unit, read_units

if TYPE_CHECKING:  # the document stage loads spaCy: the main process of a parallel run never imports it
    from pipeline.stages.document import RecordLine

log = logging.getLogger(__name__)

BATCH_DOCS = 64           # documents per batch sent to a worker
BATCH_BYTES = 1 << 20     # ... or fewer, when they add up to this many input bytes
# A batch worker is killed when one document runs this long past twice its budget: see ``hard_limit``.
HARD_LIMIT_MARGIN = 30.0
WARM_UP_TEXT = "Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021, tỷ lệ đạt 83,62%. Mô hình “Dân vận khéo”."

Item = Unit | Document | Reject
Progress = Callable[[int, int], None]


@dataclass
class Summary:
    """What a run read, wrote and rejected, and how long it took."""

    read: int = 0
    written: int = 0
    rejected: int = 0
    labels: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    skipped: int | None = None  # documents already written before a resumed run

    def line(self) -> str:
        """Return the one-line summary printed at the end of a run."""
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items())) or "none"
        rate = (self.read - (self.skipped or 0)) / self.seconds if self.seconds else 0.0
        resumed = f", skipped {self.skipped} already written" if self.skipped is not None else ""
        return (f"read {self.read}, written {self.written}, rejected {self.rejected}{resumed}; "
                f"entities: {labels}; {self.seconds:.1f}s ({rate:.1f} docs/s)")


# A pool worker sends back a record line this long or longer as a file, not through the pipe; the
# line of a text this long it writes to the file as it makes it.
SPILL_BYTES = 1 << 23
SPILL_CHARS = 1_000_000


@dataclass(frozen=True)
class Spilled:
    """A record line a pool worker wrote to a file of its own, for the main process to copy and delete.

    A line goes back through the pool's pipe pickled: a copy of it in the worker and another in the
    main process. A 20 MB text's line is about 100 MB, which would take the worker past 500 MB.
    """

    path: str
    size: int


Line = bytes | bytearray | Spilled


@dataclass
class BatchResult:
    """One batch's output lines, in input order, with what the summary needs."""

    lines: list[tuple[bool, Line]]  # (is_reject, UTF-8 JSON line without newline)
    errors: list[str]               # the rejects' messages, for the log
    labels: Counter
    size: int                       # input bytes the batch accounts for


def extract(doc: Document, settings: Settings) -> dict[str, Any]:
    """Return the record of one document (``stages.document.extract``, imported on first use: the
    main process of a parallel run only reads and writes, and never loads spaCy or underthesea)."""
    from pipeline.stages.document import extract as extract_document

    return extract_document(doc, settings)


def extract_line(doc: Document, settings: Settings, into: BinaryIO | None = None) -> RecordLine:
    """Return the record of one document as its JSON line (``stages.document.extract_line``, imported
    on first use like ``extract``; with ``into``, the line goes to that file)."""
    from pipeline.stages.document import extract_line as extract_document_line

    return extract_document_line(doc, settings, into)


def process(items: Iterable[Document | Reject], settings: Settings = Settings(),
            published: str | None = None) -> Iterator[dict[str, Any] | Reject]:
    """Yield a record or a reject for each read item, in order."""
    for _, out in _outcomes(items, settings, published):
        yield out


def _where(item: Document | Reject) -> str:
    return f"{item.input}:{item.line}" if item.line else item.input


def _outcomes(items: Iterable[Document | Reject], settings: Settings,
              published: str | None) -> Iterator[tuple[Document | Reject, dict[str, Any] | Reject]]:
    """Yield each read item with its record or reject; a document that runs out of time (E020) or of
    memory (E090: its allocations are freed as the error unwinds, so the next document goes on) is a reject."""
    for item in items:
        if isinstance(item, Reject):
            yield item, item
            continue
        item = _published(item, published)
        out: dict[str, Any] | Reject
        try:
            with _hard_limit(item, settings):
                out = extract(item, settings)
        except TimeoutError:
            out = Reject(item.input, item.line,
                         E020.format(input=_where(item), seconds=settings.budget_for(len(item.text))))
        except MemoryError:
            out = Reject(item.input, item.line, E090.format(input=_where(item), chars=len(item.text)))
        yield item, out


def _parsed(items: Iterable[Item]) -> Iterator[Document | Reject]:
    for item in items:
        yield parse_unit(item) if isinstance(item, Unit) else item


def extract_batch(items: list[Item], settings: Settings, published: str | None) -> BatchResult:
    """Return the JSON lines of a batch's records and rejects (runs in a worker).

    A document that runs out of time is E020, out of memory (while extracted or while its line
    is made) E090; either is that document's reject line and the batch goes on.
    """
    result = BatchResult([], [], Counter(), _input_bytes(items))
    for item in _parsed(items):
        out = item if isinstance(item, Reject) else _extracted_line(_published(item, published), settings)
        if isinstance(out, Reject):
            result.lines.append((True, encode(out.to_dict()).encode("utf-8")))
            result.errors.append(out.error)
        else:
            line, labels = out
            result.lines.append((False, line))
            result.labels.update(labels)
    return result


def _published(doc: Document, published: str | None) -> Document:
    return replace(doc, published=published) if published and not doc.published else doc


_in_pool = False  # set in the processes of a batch pool (start_worker): hard limits, spilled lines


def _hard_limit(doc: Document, settings: Settings) -> contextlib.AbstractContextManager[None]:
    """In a batch worker, the hard limit of one document: twice its budget and a margin."""
    return hard_limit(2 * settings.budget_for(len(doc.text)) + HARD_LIMIT_MARGIN if _in_pool else None)


def _extracted_line(doc: Document, settings: Settings) -> tuple[Line, Counter[str]] | Reject:
    budget = settings.budget_for(len(doc.text))
    try:
        with _hard_limit(doc, settings):
            return _line_of(doc, settings)
    except TimeoutError:
        return Reject(doc.input, doc.line, E020.format(input=_where(doc), seconds=budget))
    except MemoryError:
        return Reject(doc.input, doc.line, E090.format(input=_where(doc), chars=len(doc.text)))


def record_batch(items: list[Item], settings: Settings, published: str | None) -> list[dict[str, Any]]:
    """Return a batch's records as dicts, a reject as its reject record (runs in a worker)."""
    return [out.to_dict() if isinstance(out, Reject) else out for out in process(_parsed(items), settings, published)]


def warm_up() -> None:
    """Load the rules and models once, at the start of a worker (not on its first document)."""
    from pipeline.recognizers.places import place_index
    from pipeline.stages.word_bounds import crf

    extract(Document(id="warm-up", text=WARM_UP_TEXT, source="warm-up"), Settings())
    place_index()  # asked only by a text with a capitalised run of two words
    crf()  # asked only when a cue's word bounds are


def start_worker() -> None:
    """Start a batch pool's worker: load the rules and models; arm the hard limit per document, and
    send long lines back as files."""
    global _in_pool
    _in_pool = True
    warm_up()


def _line_of(doc: Document, settings: Settings) -> tuple[Line, Counter[str]]:
    """The document's line as its batch returns it, and its entities per label: in a pool worker, the
    line of a text of ``SPILL_CHARS`` or more goes to a temporary file as it is made (``Spilled``)."""
    if not _in_pool or len(doc.text) < SPILL_CHARS:
        out = extract_line(doc, settings)
        return _sent_back(out.line), out.labels
    labels: Counter[str] = Counter()
    try:
        spilled = _spilled(lambda fh: labels.update(extract_line(doc, settings, into=fh).labels))
    except OSError as exc:
        log.warning("could not write a line to a temporary file (%s): making it in memory", exc)
        out = extract_line(doc, settings)
        return out.line, out.labels
    return spilled, labels


def _sent_back(line: bytearray) -> Line:
    """The line as a batch returns it: in a pool worker, a line of ``SPILL_BYTES`` or more is written
    to a temporary file (``Spilled``); if that cannot be written, it goes back through the pipe."""
    if not _in_pool or len(line) < SPILL_BYTES:
        return line
    try:
        return _spilled(lambda fh: fh.write(line))
    except OSError as exc:
        log.warning("could not spill a %d-byte line (%s): sending it through the pipe", len(line), exc)
        return line


def _spilled(write: Callable[[BinaryIO], object]) -> Spilled:
    """Return the new temporary file ``write`` wrote a line into (removed again if anything fails)."""
    fd, path = tempfile.mkstemp(prefix="vnfacts-line-", suffix=".jsonl")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            size = fh.tell()
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    return Spilled(path, size)


def _input_bytes(items: list[Item]) -> int:
    return sum(i.size for i in items if isinstance(i, Unit))


def _weight(item: Item) -> int:
    return len(item.data) if isinstance(item, Unit) else len(getattr(item, "text", ""))


def _halves(items: list[Item]) -> list[list[Item]]:
    return [items] if len(items) < 2 else [items[:len(items) // 2], items[len(items) // 2:]]


def worker_died(item: Item) -> Reject:
    """Return the reject of a document whose worker died twice while extracting it alone (E023)."""
    line = getattr(item, "line", None)
    return Reject(item.input, line, E023.format(input=f"{item.input}:{line}" if line else item.input))


def _died_batch(items: list[Item]) -> BatchResult:
    reject = worker_died(items[0])
    return BatchResult([(True, encode(reject.to_dict()).encode("utf-8"))], [reject.error], Counter(),
                       _input_bytes(items))


def _merge_batches(results: list[BatchResult]) -> BatchResult:
    return BatchResult([line for r in results for line in r.lines], [e for r in results for e in r.errors],
                       sum((r.labels for r in results), Counter()), sum(r.size for r in results))


def _died_records(items: list[Item]) -> list[dict[str, Any]]:
    return [worker_died(items[0]).to_dict()]


def _merge_records(results: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [record for r in results for record in r]


def map_batches(fn: Callable[..., Any], items: Iterable[Item], settings: Settings,
                published: str | None, workers: int, records: bool = False) -> Iterator[Any]:
    """Yield ``fn`` over bounded batches of ``items``, in order, on ``workers`` processes.

    ``fn`` returns a ``BatchResult`` (as ``extract_batch`` does) or, with ``records``, a list of
    records (as ``record_batch`` does); a document that kills its worker twice becomes its E023
    reject in the batch's result, and the run goes on.
    """
    batches = batched(items, BATCH_DOCS, weight=_weight, max_weight=BATCH_BYTES)
    task = functools.partial(fn, settings=settings, published=published)
    dead, merge = (_died_records, _merge_records) if records else (_died_batch, _merge_batches)
    return ordered_map(task, batches, workers, initializer=start_worker, split=_halves, dead=dead, merge=merge)


def _write(batch: BatchResult, out: IO[str], rejects: IO[str]) -> None:
    """Write a batch's records and rejects; a write that fails raises OutputError (E024) naming the stream."""
    target = out
    try:
        for is_reject, line in batch.lines:
            target = rejects if is_reject else out
            _write_line(target, line)
        for target in (out, rejects):
            target.flush()
    except OSError as exc:
        raise OutputError(E024.format(path=getattr(target, "name", "output"), error=exc.strerror or exc)) from None


def _write_line(target: IO[str], line: Line) -> None:
    """Write one UTF-8 line to a text stream, through its byte buffer when it has one (no decoded copy);
    a spilled line is copied from its file a block at a time, and the file deleted."""
    buffer = getattr(target, "buffer", None)
    if isinstance(line, Spilled):
        try:
            with open(line.path, "rb") as spilled:
                if buffer is None:
                    target.write(spilled.read().decode("utf-8") + "\n")
                    return
                target.flush()
                shutil.copyfileobj(spilled, buffer, 1 << 20)
                buffer.write(b"\n")
        finally:
            with contextlib.suppress(OSError):
                os.unlink(line.path)
        return
    if buffer is None:
        target.write(line.decode("utf-8") + "\n")
        return
    target.flush()  # what the text layer holds goes first
    buffer.write(line)
    buffer.write(b"\n")


def run_extract(inputs: list[str], out: IO[str], rejects: IO[str], settings: Settings = Settings(),
                published: str | None = None, stdin: IO[bytes] | None = None, workers: int = 1,
                resume: Resume | None = None, progress: Progress | None = None, stdin_text: bool = False) -> Summary:
    """Extract every input document to ``out`` (JSONL) and every reject to ``rejects``.

    ``workers`` processes extract in parallel; records are still written in input order.
    With ``resume`` the documents already in the output are skipped (see ``pipeline.batch.resume``).
    ``progress(documents, input_bytes)`` is called after each batch: the documents this run
    wrote or rejected, and how far into the input bytes it is (skipped documents included).
    """
    summary = Summary()
    started = time.perf_counter()
    units: Iterable[Unit | Reject] = read_units(inputs, stdin=stdin, stdin_text=stdin_text)
    items: Iterable[Item] = resume.filter(units) if resume is not None else units
    done_bytes = 0
    for batch in map_batches(extract_batch, items, settings, published, workers):
        for error in batch.errors:
            log.warning(error)
        _write(batch, out, rejects)
        summary.rejected += len(batch.errors)
        summary.written += len(batch.lines) - len(batch.errors)
        summary.labels.update(batch.labels)
        done_bytes += batch.size
        if progress is not None:
            progress(summary.written + summary.rejected, done_bytes + (resume.skipped_bytes if resume else 0))
    if resume is not None:
        summary.skipped = resume.skipped
    summary.read = summary.written + summary.rejected + (summary.skipped or 0)
    summary.seconds = time.perf_counter() - started
    return summary
