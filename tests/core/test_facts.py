"""The fact table is the one definition of facts: the shipped schema, the gold builder and the
linker's identities all follow it."""

from __future__ import annotations

import pytest

from pipeline.core.facts import FACT_TYPES, fact_schema
from pipeline.stages.emit import record_schema


def _schema_branches() -> dict[str, dict]:
    branches = record_schema()["$defs"]["fact"]["allOf"]
    return {b["if"]["properties"]["type"]["const"]: b["then"] for b in branches}


def test_schema_lists_exactly_the_fact_types():
    assert record_schema()["$defs"]["fact"]["properties"]["type"]["enum"] == list(FACT_TYPES)
    assert list(_schema_branches()) == list(FACT_TYPES)


@pytest.mark.parametrize("name", list(FACT_TYPES))
def test_schema_branch_is_derived_from_the_table(name):
    assert _schema_branches()[name] == fact_schema(FACT_TYPES[name])


@pytest.mark.parametrize("name", list(FACT_TYPES))
def test_identity_and_distinct_values_are_fields(name):
    fact_type = FACT_TYPES[name]
    for value in fact_type.key + fact_type.distinct:
        assert fact_type.field(value).name == value


def test_unknown_field_names_the_type():
    with pytest.raises(KeyError, match="figure has no value 'rate'"):
        FACT_TYPES["figure"].field("rate")


def test_gold_values_leave_out_the_extractors_own():
    assert FACT_TYPES["holds_position"].gold_required == {"person", "title"}
    assert "cluster" not in FACT_TYPES["holds_position"].gold_optional
    assert FACT_TYPES["figure"].gold_optional == {"year", "qualifier", "metric", "kind", "direction", "basis"}
