"""Import: every bad annotation is reported with file, task and reason, and skipped, never shifted."""

from __future__ import annotations

import copy

import pytest
from tool_exports import doccano_export, label_studio_export, write_json, write_jsonl

from pipeline.annotate import export_tasks, import_file

TEXT = "Chiều 3-6 😀, Chỉ thị số 08-CT/TU đạt 83,62%."
SPANS = [("DATE", "3-6", {"value": "--06-03"}), ("DOC_REF", "Chỉ thị số 08-CT/TU", {"code": "08-CT/TU"}),
         ("PERCENT", "83,62%", {"value": 83.62})]
DOC = {"id": "d1", "published": None, "text": TEXT,
       "entities": [{"start": TEXT.index(s), "end": TEXT.index(s) + len(s), "label": lab, "text": s, "attrs": a}
                    for lab, s, a in SPANS]}
WHERE = "task 100 (doc d1)"


def _ls_task() -> dict:
    return label_studio_export(export_tasks([("g", DOC)], "label-studio").tasks)[0]


def _region(task: dict, region_id: str, kind: str = "labels") -> dict:
    return next(r for r in task["annotations"][0]["result"] if r["id"] == region_id and r["type"] == kind)


def _shift(task):
    _region(task, "e3")["value"].update(start=38, end=44)


def _past_end(task):
    _region(task, "e1")["value"]["end"] = 999


def _reversed(task):
    _region(task, "e1")["value"].update(start=9, end=6, text=None)


def _unknown_label(task):
    _region(task, "e1")["value"]["labels"] = ["NGAY"]


def _two_labels(task):
    _region(task, "e1")["value"]["labels"] = ["DATE", "PERCENT"]


def _bad_json(task):
    _region(task, "e2", "textarea")["value"]["text"] = ['{"code": "08-CT/TU"']


def _not_object(task):
    _region(task, "e2", "textarea")["value"]["text"] = ["[1]"]


def _whitespace(task):
    _region(task, "e1")["value"].update(start=5, text=" 3-6")


def _duplicate(task):
    twin = copy.deepcopy(_region(task, "e1"))
    twin["id"] = "e9"
    task["annotations"][0]["result"].append(twin)


def _orphan_values(task):
    task["annotations"][0]["result"].append(
        {"id": "x1", "from_name": "attrs", "to_name": "text", "type": "textarea", "value": {"text": ["{}"]}})


def _other_type(task):
    task["annotations"][0]["result"].append(
        {"id": "e1", "from_name": "mood", "to_name": "text", "type": "choices", "value": {"choices": ["ok"]}})


LS_CASES = [
    pytest.param(_shift, ["region e3 PERCENT [38:44]: offsets do not match the text: [38:44] covers '3,62%.', "
                          "the tool says '83,62%'; skipped"], {"DATE", "DOC_REF"}, id="shifted-offsets"),
    pytest.param(_past_end, ["region e1 DATE [6:999]: offset 999 lies outside the text (length 44 codepoints); skipped"],
                 {"DOC_REF", "PERCENT"}, id="past-the-end"),
    pytest.param(_reversed, ["region e1 DATE [9:6]: offsets [9:6] do not fit the text (length 44); skipped"],
                 {"DOC_REF", "PERCENT"}, id="start-after-end"),
    pytest.param(_unknown_label, ["region e1 NGAY [6:9]: unknown label 'NGAY' (expected one of DOC_REF, DATE, "
                                  "PERCENT, PERSON, TITLE, MODEL, CAMPAIGN); skipped"], {"DOC_REF", "PERCENT"},
                 id="unknown-label"),
    pytest.param(_two_labels, ["region e1: 2 labels on one span (expected exactly one); skipped"],
                 {"DOC_REF", "PERCENT"}, id="two-labels"),
    pytest.param(_bad_json, ["region e2 DOC_REF [13:32]: values are not valid JSON (Expecting ',' delimiter, "
                             "column 20): '{\"code\": \"08-CT/TU\"'; skipped"], {"DATE", "PERCENT"}, id="bad-json"),
    pytest.param(_not_object, ["region e2 DOC_REF [13:32]: values must be one JSON object, not list: '[1]'; skipped"],
                 {"DATE", "PERCENT"}, id="values-not-an-object"),
    pytest.param(_whitespace, ["region e1 DATE [5:9]: span ' 3-6' [5:9] has surrounding whitespace; skipped"],
                 {"DOC_REF", "PERCENT"}, id="surrounding-whitespace"),
    pytest.param(_duplicate, ["region e9 DATE [6:9]: the same span and label twice; skipped"],
                 {"DATE", "DOC_REF", "PERCENT"}, id="duplicate-span"),
    pytest.param(_orphan_values, ["region x1: values without a labelled span; skipped"],
                 {"DATE", "DOC_REF", "PERCENT"}, id="values-without-span"),
    pytest.param(_other_type, ["region e1: result of type choices is not part of the label config; ignored"],
                 {"DATE", "DOC_REF", "PERCENT"}, id="foreign-result-type"),
]


@pytest.mark.parametrize("mutate, problems, kept", LS_CASES)
def test_label_studio_bad_regions(tmp_path, mutate, problems, kept):
    task = _ls_task()
    mutate(task)
    path = write_json(tmp_path / "export.json", [task])
    report = import_file(path, "label-studio")
    assert report.problems == [f"{path}: {WHERE}: {p}" for p in problems]
    [doc] = report.docs
    assert {e["label"] for e in doc["entities"]} == kept
    for e in doc["entities"]:
        assert TEXT[e["start"]:e["end"]] == e["text"]
        original = next(o for o in DOC["entities"] if o["label"] == e["label"])
        assert (e["start"], e["end"], e["attrs"]) == (original["start"], original["end"], original["attrs"])
    assert report.skipped_spans == (0 if problems[0].endswith("; ignored") else 1)


def test_a_changed_text_skips_the_whole_task(tmp_path):
    task = _ls_task()
    task["data"]["text"] = TEXT.replace(" 😀", "")
    path = write_json(tmp_path / "export.json", [task, {"id": 101, "data": {}}])
    report = import_file(path, "label-studio")
    assert report.problems == [
        f"{path}: {WHERE}: the task text is not the exported text (SHA-256 differs); task skipped",
        f"{path}: task 101: no 'data.text' string; task skipped",
    ]
    assert (report.docs, report.skipped_tasks, report.tasks) == ([], 2, 2)


def test_annotation_choice(tmp_path):
    unannotated, cancelled, two = _ls_task(), _ls_task(), _ls_task()
    unannotated["annotations"] = []
    cancelled["id"], cancelled["data"]["doc_id"] = 101, "d2"
    cancelled["annotations"][0]["was_cancelled"] = True
    two["id"], two["data"]["doc_id"] = 102, "d3"
    second = copy.deepcopy(two["annotations"][0])
    second.update(id=900, completed_by={"id": 2, "email": "b@example.org"})
    second["result"] = [r for r in second["result"] if r["id"] != "e3"]
    two["annotations"].append(second)
    path = write_json(tmp_path / "export.json", [unannotated, cancelled, two])

    report = import_file(path, "label-studio")
    assert report.problems == []
    assert report.notes == [
        f"{path}: {WHERE}: no submitted annotation; not imported",
        f"{path}: task 101 (doc d2): no submitted annotation; not imported",
        f"{path}: task 102 (doc d3): 2 submitted annotations; the last one (id 900) is taken; --annotator chooses another",
    ]
    assert [(d["id"], len(d["entities"])) for d in report.docs] == [("d3", 2)]
    assert report.unannotated == 2

    by_first = import_file(path, "label-studio", annotator="1")
    assert [(d["id"], len(d["entities"])) for d in by_first.docs] == [("d3", 3)]
    by_email = import_file(path, "label-studio", annotator="b@example.org")
    assert [(d["id"], len(d["entities"])) for d in by_email.docs] == [("d3", 2)]


def test_a_document_in_two_tasks_is_imported_once(tmp_path):
    path = write_json(tmp_path / "export.json", [_ls_task(), _ls_task()])
    report = import_file(path, "label-studio")
    assert report.problems == [f"{path}: document d1 appears in two tasks; the second is skipped"]
    assert (len(report.docs), report.spans, report.skipped_tasks) == (1, 3, 1)


def test_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("[{oops", encoding="utf-8")
    with pytest.raises(ValueError, match=r"export.json: malformed JSON \(Expecting property name"):
        import_file(path, "label-studio")


# doccano ------------------------------------------------------------------

def _dc_line() -> dict:
    return doccano_export(export_tasks([("g", DOC)], "doccano").tasks)[0]


DC_WHERE = "task 7 (doc d1)"
EMOJI_UTF16 = TEXT.index("😀")  # no astral character before it, so its UTF-16 offset equals its index

DC_CASES = [
    pytest.param([EMOJI_UTF16 + 1, 15, "DOC_REF"], f"span 3 DOC_REF [{EMOJI_UTF16 + 1}:15]: offset "
                 f"{EMOJI_UTF16 + 1} falls inside a UTF-16 surrogate pair; skipped", id="inside-surrogate-pair"),
    pytest.param([40, 99, "PERCENT"], "span 3 PERCENT [40:99]: offset 99 lies outside the text (length 45 utf16); skipped",
                 id="past-the-end"),
    pytest.param([6, 9, "NGAY"], "span 3 NGAY [6:9]: unknown label 'NGAY' (expected one of DOC_REF, DATE, PERCENT, "
                 "PERSON, TITLE, MODEL, CAMPAIGN); skipped", id="unknown-label"),
    pytest.param([1, 2], "span 3 None [None:None]: not [start, end, label] nor {start_offset, end_offset, label}: "
                 "[1, 2]; skipped", id="not-a-span"),
    pytest.param([5, 9, "DATE"], "span 3 DATE [5:9]: span ' 3-6' [5:9] has surrounding whitespace; skipped",
                 id="surrounding-whitespace"),
    pytest.param([6, 9, "DATE"], "span 3 DATE [6:9]: the same span and label twice; skipped", id="duplicate"),
]


@pytest.mark.parametrize("extra, problem", DC_CASES)
def test_doccano_bad_spans(tmp_path, extra, problem):
    line = _dc_line()
    line["label"].append(extra)
    path = write_jsonl(tmp_path / "export.jsonl", [line])
    report = import_file(path, "doccano")
    assert report.problems == [f"{path}: {DC_WHERE}: {problem}"]
    assert report.docs[0]["entities"] == DOC["entities"]
    assert report.skipped_spans == 1


def test_doccano_dict_spans_and_task_problems(tmp_path):
    dict_form = _dc_line()
    dict_form["label"] = [{"id": 1, "label": lab, "start_offset": s, "end_offset": e} for s, e, lab in dict_form["label"]]
    not_a_list = _dc_line()
    not_a_list.update(id=8, doc_id="d2", label="DATE")
    no_text = {"id": 9, "label": []}
    path = tmp_path / "export.jsonl"
    write_jsonl(path, [dict_form, not_a_list, no_text])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{oops\n")
    report = import_file(path, "doccano")
    assert report.problems == [
        f"E011 {path}:4: malformed JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1)); skipped",
        f"{path}: task 8 (doc d2): 'label' is not a list; task skipped",
        f"{path}: task 9: no 'text' string; task skipped",
    ]
    assert report.docs[0]["entities"] == DOC["entities"]
    assert (report.tasks, report.skipped_tasks) == (4, 3)
