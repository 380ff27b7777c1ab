"""Ordered parallel map: batches to worker processes, results back in input order.

Workers are started with ``spawn`` (safe beside threads and on every platform); each
runs ``initializer`` once, so rules and models load once per worker. At most ``ahead``
batches are in flight, so memory stays bounded whatever the input size.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import TypeVar

B = TypeVar("B")
R = TypeVar("R")

log = logging.getLogger(__name__)


def default_workers() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def batched(items: Iterable[B], size: int, weight: Callable[[B], int] | None = None,
            max_weight: int | None = None) -> Iterator[list[B]]:
    """Yield lists of at most ``size`` items (and at most ``max_weight`` in summed weight)."""
    batch: list[B] = []
    total = 0
    for item in items:
        batch.append(item)
        if weight is not None:
            total += weight(item)
        if len(batch) >= size or (max_weight is not None and total >= max_weight):
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def ordered_map(fn: Callable[[B], R], batches: Iterable[B], workers: int,
                initializer: Callable[[], None] | None = None, ahead: int | None = None,
                split: Callable[[B], list[B]] | None = None, dead: Callable[[B], R] | None = None,
                merge: Callable[[list[R]], R] | None = None) -> Iterator[R]:
    """Yield ``fn(batch)`` for every batch, in order, computed by ``workers`` processes.

    With one worker, or when there is only one batch (starting processes would cost more
    than it saves), everything runs in this process. ``fn`` and the batches must pickle.

    A worker that dies (killed, out of memory, a crash in native code) breaks the pool; a new
    pool is started and the batches in flight are run again. When ``split``, ``dead`` and
    ``merge`` are given, a batch that breaks the new pool too is split (``split`` returns its
    halves, or ``[batch]`` for a single item) and its parts retried; a single item that
    breaks a pool twice yields ``dead(item)`` instead, and the run goes on. Without them a
    second death raises ``BrokenProcessPool``.
    """
    it = iter(batches)
    head = list(islice(it, 2))
    if workers <= 1 or len(head) < 2:
        for batch in chain(head, it):
            yield fn(batch)
        return
    ahead = ahead or 4 * workers
    pools = _Pools(workers, initializer)
    pending: deque[tuple[B, Future]] = deque()
    try:
        for batch in chain(head, it):
            pending.append((batch, pools.submit(fn, batch)))
            if len(pending) >= ahead:
                yield _result(pools, fn, pending, split, dead, merge)
        while pending:
            yield _result(pools, fn, pending, split, dead, merge)
    finally:
        # Also reached when the consumer stops early or a batch raised: drop queued work.
        pools.shutdown()


class _Pools:
    """The current process pool, replaced by a new one when a worker death breaks it."""

    def __init__(self, workers: int, initializer: Callable[[], None] | None) -> None:
        self.workers, self.initializer = workers, initializer
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=self.initializer)

    def submit(self, fn: Callable[[B], R], batch: B) -> Future:
        """Return the future of ``fn(batch)`` on the current pool (a new one if this one broke)."""
        try:
            return self.pool.submit(fn, batch)
        except BrokenProcessPool:
            self.renew()
            return self.pool.submit(fn, batch)

    def renew(self) -> None:
        """Start a new pool in place of a broken one."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new()

    def shutdown(self) -> None:
        """Stop the current pool, dropping the work queued on it."""
        self.pool.shutdown(wait=True, cancel_futures=True)


def _result(pools: _Pools, fn: Callable[[B], R], pending: deque[tuple[B, Future]],
            split: Callable[[B], list[B]] | None, dead: Callable[[B], R] | None,
            merge: Callable[[list[R]], R] | None) -> R:
    """The result of the oldest batch in flight; after a worker death, run again on a new pool."""
    batch, future = pending.popleft()
    try:
        return future.result()
    except BrokenProcessPool:
        log.warning("a worker died; starting new workers and running the batches in flight again")
        pools.renew()
        # The oldest batch runs alone first, so a death now is its own, not a neighbour's.
        result = _isolate(pools, fn, batch, split, dead, merge)
        for n, (other, _) in enumerate(pending):  # every future of the broken pool is lost
            pending[n] = (other, pools.submit(fn, other))
        return result


def _isolate(pools: _Pools, fn: Callable[[B], R], batch: B, split: Callable[[B], list[B]] | None,
             dead: Callable[[B], R] | None, merge: Callable[[list[R]], R] | None, deaths: int = 0) -> R:
    """Run ``batch`` alone on the pool; when it breaks it, halve it down to the item that does."""
    try:
        return pools.submit(fn, batch).result()
    except BrokenProcessPool:
        pools.renew()
        if split is None or dead is None or merge is None:
            raise
        parts = split(batch)
        if len(parts) > 1:
            return merge([_isolate(pools, fn, part, split, dead, merge) for part in parts])
        if deaths >= 1:
            return dead(batch)  # a single item that killed a worker twice, alone
        return _isolate(pools, fn, batch, split, dead, merge, deaths + 1)
