"""Records to pandas: documents, entities, facts, persons, and one typed table per fact type.

The fact tables have the columns of the database views ``load`` creates (``fact_figure``, …):
one typed column per value of the fact type (``pipeline.core.facts``), then ``<arg>_id``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from pipeline.core.facts import FACT_TYPES, FactType

DOCUMENT_COLUMNS = ["id", "source", "url", "title", "published", "published_from"]
ENTITY_COLUMNS = ["doc_id", "id", "label", "start", "end", "text", "sentence", "source", "rule_id"]
FACT_COLUMNS = ["doc_id", "id", "type", "args", "values"]
PERSON_COLUMNS = ["doc_id", "cluster", "name", "titles", "mentions"]
# The pandas type of each kind of fact value.
VALUE_DTYPES = {"number": "float64", "integer": "Int64", "boolean": "boolean", "names": "object"}
NESTED = {"text", "entities", "facts", "persons"}


class Frames(NamedTuple):
    """The tables of a set of records; ``fact_tables`` holds one typed table per fact type."""

    documents: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame
    persons: pd.DataFrame
    fact_tables: dict[str, pd.DataFrame]


def _flat(prefix: str, value: dict[str, Any], row: dict[str, Any]) -> None:
    for key, item in value.items():
        row[f"{prefix}.{key}"] = item


def _frame(rows: list[dict[str, Any]], base: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    extra = [c for c in frame.columns if c not in base]
    return frame.reindex(columns=base + extra)


def _fact_table(fact_type: FactType, facts: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for fact in facts:
        values, args = fact.get("values") or {}, fact.get("args") or {}
        row = {"doc_id": fact["doc_id"], "id": fact["id"]}
        row.update({f.name: values.get(f.name) for f in fact_type.fields})
        row.update({f"{a.name}_id": args.get(a.name) for a in fact_type.args})
        rows.append(row)
    columns = ["doc_id", "id"] + [f.name for f in fact_type.fields] + [f"{a.name}_id" for a in fact_type.args]
    frame = pd.DataFrame(rows, columns=columns)
    for f in fact_type.fields:
        frame[f.name] = frame[f.name].astype(VALUE_DTYPES.get(f.kind, "string"))
    return frame


def _read(source: str | Path | Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    return source


def to_frames(records: str | Path | Iterable[dict[str, Any]]) -> Frames:
    """Return the tables of ``records`` (a JSONL path, or an iterable of record dicts).

    - ``documents``: one row per record, without the text: ``id, source, url, title,
      published, published_from``, then the other top-level fields; a nested object is
      flattened to dotted columns (``pipeline.version``, ``pipeline.rules``, ``body.start``),
      lists (``authors``, ``warnings``) stay lists.
    - ``entities``: one row per entity: ``doc_id`` (the record's id), the entity's fields,
      and its ``attrs`` flattened to ``attrs.<name>`` columns (``attrs.value``,
      ``attrs.code``, ``attrs.cluster``...; missing where a label has no such value).
    - ``facts``: one row per fact: ``doc_id, id, type, args, values`` (args and values stay dicts).
    - ``persons``: one row per person cluster: ``doc_id, cluster, name, titles, mentions``.
    - ``fact_tables``: per fact type, one row per fact with a typed column per value (numbers as
      floats, years as nullable integers, booleans, text as strings) and ``<arg>_id`` columns;
      ``published`` in ``documents`` is a datetime (NaT when absent or malformed).

    Records without facts or entities give no rows there; reject records
    (``{"input", "line", "error"}``) have no document and are left out.
    """
    documents: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    persons: list[dict[str, Any]] = []
    for record in _read(records):
        if "id" not in record and "error" in record:
            continue
        doc_row: dict[str, Any] = {}
        for key, value in record.items():
            if key in NESTED:
                continue
            if isinstance(value, dict):
                _flat(key, value, doc_row)
            else:
                doc_row[key] = value
        documents.append(doc_row)
        for entity in record.get("entities") or []:
            row = {"doc_id": record["id"]}
            for key, value in entity.items():
                if key == "attrs" and isinstance(value, dict):
                    _flat("attrs", value, row)
                else:
                    row[key] = value
            entities.append(row)
        for fact in record.get("facts") or []:
            facts.append({"doc_id": record["id"], **fact})
        for person in record.get("persons") or []:
            persons.append({"doc_id": record["id"], **person})
    document_frame = _frame(documents, DOCUMENT_COLUMNS)
    document_frame["published"] = pd.to_datetime(document_frame["published"], errors="coerce", format="%Y-%m-%d")
    tables = {name: _fact_table(t, [f for f in facts if f.get("type") == name]) for name, t in FACT_TYPES.items()}
    return Frames(document_frame, _frame(entities, ENTITY_COLUMNS), _frame(facts, FACT_COLUMNS),
                  _frame(persons, PERSON_COLUMNS), tables)
