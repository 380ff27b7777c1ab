"""Each module declares the rule ids it reads; loading checks them once, with a numbered error."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import pipeline
from pipeline.core.errors import RulesError
from pipeline.core.rules import Lexicon, Pattern, RuleSet, load_rules


def _all_rule_sets() -> list[type[RuleSet]]:
    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if module.name.split(".")[1] in ("recognizers", "stages"):
            importlib.import_module(module.name)
    found, todo = [], list(RuleSet.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__qualname__)


@pytest.mark.parametrize("rule_set", _all_rule_sets(), ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_declared_rule_set_loads_from_the_shipped_rules(rule_set):
    bound = rule_set.load()
    assert bound.rules.name == rule_set.FILE


def test_rule_sets_cover_every_stage_and_recogniser_that_reads_rules():
    modules = {c.__module__ for c in _all_rule_sets()}
    assert {"pipeline.stages.clean", "pipeline.stages.layout", "pipeline.stages.resolve", "pipeline.stages.link",
            "pipeline.recognizers.date", "pipeline.recognizers.doc_ref", "pipeline.recognizers.percent",
            "pipeline.recognizers.named", "pipeline.recognizers.person_features"} <= modules


GOOD = """version: 1
lexicon:
  words:
    - {forms: [một, hai], example: "một"}
cues:
  - id: number
    regex: '\\d+'
    examples: [{text: "12", span: "12"}]
settings:
  limit: 3
"""


class _Good(RuleSet, file="good"):
    words: Lexicon
    number: Pattern
    limit: int


class _MissingCue(RuleSet, file="good"):
    words: Lexicon
    nummer: Pattern


class _WrongSetting(RuleSet, file="good"):
    limit: str


@pytest.mark.parametrize("rule_set, message", [
    (_MissingCue, r"E008 .*good\.yaml: has no cue or pattern 'nummer', which .*test_rule_sets reads"),
    (_WrongSetting, r"E008 .*good\.yaml: has no setting \(str\) 'limit'"),
])
def test_a_missing_or_mistyped_id_is_a_load_error_naming_file_and_id(tmp_path, rule_set, message):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        rule_set.load(load_rules("good", tmp_path))


def test_a_rule_set_gives_its_ids_as_typed_attributes(tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    bound = _Good.load(load_rules("good", tmp_path))
    assert bound.number.match("12 x").group() == "12"
    assert "hai" in bound.words and bound.limit == 3
    assert _Good.load(bound.rules) is bound  # bound once per rule file
