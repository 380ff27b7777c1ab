"""Worker tasks that die on purpose, importable by spawned workers (fault injection for the tests)."""

from __future__ import annotations

import os
from typing import Any

from pipeline.batch.run import extract_batch
from pipeline.stages.read import Unit

KILL_MARK = b"KILL-THIS-WORKER"


def sum_or_die(batch: list[int]) -> list[int]:
    """Return ``batch`` doubled; the worker exits at once when the batch holds -1 (a crash in native code)."""
    if -1 in batch:
        os._exit(3)
    return [2 * n for n in batch]


def extract_or_die(items: list[Any], settings: Any, published: str | None) -> Any:
    """``extract_batch``, except that a dump line holding ``KILL_MARK`` kills the worker."""
    if any(isinstance(i, Unit) and KILL_MARK in i.data for i in items):
        os._exit(3)
    return extract_batch(items, settings, published)


def extract_spilling(items: list[Any], settings: Any, published: str | None) -> Any:
    """``extract_batch`` in a worker that sends back every line of 200 bytes or more as a file."""
    import pipeline.batch.run as run

    run.SPILL_BYTES = 200
    return extract_batch(items, settings, published)


def extract_streaming(items: list[Any], settings: Any, published: str | None) -> Any:
    """``extract_batch`` in a worker that writes the line of every text of 10 characters or more to a file."""
    import pipeline.batch.run as run

    run.SPILL_CHARS = 10
    return extract_batch(items, settings, published)
