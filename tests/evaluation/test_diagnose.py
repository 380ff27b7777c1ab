"""--errors: every miss, spurious, boundary, label and value error, with its sentence."""

from __future__ import annotations

import pytest

from pipeline.evaluation.diagnose import Context, count_kinds, document_errors, find_errors
from pipeline.evaluation.score import score

SENT_A1 = ("Thực hiện Chỉ thị số 12-CT/TU ngày 03/4/2024 của Ban Thường vụ Tỉnh ủy, "
           "tỷ lệ hộ đạt chuẩn là 91,5%.")
SENT_A2 = "Chiều 5-4, đồng chí Nguyễn Văn Hùng, Phó Bí thư Tỉnh ủy, dự hội nghị."
SENT_A3 = "🎉 Mô hình “Dân vận khéo” được nhân rộng."
SENT_B = ("Kế hoạch số 45/KH-UBND ngày 10/5/2024 triển khai phong trào “Bình dân học vụ số” "
          "trên địa bàn; 📱 100% xã tham gia.")

# (doc, kind, label, field, gold [start, end) or None, pred [start, end) or None, sentence)
EXPECTED_OLD = [
    ("a", "value", "DOC_REF", "issuer", (10, 29), (10, 29), SENT_A1),
    ("a", "miss", "PERSON", None, (122, 137), None, SENT_A2),
    ("a", "miss", "TITLE", None, (139, 157), None, SENT_A2),
    ("a", "label", "MODEL", None, (183, 195), (183, 195), SENT_A3),
    ("b", "boundary", "DOC_REF", None, (0, 22), (12, 22), SENT_B),
    ("b", "miss", "PERCENT", None, (97, 101), None, SENT_B),
    ("c", "miss", "DATE", None, (5, 9), None, "Sáng 12/6, Sở Y tế tổ chức hội nghị."),
    ("c", "miss", "PERCENT", None, (58, 63), None, "Tỷ lệ tiêm chủng đạt 98,2%."),
]


def _span(entity):
    return None if entity is None else (entity["start"], entity["end"])


def test_errors_of_the_old_run(fixture_docs):
    errors = find_errors(fixture_docs("gold"), fixture_docs("pred_old"))
    got = [(e["doc_id"], e["kind"], e["label"], e.get("field"), _span(e["gold"]), _span(e["pred"]), e["sentence"])
           for e in errors]
    assert got == EXPECTED_OLD


def test_error_records_carry_span_texts_and_values(fixture_docs):
    errors = find_errors(fixture_docs("gold"), fixture_docs("pred_old"))
    value, label = errors[0], errors[3]
    assert list(value) == ["doc_id", "kind", "label", "field", "gold", "pred", "sentence"]
    assert value["gold"]["attrs"]["issuer"] == "Ban Thường vụ Tỉnh ủy"
    assert value["pred"]["attrs"]["issuer"] == "Ban Thường vụ"
    assert (label["gold"]["label"], label["pred"]["label"], label["pred"]["text"]) == ("MODEL", "CAMPAIGN", "Dân vận khéo")


def test_spurious_errors_of_the_new_run(fixture_docs):
    errors = find_errors(fixture_docs("gold"), fixture_docs("pred_new"))
    assert [(e["doc_id"], e["kind"], e["label"], _span(e["pred"])) for e in errors] == [
        ("a", "spurious", "PERSON", (63, 70)),
        ("a", "miss", "DATE", None),
    ]


@pytest.mark.parametrize("run", ["pred_old", "pred_new"])
def test_errors_add_up_to_the_scores(fixture_docs, run):
    gold, pred = fixture_docs("gold"), fixture_docs(run)
    errors = find_errors(gold, pred)
    for label, ls in score(gold, pred, labels=["DOC_REF", "DATE", "PERCENT", "PERSON", "TITLE", "MODEL",
                                                 "CAMPAIGN"]).labels.items():
        mine = [e for e in errors if e["kind"] != "value"]
        gold_side = sum(1 for e in mine if e["gold"] and e["gold"]["label"] == label)
        pred_side = sum(1 for e in mine if e["pred"] and e["pred"]["label"] == label)
        assert ls.strict.tp + gold_side == ls.strict.n_gold, label
        assert ls.strict.tp + pred_side == ls.strict.n_pred, label
        wrong_values = sum(1 for e in errors if e["kind"] == "value" and e["label"] == label)
        assert wrong_values == sum(t - c for c, t in ls.values.values()), label


def test_labels_limit_the_errors(fixture_docs):
    errors = find_errors(fixture_docs("gold"), fixture_docs("pred_old"), labels=["PERCENT"])
    assert count_kinds(errors) == {"miss": 2}


def test_missing_value_key_is_a_value_error_and_gold_none_is_not_checked():
    text = "Tỷ lệ đạt 83,62% trở lên."
    gold = {"id": "d", "text": text, "entities": [
        {"start": 10, "end": 16, "label": "PERCENT", "attrs": {"value": 83.62, "qualifier": ">=", "year": None}}]}
    pred = {"id": "d", "entities": [{"start": 10, "end": 16, "label": "PERCENT", "attrs": {"value": 83.62}}]}
    [error] = document_errors(gold, pred)
    assert (error["kind"], error["field"], error["sentence"]) == ("value", "qualifier", text)


def test_context_spans_every_sentence_a_mention_crosses():
    text = "Ngày 3/6 họp. Sáng 4/6\nhọp tiếp."
    context = Context.of(text)
    assert context.around(5, 8) == "Ngày 3/6 họp."
    # The pipeline joins the hard line break inside the second sentence.
    assert context.around(5, 20) == "Ngày 3/6 họp. Sáng 4/6\nhọp tiếp."
    assert context.around(14, 18) == "Sáng 4/6\nhọp tiếp."
