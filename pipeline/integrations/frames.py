"""Records to pandas: one DataFrame of documents, one of entities, one of facts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import pandas as pd

DOCUMENT_COLUMNS = ["id", "source", "url", "title", "published", "published_from"]
ENTITY_COLUMNS = ["doc_id", "id", "label", "start", "end", "text", "sentence", "source", "rule_id"]
FACT_COLUMNS = ["doc_id", "id", "type", "args", "values"]
NESTED = {"text", "entities", "facts", "persons"}


class Frames(NamedTuple):
    """The three tables of a set of records."""

    documents: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame


def _flat(prefix: str, value: dict[str, Any], row: dict[str, Any]) -> None:
    for key, item in value.items():
        row[f"{prefix}.{key}"] = item


def _frame(rows: list[dict[str, Any]], base: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    extra = [c for c in frame.columns if c not in base]
    return frame.reindex(columns=base + extra)


def to_frames(records: Iterable[dict[str, Any]]) -> Frames:
    """Return the documents, entities and facts DataFrames of ``records``.

    - ``documents``: one row per record, without the text: ``id, source, url, title,
      published, published_from``, then the other top-level fields; a nested object is
      flattened to dotted columns (``pipeline.version``, ``pipeline.rules``, ``body.start``),
      lists (``authors``, ``warnings``) stay lists.
    - ``entities``: one row per entity: ``doc_id`` (the record's id), the entity's fields,
      and its ``attrs`` flattened to ``attrs.<name>`` columns (``attrs.value``,
      ``attrs.code``, ``attrs.cluster``...; missing where a label has no such value).
    - ``facts``: one row per fact: ``doc_id, id, type, args, values`` (args and values stay dicts).

    Records without facts or entities give no rows there; reject records
    (``{"input", "line", "error"}``) have no document and are left out.
    """
    documents: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    for record in records:
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
    return Frames(_frame(documents, DOCUMENT_COLUMNS), _frame(entities, ENTITY_COLUMNS), _frame(facts, FACT_COLUMNS))
