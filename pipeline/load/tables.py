"""The tables a record is loaded into, defined once for every backend, and a record's rows.

Keys come from the record: ``documents`` by (id, version); ``entities``, ``facts`` and
``persons`` by (doc_id, version, their own id or cluster). A record without ``version``
(one that ``vnfacts extract`` wrote) is version 1. Every version stays; ``documents.current``
marks the highest version of each id, and the ``current_*`` views keep only those.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pipeline.core.facts import FACT_TYPES, FactType


@dataclass(frozen=True)
class Column:
    """A column: its name and a portable kind (text, int, bool, date, timestamp, json)."""

    name: str
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    """A table: its columns, in order, and its primary key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)


C = Column
DOCUMENTS = Table("documents", (
    C("id"), C("version", "int"), C("current", "bool"), C("url"), C("source"), C("title"),
    C("published", "date"), C("published_from"), C("fetched", "timestamp"), C("http", "json"),
    C("supersedes", "int"), C("byline"), C("authors", "json"), C("place"), C("body_start", "int"),
    C("body_end", "int"), C("text"), C("text_sha256"), C("schema_version"), C("pipeline", "json"),
    C("warnings", "json"), C("record_sha256")), key=("id", "version"))
ENTITIES = Table("entities", (
    C("doc_id"), C("version", "int"), C("id"), C("label"), C("char_start", "int"), C("char_end", "int"),
    C("text"), C("sentence", "int"), C("in_body", "bool"), C("cluster"), C("attrs", "json"), C("source"),
    C("rule_id")), key=("doc_id", "version", "id"))
FACTS = Table("facts", (
    C("doc_id"), C("version", "int"), C("id"), C("type"), C("args", "json"), C("fact_values", "json")),
    key=("doc_id", "version", "id"))
PERSONS = Table("persons", (
    C("doc_id"), C("version", "int"), C("cluster"), C("name"), C("titles", "json"), C("mentions", "json")),
    key=("doc_id", "version", "cluster"))
TABLES = (DOCUMENTS, ENTITIES, FACTS, PERSONS)
CHILDREN = (ENTITIES, FACTS, PERSONS)

# How a fact value of each kind (pipeline.core.facts) reads out of the JSON column, typed.
FACT_VALUE_SQL = {"number": "CAST(f.fact_values->>'{0}' AS DOUBLE PRECISION)",
                  "integer": "CAST(f.fact_values->>'{0}' AS INTEGER)",
                  "boolean": "CAST(f.fact_values->>'{0}' AS BOOLEAN)",
                  "names": "f.fact_values->'{0}'"}
FACT_TEXT_SQL = "f.fact_values->>'{0}'"


def fact_view_sql(fact_type: FactType) -> str:
    """Return the query of one fact type's view: a typed column per value, current versions only."""
    columns = [FACT_VALUE_SQL.get(v.kind, FACT_TEXT_SQL).format(v.name) + f' AS "{v.name}"'
               for v in fact_type.fields]
    columns += [(f"f.args->'{a.name}'" if a.many else f"f.args->>'{a.name}'") + f' AS "{a.name}_id"'
                for a in fact_type.args]
    return (f"SELECT f.doc_id, f.version, f.id, {', '.join(columns)} FROM current_facts f"
            f" WHERE f.type = '{fact_type.name}'")


VIEWS = {
    "current_documents": "SELECT * FROM documents WHERE current",
    **{f"current_{t.name}": f"SELECT t.* FROM {t.name} t JOIN documents d ON d.id = t.doc_id"
                            f" AND d.version = t.version WHERE d.current" for t in CHILDREN},
    # One view per fact type (fact_figure, fact_holds_position, …) with its values as typed columns.
    **{f"fact_{t.name}": fact_view_sql(t) for t in FACT_TYPES.values()},
}


def record_sha256(record: dict[str, Any]) -> str:
    """Return the hash of a record's canonical JSON: equal hashes, nothing to load again."""
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _timestamp(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def rows(record: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Return the rows of one record per table name, columns in table order; JSON columns hold Python values."""
    doc_id, version = str(record["id"]), int(record.get("version") or 1)
    body = record.get("body") or {}
    documents = [(doc_id, version, False, record.get("url"), record.get("source"), record.get("title"),
                  _date(record.get("published")), record.get("published_from"), _timestamp(record.get("fetched")),
                  record.get("http"), record.get("supersedes"), record.get("byline"), record.get("authors"),
                  record.get("place"), body.get("start"), body.get("end"), record.get("text"),
                  record.get("text_sha256"), record.get("schema_version"), record.get("pipeline"),
                  record.get("warnings"), record_sha256(record))]
    entities = [(doc_id, version, e["id"], e.get("label"), e.get("start"), e.get("end"), e.get("text"),
                 e.get("sentence"), e.get("in_body"), (e.get("attrs") or {}).get("cluster"), e.get("attrs") or {},
                 e.get("source"), e.get("rule_id")) for e in record.get("entities") or []]
    facts = [(doc_id, version, f["id"], f.get("type"), f.get("args") or {}, f.get("values") or {})
             for f in record.get("facts") or []]
    persons = [(doc_id, version, p["cluster"], p.get("name"), p.get("titles") or [], p.get("mentions") or [])
               for p in record.get("persons") or []]
    return {"documents": documents, "entities": entities, "facts": facts, "persons": persons}
