"""A malformed record is one numbered line; the other records and later files load (issue 15 item 7)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.batch.run import process
from pipeline.load.backends import connect
from pipeline.load.run import load
from pipeline.stages.read import read_inputs

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ["010_hoi_nghi_dan_van.txt", "001_chi_thi_dan_van_co_so.txt", "006_bao_cao_so_ket_chi_thi_05.txt",
           "007_ke_hoach_huyen_uy_thuc_hien_chi_thi_12.txt"]
BIG = 2**40


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    """Four corpus records; the first has entities, persons and facts with arguments."""
    out = list(process(read_inputs([str(ROOT / "corpus" / "samples" / name) for name in SAMPLES])))
    first = out[0]
    assert first["persons"] and any(f["args"] for f in first["facts"]) and "body" in first
    return out


def write(path: Path, records: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")  # ASCII: a lone surrogate stays
    return str(path)


def loaded_ids(url: str) -> list[str]:
    db = connect(url)
    try:
        return [row[0] for row in db.execute("SELECT id FROM documents ORDER BY id")]
    finally:
        db.close()


def _entity(r: dict[str, Any], **change: Any) -> None:
    r["entities"][0].update(change)


def _drop(r: dict[str, Any], key: str) -> None:
    del r[key]


def _arg_fact(r: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in r["facts"] if f["args"])


MUTATIONS: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "version abc": (lambda r: r.update(version="abc"), "E053"),
    "version 0": (lambda r: r.update(version=0), "E053"),
    "version 2^40": (lambda r: r.update(version=BIG), "E053"),
    "supersedes 2^40": (lambda r: r.update(version=2, supersedes=BIG), "E053"),
    "no id": (lambda r: _drop(r, "id"), "E051"),
    "empty id": (lambda r: r.update(id=""), "E053"),
    "id a number": (lambda r: r.update(id=7), "E053"),
    "older schema_version": (lambda r: r.update(schema_version="1.0"), "E055"),
    "no schema_version": (lambda r: _drop(r, "schema_version"), "E053"),
    "unknown field": (lambda r: r.update(colour="red"), "E053"),
    "published not a date": (lambda r: r.update(published="14/10/2026"), "E053"),
    "text_sha256 not hex": (lambda r: r.update(text_sha256="xyz"), "E053"),
    "title a lone surrogate": (lambda r: r.update(title="Hội nghị \ud800"), "E053"),
    "entities a string": (lambda r: r.update(entities="T1"), "E053"),
    "facts a dict": (lambda r: r.update(facts={"F1": {}}), "E053"),
    "entity without id": (lambda r: r["entities"][0].pop("id"), "E053"),
    "entity a string": (lambda r: r["entities"].__setitem__(0, "T1"), "E053"),
    "attrs a string": (lambda r: _entity(r, attrs="x"), "E053"),
    "unknown label": (lambda r: _entity(r, label="FOO"), "E053"),
    "start abc": (lambda r: _entity(r, start="abc"), "E053"),
    "sentence negative": (lambda r: _entity(r, sentence=-1), "E053"),
    "start 2^40": (lambda r: _entity(r, start=BIG, end=BIG + 3), "E057"),
    "end before start": (lambda r: _entity(r, end=r["entities"][0]["start"]), "E057"),
    "end beyond the text": (lambda r: _entity(r, end=len(r["text"]) + 5), "E057"),
    "text not at its offsets": (lambda r: _entity(r, text=r["entities"][0]["text"] + "x"), "E058"),
    "duplicate entity ids": (lambda r: r["entities"][1].update(id=r["entities"][0]["id"]), "E056"),
    "fact arg names no entity": (lambda r: _arg_fact(r)["args"].update(
        {next(iter(_arg_fact(r)["args"])): "T999"}), "E059"),
    "person cluster not P<n>": (lambda r: r["persons"][0].update(cluster="X1"), "E053"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_one_bad_field_is_one_line_and_the_rest_loads(name, records, tmp_path):
    mutate, code = MUTATIONS[name]
    bad = copy.deepcopy(records[0])
    mutate(bad)
    path = write(tmp_path / "a.jsonl", [records[1], bad, records[2], records[3]])
    url = f"duckdb:///{tmp_path}/t.duckdb"
    summary = load([path], url)
    assert len(summary.errors) == 1, summary.errors
    assert summary.errors[0].startswith(f"{code} {path}:2: "), summary.errors[0]
    assert (summary.records, summary.new) == (3, 3)
    assert loaded_ids(url) == sorted(r["id"] for r in records[1:])


def test_messages_name_what_is_wrong(records, tmp_path):
    bad = copy.deepcopy(records[0])
    bad["schema_version"] = "1.0"
    worse = copy.deepcopy(records[0])
    worse["entities"][0]["start"] = "abc"
    path = write(tmp_path / "a.jsonl", [bad, worse])
    rid = records[0]["id"]
    assert load([path], f"duckdb:///{tmp_path}/t.duckdb").errors == [
        f"E055 {path}:1: record {rid!r} has schema_version '1.0', this vnfacts loads '1.2'; "
        "extract the document again; record not loaded",
        f"E053 {path}:2: record {rid!r} is not a valid record: data.entities[0].start must be integer; "
        "record not loaded"]


def test_a_bad_file_does_not_stop_the_next(records, tmp_path):
    bad = copy.deepcopy(records[0])
    bad["facts"] = {}
    a = write(tmp_path / "a.jsonl", [bad])
    b = write(tmp_path / "b.jsonl", records[1:])
    url = f"duckdb:///{tmp_path}/t.duckdb"
    summary = load([a, b], url)
    assert (summary.files, summary.records, summary.new, len(summary.errors)) == (2, 3, 3, 1)
    assert loaded_ids(url) == sorted(r["id"] for r in records[1:])


def test_one_key_with_two_contents_loads_neither_whatever_the_order(records, tmp_path):
    other = copy.deepcopy(records[0])
    other["title"] = "Tiêu đề khác"
    a = write(tmp_path / "a.jsonl", [records[0], records[1]])
    b = write(tmp_path / "b.jsonl", [other])
    rid = records[0]["id"]
    for order in ([a, b], [b, a]):
        url = f"duckdb:///{tmp_path}/{len(order[0])}-{order[0][-7]}.duckdb"
        summary = load(order, url)
        assert sorted(summary.errors) == [
            f"E079 {a}:1: record {rid!r} version 1 is also at {b}:1 with other content; both left out, keep one",
            f"E079 {b}:1: record {rid!r} version 1 is also at {a}:1 with other content; both left out, keep one"]
        assert loaded_ids(url) == [records[1]["id"]]
        again = load(order, url)
        assert (again.new, again.replaced, again.unchanged) == (0, 0, 1)


def test_the_same_content_twice_loads_once(records, tmp_path):
    path = write(tmp_path / "a.jsonl", [records[0], records[0]])
    summary = load([path], f"duckdb:///{tmp_path}/t.duckdb")
    assert (summary.errors, summary.records, summary.new) == ([], 2, 1)
