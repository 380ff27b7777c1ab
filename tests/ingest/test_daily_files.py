"""Daily files are appended to under a recovery marker: a kill at any step leaves whole lines, each once."""

from __future__ import annotations

import os

import pytest

from pipeline.ingest import sink
from pipeline.ingest.sink import publish, restart
from pipeline.ingest.state import State

DAY, REJECTS = "2026-11-24.jsonl", "rejects/2026-11-24.jsonl"


class Kill(Exception):
    pass


def queue(state: State, lines: list[tuple[str, str]]) -> None:
    """Put lines in the outbox (as bad listing entries: the simplest writer of outbox lines)."""
    for n, (path, line) in enumerate(lines):
        state.bad_entry("s", f"{path}#{n}#{line}", "t", path, line)


OLD = [(DAY, '{"id": "a", "version": 1}'), (REJECTS, '{"input": "x", "error": "E037"}')]
NEW = [(DAY, '{"id": "b", "version": 1}'), (DAY, '{"id": "a", "version": 2}'),
       (REJECTS, '{"input": "y", "error": "E041"}'), ("2026-11-25.jsonl", '{"id": "c", "version": 1}')]


def expected(out) -> dict[str, str]:
    files: dict[str, str] = {}
    for path, line in OLD + NEW:
        files[path] = files.get(path, "") + line + "\n"
    return files


def contents(out) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in sorted(out.rglob("*.jsonl"))}


def killing(monkeypatch, at: int) -> list[str]:
    """Make the ``at``-th step of a publication (a write, an fsync, a state commit) raise Kill; a write dies torn."""
    steps: list[str] = []

    def step(name, real):
        def wrapper(*args):
            steps.append(name)
            if len(steps) == at:
                if name == "write":
                    real(args[0], bytes(args[1][:-1]))  # all but the last newline reaches the disk
                raise Kill(name)
            return real(*args)
        return wrapper

    monkeypatch.setattr(sink, "_write", step("write", os.write))
    monkeypatch.setattr(sink, "_fsync", step("fsync", os.fsync))
    monkeypatch.setattr(State, "begin_publish", step("marker", State.begin_publish))
    monkeypatch.setattr(State, "published", step("published", State.published))
    return steps


def test_a_kill_at_every_step_then_a_restart_leaves_each_line_once(tmp_path, monkeypatch):
    at, killed = 0, []
    while True:
        at += 1
        out, state = tmp_path / str(at), State(tmp_path / f"{at}.sqlite")
        queue(state, OLD)
        publish(state, out)
        queue(state, NEW)
        with monkeypatch.context() as patch:
            steps = killing(patch, at)
            try:
                publish(state, out)
            except Kill:
                killed.append(steps[-1])
            else:
                break
        if steps[-1] == "write":
            # the torn write is visible until the restart cuts it off
            assert any(not text.endswith("\n") for text in contents(out).values())
        assert restart(state, out) == len(NEW)   # whatever the kill left appended was cut off first
        assert contents(out) == expected(out), f"killed at step {at} ({steps[-1]})"
        assert state.outbox() == [] and state.publishing() == {}
        state.close()
    # marker, then for each of the three files a write and an fsync (and the new file's directory), then the commit
    assert killed == ["marker", "write", "fsync", "write", "fsync", "write", "fsync", "fsync", "published"]
    assert contents(out) == expected(out)


def test_a_kill_during_the_restart_is_recovered_by_the_next_one(tmp_path, monkeypatch):
    state, out = State(tmp_path / "s.sqlite"), tmp_path / "out"
    queue(state, OLD)
    publish(state, out)
    queue(state, NEW)
    for at in (2, 1, 3):   # three kills in a row, each at another step
        with monkeypatch.context() as patch, pytest.raises(Kill):
            killing(patch, at)
            restart(state, out)
    restart(state, out)
    assert contents(out) == expected(out)


def test_an_append_writes_only_the_new_lines(tmp_path, monkeypatch):
    state, out = State(tmp_path / "s.sqlite"), tmp_path / "out"
    queue(state, [(DAY, f'{{"id": "{n}"}}') for n in range(200)])
    publish(state, out)
    written: list[int] = []
    monkeypatch.setattr(sink, "_write", lambda fd, data: written.append(len(data)) or os.write(fd, data))
    queue(state, [(DAY, '{"id": "z"}')])
    assert publish(state, out) == 1
    assert written == [len('{"id": "z"}\n')]   # the file's old content is neither read nor rewritten
    assert (out / DAY).read_text().splitlines()[-2:] == ['{"id": "199"}', '{"id": "z"}']
    assert len((out / DAY).read_text().splitlines()) == 201
