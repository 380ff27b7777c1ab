"""Is a record fit to load? The shipped record schema first, then what a schema cannot say.

``check_record`` returns None for a record that loads, or the one numbered line naming the file,
the line and the record: E055 an older (or newer) ``schema_version``, E053 a record the schema
refuses (or a lone surrogate, or an integer too large for the database's INTEGER columns), E056
two entities with one id, E057 an entity's offsets outside its text, E058 an entity's text that
is not ``text[start:end]``, E059 a fact argument naming no entity of the record.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

import fastjsonschema

from pipeline.core.errors import E053, E055, E056, E057, E058, E059
from pipeline.stages.emit import SCHEMA_VERSION, record_schema

INT_MAX = 2**31 - 1  # the INTEGER columns of both databases


@functools.cache
def _validator() -> Callable[[Any], Any]:
    # compiled once: fastjsonschema turns the schema into Python code (about 30x jsonschema's speed)
    return fastjsonschema.compile(record_schema())


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, f"{path}.{key} (key)")
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def _surrogate(record: dict[str, Any]) -> str | None:
    """Return where a lone surrogate stands (UTF-8, hence the database, cannot hold one), or None."""
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
        return None  # the common case, in C; the walk below only looks for where
    except UnicodeEncodeError:
        pass
    for path, text in _strings(record, "data"):
        bad = next((c for c in text if "\ud800" <= c <= "\udfff"), None)
        if bad is not None:
            return f"{path} holds a lone surrogate U+{ord(bad):04X}"
    return None


def _too_large(record: dict[str, Any]) -> str | None:
    """Return which integer column value exceeds INT_MAX, or None."""
    body = record.get("body") or {}
    named = [("data.version", record.get("version")), ("data.supersedes", record.get("supersedes")),
             ("data.body.start", body.get("start")), ("data.body.end", body.get("end"))]
    named += [(f"data.entities[{i}].sentence", e.get("sentence")) for i, e in enumerate(record["entities"])]
    for path, value in named:
        if isinstance(value, int) and value > INT_MAX:
            return f"{path} is {value}, larger than {INT_MAX}"
    return None


def _entity_problem(record: dict[str, Any], ids: dict[str, str], where: dict[str, Any]) -> str | None:
    text = record.get("text")
    for entity in record["entities"]:
        eid, start, end = entity["id"], entity["start"], entity["end"]
        span = dict(where, entity=eid, start=start, end=end)
        if eid in ids:
            return E056.format(**where, entity=eid)
        ids[eid] = entity["label"]
        if end <= start:
            return E057.format(**span, problem="its end is not after its start")
        if text is None and end > INT_MAX:
            return E057.format(**span, problem=f"beyond the largest offset {INT_MAX}")
        if text is not None and end > len(text):
            return E057.format(**span, problem=f"beyond the text's {len(text)} characters")
        if text is not None and text[start:end] != entity["text"]:
            return E058.format(**where, entity=eid, text=entity["text"], found=text[start:end])
    return None


def check_record(record: dict[str, Any], input: str, line: int) -> str | None:
    """Return None when ``record`` can be loaded, else its one numbered error line (E053, E055–E059)."""
    where = {"input": input, "line": line, "id": record.get("id")}
    found = record.get("schema_version")
    if "schema_version" in record and found != SCHEMA_VERSION:
        return E055.format(**where, found=found, expected=SCHEMA_VERSION)
    try:
        _validator()(record)
    except fastjsonschema.JsonSchemaValueException as exc:
        return E053.format(**where, error=exc.message)
    problem = _surrogate(record) or _too_large(record)
    if problem:
        return E053.format(**where, error=problem)
    ids: dict[str, str] = {}
    error = _entity_problem(record, ids, where)
    if error:
        return error
    for fact in record["facts"]:
        for value in fact["args"].values():
            for eid in value if isinstance(value, list) else [value]:
                if eid not in ids:
                    return E059.format(**where, fact=fact["id"], entity=eid)
    return None
