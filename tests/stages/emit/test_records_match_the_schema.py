"""Every record the extractor writes for the gold texts (our corpus and the shared seeds) validates
against the shipped record schema; generated texts are checked in test_offsets_property."""

from __future__ import annotations

import jsonschema
import pytest

from pipeline.stages.emit import record_schema


@pytest.mark.parametrize("gold_name", ["corpus", "seeds"])
def test_every_gold_text_gives_a_valid_record(gold_runs, gold_name):
    validator = jsonschema.Draft202012Validator(record_schema())
    _, records = gold_runs(gold_name)
    problems = [f"{r['id']}: {e.message}" for r in records for e in validator.iter_errors(r)]
    assert records and problems == []
