"""The facts of a record as tables: one per fact type, entity ids shown as the mentions' texts.

A fact links entity ids (``{"person": "T7", "title": "T9"}``); a reader wants the names. Each
table has the fact type's links first, as the texts of the mentions they point at (the ids in
the cell's tooltip), then the values some fact of the table states, in ``FACT_TYPES`` order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.core.facts import FACT_TYPES
from pipeline.review.diff import Differences, entity_key


@dataclass
class Cell:
    """One cell of a fact table: the text shown, the entity ids behind it, the gold value when wrong."""

    text: str
    ids: str = ""
    gold: str | None = None


@dataclass
class FactTable:
    """The facts of one type in one document: columns, then one row (status, cells) per fact."""

    type: str
    description: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]


def shown(value: Any) -> str:
    """Return a value as the page shows it: lists joined by ``; ``, numbers without a trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "; ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return str(value)


def _columns(kind: str, facts: list[dict]) -> tuple[list[str], list[str]]:
    """Return the argument columns and the value columns of a fact table (values stated by some fact)."""
    spec = FACT_TYPES.get(kind)
    args = [arg.name for arg in spec.args] if spec else sorted({a for f in facts for a in f.get("args") or {}})
    stated = {name for fact in facts for name in fact.get("values") or {}}
    names = [f.name for f in spec.fields] if spec else sorted(stated)
    return args, [name for name in names if name in stated]


def _arg_cell(value: Any, texts: dict[str, str]) -> Cell:
    ids = [value] if isinstance(value, str) else list(value or [])
    return Cell("; ".join(texts.get(str(i), str(i)) for i in ids), " ".join(str(i) for i in ids))


def fact_tables(record: dict, text: str, diff: Differences | None) -> list[FactTable]:
    """Return the facts of ``record`` as one table per type (in ``FACT_TYPES`` order), entity ids shown as
    mention texts; with ``diff``, each row's status and wrong values, and the missed gold facts as rows."""
    texts = {entity_key(e, n): text[e["start"]:e["end"]] for n, e in enumerate(record["entities"])}
    by_type: dict[str, list[tuple[str, dict, dict]]] = {}
    for n, fact in enumerate(record.get("facts") or []):
        status = diff.fact_status.get(n, "ok") if diff else "ok"
        by_type.setdefault(fact["type"], []).append((status, fact, diff.fact_wrong.get(n, {}) if diff else {}))
    for fact in diff.missed_facts if diff else []:
        by_type.setdefault(fact["type"], []).append(("missed", fact, {}))
    order = {name: n for n, name in enumerate(FACT_TYPES)}
    tables = []
    for kind in sorted(by_type, key=lambda k: (order.get(k, len(order)), k)):
        args, values = _columns(kind, [fact for _, fact, _ in by_type[kind]])
        rows = []
        for status, fact, wrong in by_type[kind]:
            cells = [_arg_cell((fact.get("args") or {}).get(name), texts) for name in args]
            cells += [Cell(shown((fact.get("values") or {}).get(name)),
                           gold=shown(wrong[name]) if name in wrong else None) for name in values]
            rows.append((status, cells))
        spec = FACT_TYPES.get(kind)
        tables.append(FactTable(kind, spec.description if spec else "", args + values, rows))
    return tables
