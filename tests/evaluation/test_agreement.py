"""agreement A B: strict/partial F1 per label, character-level Cohen's kappa, value agreement."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from pipeline.evaluation.agreement import CharTable, agreement, char_table, format_agreement

TEXT = "Ngày 05-8-2021, Chỉ thị số 08-CT/TU ban hành; tỷ lệ đạt 83,62% 😀 năm 2023."


def doc(doc_id: str, *spans: tuple[int, int, str], text: str = TEXT, **attrs) -> dict:
    return {"id": doc_id, "text": text,
            "entities": [{"start": s, "end": e, "label": lab, "attrs": dict(attrs)} for s, e, lab in spans]}


def test_identical_annotations_agree_fully(fixture_docs):
    gold = fixture_docs("gold")
    result = agreement(gold, gold)
    for row in result.labels.values():
        assert (row.strict.f1, row.partial.f1, row.chars.kappa) == (1.0, 1.0, 1.0)
        assert all(agree == total for agree, total in row.values.values())


@pytest.mark.parametrize("table, kappa", [
    pytest.param(CharTable(5, 5, 5, 5), 0.0, id="chance-level"),
    pytest.param(CharTable(10, 0, 0, 10), 1.0, id="perfect"),
    pytest.param(CharTable(0, 10, 10, 0), -1.0, id="opposite"),
    pytest.param(CharTable(0, 0, 0, 20), None, id="label-never-used"),
    pytest.param(CharTable(20, 0, 0, 0), None, id="label-everywhere"),
    pytest.param(CharTable(0, 0, 0, 0), None, id="no-text"),
])
def test_kappa_of_a_table(table, kappa):
    assert table.kappa == (None if kappa is None else pytest.approx(kappa))


def test_kappa_matches_scikit_learn():
    a = [doc("d", (5, 14, "DATE"), (16, 35, "DOC_REF"), (57, 63, "PERCENT"))]
    b = [doc("d", (5, 14, "DATE"), (16, 30, "DOC_REF"), (57, 62, "PERCENT"), (66, 69, "PERCENT"))]
    for label in ("DATE", "DOC_REF", "PERCENT"):
        ours = char_table(a, b, label).kappa
        a_marks, b_marks = np.zeros(len(TEXT), int), np.zeros(len(TEXT), int)
        for side, marks in ((a, a_marks), (b, b_marks)):
            for e in side[0]["entities"]:
                if e["label"] == label:
                    marks[e["start"]:e["end"]] = 1
        assert ours == pytest.approx(cohen_kappa_score(a_marks, b_marks)), label


def test_nested_mentions_of_other_labels_do_not_conflict():
    a = [doc("d", (16, 35, "DOC_REF"))]
    b = [doc("d", (16, 35, "DOC_REF"), (27, 29, "DATE"))]
    result = agreement(a, b)
    assert result.labels["DOC_REF"].chars.kappa == 1.0
    assert result.labels["DATE"].chars == CharTable(0, 0, 2, len(TEXT) - 2)


def test_f1_is_symmetric_and_partial_counts_overlaps():
    a = [doc("d", (5, 14, "DATE"), (16, 35, "DOC_REF"), (57, 63, "PERCENT"))]
    b = [doc("d", (5, 14, "DATE"), (16, 30, "DOC_REF"))]
    ab, ba = agreement(a, b), agreement(b, a)
    for label in ("DATE", "DOC_REF", "PERCENT"):
        assert ab.labels[label].strict.f1 == ba.labels[label].strict.f1
        assert ab.labels[label].partial.f1 == ba.labels[label].partial.f1
        assert ab.labels[label].chars.kappa == pytest.approx(ba.labels[label].chars.kappa)
    assert (ab.labels["DOC_REF"].strict.f1, ab.labels["DOC_REF"].partial.f1) == (0.0, 0.5)
    assert (ab.labels["PERCENT"].strict.n_gold, ab.labels["PERCENT"].strict.n_pred) == (1, 0)


def test_value_agreement_counts_fields_a_states():
    a = [doc("d", (16, 35, "DOC_REF"), code="08-CT/TU", issuer="Ban Thường vụ")]
    b = [doc("d", (16, 35, "DOC_REF"), code="08-CT/TU", issuer="Ban Thường vụ Thành ủy")]
    assert agreement(a, b).labels["DOC_REF"].values == {"code": (1, 1), "issuer": (0, 1)}


def test_documents_pair_by_id_and_texts_must_match():
    a = [doc("x", (5, 14, "DATE")), doc("only-a")]
    b = [doc("only-b"), doc("x", (5, 14, "DATE"))]
    result = agreement(a, b)
    assert (result.shared, result.only_a, result.only_b) == (["x"], ["only-a"], ["only-b"])
    with pytest.raises(ValueError, match="document 'x': the two files hold different texts"):
        agreement(a, [doc("x", text=TEXT + " ")])


def test_report(fixture_docs):
    gold, pred = fixture_docs("gold"), fixture_docs("pred_old")
    lines = format_agreement(agreement(gold, pred), "A vs B").splitlines()
    assert lines[0] == "A vs B"
    assert lines[1].split() == ["label", "A", "B", "strict-F1", "partial-F1", "kappa"]
    rows = {line.split()[0]: line.split() for line in lines[3:10]}
    assert rows["PERSON"] == ["PERSON", "1", "0", "0.000", "0.000", "0.000"]
    assert rows["MODEL"][:5] == ["MODEL", "1", "0", "0.000", "0.000"]
    assert ["DOC_REF", "issuer", "0/1", "0.000"] in [line.split() for line in lines]
    assert lines[-1] == "documents only in A: 1, only in B: 0"
    both_silent = agreement([doc("d")], [doc("d")], labels=["DATE"])
    assert format_agreement(both_silent).splitlines()[2].split() == ["DATE", "0", "0", "0.000", "0.000", "-"]
