"""Export: tasks, the label definitions beside them, entities that cannot be exported."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET

import pytest

from pipeline.annotate import LABELS, export_tasks, write_export
from pipeline.annotate.doccano import label_file
from pipeline.annotate.label_studio import label_config

TEXT = "Ngày 05-8-2021, tỷ lệ đạt 83,62%."


def test_label_config_has_the_seven_labels_and_a_values_box():
    root = ET.fromstring(label_config())
    assert [label.get("value") for label in root.iter("Label")] == list(LABELS)
    [labels] = root.iter("Labels")
    [text] = root.iter("Text")
    [values] = root.iter("TextArea")
    assert (labels.get("name"), labels.get("toName"), text.get("name"), text.get("value")) == ("label", "text", "text", "$text")
    assert (values.get("name"), values.get("perRegion"), values.get("toName")) == ("attrs", "true", "text")
    assert "white-space: pre-wrap" in next(root.iter("Style")).text


def test_doccano_label_file():
    labels = label_file()
    assert [label["text"] for label in labels] == list(LABELS)
    assert len({label["suffix_key"] for label in labels}) == len(LABELS)


def test_label_studio_task_shape():
    doc = {"id": "x", "source": "s.txt", "published": "2021-08-06", "text": TEXT, "entities": [
        {"id": "T1", "label": "DATE", "start": 5, "end": 14, "text": "05-8-2021", "sentence": 0,
         "attrs": {"value": "2021-08-05"}, "source": "rule", "rule_id": "date:dmy"},
        {"id": "T2", "label": "PERCENT", "start": 26, "end": 32, "text": "83,62%", "attrs": {}}]}
    [task] = export_tasks([("in", doc)], "label-studio", model_version="vnfacts 0.1.0").tasks
    assert task["data"] == {"text": TEXT, "doc_id": "x", "source": "s.txt", "published": "2021-08-06",
                            "text_sha256": hashlib.sha256(TEXT.encode("utf-8")).hexdigest(), "offsets": "codepoints"}
    assert task["predictions"][0]["model_version"] == "vnfacts 0.1.0"
    assert task["predictions"][0]["result"] == [
        {"id": "e1", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 5, "end": 14, "text": "05-8-2021", "labels": ["DATE"]}},
        {"id": "e1", "from_name": "attrs", "to_name": "text", "type": "textarea",
         "value": {"start": 5, "end": 14, "text": ['{"value": "2021-08-05"}']}},
        {"id": "e2", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 26, "end": 32, "text": "83,62%", "labels": ["PERCENT"]}},
    ]


@pytest.mark.parametrize("entity, reason", [
    pytest.param({"start": 5, "end": 14, "label": "DATE", "text": "05-8-202"},
                 "offsets do not match the text: [5:14] covers '05-8-2021', the tool says '05-8-202'", id="text-mismatch"),
    pytest.param({"start": 5, "end": 99, "label": "DATE"}, "offsets [5:99] do not fit the text (length 33)",
                 id="past-the-end"),
    pytest.param({"start": 5, "end": 14, "label": "LOC"},
                 "unknown label 'LOC' (expected one of DOC_REF, DATE, PERCENT, PERSON, TITLE, MODEL, CAMPAIGN)",
                 id="unknown-label"),
])
@pytest.mark.parametrize("tool", ["label-studio", "doccano"])
def test_unfit_entities_are_left_out_and_reported(tool, entity, reason):
    good = {"start": 26, "end": 32, "label": "PERCENT", "attrs": {"value": 83.62}}
    result = export_tasks([("dump.jsonl", {"id": "x", "text": TEXT, "entities": [entity, good]})], tool)
    assert result.problems == [f"dump.jsonl: document 'x': entity 0: {reason}; not exported"]
    assert result.spans == 1
    assert result.summary() == f"exported 1 tasks with 1 pre-annotated spans for {tool}; 1 entities left out"


def test_write_export_writes_the_definitions_beside(tmp_path):
    doc = {"id": "x", "text": TEXT, "entities": []}
    ls = write_export(export_tasks([("in", doc)], "label-studio"), tmp_path / "tasks.json")
    dc = write_export(export_tasks([("in", doc)], "doccano"), tmp_path / "tasks.jsonl")
    assert [p.name for p in ls] == ["tasks.json", "tasks.label_config.xml"]
    assert [p.name for p in dc] == ["tasks.jsonl", "tasks.labels.json"]
    assert json.loads(ls[0].read_text(encoding="utf-8"))[0]["data"]["doc_id"] == "x"
    assert json.loads(dc[0].read_text(encoding="utf-8").splitlines()[0])["doc_id"] == "x"
    assert ls[1].read_text(encoding="utf-8") == label_config()
    assert json.loads(dc[1].read_text(encoding="utf-8")) == label_file()
    with pytest.raises(ValueError, match="unknown tool 'brat'"):
        export_tasks([], "brat")
