"""The bar of the extraction core, on the shared seed gold and on our corpus gold."""

from __future__ import annotations

import pytest

from pipeline.evaluation.score import score

F1_BAR = {"DOC_REF": 0.95, "DATE": 0.95, "PERCENT": 0.95, "PERSON": 0.95, "TITLE": 0.85, "MODEL": 0.90,
          "CAMPAIGN": 0.90}
VALUE_BAR = [("DOC_REF", "code", 0.95), ("DOC_REF", "doc_type", 0.95), ("DOC_REF", "issued", 0.95),
             ("DOC_REF", "issuer", 0.95), ("DATE", "value", 0.95), ("PERCENT", "value", 0.95),
             ("PERSON", "titles", 0.90), ("TITLE", "person", 0.90), ("TITLE", "org", 0.90)]
GOLD_NAMES = ["seeds", "corpus"]


@pytest.mark.parametrize("gold_name", GOLD_NAMES)
@pytest.mark.parametrize("label", list(F1_BAR))
def test_strict_f1_meets_the_bar(gold_runs, gold_name, label):
    gold, pred = gold_runs(gold_name)
    result = score(gold, pred, labels=[label]).labels[label]
    assert result.strict.n_gold > 0
    assert result.strict.f1 >= F1_BAR[label], (result.strict.tp, result.strict.n_pred, result.strict.n_gold)


@pytest.mark.parametrize("gold_name", GOLD_NAMES)
@pytest.mark.parametrize("label, field, bar", VALUE_BAR)
def test_value_accuracy_meets_the_bar(gold_runs, gold_name, label, field, bar):
    gold, pred = gold_runs(gold_name)
    result = score(gold, pred, labels=[label]).labels[label]
    correct, total = result.values[field]
    assert total > 0 and correct / total >= bar, (correct, total)


@pytest.mark.parametrize("gold_name", GOLD_NAMES)
def test_every_emitted_span_indexes_the_gold_text(gold_runs, gold_name):
    gold, pred = gold_runs(gold_name)
    for doc, record in zip(gold, pred, strict=True):
        assert record["text"] == doc["text"]
        for e in record["entities"]:
            assert doc["text"][e["start"]:e["end"]] == e["text"]
