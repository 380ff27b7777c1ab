"""Progress of a long run on stderr: a bar on a terminal, plain periodic lines otherwise.

The CLI passes a ``Reporter`` as the ``progress`` callback of ``run_extract``; the library
itself never prints. The ETA comes from the input's size on disk and the byte rate so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Reporter:
    """Reports documents, documents/s and the ETA; call it with running totals."""

    def __init__(self, total_bytes: int | None, stream: TextIO, every: float = 10.0, bar: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total_bytes or None
        self.stream = stream
        self.every = every
        self.clock = clock
        self.started = clock()
        self.first: tuple[float, int] | None = None   # (time, bytes) of the first tick: skipped input excluded
        self.last_line = self.started
        self._bar: Progress | None = None
        if bar if bar is not None else stream.isatty():
            self._bar = Progress(TextColumn("vnfacts"), BarColumn(), TaskProgressColumn(),
                                 TextColumn("{task.fields[status]}"), console=Console(file=stream))
            self._task = self._bar.add_task("extract", total=self.total, status="starting")
            self._bar.start()

    def status(self, documents: int, input_bytes: int) -> str:
        """Return 'N documents, R docs/s[, P% of input, ETA h:mm:ss]'."""
        now = self.clock()
        elapsed = now - self.started
        rate = documents / elapsed if elapsed > 0 else 0.0
        text = f"{documents} documents, {rate:.1f} docs/s"
        if self.total:
            text += f", {100 * input_bytes / self.total:.0f}% of input"
            t0, b0 = self.first or (now, input_bytes)
            if now > t0 and input_bytes > b0:
                text += f", ETA {_duration((self.total - input_bytes) * (now - t0) / (input_bytes - b0))}"
        return text

    def __call__(self, documents: int, input_bytes: int) -> None:
        if self.first is None:
            self.first = (self.clock(), input_bytes)
        if self._bar is not None:
            self._bar.update(self._task, completed=input_bytes, status=self.status(documents, input_bytes))
            return
        now = self.clock()
        if now - self.last_line >= self.every:
            self.last_line = now
            print(f"progress: {self.status(documents, input_bytes)}", file=self.stream, flush=True)

    def close(self) -> None:
        """Stop the bar (a plain reporter has nothing to close)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


class PartitionReporter:
    """Reports a dask run: the dashboard's URL once, then partitions done (a bar on a terminal, else lines)."""

    def __init__(self, stream: TextIO, every: float = 10.0, bar: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.every = every
        self.clock = clock
        self.use_bar = bar if bar is not None else stream.isatty()
        self.last_line: float | None = None
        self._bar: Progress | None = None

    def __call__(self, done: int, total: int, dashboard: str | None) -> None:
        if self.last_line is None:  # the first call, before any partition runs
            self.last_line = self.clock()
            where = dashboard or "none (install bokeh on the scheduler to have one)"
            print(f"dask dashboard: {where}", file=self.stream, flush=True)
            if self.use_bar:
                self._bar = Progress(TextColumn("vnfacts dask"), BarColumn(), TaskProgressColumn(),
                                     TextColumn("{task.completed}/{task.total} partitions"),
                                     console=Console(file=self.stream))
                self._task = self._bar.add_task("dask", total=total)
                self._bar.start()
        if self._bar is not None:
            self._bar.update(self._task, completed=done)
            return
        now = self.clock()
        if done == total or now - self.last_line >= self.every:
            self.last_line = now
            print(f"progress: {done}/{total} partitions", file=self.stream, flush=True)

    def close(self) -> None:
        """Stop the bar, if one runs."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
