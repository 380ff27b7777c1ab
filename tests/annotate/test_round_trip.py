"""Export -> tool -> import gives back the same gold, byte for byte; edits made in the tool are taken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tool_exports import doccano_export, label_studio_export, write_json, write_jsonl

from pipeline.annotate import export_tasks, import_file, write_gold

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

TOOLS = ["label-studio", "doccano"]


def _round_trip(tmp_path, tool, docs, unit=None):
    tasks = export_tasks([("gold.jsonl", d) for d in docs], tool, unit).tasks
    if tool == "label-studio":
        path = write_json(tmp_path / "export.json", label_studio_export(tasks))
    else:
        path = write_jsonl(tmp_path / "export.jsonl", doccano_export(tasks))
    return import_file(path, tool)


@pytest.mark.parametrize("unit", [None, "codepoints", "utf16", "graphemes"])
@pytest.mark.parametrize("tool", TOOLS)
def test_round_trip_is_byte_exact(tmp_path, fixture_docs, tool, unit):
    report = _round_trip(tmp_path, tool, fixture_docs("gold"), unit)
    assert report.problems == [] and report.notes == []
    out = tmp_path / "gold.jsonl"
    write_gold(report.docs, out)
    assert out.read_bytes() == (FIXTURES / "gold.jsonl").read_bytes()
    assert report.summary() == ("tasks 3: imported 3 documents with 13 spans; skipped 0 spans and 0 tasks with "
                                "errors; 0 tasks without annotation; 0 spans without values")


def test_offsets_are_written_in_the_tools_unit(fixture_docs):
    b = fixture_docs("gold")[1]  # '📱 100%': the emoji sits before the PERCENT span
    ls = export_tasks([("g", b)], "label-studio").tasks[0]
    dc = export_tasks([("g", b)], "doccano").tasks[0]
    ls_percent = [r["value"] for r in ls["predictions"][0]["result"] if r["type"] == "labels"][-1]
    assert (ls_percent["start"], ls_percent["end"], ls_percent["text"]) == (97, 101, "100%")
    assert dc["label"][-1] == [98, 102, "PERCENT"]
    assert (ls["data"]["offsets"], dc["offsets"]) == ("codepoints", "utf16")


def test_label_studio_edits_are_taken_and_untouched_values_survive(tmp_path, fixture_docs):
    gold = fixture_docs("gold")
    exported = label_studio_export(export_tasks([("g", d) for d in gold], "label-studio").tasks)
    result = exported[0]["annotations"][0]["result"]
    regions = {(r["id"], r["type"]): r for r in result}
    # Relabel MODEL -> CAMPAIGN and fix its values; shrink the PERCENT span; delete TITLE; add a DATE.
    regions[("e7", "labels")]["value"]["labels"] = ["CAMPAIGN"]
    regions[("e7", "textarea")]["value"]["text"] = ['{"name": "Dân vận khéo"}']
    regions[("e3", "labels")]["value"].update({"start": 94, "end": 98, "text": "91,5"})
    del result[result.index(regions[("e3", "textarea")])]
    result[:] = [r for r in result if r["id"] != "e6"]
    result.append({"id": "new1", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": 35, "end": 39, "text": "03/4", "labels": ["DATE"]}})
    report = import_file(write_json(tmp_path / "edited.json", exported), "label-studio")
    assert report.problems == []
    a = report.docs[0]
    got = [(e["start"], e["end"], e["label"], e["text"], e["attrs"]) for e in a["entities"]]
    originals = {(e["start"], e["end"], e["label"]): e["attrs"] for e in gold[0]["entities"]}
    assert got == [
        (10, 29, "DOC_REF", "Chỉ thị số 12-CT/TU", originals[(10, 29, "DOC_REF")]),
        (35, 44, "DATE", "03/4/2024", {"value": "2024-04-03"}),
        (35, 39, "DATE", "03/4", {}),
        (94, 98, "PERCENT", "91,5", {}),
        (108, 111, "DATE", "5-4", {"value": "--04-05"}),
        (122, 137, "PERSON", "Nguyễn Văn Hùng", originals[(122, 137, "PERSON")]),
        (183, 195, "CAMPAIGN", "Dân vận khéo", {"name": "Dân vận khéo"}),
    ]
    assert report.without_values == 2
    assert report.docs[1:] == gold[1:]


def test_doccano_edits_are_taken_and_untouched_values_survive(tmp_path, fixture_docs):
    gold = fixture_docs("gold")
    exported = doccano_export(export_tasks([("g", d) for d in gold], "doccano").tasks)
    b = exported[1]
    # utf16 offsets: '📱' (before PERCENT) counts two. Relabel CAMPAIGN -> MODEL, move DOC_REF, add a PERCENT.
    edits = {"CAMPAIGN": [61, 79, "MODEL"], "DOC_REF": [12, 22, "DOC_REF"]}
    b["label"] = [edits.get(span[2], span) for span in b["label"]]
    b["label"].append([98, 101, "PERCENT"])
    report = import_file(write_jsonl(tmp_path / "edited.jsonl", exported), "doccano")
    assert report.problems == []
    got = [(e["start"], e["end"], e["label"], e["text"], e["attrs"]) for e in report.docs[1]["entities"]]
    assert got == [
        (12, 22, "DOC_REF", "45/KH-UBND", {}),
        (28, 37, "DATE", "10/5/2024", {"value": "2024-05-10"}),
        (61, 79, "MODEL", "Bình dân học vụ số", {}),
        (97, 101, "PERCENT", "100%", {"value": 100, "unit": "%"}),
        (97, 100, "PERCENT", "100", {}),
    ]
    assert report.without_values == 3
    assert [report.docs[0], report.docs[2]] == [gold[0], gold[2]]


@pytest.mark.parametrize("tool", TOOLS)
def test_crlf_and_astral_text_keeps_every_byte(tmp_path, tool):
    text = "Ngày 05-8-2021 🎉\r\nChỉ thị số 08-CT/TU\r\n\r\n𝐓ỷ lệ 83,62%\tđạt."
    spans = [("DATE", "05-8-2021"), ("DOC_REF", "Chỉ thị số 08-CT/TU"), ("PERCENT", "83,62%")]
    entities = [{"start": text.index(s), "end": text.index(s) + len(s), "label": lab, "text": s,
                 "attrs": {"n": i}} for i, (lab, s) in enumerate(spans)]
    doc = {"id": "crlf", "published": "2021-08-06", "text": text, "entities": entities}
    report = _round_trip(tmp_path, tool, [doc])
    assert report.problems == []
    assert json.dumps(report.docs[0], ensure_ascii=False) == json.dumps(doc, ensure_ascii=False)
