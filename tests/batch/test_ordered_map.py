"""ordered_map: results in input order, bounded look-ahead, in-process for one batch or one worker."""

from __future__ import annotations

import itertools

import pytest

import pipeline.batch.pool as pool
from pipeline.batch.pool import batched, ordered_map


@pytest.mark.parametrize("items, size, weight, max_weight, expected", [
    ([1, 2, 3, 4, 5], 2, None, None, [[1, 2], [3, 4], [5]]),
    ([], 3, None, None, []),
    ([5, 1, 1, 9, 1], 10, lambda x: x, 6, [[5, 1], [1, 9], [1]]),
])
def test_batched(items, size, weight, max_weight, expected):
    assert list(batched(items, size, weight=weight, max_weight=max_weight)) == expected


def test_results_come_back_in_input_order_from_two_workers():
    batches = [list(range(n)) for n in (300, 1, 200, 0, 5, 1000, 2)]
    assert list(ordered_map(sum, batches, workers=2)) == [sum(b) for b in batches]


def test_input_is_pulled_lazily_with_bounded_look_ahead():
    pulled = []

    def endless():
        for n in itertools.count():
            pulled.append(n)
            yield [n]

    results = ordered_map(sum, endless(), workers=2, ahead=3)
    assert list(itertools.islice(results, 5)) == [0, 1, 2, 3, 4]
    results.close()
    assert len(pulled) <= 5 + 3


@pytest.mark.parametrize("workers, batches", [(1, [[1], [2], [3]]), (4, [[1, 2, 3]]), (4, [])])
def test_one_worker_or_one_batch_runs_in_this_process(monkeypatch, workers, batches):
    def no_pool(*args, **kwargs):
        raise AssertionError("no process pool expected")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", no_pool)
    assert list(ordered_map(sum, batches, workers=workers)) == [sum(b) for b in batches]


def test_an_error_in_a_batch_reaches_the_caller():
    with pytest.raises(TypeError):
        list(ordered_map(sum, [[1], ["x"], [2]], workers=2))


def _halves(batch: list[int]) -> list[list[int]]:
    return [batch] if len(batch) < 2 else [batch[:len(batch) // 2], batch[len(batch) // 2:]]


def _concat(parts: list[list[int]]) -> list[int]:
    return [n for part in parts for n in part]


def test_a_worker_death_loses_nothing_and_only_the_killer_is_marked():
    from killers import sum_or_die  # importable by the spawned workers, as a test module is not

    batches = [[1, 2], [3, -1, 4, 5], [6], [7, 8], [9]]
    results = list(ordered_map(sum_or_die, batches, workers=2, split=_halves, dead=lambda b: ["dead"] * len(b),
                               merge=_concat))
    assert results == [[2, 4], [6, "dead", 8, 10], [12], [14, 16], [18]]


def test_without_a_way_to_split_a_second_death_is_raised():
    from concurrent.futures.process import BrokenProcessPool

    from killers import sum_or_die

    with pytest.raises(BrokenProcessPool):
        list(ordered_map(sum_or_die, [[1], [-1], [2]], workers=2))
