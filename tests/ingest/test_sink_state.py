"""Daily file names; the state's URL statuses and its lock."""

from __future__ import annotations

import pytest

from pipeline.core.errors import VnfactsError
from pipeline.ingest.sink import day_path
from pipeline.ingest.state import State, exclusive


def test_day_paths():
    assert day_path("2026-11-24T23:59:59Z") == "2026-11-24.jsonl"
    assert day_path("2026-11-24T23:59:59Z", rejects=True) == "rejects/2026-11-24.jsonl"


@pytest.mark.parametrize("before, listed, excluded, returned, after", [
    (None, None, False, "new", "new"),
    (None, None, True, "excluded", "excluded"),
    ("done", "2026-10-15T00:00:00Z", False, "due", "due"),       # a later listing date
    ("done", "2026-10-13T00:00:00Z", False, "known", "done"),    # an earlier one: nothing to do
    ("done", None, False, "known", "done"),
    ("refused", "2026-10-15T00:00:00Z", False, "due", "due"),
    ("failed", "2026-10-15T00:00:00Z", False, "known", "failed"),  # already to be fetched
    ("excluded", None, False, "new", "new"),                      # the patterns changed
])
def test_discover(tmp_path, before, listed, excluded, returned, after):
    state = State(tmp_path / "s.sqlite")
    url = "https://sonkhe.example/a.html"
    if before:
        state.discover(url, "p", "web-1", "2026-10-14T00:00:00Z", "t0", excluded=before == "excluded")
        state.db.execute("UPDATE urls SET status = ?", (before,))
    assert state.discover(url, "p", "web-1", listed, "t1", excluded) == returned
    assert state.get(url).status == after


def test_refused_writes_one_reject_per_distinct_error(tmp_path):
    state = State(tmp_path / "s.sqlite")
    url = "https://sonkhe.example/a.html"
    state.discover(url, "p", "web-1", None, "t0")
    state.refused(url, "t1", "E037 a: HTTP status 404", "rejects/d.jsonl", "{1}")
    state.refused(url, "t2", "E037 a: HTTP status 404", "rejects/d.jsonl", "{2}")
    state.refused(url, "t3", "E037 a: HTTP status 410", "rejects/d.jsonl", "{3}")
    assert [line for _, _, line in state.outbox()] == ["{1}", "{3}"]
    assert state.get(url).attempts == 3


def test_a_second_run_on_the_same_state_is_refused(tmp_path):
    with exclusive(tmp_path / "s.sqlite"):
        with pytest.raises(VnfactsError) as info, exclusive(tmp_path / "s.sqlite"):
            pass
    assert str(info.value) == f"E044 {tmp_path / 's.sqlite'}: another ingest holds this state file; try again when it ends"
    with exclusive(tmp_path / "s.sqlite"):
        pass
