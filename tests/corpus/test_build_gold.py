"""corpus/build_gold.py: facts pass from the spans files into the gold, malformed ones stop the build."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_gold", ROOT / "corpus" / "build_gold.py")
build_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_gold)

TEXT = ("Chiều 3-6, Ban Dân vận Tỉnh ủy tổ chức Hội nghị sơ kết. Đồng chí Lê Thị Hoa - Trưởng Ban Dân vận "
        "Tỉnh ủy chủ trì. Tỷ lệ hồ sơ\ngiải quyết đúng hạn đạt 98,36%.\n")
GOOD_FACTS = [
    {"type": "event", "values": {"date": "--06-03", "organiser": "Ban Dân vận Tỉnh ủy",
                                 "event": "Hội nghị sơ kết", "chair": ["Lê Thị Hoa"]}},
    {"type": "holds_position", "values": {"person": "Lê Thị Hoa", "title": "Trưởng Ban Dân vận Tỉnh ủy",
                                          "org": "Ban Dân vận Tỉnh ủy"}},
    {"type": "figure", "values": {"value": 98.36, "unit": "%", "metric": "Tỷ lệ hồ sơ giải quyết đúng hạn"}},
]


def write_spans(folder: Path, facts: object = None, name: str = "900_test.json") -> Path:
    """Write a one-document spans folder (text, one span, optional facts) and return the spans file."""
    source = folder / "900_test.txt"
    source.write_text(TEXT, encoding="utf-8")
    spec: dict = {"id": "900_test", "source": str(source), "published": None, "sector": "health", "genre": "news",
                  "spans": [["PERCENT", "98,36%", {"value": 98.36, "unit": "%"}]]}
    if facts is not None:
        spec["facts"] = facts
    path = folder / name
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path


def test_facts_pass_through_to_the_gold_document(tmp_path):
    write_spans(tmp_path, GOOD_FACTS)
    [doc] = build_gold.build(tmp_path)
    assert doc["facts"] == GOOD_FACTS
    assert [e["text"] for e in doc["entities"]] == ["98,36%"]


def test_sector_and_genre_pass_through_to_the_gold_document(tmp_path):
    write_spans(tmp_path)
    [doc] = build_gold.build(tmp_path)
    assert (doc["sector"], doc["genre"]) == ("health", "news")


@pytest.mark.parametrize("key, value", [("sector", "sport"), ("sector", None), ("genre", "poem")])
def test_an_unknown_sector_or_genre_stops_the_build(tmp_path, key, value):
    path = write_spans(tmp_path)
    spec = json.loads(path.read_text(encoding="utf-8"))
    spec[key] = value
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(build_gold.GoldError, match=f"900_test.json: {key} {value!r} is not one of"):
        build_gold.build(tmp_path)


def test_a_document_without_facts_has_no_facts_key(tmp_path):
    write_spans(tmp_path)
    [doc] = build_gold.build(tmp_path)
    assert "facts" not in doc


def test_an_empty_fact_list_is_kept(tmp_path):
    write_spans(tmp_path, [])
    [doc] = build_gold.build(tmp_path)
    assert doc["facts"] == []


HOLDS = {"person": "Lê Thị Hoa", "title": "Trưởng Ban Dân vận Tỉnh ủy"}


@pytest.mark.parametrize("fact, error", [
    ({"type": "holds_position"},
     "a fact is an object with exactly the keys 'type' and 'values'"),
    ({"type": "holds_position", "values": HOLDS, "note": "x"},
     "a fact is an object with exactly the keys 'type' and 'values'"),
    ({"type": "position", "values": HOLDS},
     "unknown fact type 'position' (known: campaign, document_issued, event, figure, holds_position, "
     "model_run_by)"),
    ({"type": "holds_position", "values": ["Lê Thị Hoa"]},
     "(holds_position): 'values' is not an object"),
    ({"type": "holds_position", "values": {"person": "Lê Thị Hoa"}},
     "(holds_position): missing value(s) title"),
    ({"type": "figure", "values": {"unit": "%"}},
     "(figure): missing value(s) value"),
    ({"type": "figure", "values": {"value": 98.36, "unit": "%", "metrics": "Tỷ lệ hồ sơ"}},
     "(figure): unknown value(s) metrics"),
    ({"type": "figure", "values": {"value": "98,36", "unit": "%"}},
     "(figure): 'value' is not a number: '98,36'"),
    ({"type": "figure", "values": {"value": 98.36, "unit": "%", "year": "2024"}},
     "(figure): 'year' is not an integer: '2024'"),
    ({"type": "figure", "values": {"value": 98.36, "unit": "%", "qualifier": "trên"}},
     "(figure): qualifier 'trên' is not one of < <= > >= ~"),
    ({"type": "figure", "values": {"value": 98.36, "unit": "percent"}},
     "(figure): unit 'percent' is not one of % ‰"),
    ({"type": "figure", "values": {"value": 98.36, "unit": "%", "kind": "rate"}},
     "(figure): kind 'rate' is not one of level change target"),
    ({"type": "figure", "values": {"value": 98.36, "unit": "%", "kind": "change", "direction": "tăng"}},
     "(figure): direction 'tăng' is not one of up down"),
    ({"type": "document_issued", "values": {"doc_type": "Chỉ thị", "self": "yes"}},
     "(document_issued): self is not true or false: 'yes'"),
    ({"type": "holds_position", "values": {**HOLDS, "cluster": "P1"}},
     "(holds_position): unknown value(s) cluster"),
    ({"type": "figure", "values": {"value": 98.36, "unit": "%", "metric": "Tỷ lệ hồ sơ\ngiải quyết"}},
     "(figure): metric 'Tỷ lệ hồ sơ\\ngiải quyết' is not a whitespace-folded string"),
    ({"type": "holds_position", "values": {"person": "Lê Thị Hòa", "title": "Trưởng Ban Dân vận Tỉnh ủy"}},
     "(holds_position): person 'Lê Thị Hòa' does not occur in the text"),
    ({"type": "event", "values": {"date": "--06-03", "chair": "Lê Thị Hoa"}},
     "(event): 'chair' is not a non-empty list of names"),
    ({"type": "event", "values": {"date": "--06-03", "chair": ["Lê Thị Hoa", "Trần Văn A"]}},
     "(event): chair 'Trần Văn A' does not occur in the text"),
])
def test_a_malformed_fact_stops_the_build_naming_file_and_index(tmp_path, fact, error):
    write_spans(tmp_path, [GOOD_FACTS[0], fact])
    with pytest.raises(build_gold.GoldError) as caught:
        build_gold.build(tmp_path)
    assert str(caught.value).startswith("900_test.json: fact 1")
    assert str(caught.value).endswith(error)


def test_facts_that_are_not_a_list_stop_the_build(tmp_path):
    write_spans(tmp_path, {"type": "figure"})
    with pytest.raises(build_gold.GoldError, match=r"^900_test\.json: 'facts' is not a list$"):
        build_gold.build(tmp_path)


def test_the_command_reports_the_error_and_writes_nothing(tmp_path, capsys):
    write_spans(tmp_path, [{"type": "figure", "values": {"unit": "%"}}])
    out = tmp_path / "gold.jsonl"
    assert build_gold.main(["--spans", str(tmp_path), "--out", str(out)]) == 1
    assert capsys.readouterr().err == "error: 900_test.json: fact 0 (figure): missing value(s) value\n"
    assert not out.exists()


def test_the_command_writes_the_facts(tmp_path):
    write_spans(tmp_path, GOOD_FACTS)
    out = tmp_path / "gold.jsonl"
    assert build_gold.main(["--spans", str(tmp_path), "--out", str(out)]) == 0
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["facts"] == GOOD_FACTS


def test_the_committed_gold_is_what_the_spans_build():
    built = build_gold.build()
    committed = [json.loads(line) for line in (ROOT / "corpus" / "gold" / "gold.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    assert [d["id"] for d in committed] == [d["id"] for d in built]
    assert committed == built
    assert sum("facts" in d for d in built) >= 12
