"""Records to pandas: the tables ``vnfacts load`` writes, column for column, typed, without a database.

The rows come from ``pipeline.load.tables.rows``, the function ``load`` inserts, so a frame and its
table cannot drift apart: ``documents``, ``entities``, ``facts`` and ``persons`` have the tables'
columns; ``fact_tables`` the columns of the ``fact_<type>`` views (current versions only); and
``labels`` one table per entity label with its ``attrs`` as typed columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from pipeline.core.errors import VnfactsError
from pipeline.core.facts import FACT_TYPES, FactType
from pipeline.core.jsonl import LineError, read_objects
from pipeline.load.tables import TABLES, Table, rows
from pipeline.stages.emit import record_schema

# The pandas type of each column kind (pipeline.load.tables), as DuckDB's .df() gives it back.
KIND_DTYPES = {"text": "string", "int": "Int64", "bool": "boolean", "date": "datetime64[us]",
               "timestamp": "datetime64[us, UTC]", "json": "object"}
# The pandas type of each kind of fact value (pipeline.core.facts), as the fact views type it.
VALUE_DTYPES = {"number": "float64", "integer": "Int64", "boolean": "boolean", "names": "object"}
# The pandas type of an attribute of an entity, from its JSON Schema type.
SCHEMA_DTYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "array": "object"}
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
LABEL_KEYS = ["doc_id", "version", "id", "text"]


class Frames(NamedTuple):
    """The tables of a set of records: the four loaded tables, one per fact type, one per entity label."""

    documents: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame
    persons: pd.DataFrame
    fact_tables: dict[str, pd.DataFrame]
    labels: dict[str, pd.DataFrame]


def _typed(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    for name, dtype in dtypes.items():
        if dtype.startswith("datetime64"):
            frame[name] = pd.to_datetime(frame[name], utc="UTC" in dtype).astype(dtype)
        else:
            frame[name] = frame[name].astype(dtype)
    return frame


def _table(table: Table, table_rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(table_rows, columns=list(table.names), dtype=object)
    return _typed(frame, {c.name: KIND_DTYPES[c.kind] for c in table.columns})


def _fact_table(fact_type: FactType, facts: pd.DataFrame) -> pd.DataFrame:
    mine = facts[facts["type"] == fact_type.name]
    out = pd.DataFrame({"doc_id": mine["doc_id"], "version": mine["version"], "id": mine["id"]})
    for f in fact_type.fields:
        out[f.name] = [values.get(f.name) for values in mine["fact_values"]]
    for a in fact_type.args:
        out[f"{a.name}_id"] = [args.get(a.name) for args in mine["args"]]
    dtypes = {f.name: VALUE_DTYPES.get(f.kind, "string") for f in fact_type.fields}
    dtypes |= {f"{a.name}_id": "object" if a.many else "string" for a in fact_type.args}
    return _typed(out.reset_index(drop=True), dtypes)


def label_dtypes(label: str) -> dict[str, str]:
    """Return the typed columns of one label's ``attrs`` (from the record schema), in schema order."""
    props = record_schema()["$defs"][label.lower()]["properties"]
    out = {}
    for name, prop in props.items():
        kind = prop.get("type", "boolean" if prop.get("const") is True else "string")
        out[name] = "datetime64[us]" if prop.get("pattern") == DATE_PATTERN else SCHEMA_DTYPES.get(kind, "string")
    return out


def _label_table(label: str, entities: pd.DataFrame) -> pd.DataFrame:
    mine = entities[entities["label"] == label]
    out = mine[LABEL_KEYS].reset_index(drop=True)
    dtypes = label_dtypes(label)
    for name in dtypes:
        out[name] = [attrs.get(name) for attrs in mine["attrs"]]
    if label == "DATE":  # a value may be a month or a day without year: the full dates as dates beside it
        out["date"] = [v if isinstance(v, str) and len(v) == 10 and v[:2] != "--" else None for v in out["value"]]
        dtypes["date"] = "datetime64[us]"
    return _typed(out, dtypes)


def _records(source: str | Path | Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    if not isinstance(source, (str, Path)):
        return source
    out = []
    for item in read_objects(source):
        if isinstance(item, LineError):
            raise VnfactsError(item.message)
        out.append(item[1])
    return out


def to_frames(records: str | Path | Iterable[dict[str, Any]]) -> Frames:
    """Return the tables of ``records`` (a .jsonl or .jsonl.gz path, or any iterable of record dicts).

    - ``documents``, ``entities``, ``facts``, ``persons``: the columns of the tables ``load`` writes,
      in order, typed as DuckDB gives them back (text as ``string``, integers as ``Int64``,
      ``published`` a date, ``fetched`` a UTC timestamp, JSON columns as Python dicts and lists);
      ``documents.current`` marks the highest version of each id.
    - ``fact_tables``: per fact type, the columns of its ``fact_<type>`` view: a typed column per
      value (numbers as floats, years as integers), then ``<arg>_id``; current versions only.
    - ``labels``: per entity label (``DATE``, ``PERCENT``, …), ``doc_id, version, id, text`` and one
      typed column per ``attrs`` key the record schema gives the label (``issued`` a date, ``year``
      an integer, ``value`` a float for PERCENT); DATE adds ``date``, its full dates as dates.

    Reject records (``{"input", "line", "error"}``) are left out. A malformed line of a file raises
    VnfactsError with its numbered message (E011, E014, E015, E016).
    """
    table_rows: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in TABLES}
    for record in _records(records):
        if "id" not in record and "error" in record:
            continue
        for name, found in rows(record).items():
            table_rows[name].extend(found)
    documents, entities, facts, persons = (_table(t, table_rows[t.name]) for t in TABLES)
    latest = documents.groupby("id")["version"].transform("max")
    documents["current"] = (documents["version"] == latest).astype("boolean")
    current = set(zip(documents["id"][documents["current"]], documents["version"][documents["current"]],
                      strict=True))

    def is_current(frame: pd.DataFrame) -> pd.DataFrame:
        keep = [key in current for key in zip(frame["doc_id"], frame["version"], strict=True)]
        return frame[pd.Series(keep, index=frame.index, dtype=bool)]

    fact_tables = {name: _fact_table(t, is_current(facts)) for name, t in FACT_TYPES.items()}
    labels_present = record_schema()["$defs"]["entity"]["properties"]["label"]["enum"]
    labels = {label: _label_table(label, is_current(entities)) for label in labels_present}
    return Frames(documents, entities, facts, persons, fact_tables, labels)
