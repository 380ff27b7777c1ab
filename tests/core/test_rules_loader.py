"""A bad rule file fails at load, with a message naming the file and the key or rule."""

from __future__ import annotations

import pytest

from pipeline.core.errors import RulesError
from pipeline.core.rules import load_rules, rules_version

GOOD_PATTERN = "patterns:\n  - id: p\n    regex: 'a'\n    examples: [{text: a, span: a}]\n"


@pytest.mark.parametrize("body, message", [
    ("version: 1\ncolour: red\n", r"E001 .*bad\.yaml: unknown key 'colour' in the file"),
    ("version: 1\npatterns:\n  - id: p\n    regex: a\n    flavour: x\n", r"E001 .*unknown key 'flavour' in patterns\[0\]"),
    ("version: 1\nlexicon:\n  words:\n    - {value: a}\n", r"E002 .*lexicon 'words' entry 0 needs 'example'"),
    ("version: 1\npatterns:\n  - id: p\n    regex: '(a'\n", r"E003 .*pattern 'p' does not compile"),
    ("version: 1\npatterns:\n  - id: p\n    regex: '{{nothing}}'\n", r"E004 .*placeholder \{\{nothing\}\}"),
    ("version: 1\n" + GOOD_PATTERN + "  - id: p\n    regex: b\n", r"E005 .*duplicate pattern id 'p'"),
    ("patterns: []\n", r"E002 .*the file needs 'version'"),
    ("- just\n- a list\n", r"E006 .*bad\.yaml"),
    ("version: 1\npatterns:\n  - regex: a\n", r"E002 .*patterns\[0\] needs 'id'"),
])
def test_bad_rule_file_is_refused_with_a_clear_message(tmp_path, body, message):
    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules("bad", tmp_path)


def test_placeholders_expand_longest_first_and_by_field(tmp_path):
    (tmp_path / "ok.yaml").write_text(
        "version: 1\nlexicon:\n  t:\n    - {value: X, forms: [QĐ], codes: [QĐ], example: e}\n"
        "    - {value: Y, forms: [QĐi], codes: [QĐi], flag: true, example: e}\n", encoding="utf-8")
    with pytest.raises(RulesError, match="unknown key 'flag'"):
        load_rules("ok", tmp_path)
    (tmp_path / "ok2.yaml").write_text(
        "version: 1\nlexicon:\n  t:\n    - {value: X, codes: [QĐ], example: e}\n"
        "    - {value: Y, codes: [QĐi], quoted: true, example: e}\n"
        "patterns:\n  - id: p\n    regex: '(?P<c>{{t.codes}})'\n  - id: q\n    regex: '{{t|quoted}}'\n",
        encoding="utf-8")
    rules = load_rules("ok2", tmp_path)
    assert rules.patterns["p"].match("QĐi").group("c") == "QĐi"
    assert rules.patterns["q"].fullmatch("Y") and not rules.patterns["q"].fullmatch("X")


def test_rules_version_changes_with_any_rule_file(tmp_path):
    (tmp_path / "a.yaml").write_text("version: 1\n", encoding="utf-8")
    before = rules_version(tmp_path)
    (tmp_path / "a.yaml").write_text("version: 2\n", encoding="utf-8")
    assert rules_version(tmp_path) != before
