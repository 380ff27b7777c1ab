"""`vnfacts load` keeps the registry tables: the same rows as `vnfacts resolve`, idempotent, updated per key."""

from __future__ import annotations

import json

from pipeline.load.backends import connect
from pipeline.load.registry_tables import CITATIONS, DOCUMENTS_CITED, PEOPLE, PERSON_POSITIONS
from pipeline.load.run import load
from pipeline.registry.build import build

TABLES = {"documents_cited": DOCUMENTS_CITED, "citations": CITATIONS, "people": PEOPLE,
          "person_positions": PERSON_POSITIONS}


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _cell(value):
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


def _db_tables(url):
    db = connect(url)
    try:
        out = {}
        for name, table in TABLES.items():
            cols = ", ".join(f'"{n}"' for n in table.names)
            rows = [tuple(json.dumps(_cell(v), ensure_ascii=False) for v in row)
                    for row in db.execute(f"SELECT {cols} FROM {name}")]
            out[name] = sorted(rows)
        return out
    finally:
        db.close()


def _file_tables(records):
    registry = build(records)
    out = {}
    for name, table in TABLES.items():
        names = ["key" if n == "doc_key" else n for n in table.names]
        out[name] = sorted(tuple(json.dumps(row[n], ensure_ascii=False) for n in names)
                           for row in getattr(registry, name))
    return out


def test_load_builds_the_same_tables_as_resolve_and_twice_changes_nothing(db_url, tmp_path, fixture_records):
    path = _write(tmp_path / "all.jsonl", fixture_records.values())
    load([path], db_url)
    first = _db_tables(db_url)
    assert first == _file_tables(fixture_records.values())
    assert len(first["documents_cited"]) == 6 and len(first["people"]) == 4
    load([path], db_url)
    assert _db_tables(db_url) == first


def test_new_records_update_the_registry_without_a_rebuild(db_url, tmp_path, fixture_records):
    records = list(fixture_records.values())
    load([_write(tmp_path / "part1.jsonl", records[:2])], db_url)
    partial = _db_tables(db_url)
    assert partial == _file_tables(records[:2])
    load([_write(tmp_path / "part2.jsonl", records[2:])], db_url)
    assert _db_tables(db_url) == _file_tables(records)


def test_a_changed_record_replaces_what_it_contributed(db_url, tmp_path, fixture_records):
    records = list(fixture_records.values())
    load([_write(tmp_path / "all.jsonl", records)], db_url)
    news = dict(fixture_records["d_tin_le_thuy"])
    news["persons"], news["facts"] = [], []
    news["entities"] = [e for e in news["entities"] if e["label"] != "PERSON"]
    changed = [news if r["id"] == news["id"] else r for r in records]
    load([_write(tmp_path / "again.jsonl", [news])], db_url)
    tables = _db_tables(db_url)
    assert tables == _file_tables(changed)
    chau = [row for row in tables["people"] if "Lê Minh Châu" in row[2]]
    assert [json.loads(row[6]) for row in chau] == [["b_ke_hoach_huyen_uy"]]


def test_an_older_version_loaded_later_leaves_the_registry_alone(db_url, tmp_path, fixture_records):
    news = fixture_records["d_tin_le_thuy"]
    newer = {**news, "version": 2}
    older = {**news, "version": 1, "persons": [], "facts": [],
             "entities": [e for e in news["entities"] if e["label"] != "PERSON"]}
    load([_write(tmp_path / "v2.jsonl", [newer])], db_url)
    before = _db_tables(db_url)
    load([_write(tmp_path / "v1.jsonl", [older])], db_url)
    assert _db_tables(db_url) == before
    assert [json.loads(row[2]) for row in before["people"]] == ["Lê Minh Châu"]


def test_batches_of_one_file_give_the_same_tables(db_url, tmp_path, fixture_records, monkeypatch):
    import pipeline.load.run

    monkeypatch.setattr(pipeline.load.run, "BATCH", 1)
    records = list(fixture_records.values())
    load([_write(tmp_path / "all.jsonl", records + [records[0]])], db_url)
    assert _db_tables(db_url) == _file_tables(records)
