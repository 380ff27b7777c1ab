"""Every pattern's examples are its tests (ids file:rule:n); every file's negatives too."""

from __future__ import annotations

import pytest

from pipeline.core.rules import load_rules
from pipeline.data import rules_dir
from pipeline.stages.document import extract_text

LABEL_FILES = {"doc_ref": ("DOC_REF",), "date": ("DATE",), "percent": ("PERCENT",), "named": ("MODEL", "CAMPAIGN"),
               "person": ("PERSON",)}
ALL_FILES = sorted(p.stem for p in rules_dir().glob("*.yaml"))


def _cases(section: str, files: list[str]):
    for name in files:
        rules = load_rules(name)
        for pattern in getattr(rules, section).values():
            for n, ex in enumerate(pattern.examples):
                yield pytest.param(name, pattern.id, ex, id=f"{name}:{pattern.id}:{n}")


def _subset(expected: dict, actual: dict) -> bool:
    return all(actual.get(k) == v or (isinstance(v, float) and abs(actual.get(k, 1e9) - v) < 1e-9)
               for k, v in expected.items())


@pytest.mark.parametrize("name, pid, example", list(_cases("patterns", list(LABEL_FILES))))
def test_pattern_example_is_found_end_to_end(name, pid, example):
    record = extract_text(example.text)
    labels = LABEL_FILES[name]
    found = [e for e in record["entities"] if e["label"] in labels and e["text"] == example.span]
    assert found, f"{labels} {example.span!r} not found in {[(e['label'], e['text']) for e in record['entities']]}"
    assert any(_subset(example.attrs, e["attrs"]) for e in found), [e["attrs"] for e in found]
    assert any(e["rule_id"] == f"{name}:{pid}" for e in found), [e["rule_id"] for e in found]


@pytest.mark.parametrize("name, pid, example",
                         list(_cases("cues", ALL_FILES)) + list(_cases("patterns", ["normalize"])))
def test_cue_example_matches_its_span(name, pid, example):
    section = load_rules(name).cues if pid in load_rules(name).cues else load_rules(name).patterns
    rx = section[pid]
    match = next((m for m in rx.finditer(example.text) if m.group() == example.span), None)
    if match is None:  # anchored cues (\G) are tried at the start of the example text
        match = rx.match(example.text)
    assert match is not None and match.group() == example.span
    for key, value in example.attrs.items():
        assert match.group(key) == value


def _negatives():
    for name, labels in LABEL_FILES.items():
        for n, text in enumerate(load_rules(name).negative):
            yield pytest.param(labels, text, id=f"{name}:negative:{n}")


@pytest.mark.parametrize("labels, text", list(_negatives()))
def test_negative_example_yields_no_mention(labels, text):
    record = extract_text(text)
    assert [e["text"] for e in record["entities"] if e["label"] in labels] == []


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_rule_has_an_example(name):
    rules = load_rules(name)
    missing = [p.id for p in list(rules.patterns.values()) + list(rules.cues.values()) if not p.examples]
    assert missing == []


@pytest.mark.parametrize("name", list(LABEL_FILES))
def test_every_label_file_has_negatives(name):
    assert len(load_rules(name).negative) >= 3
