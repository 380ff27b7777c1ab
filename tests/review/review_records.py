"""A small record and its gold, written by hand, that differ in every way the review page marks."""

from __future__ import annotations

import json
from pathlib import Path

CHROME = "Trang chủ | Tin tức\n"
TEXT = (CHROME + "Đồng chí Lê Thị Hoa, Trưởng Ban Dân vận Tỉnh ủy, phát động phong trào “Dân vận khéo” theo "
        "Chỉ thị số 21-CT/TU ngày 14-9-2020; tỷ lệ đạt 92%. Mô hình “<script>alert('x')</script> & <b>” được nhân rộng.")
SCRIPT_NAME = "<script>alert('x')</script> & <b>"


def span(text: str, after: int = 0) -> tuple[int, int]:
    """Return the offsets of the first ``text`` in TEXT at or after ``after``."""
    start = TEXT.index(text, after)
    return start, start + len(text)


def entity(eid: str, label: str, text: str, attrs: dict, after: int = 0) -> dict:
    """Return a record entity for the first ``text`` in TEXT."""
    start, end = span(text, after)
    return {"id": eid, "label": label, "start": start, "end": end, "text": text, "attrs": attrs}


def record() -> dict:
    """Return the predicted record: five mentions, one nested in another, a model named with markup, four facts."""
    doc_ref = span("Chỉ thị số 21-CT/TU ngày 14-9-2020")[0]
    entities = [
        entity("T1", "PERSON", "Lê Thị Hoa", {"name": "Lê Thị Hoa", "role": "chủ trì"}),
        entity("T2", "TITLE", "Trưởng Ban Dân vận Tỉnh ủy", {"person": "Lê Thị Hoa", "org": "Ban Dân vận"}),
        entity("T3", "DOC_REF", "Chỉ thị số 21-CT/TU ngày 14-9-2020", {"doc_type": "Chỉ thị", "code": "21-CT/TW"}),
        entity("T4", "DATE", "14-9-2020", {"value": "2020-09-14"}, doc_ref),
        entity("T5", "PERCENT", "92%", {"value": 92.0}),
        entity("T6", "MODEL", SCRIPT_NAME, {"name": SCRIPT_NAME}),
    ]
    facts = [
        {"id": "F1", "type": "holds_position", "args": {"person": "T1", "title": "T2"},
         "values": {"person": "Lê Thị Hoa", "title": "Trưởng Ban Dân vận Tỉnh ủy", "org": "Ban Dân vận"}},
        {"id": "F2", "type": "document_issued", "args": {"document": "T3", "date": "T4"},
         "values": {"doc_type": "Chỉ thị", "code": "21-CT/TU", "issued": "2020-09-14"}},
        {"id": "F3", "type": "figure", "args": {"percent": "T5"},
         "values": {"value": 92.0, "unit": "%", "year": 2020, "metric": "tỷ lệ"}},
        {"id": "F4", "type": "model_run_by", "args": {"model": "T6"}, "values": {"model": SCRIPT_NAME}},
    ]
    return {"id": "d1", "source": "hand", "title": "Phong trào <i>Dân vận khéo</i>", "published": "2020-10-01",
            "body": {"start": len(CHROME), "end": len(TEXT)},
            "boilerplate": [{"start": 0, "end": len(CHROME) - 1, "kind": "chrome"}],
            "text": TEXT, "entities": entities, "persons": [], "facts": facts}


def gold() -> dict:
    """Return the gold of ``record()``: a missed campaign, a spurious percent, a title's boundary, a wrong code;
    facts: a wrong org and issue date, a spurious figure, a missed campaign."""
    doc_ref = span("Chỉ thị số 21-CT/TU ngày 14-9-2020")[0]
    entities = [
        entity("", "PERSON", "Lê Thị Hoa", {"name": "Lê Thị Hoa"}),
        entity("", "TITLE", "Trưởng Ban Dân vận", {}),
        entity("", "CAMPAIGN", "Dân vận khéo", {"name": "Dân vận khéo"}),
        entity("", "DOC_REF", "Chỉ thị số 21-CT/TU ngày 14-9-2020", {"code": "21-CT/TU"}),
        entity("", "DATE", "14-9-2020", {"value": "2020-09-14"}, doc_ref),
        entity("", "MODEL", SCRIPT_NAME, {}),
    ]
    for e in entities:
        del e["id"]
    facts = [
        {"type": "holds_position",
         "values": {"person": "Lê Thị Hoa", "title": "Trưởng Ban Dân vận Tỉnh ủy", "org": "Ban Dân vận Tỉnh ủy"}},
        {"type": "document_issued", "values": {"doc_type": "Chỉ thị", "code": "21-CT/TU", "issued": "2020-09-04"}},
        {"type": "model_run_by", "values": {"model": SCRIPT_NAME}},
        {"type": "campaign", "values": {"campaign": "Dân vận khéo"}},
    ]
    return {"id": "d1", "text": TEXT, "entities": entities, "facts": facts}


def write(path: Path, docs: list[dict]) -> Path:
    """Write documents as JSONL and return the path."""
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


TEXT2 = "Năm 2024, tỷ lệ hộ nghèo giảm còn 1,5%."


def record2() -> dict:
    """Return a second record that its gold (``gold2()``) matches exactly."""
    start = TEXT2.index("1,5%")
    entities = [{"id": "T1", "label": "PERCENT", "start": start, "end": start + 4, "text": "1,5%",
                 "attrs": {"value": 1.5}}]
    facts = [{"id": "F1", "type": "figure", "args": {"percent": "T1"},
              "values": {"value": 1.5, "unit": "%", "year": 2024, "metric": "tỷ lệ hộ nghèo"}}]
    return {"id": "d2", "text": TEXT2, "entities": entities, "facts": facts}


def gold2() -> dict:
    """Return the gold of ``record2()``, equal to it."""
    doc = record2()
    return {"id": "d2", "text": TEXT2,
            "entities": [{k: v for k, v in e.items() if k != "id"} for e in doc["entities"]],
            "facts": [{"type": f["type"], "values": f["values"]} for f in doc["facts"]]}


TEXT3 = "Căn cứ Luật Tổ chức\nchính quyền địa phương ngày 19 tháng 6 năm 2015;"


def record3() -> dict:
    """Return a record whose DOC_REF runs over a line break, with a DATE beside it."""
    ref, date = "Luật Tổ chức\nchính quyền địa phương", "19 tháng 6 năm 2015"
    return {"id": "d3", "text": TEXT3, "entities": [
        {"id": "T1", "label": "DOC_REF", "start": TEXT3.index(ref), "end": TEXT3.index(ref) + len(ref), "text": ref,
         "attrs": {"doc_type": "Luật"}},
        {"id": "T2", "label": "DATE", "start": TEXT3.index(date), "end": TEXT3.index(date) + len(date), "text": date,
         "attrs": {"value": "2015-06-19"}}], "facts": []}


OVERVIEW_SCRIPT = "<script>alert(1)</script> Hùng"
OVERVIEW_TEXT = "Ông Lê Văn An cho biết năm 2023 tỷ lệ hộ nghèo còn 3,9%, giảm từ 4,5%; ngày 10/2/2023 họp."


def _entity(eid: str, label: str, text: str) -> dict:
    start = OVERVIEW_TEXT.index(text)
    return {"id": eid, "label": label, "start": start, "end": start + len(text), "text": text, "attrs": {}}


def _figure(metric: str | None, year: int | None, value: float, unit: str = "%") -> dict:
    values = {"value": value, "unit": unit, "metric": metric, "year": year}
    return {"type": "figure", "args": {}, "values": {k: v for k, v in values.items() if v is not None}}


def _held(person: str, title: str, cluster: str = "P1") -> dict:
    return {"type": "holds_position", "args": {}, "values": {"person": person, "cluster": cluster, "title": title}}


def _persons(*names: str) -> list[dict]:
    return [{"cluster": f"P{n}", "name": name, "titles": [], "mentions": []} for n, name in enumerate(names, start=1)]


def overview_records() -> list[dict]:
    """Return four hand-made records for the overview: Nghệ An twice, Hà Tĩnh, and one with no place and no date;
    Lê Văn An holds one post in Nghệ An on two dates, and another where the place is unknown (another person)."""
    a = {"id": "a", "place": "Nghệ An", "published": "2023-02-10", "text": OVERVIEW_TEXT,
         "entities": [_entity("T1", "PERSON", "Lê Văn An"), _entity("T2", "PERCENT", "3,9%"),
                      _entity("T3", "PERCENT", "4,5%"), _entity("T4", "DATE", "10/2/2023")],
         "persons": _persons("Lê Văn An"),
         "facts": [_figure("Tỷ lệ hộ nghèo", 2022, 4.5), _figure("tỷ lệ  hộ nghèo", 2023, 3.9),
                   _figure("tỷ lệ hộ nghèo", 2023, 3.9), _figure(None, 2023, 12.0),
                   _held("Lê Văn An", "Chủ tịch UBND tỉnh")]}
    b = {"id": "b", "place": "Hà Tĩnh", "published": "2024-05-01T08:00:00+07:00", "text": OVERVIEW_TEXT,
         "entities": [_entity("T1", "PERSON", "Lê Văn An"), _entity("T2", "PERCENT", "3,9%")],
         "persons": _persons(OVERVIEW_SCRIPT),
         "facts": [_figure("Tỷ lệ hộ nghèo", 2023, 5.1), _figure("độ che phủ rừng", 2023, 57.0),
                   _held(OVERVIEW_SCRIPT, "Giám đốc Sở")]}
    c = {"id": "c", "place": None, "published": None, "text": OVERVIEW_TEXT,
         "entities": [_entity("T1", "PERSON", "Lê Văn An")], "persons": _persons("Lê Văn An"),
         "facts": [_figure("độ che phủ rừng", 2021, 55.0), _held("Lê Văn An", "Bí thư")]}
    d = {"id": "d", "place": "Nghệ An", "published": "2024-05-01", "text": OVERVIEW_TEXT, "entities": [],
         "persons": _persons("Lê Văn An"), "facts": [_held("Lê Văn An", "CHỦ TỊCH UBND TỈNH")]}
    return [a, b, c, d]


def overview_gold() -> dict:
    """Return the gold of record ``a``: both PERSON right, one PERCENT right, one missed, none spurious."""
    rec = overview_records()[0]
    ents = [{k: v for k, v in e.items() if k != "id"} for e in rec["entities"] if e["label"] != "DATE"]
    ents[2] = {**ents[2], "end": ents[2]["end"] - 1}  # the gold's 4,5 without its sign: a wrong boundary
    return {"id": "a", "text": OVERVIEW_TEXT, "entities": ents}
