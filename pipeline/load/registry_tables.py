"""The registry in the database: four tables kept up to date as records load, recomputing only touched keys.

What each current record contributes (its DOC_REFs with their keys, its edges, its people) is
kept per record in ``registry_document_mentions``, ``citations`` and ``registry_person_mentions``;
``registry_records`` remembers which record version and content gave them. When a record is new
or changed, its rows are replaced, and the ``documents_cited`` rows of every document key it
carried before or carries now are recomputed from the mentions of those keys alone; the same
for ``people`` and ``person_positions`` by person group. A record loaded again unchanged, or an
older version than the current one, changes nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pipeline.load.backends import Backend, create_table_sql
from pipeline.load.tables import Column, Table, record_sha256
from pipeline.registry.build import RecordSummary, citation_row, summarize
from pipeline.registry.documents import DocMention, doc_id, document_row
from pipeline.registry.people import PersonMention, Post, people_rows

C = Column
REGISTRY_RECORDS = Table("registry_records", (
    C("record_id"), C("version", "int"), C("record_sha256"), C("document_keys", "json"),
    C("person_groups", "json")), key=("record_id",))
DOCUMENT_MENTIONS = Table("registry_document_mentions", (
    C("record_id"), C("entity_id"), C("doc_key"), C("doc_id"), C("char_start", "int"), C("char_end", "int"),
    C("doc_type"), C("code"), C("name"), C("issuer"), C("scope"), C("issued"), C("published"),
    C("is_self", "bool")), key=("record_id", "entity_id"))
PERSON_MENTIONS = Table("registry_person_mentions", (
    C("record_id"), C("cluster"), C("group_key"), C("name"), C("province"), C("posts", "json"),
    C("spans", "json"), C("published"), C("historical", "bool")), key=("record_id", "cluster"))
DOCUMENTS_CITED = Table("documents_cited", (
    C("id"), C("doc_key"), C("scope"), C("doc_type"), C("code"), C("name"), C("issuer"), C("committee"), C("issued"),
    C("records", "json"), C("mentions", "int"), C("first_cited"), C("last_cited")), key=("id",))
CITATIONS = Table("citations", (
    C("record_id"), C("cited_id"), C("citing_id"), C("relation"), C("evidence_entity"), C("evidence_start", "int"),
    C("evidence_end", "int"), C("published")), key=("record_id", "cited_id", "evidence_entity"))
PEOPLE = Table("people", (
    C("id"), C("group_key"), C("name"), C("province"), C("titles", "json"), C("orgs", "json"),
    C("records", "json"), C("mentions", "int"), C("first_seen"), C("last_seen")), key=("id",))
PERSON_POSITIONS = Table("person_positions", (
    C("person_id"), C("group_key"), C("post"), C("title"), C("org"), C("first_seen"), C("last_seen"),
    C("records", "json")), key=("person_id", "post"))
REGISTRY_TABLES = (REGISTRY_RECORDS, DOCUMENT_MENTIONS, PERSON_MENTIONS, DOCUMENTS_CITED, CITATIONS, PEOPLE,
                   PERSON_POSITIONS)
PER_RECORD = (DOCUMENT_MENTIONS, PERSON_MENTIONS, CITATIONS, REGISTRY_RECORDS)
BATCH = 500


def create_registry_schema(db: Backend) -> None:
    """Create the registry's tables if they are missing."""
    with db.transaction():
        for table in REGISTRY_TABLES:
            db.execute(create_table_sql(table, db.dialect))


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _insert(db: Backend, table: Table, rows: list[tuple[Any, ...]]) -> None:
    cols = ", ".join(f'"{n}"' for n in table.names)
    per = max(1, 2000 // len(table.names))
    for chunk in _chunks(rows, per):
        values = ", ".join(f"({_marks(len(table.names))})" for _ in chunk)
        db.execute(f"INSERT INTO {table.name} ({cols}) VALUES {values}", [v for row in chunk for v in row])


def _select_in(db: Backend, sql: str, values: list[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for chunk in _chunks(values):
        out.extend(db.execute(sql.format(marks=_marks(len(chunk))), chunk))
    return out


def _changed(db: Backend, records: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """Return the records (with their hashes) that are their id's current version and not yet in the registry."""
    latest: dict[str, dict[str, Any]] = {}
    for record in records:
        held = latest.get(str(record["id"]))
        if held is None or int(record.get("version") or 1) >= int(held.get("version") or 1):
            latest[str(record["id"])] = record
    ids = sorted(latest)
    current = dict(_select_in(db, "SELECT id, max(version) FROM documents WHERE id IN ({marks}) GROUP BY id", ids))
    done = {row[0]: (row[1], row[2]) for row in _select_in(
        db, "SELECT record_id, version, record_sha256 FROM registry_records WHERE record_id IN ({marks})", ids)}
    out = []
    for record_id in ids:
        record = latest[record_id]
        version = int(record.get("version") or 1)
        if current.get(record_id, version) != version:
            continue  # an older version than the one loaded before: the registry follows the current one
        digest = record_sha256(record)
        if done.get(record_id) != (version, digest):
            out.append((record, digest))
    return out


def _rows(summary: RecordSummary, digest: str) -> dict[str, list[tuple[Any, ...]]]:
    rid = summary.record
    return {
        DOCUMENT_MENTIONS.name: [(rid, m.entity, m.key, doc_id(m.key), m.start, m.end, m.doc_type,
                                  m.code, m.name, m.issuer, m.scope, m.issued, m.published, m.self_ref)
                                 for m in summary.documents],
        PERSON_MENTIONS.name: [(rid, p.cluster, p.group, p.name, p.province,
                                [[q.title, q.org, q.head, q.org_key] for q in p.posts],
                                [list(s) for s in p.spans], p.published, p.historical) for p in summary.people],
        CITATIONS.name: [tuple(citation_row(c).get(n) for n in CITATIONS.names) for c in summary.citations],
        REGISTRY_RECORDS.name: [(rid, summary.version, digest, sorted(summary.document_keys),
                                 sorted(summary.person_groups))],
    }


class RegistryUpdate:
    """The registry's side of one load transaction: records' own rows replaced batch by batch, the documents
    and people they touch recomputed once at the end (a document cited by every batch is rebuilt once)."""

    def __init__(self, db: Backend) -> None:
        self.db = db
        self.doc_keys: set[str] = set()
        self.groups: set[str] = set()
        self.records = 0

    def add(self, records: list[dict[str, Any]]) -> int:
        """Replace the rows of the records that changed (current versions only); return how many changed."""
        changed = _changed(self.db, records)
        if not changed:
            return 0
        ids = [str(record["id"]) for record, _ in changed]
        for _, keys, people in _select_in(
                self.db, "SELECT record_id, document_keys, person_groups FROM registry_records "
                         "WHERE record_id IN ({marks})", ids):
            self.doc_keys.update(_json(keys) or [])
            self.groups.update(_json(people) or [])
        new_rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for record, digest in changed:
            summary = summarize(record)
            self.doc_keys |= summary.document_keys
            self.groups |= summary.person_groups
            for name, rows in _rows(summary, digest).items():
                new_rows[name].extend(rows)
        for table in PER_RECORD:
            for chunk in _chunks(ids):
                self.db.execute(f"DELETE FROM {table.name} WHERE record_id IN ({_marks(len(chunk))})", chunk)
            _insert(self.db, table, new_rows[table.name])
        self.records += len(changed)
        return len(changed)

    def finish(self) -> None:
        """Recompute the documents_cited, people and person_positions rows of every key touched since the start."""
        recompute_documents(self.db, sorted(self.doc_keys))
        recompute_people(self.db, sorted(self.groups))
        self.doc_keys, self.groups = set(), set()


def recompute_documents(db: Backend, keys: list[str]) -> None:
    """Rewrite the documents_cited rows of these document keys from their mentions."""
    mentions: dict[str, list[DocMention]] = defaultdict(list)
    cols = ", ".join(f'"{n}"' for n in DOCUMENT_MENTIONS.names)
    for row in _select_in(db, f"SELECT {cols} FROM {DOCUMENT_MENTIONS.name} WHERE doc_key IN ({{marks}})", keys):
        (rid, entity, key, _, start, end, doc_type, code, name, issuer, scope, issued, published, is_self) = row
        mentions[key].append(DocMention(record=rid, entity=entity, start=start, end=end, key=key, doc_type=doc_type,
                                        code=code, name=name, issuer=issuer, scope=scope, issued=issued,
                                        published=published, self_ref=bool(is_self)))
    for chunk in _chunks(keys):
        db.execute(f"DELETE FROM {DOCUMENTS_CITED.name} WHERE doc_key IN ({_marks(len(chunk))})", chunk)
    rows: list[tuple[Any, ...]] = []
    for key in sorted(mentions):
        values = document_row(key, mentions[key])
        values["doc_key"] = values.pop("key")
        rows.append(tuple(values[n] for n in DOCUMENTS_CITED.names))
    _insert(db, DOCUMENTS_CITED, rows)


def recompute_people(db: Backend, groups: list[str]) -> None:
    """Rewrite the people and person_positions rows of these person groups from their mentions."""
    mentions: dict[str, list[PersonMention]] = defaultdict(list)
    cols = ", ".join(f'"{n}"' for n in PERSON_MENTIONS.names)
    for row in _select_in(db, f"SELECT {cols} FROM {PERSON_MENTIONS.name} WHERE group_key IN ({{marks}})", groups):
        rid, cluster, group, name, province, posts, spans, published, historical = row
        mentions[group].append(PersonMention(
            record=rid, cluster=cluster, name=name, group=group, province=province,
            posts=tuple(Post(*p) for p in _json(posts) or []),
            spans=tuple((str(s[0]), int(s[1]), int(s[2])) for s in _json(spans) or []),
            published=published, historical=bool(historical)))
    for table in (PEOPLE, PERSON_POSITIONS):
        for chunk in _chunks(groups):
            db.execute(f"DELETE FROM {table.name} WHERE group_key IN ({_marks(len(chunk))})", chunk)
    people: list[tuple[Any, ...]] = []
    positions: list[tuple[Any, ...]] = []
    for group in sorted(mentions):
        group_people, group_positions, _ = people_rows(group, mentions[group])
        people.extend(tuple(row[n] for n in PEOPLE.names) for row in group_people)
        positions.extend(tuple(row[n] for n in PERSON_POSITIONS.names) for row in group_positions)
    _insert(db, PEOPLE, people)
    _insert(db, PERSON_POSITIONS, positions)
