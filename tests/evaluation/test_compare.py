"""--compare OLD NEW: the mentions and values a change gained and lost against the gold."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluation.compare import compare, format_comparison

# (kind, doc, label, start, end, text, field, old value, new value), in report order
EXPECTED = [
    ("value_fixed", "a", "DOC_REF", 10, 29, "Chỉ thị số 12-CT/TU", "issuer", "Ban Thường vụ", "Ban Thường vụ Tỉnh ủy"),
    ("spurious_added", "a", "PERSON", 63, 70, "Tỉnh ủy", None, None, None),
    ("lost", "a", "DATE", 108, 111, "5-4", None, None, None),
    ("gained", "a", "PERSON", 122, 137, "Nguyễn Văn Hùng", None, None, None),
    ("gained", "a", "TITLE", 139, 157, "Phó Bí thư Tỉnh ủy", None, None, None),
    ("gained", "a", "MODEL", 183, 195, "Dân vận khéo", None, None, None),
    ("spurious_removed", "a", "CAMPAIGN", 183, 195, "Dân vận khéo", None, None, None),
    ("gained", "b", "DOC_REF", 0, 22, "Kế hoạch số 45/KH-UBND", None, None, None),
    ("spurious_removed", "b", "DOC_REF", 12, 22, "45/KH-UBND", None, None, None),
    ("gained", "b", "PERCENT", 97, 101, "100%", None, None, None),
    ("gained", "c", "DATE", 5, 9, "12/6", None, None, None),
    ("gained", "c", "PERCENT", 58, 63, "98,2%", None, None, None),
]
OPPOSITE = {"gained": "lost", "lost": "gained", "spurious_added": "spurious_removed",
            "spurious_removed": "spurious_added", "value_fixed": "value_broken", "value_broken": "value_fixed"}


def _rows(result):
    return [(c["kind"], c["doc_id"], c["label"], c["start"], c["end"], c["text"], c.get("field"), c.get("old"),
             c.get("new")) for c in result.changes]


@pytest.fixture
def runs(fixture_docs):
    return fixture_docs("gold"), fixture_docs("pred_old"), fixture_docs("pred_new")


def test_changes_from_old_to_new(runs):
    result = compare(*runs)
    assert _rows(result) == EXPECTED
    assert result.changes[2]["sentence"] == "Chiều 5-4, đồng chí Nguyễn Văn Hùng, Phó Bí thư Tỉnh ủy, dự hội nghị."
    assert result.changes[0]["gold"] == "Ban Thường vụ Tỉnh ủy"
    assert result.lost_anything


def test_swapping_the_runs_swaps_the_kinds(runs):
    gold, old, new = runs
    backwards = compare(gold, new, old)
    swapped = sorted((OPPOSITE[k], d, lab, s, e, t, f, n, o) for k, d, lab, s, e, t, f, o, n in EXPECTED)
    assert sorted(_rows(backwards)) == swapped


def test_same_run_changes_nothing(runs):
    gold, old, _ = runs
    result = compare(gold, old, old)
    assert result.changes == [] and not result.lost_anything


def test_summary_per_label(runs):
    data = json.loads(json.dumps(compare(*runs).to_dict()))
    doc_ref = data["labels"]["DOC_REF"]
    assert (doc_ref["old"]["tp"], doc_ref["new"]["tp"]) == (1, 2)
    assert doc_ref["delta_f1"] == pytest.approx(0.5)
    assert {k: doc_ref[k] for k in ("gained", "lost", "spurious_added", "spurious_removed", "value_fixed",
                                    "value_broken")} == {"gained": 1, "lost": 0, "spurious_added": 0,
                                                         "spurious_removed": 1, "value_fixed": 1, "value_broken": 0}
    assert data["labels"]["DATE"]["lost"] == 1 and data["labels"]["DATE"]["gained"] == 1
    assert len(data["changes"]) == len(EXPECTED)


def test_labels_limit_the_comparison(runs):
    result = compare(*runs, labels=["DATE"])
    assert [(c["kind"], c["doc_id"]) for c in result.changes] == [("lost", "a"), ("gained", "c")]
    assert list(result.old.labels) == ["DATE"]


def test_text_report(runs):
    lines = format_comparison(compare(*runs)).splitlines()
    assert lines[0].split() == ["label", "old-F1", "new-F1", "delta", "gained", "lost", "spur+", "spur-",
                                "val+", "val-"]
    assert lines[2].split() == ["DOC_REF", "0.500", "1.000", "+0.500", "1", "0", "0", "1", "1", "0"]
    assert "lost (correct before, not now): 1" in lines
    assert "  - DATE a [108:111] '5-4'" in lines
    assert ("  + DOC_REF a [10:29] 'Chỉ thị số 12-CT/TU' issuer: 'Ban Thường vụ' -> 'Ban Thường vụ Tỉnh ủy' "
            "(gold 'Ban Thường vụ Tỉnh ủy')") in lines
