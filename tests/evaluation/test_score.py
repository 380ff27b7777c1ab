"""Tests for pipeline.evaluation.score: span matching, value accuracy, I/O and report."""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from pipeline.evaluation.score import (
    PRF,
    Evaluation,
    LabelScore,
    format_table,
    read_jsonl,
    score,
)


def ent(start: int, end: int, label: str, **attrs: Any) -> dict:
    return {"start": start, "end": end, "label": label, "text": "", "attrs": attrs}


def doc(doc_id: str, *entities: dict) -> dict:
    return {"id": doc_id, "text": "", "published": None, "entities": list(entities)}


def counts(prf: PRF) -> tuple[float, int, int]:
    return (prf.tp, prf.n_pred, prf.n_gold)


# --------------------------------------------------------------------------
# PRF arithmetic

@pytest.mark.parametrize(
    "tp, n_pred, n_gold, precision, recall, f1",
    [
        pytest.param(2.0, 2, 2, 1.0, 1.0, 1.0, id="perfect"),
        pytest.param(1.0, 2, 4, 0.5, 0.25, 1 / 3, id="half-precision-quarter-recall"),
        pytest.param(0.5, 1, 1, 0.5, 0.5, 0.5, id="one-partial"),
        pytest.param(0.0, 0, 3, 0.0, 0.0, 0.0, id="no-predictions"),
        pytest.param(0.0, 3, 0, 0.0, 0.0, 0.0, id="no-gold"),
        pytest.param(0.0, 0, 0, 0.0, 0.0, 0.0, id="empty"),
    ],
)
def test_prf_ratios(tp, n_pred, n_gold, precision, recall, f1):
    prf = PRF(tp, n_pred, n_gold)
    assert prf.precision == pytest.approx(precision)
    assert prf.recall == pytest.approx(recall)
    assert prf.f1 == pytest.approx(f1)


# --------------------------------------------------------------------------
# Span matching: expected (tp, n_pred, n_gold) per label, strict and partial

SPAN_CASES = [
    pytest.param(
        [ent(0, 5, "DATE"), ent(10, 20, "PERSON")],
        [ent(10, 20, "PERSON"), ent(0, 5, "DATE")],
        None,
        {"DATE": ((1, 1, 1), (1, 1, 1)), "PERSON": ((1, 1, 1), (1, 1, 1))},
        id="perfect-match",
    ),
    pytest.param(
        [ent(10, 20, "PERSON")],
        [ent(10, 15, "PERSON")],
        None,
        {"PERSON": ((0, 1, 1), (0.5, 1, 1))},
        id="boundary-error-strict-miss-partial-half",
    ),
    pytest.param(
        [ent(10, 20, "PERSON")],
        [ent(5, 25, "PERSON")],
        None,
        {"PERSON": ((0, 1, 1), (0.5, 1, 1))},
        id="prediction-covers-gold",
    ),
    pytest.param(
        [ent(10, 20, "PERSON")],
        [ent(20, 25, "PERSON")],
        None,
        {"PERSON": ((0, 1, 1), (0, 1, 1))},
        id="touching-spans-do-not-overlap",
    ),
    pytest.param(
        [ent(0, 5, "DATE")],
        [ent(0, 5, "DATE"), ent(30, 35, "DATE")],
        None,
        {"DATE": ((1, 2, 1), (1, 2, 1))},
        id="spurious-mention",
    ),
    pytest.param(
        [ent(0, 5, "DATE"), ent(30, 35, "DATE")],
        [ent(0, 5, "DATE")],
        None,
        {"DATE": ((1, 1, 2), (1, 1, 2))},
        id="missed-mention",
    ),
    pytest.param(
        [ent(10, 20, "PERSON")],
        [ent(10, 20, "TITLE")],
        ["PERSON", "TITLE"],
        {"PERSON": ((0, 0, 1), (0, 0, 1)), "TITLE": ((0, 1, 0), (0, 1, 0))},
        id="label-mismatch-same-span",
    ),
    pytest.param(
        [ent(10, 20, "PERSON")],
        [ent(12, 20, "TITLE")],
        ["PERSON", "TITLE"],
        {"PERSON": ((0, 0, 1), (0, 0, 1)), "TITLE": ((0, 1, 0), (0, 1, 0))},
        id="label-mismatch-overlap-no-partial",
    ),
    pytest.param(
        [ent(0, 5, "DATE")],
        [ent(0, 5, "DATE"), ent(0, 5, "DATE")],
        None,
        {"DATE": ((1, 2, 1), (1, 2, 1))},
        id="duplicate-exact-predictions-match-once",
    ),
    pytest.param(
        [ent(0, 5, "DATE"), ent(0, 5, "DATE")],
        [ent(0, 5, "DATE"), ent(0, 5, "DATE"), ent(0, 5, "DATE")],
        None,
        {"DATE": ((2, 3, 2), (2, 3, 2))},
        id="duplicates-on-both-sides",
    ),
    pytest.param(
        [ent(0, 5, "DATE"), ent(0, 5, "DATE")],
        [ent(0, 5, "DATE")],
        None,
        {"DATE": ((1, 1, 2), (1, 1, 2))},
        id="duplicate-gold-one-prediction",
    ),
    pytest.param(
        [ent(10, 20, "PERSON")],
        [ent(10, 15, "PERSON"), ent(12, 20, "PERSON")],
        None,
        {"PERSON": ((0, 2, 1), (0.5, 2, 1))},
        id="two-overlaps-one-gold-pair-once",
    ),
    pytest.param(
        [ent(10, 20, "PERSON")],
        [ent(10, 20, "PERSON"), ent(12, 20, "PERSON")],
        None,
        {"PERSON": ((1, 2, 1), (1, 2, 1))},
        id="exact-match-takes-gold-before-overlap",
    ),
    pytest.param(
        # First-come pairing would give P1-G1 and leave P2 unpaired (0.5);
        # pairing by largest overlap gives P1-G2 (10) and P2-G1 (5).
        [ent(0, 10, "TITLE"), ent(10, 20, "TITLE")],
        [ent(8, 20, "TITLE"), ent(0, 5, "TITLE")],
        None,
        {"TITLE": ((0, 2, 2), (1.0, 2, 2))},
        id="partial-greedy-by-largest-overlap",
    ),
    pytest.param(
        # Pairing in order of start offsets would give G1-P1 and leave P2
        # unpaired (0.5); by largest overlap it is G2-P1 (10), G1-P2 (3).
        [ent(0, 10, "TITLE"), ent(10, 20, "TITLE")],
        [ent(1, 20, "TITLE"), ent(3, 6, "TITLE")],
        None,
        {"TITLE": ((0, 2, 2), (1.0, 2, 2))},
        id="partial-greedy-by-overlap-not-by-start",
    ),
    pytest.param(
        [ent(0, 5, "DATE"), ent(10, 20, "PERSON")],
        [ent(0, 5, "DATE"), ent(10, 20, "MODEL")],
        None,
        {"DATE": ((1, 1, 1), (1, 1, 1)), "PERSON": ((0, 0, 1), (0, 0, 1))},
        id="labels-none-scores-gold-labels-only",
    ),
    pytest.param(
        [ent(0, 5, "DATE"), ent(10, 20, "PERSON")],
        [ent(0, 5, "DATE"), ent(10, 14, "PERSON"), ent(30, 40, "PERSON")],
        ["DATE"],
        {"DATE": ((1, 1, 1), (1, 1, 1))},
        id="labels-filter-drops-other-labels",
    ),
    pytest.param(
        [ent(0, 5, "DATE")],
        [ent(0, 5, "DATE"), ent(10, 12, "PERCENT")],
        ["DATE", "PERCENT"],
        {"DATE": ((1, 1, 1), (1, 1, 1)), "PERCENT": ((0, 1, 0), (0, 1, 0))},
        id="listed-label-absent-from-gold",
    ),
]


@pytest.mark.parametrize("gold_ents, pred_ents, labels, expected", SPAN_CASES)
def test_span_matching(gold_ents, pred_ents, labels, expected):
    ev = score([doc("d", *gold_ents)], [doc("d", *pred_ents)], labels=labels)
    got = {name: (counts(ls.strict), counts(ls.partial)) for name, ls in ev.labels.items()}
    assert got == expected


def test_boundary_error_ratios():
    ev = score([doc("d", ent(10, 20, "PERSON"))], [doc("d", ent(10, 15, "PERSON"))])
    person = ev.labels["PERSON"]
    assert (person.strict.precision, person.strict.recall, person.strict.f1) == (0.0, 0.0, 0.0)
    assert (person.partial.precision, person.partial.recall, person.partial.f1) == (0.5, 0.5, 0.5)


def test_spans_in_different_documents_do_not_match():
    gold = [doc("a", ent(0, 5, "DATE")), doc("b")]
    pred = [doc("a"), doc("b", ent(0, 5, "DATE"))]
    ev = score(gold, pred)
    assert counts(ev.labels["DATE"].strict) == (0, 1, 1)
    assert counts(ev.labels["DATE"].partial) == (0, 1, 1)


def test_missing_predicted_document():
    gold = [
        doc("a", ent(0, 5, "DATE")),
        doc("b", ent(0, 5, "DATE"), ent(10, 20, "PERSON")),
        doc("c"),
    ]
    pred = [
        doc("a", ent(0, 5, "DATE")),
        doc("c"),
        doc("not-in-gold", ent(0, 5, "DATE"), ent(10, 20, "PERSON")),
    ]
    ev = score(gold, pred)
    assert ev.n_docs == 3
    assert ev.missing_docs == ["b"]
    assert counts(ev.labels["DATE"].strict) == (1, 1, 2)
    assert counts(ev.labels["PERSON"].strict) == (0, 0, 1)
    assert ev.labels["DATE"].strict.recall == 0.5


def test_micro_sums_over_labels():
    gold = [doc("d", ent(0, 5, "DATE"), ent(10, 20, "PERSON"), ent(30, 40, "PERSON"))]
    pred = [doc("d", ent(0, 5, "DATE"), ent(10, 15, "PERSON"), ent(50, 55, "DATE"))]
    micro = score(gold, pred).micro
    assert counts(micro.strict) == (1, 3, 3)
    assert counts(micro.partial) == (1.5, 3, 3)
    assert micro.partial.f1 == pytest.approx(0.5)


def test_micro_respects_labels_filter():
    gold = [doc("d", ent(0, 5, "DATE"), ent(10, 20, "PERSON"))]
    pred = [doc("d", ent(0, 5, "DATE"), ent(10, 15, "PERSON"))]
    micro = score(gold, pred, labels=["PERSON"]).micro
    assert counts(micro.strict) == (0, 1, 1)
    assert counts(micro.partial) == (0.5, 1, 1)


def test_labels_are_ordered():
    gold = [doc("d", *(ent(i, i + 1, label) for i, label in enumerate(
        ["ZETA", "CAMPAIGN", "PERSON", "ALPHA", "DATE", "MODEL", "TITLE", "PERCENT", "DOC_REF"])))]
    ev = score(gold, gold)
    assert list(ev.labels) == [
        "DOC_REF", "DATE", "PERCENT", "PERSON", "TITLE", "MODEL", "CAMPAIGN", "ALPHA", "ZETA",
    ]


@pytest.mark.parametrize(
    "gold, pred, message",
    [
        pytest.param([doc("a"), doc("a")], [doc("a")], "duplicate gold",
                     id="duplicate-gold-id"),
        pytest.param([doc("a")], [doc("a"), doc("a")], "duplicate predicted",
                     id="duplicate-pred-id"),
        pytest.param(
            [doc("a", {"start": 0, "label": "DATE"})], [doc("a")], "entity 0",
            id="entity-without-end",
        ),
    ],
)
def test_score_rejects_bad_input(gold, pred, message):
    with pytest.raises(ValueError, match=message):
        score(gold, pred)


# --------------------------------------------------------------------------
# Value accuracy: expected field -> (correct, total) for one matched mention

NFD_HOA = unicodedata.normalize("NFD", "Thanh Hóa")
assert NFD_HOA != "Thanh Hóa"  # the NFC case below is only meaningful if so

VALUE_CASES = [
    pytest.param("DOC_REF", {"issuer": "Ban Thường vụ Thành ủy"},
                 {"issuer": "Ban Thường vụ Thành ủy"}, {"issuer": (1, 1)}, id="string-equal"),
    pytest.param("DOC_REF", {"issuer": "Ban Thường vụ  Thành ủy"},
                 {"issuer": " Ban Thường vụ\nThành\tủy "}, {"issuer": (1, 1)},
                 id="string-whitespace-folded"),
    pytest.param("TITLE", {"org": "Tỉnh ủy Thanh Hóa"}, {"org": "Tỉnh ủy " + NFD_HOA},
                 {"org": (1, 1)}, id="string-nfc"),
    pytest.param("TITLE", {"org": "Sở Y tế"}, {"org": "Sở Y Tế"}, {"org": (0, 1)},
                 id="string-case-differs"),
    pytest.param("TITLE", {"org": "Thành ủy"}, {"org": "Thành uỷ"}, {"org": (0, 1)},
                 id="string-tone-placement-not-folded"),
    pytest.param("PERCENT", {"value": 100}, {"value": 100.0}, {"value": (1, 1)},
                 id="int-equals-float"),
    pytest.param("PERCENT", {"value": 83.62}, {"value": 83.6200000004}, {"value": (1, 1)},
                 id="float-within-tolerance"),
    pytest.param("PERCENT", {"value": 83.62}, {"value": 83.6}, {"value": (0, 1)},
                 id="float-differs"),
    pytest.param("PERCENT", {"value": 83.62}, {"value": "83.62"}, {"value": (0, 1)},
                 id="number-vs-string"),
    pytest.param("DOC_REF", {"self": True}, {"self": True}, {"self": (1, 1)}, id="bool-equal"),
    pytest.param("DOC_REF", {"self": True}, {"self": 1}, {"self": (0, 1)},
                 id="bool-is-not-number"),
    pytest.param("DOC_REF", {"year": 1}, {"year": True}, {"year": (0, 1)},
                 id="number-is-not-bool"),
    pytest.param("PERSON", {"titles": ["Tỉnh ủy viên", "Giám đốc Sở Y tế"]},
                 {"titles": ["Giám đốc  Sở Y tế", "Tỉnh ủy viên"]}, {"titles": (1, 1)},
                 id="list-multiset-order-and-whitespace"),
    pytest.param("PERSON", {"titles": ["Bí thư", "Bí thư"]}, {"titles": ["Bí thư"]},
                 {"titles": (0, 1)}, id="list-multiset-counts"),
    pytest.param("PERSON", {"titles": ["Bí thư"]}, {"titles": ["Bí thư", "Giám đốc"]},
                 {"titles": (0, 1)}, id="list-extra-item"),
    pytest.param("PERSON", {"titles": []}, {"titles": []}, {"titles": (1, 1)},
                 id="list-empty"),
    pytest.param("PERSON", {"titles": ["Bí thư"]}, {"titles": "Bí thư"}, {"titles": (0, 1)},
                 id="list-vs-string"),
    # Iterating the mapping would yield exactly the gold items: a type check must stop it.
    pytest.param("PERSON", {"titles": ["Bí thư"]}, {"titles": {"Bí thư": True}},
                 {"titles": (0, 1)}, id="list-vs-mapping"),
    pytest.param("DATE", {"value": "--06-03"}, {"value": "2025-06-03"}, {"value": (1, 1)},
                 id="date-month-day-vs-full-date"),
    pytest.param("DATE", {"value": "--06-03"}, {"value": "--06-03"}, {"value": (1, 1)},
                 id="date-month-day-vs-month-day"),
    pytest.param("DATE", {"value": "--06-03"}, {"value": "2025-07-03"}, {"value": (0, 1)},
                 id="date-wrong-month"),
    pytest.param("DATE", {"value": "--06-03"}, {"value": "2025-06-04"}, {"value": (0, 1)},
                 id="date-wrong-day"),
    pytest.param("DATE", {"value": "2025-06-03"}, {"value": "--06-03"}, {"value": (0, 1)},
                 id="date-full-gold-needs-year"),
    pytest.param("DATE", {"value": "2025-06-03"}, {"value": "2024-06-03"}, {"value": (0, 1)},
                 id="date-full-wrong-year"),
    pytest.param("DATE", {"value": "2020-03"}, {"value": "2020-03-31"}, {"value": (0, 1)},
                 id="date-month-year-exact"),
    pytest.param("DOC_REF", {"issued": "--06-03"}, {"issued": "2025-06-03"},
                 {"issued": (0, 1)}, id="month-day-rule-only-for-date-value"),
    pytest.param("PERSON", {"role": "chủ trì"}, {}, {"role": (0, 1)},
                 id="missing-predicted-key"),
    pytest.param("PERSON", {"role": "chủ trì"}, {"role": None}, {"role": (0, 1)},
                 id="predicted-none"),
    pytest.param("PERCENT", {"qualifier": None, "unit": "%"}, {"unit": "%"}, {"unit": (1, 1)},
                 id="gold-none-skipped"),
    pytest.param("PERSON", {"name": "Trần Nga"}, {"name": "Trần Nga", "role": "ký"},
                 {"name": (1, 1)}, id="extra-predicted-key-ignored"),
    pytest.param("DOC_REF",
                 {"doc_type": "Chỉ thị", "number": "08", "code": "08-CT/TU", "year": None},
                 {"doc_type": "Chỉ thị", "number": "8", "code": "08-CT/TU", "year": 2021},
                 {"doc_type": (1, 1), "number": (0, 1), "code": (1, 1)},
                 id="several-fields"),
]


@pytest.mark.parametrize("label, gold_attrs, pred_attrs, expected", VALUE_CASES)
def test_value_accuracy(label, gold_attrs, pred_attrs, expected):
    gold = [doc("d", ent(0, 10, label, **gold_attrs))]
    pred = [doc("d", ent(0, 10, label, **pred_attrs))]
    assert score(gold, pred).labels[label].values == expected


def test_value_accuracy_without_attrs_key():
    gold = [doc("d", ent(0, 10, "PERSON", role="dự"))]
    pred = [doc("d", {"start": 0, "end": 10, "label": "PERSON", "id": "e1", "sentence": 0})]
    ls = score(gold, pred).labels["PERSON"]
    assert ls.values == {"role": (0, 1)}
    assert ls.value_accuracy("role") == 0.0


def test_value_accuracy_accumulates_over_mentions():
    gold = [
        doc("a", ent(0, 5, "PERSON", name="Trần Nga"), ent(10, 15, "PERSON", name="Lục Văn Đại")),
        doc("b", ent(0, 5, "PERSON", name="Hồ Kỳ Minh")),
    ]
    pred = [
        doc("a", ent(0, 5, "PERSON", name="Trần Nga"), ent(10, 15, "PERSON", name="Lục Văn")),
        doc("b", ent(0, 5, "PERSON", name="Hồ Kỳ Minh")),
    ]
    ls = score(gold, pred).labels["PERSON"]
    assert ls.values == {"name": (2, 3)}
    assert ls.value_accuracy("name") == pytest.approx(2 / 3)
    assert ls.value_accuracy("role") is None


def test_values_only_for_strict_matches():
    gold = [doc("d", ent(0, 10, "PERSON", name="Trần Nga"))]
    pred = [doc("d", ent(0, 8, "PERSON", name="Trần Nga"))]
    ls = score(gold, pred).labels["PERSON"]
    assert ls.values == {}
    assert ls.value_accuracy("name") is None


def test_values_with_duplicate_predictions_counted_once():
    gold = [doc("d", ent(0, 10, "PERSON", name="Trần Nga"))]
    pred = [doc("d", ent(0, 10, "PERSON", name="Trần Nga"), ent(0, 10, "PERSON", name="X"))]
    assert score(gold, pred).labels["PERSON"].values == {"name": (1, 1)}


# --------------------------------------------------------------------------
# read_jsonl

GOOD_LINES = [
    {"id": "000", "text": "Chỉ thị số 08-CT/TU", "published": "2025-06-07",
     "entities": [{"start": 0, "end": 19, "label": "DOC_REF", "text": "Chỉ thị số 08-CT/TU",
                   "attrs": {"doc_type": "Chỉ thị", "code": "08-CT/TU"}}]},
    {"id": "001", "text": "", "published": None, "entities": []},
]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"], ids=["plain", "gzip"])
def test_read_jsonl_reads_documents(tmp_path: Path, suffix: str):
    path = tmp_path / f"gold{suffix}"
    body = "\n\n".join(json.dumps(d, ensure_ascii=False) for d in GOOD_LINES) + "\n"
    if suffix.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(body)
    else:
        path.write_text(body, encoding="utf-8")
    assert read_jsonl(path) == GOOD_LINES
    assert read_jsonl(str(path)) == GOOD_LINES


@pytest.mark.parametrize(
    "bad_line, reason",
    [
        pytest.param('{"id": "002", "entities": [', "E011 {path}:3: malformed JSON", id="malformed-json"),
        pytest.param('{"id": "002", "text": ""}', "E051 {path}:3: not a vnfacts record or gold document (needs 'entities')",
                     id="missing-entities"),
        pytest.param('{"text": "", "entities": []}', "E051 {path}:3: not a vnfacts record or gold document (needs 'id')",
                     id="missing-id"),
        pytest.param('[1, 2]', "E015 {path}:3: a JSONL line must hold a JSON object, not list", id="not-an-object"),
        pytest.param('{"id": "002", "entities": {}}', "E051 {path}:3: not a vnfacts record or gold document (needs 'entities')",
                     id="entities-not-list"),
    ],
)
def test_read_jsonl_errors_name_file_and_line(tmp_path: Path, bad_line: str, reason: str):
    path = tmp_path / "pred.jsonl"
    lines = [json.dumps(GOOD_LINES[0], ensure_ascii=False), "", bad_line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        read_jsonl(path)
    message = str(info.value)
    assert message.startswith(reason.format(path=path))
    assert "\n" not in message


# --------------------------------------------------------------------------
# to_dict and format_table

def _sample_evaluation() -> Evaluation:
    gold = [
        doc("a",
            ent(0, 19, "DOC_REF", code="08-CT/TU"),
            ent(25, 34, "DATE", value="--08-05"),
            ent(40, 50, "PERSON", name="Trần Nga", titles=["Bí thư"]),
            ent(60, 70, "PERSON", name="Lục Văn Đại")),
        doc("b", ent(0, 5, "CUSTOM")),
    ]
    pred = [
        doc("a",
            ent(0, 19, "DOC_REF", code="08-CT/TU"),
            ent(25, 34, "DATE", value="2021-08-05"),
            ent(40, 50, "PERSON", name="Trần  Nga", titles=[]),
            ent(60, 65, "PERSON", name="Lục Văn")),
    ]
    return score(gold, pred)


def test_to_dict_is_json_serialisable():
    data = json.loads(json.dumps(_sample_evaluation().to_dict()))
    assert data["n_docs"] == 2
    assert data["missing_docs"] == ["b"]
    assert list(data["labels"]) == ["DOC_REF", "DATE", "PERSON", "CUSTOM"]
    person = data["labels"]["PERSON"]
    assert (person["gold"], person["pred"]) == (2, 2)
    assert person["strict"]["tp"] == 1
    assert person["strict"]["f1"] == pytest.approx(0.5)
    assert person["partial"]["tp"] == 1.5
    assert person["partial"]["precision"] == pytest.approx(0.75)
    assert person["values"] == {
        "name": {"correct": 1, "total": 1, "accuracy": 1.0},
        "titles": {"correct": 0, "total": 1, "accuracy": 0.0},
    }
    assert data["labels"]["DATE"]["values"]["value"]["accuracy"] == 1.0
    assert data["labels"]["CUSTOM"]["strict"]["recall"] == 0.0
    assert data["micro"]["strict"]["tp"] == 3
    assert (data["micro"]["gold"], data["micro"]["pred"]) == (5, 4)
    assert data["micro"]["partial"]["recall"] == pytest.approx(3.5 / 5)


def test_format_table_rows():
    text = format_table(_sample_evaluation(), title="gold vs rules")
    lines = text.splitlines()
    assert lines[0] == "gold vs rules"
    header = lines[1].split()
    assert header == ["label", "gold", "pred", "strict-P", "strict-R", "strict-F1",
                      "partial-P", "partial-R", "partial-F1"]
    rows = {line.split()[0]: line.split() for line in lines if len(line.split()) == 9}
    assert rows["DOC_REF"] == ["DOC_REF", "1", "1"] + ["1.000"] * 6
    assert rows["PERSON"] == ["PERSON", "2", "2", "0.500", "0.500", "0.500",
                              "0.750", "0.750", "0.750"]
    assert rows["CUSTOM"] == ["CUSTOM", "1", "0"] + ["0.000"] * 6
    assert rows["micro"] == ["micro", "5", "4", "0.750", "0.600", "0.667",
                             "0.875", "0.700", "0.778"]
    first_words = [line.split()[0] for line in lines[1:] if line.split()]
    order = [first_words.index(name) for name in ["DOC_REF", "DATE", "PERSON", "CUSTOM", "micro"]]
    assert order == sorted(order)


def test_format_table_value_rows():
    lines = format_table(_sample_evaluation()).splitlines()
    value_rows = [line.split() for line in lines if len(line.split()) == 4]
    assert ["label", "field", "correct/total", "accuracy"] in value_rows
    assert ["DOC_REF", "code", "1/1", "1.000"] in value_rows
    assert ["DATE", "value", "1/1", "1.000"] in value_rows
    assert ["PERSON", "name", "1/1", "1.000"] in value_rows
    assert ["PERSON", "titles", "0/1", "0.000"] in value_rows
    header_at = value_rows.index(["label", "field", "correct/total", "accuracy"])
    assert value_rows.index(["DOC_REF", "code", "1/1", "1.000"]) > header_at


def test_format_table_without_title_starts_with_header():
    assert format_table(_sample_evaluation()).splitlines()[0].split()[0] == "label"


def test_public_types():
    ls = LabelScore("DATE", PRF(1.0, 1, 1), PRF(1.0, 1, 1), {"value": (3, 4)})
    assert ls.value_accuracy("value") == 0.75
    with pytest.raises(AttributeError):
        ls.strict.tp = 2.0  # type: ignore[misc]
