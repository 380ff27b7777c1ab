"""Ordered parallel map: batches to worker processes, results back in input order.

Workers are started with ``spawn`` (safe beside threads and on every platform); each
runs ``initializer`` once, so rules and models load once per worker. At most ``ahead``
batches are in flight, so memory stays bounded whatever the input size.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import TypeVar

B = TypeVar("B")
R = TypeVar("R")


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
                initializer: Callable[[], None] | None = None, ahead: int | None = None) -> Iterator[R]:
    """Yield ``fn(batch)`` for every batch, in order, computed by ``workers`` processes.

    With one worker, or when there is only one batch (starting processes would cost more
    than it saves), everything runs in this process. ``fn`` and the batches must pickle.
    """
    it = iter(batches)
    head = list(islice(it, 2))
    if workers <= 1 or len(head) < 2:
        for batch in chain(head, it):
            yield fn(batch)
        return
    ahead = ahead or 4 * workers
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=initializer)
    pending: deque[Future] = deque()
    try:
        for batch in chain(head, it):
            pending.append(pool.submit(fn, batch))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # Also reached when the consumer stops early or a batch raised: drop queued work.
        pool.shutdown(wait=True, cancel_futures=True)
