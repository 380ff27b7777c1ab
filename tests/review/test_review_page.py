"""The review's content and its HTML: mentions, values, fact tables of mention texts, gold differences, errors."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from review_records import SCRIPT_NAME, TEXT, gold, gold2, record, record2, record3, write

from pipeline.review import build_review, render, review


@pytest.fixture
def files(tmp_path):
    records = write(tmp_path / "records.jsonl", [record2(), record()])
    golds = write(tmp_path / "gold.jsonl", [gold(), gold2()])
    return records, golds


def _statuses(page):
    return {m.key: m.status for m in page.mentions}


def test_without_gold_every_mention_is_shown_in_file_order_and_facts_name_mention_texts(files):
    result = build_review(files[0])
    assert [p.id for p in result.pages] == ["d2", "d1"]
    page = result.pages[1]
    assert (page.anchor, page.line, page.counts, page.n_facts, page.depth) == (
        "doc-2", 2, {"PERSON": 1, "TITLE": 1, "DOC_REF": 1, "DATE": 1, "PERCENT": 1, "MODEL": 1}, 4, 2)
    assert set(_statuses(page).values()) == {"ok"}
    assert "".join(p.text for p in page.pieces) == TEXT
    assert [(p.text, p.shade) for p in page.pieces[:2]] == [("Trang chủ | Tin tức", "chrome"), ("\nĐồng chí ", None)]
    tables = {t.type: t for t in page.tables}
    assert list(tables) == ["document_issued", "holds_position", "figure", "model_run_by"]
    held = tables["holds_position"]
    assert held.columns == ["person", "title", "person", "title", "org"]
    assert [(c.text, c.ids) for c in held.rows[0][1][:2]] == [("Lê Thị Hoa", "T1"), ("Trưởng Ban Dân vận Tỉnh ủy", "T2")]
    figure = tables["figure"]
    assert figure.columns == ["percent", "value", "unit", "year", "metric"]
    assert [c.text for c in figure.rows[0][1]] == ["92%", "92", "%", "2020", "tỷ lệ"]


def test_with_gold_the_scorers_differences_are_marked_and_the_worst_document_comes_first(files):
    result = build_review(*files)
    assert [p.id for p in result.pages] == ["d1", "d2"]
    page = result.pages[0]
    assert _statuses(page) == {"T1": "ok", "T2": "boundary", "T3": "value", "T4": "ok", "T5": "spurious", "T6": "ok",
                               "gold-1": "gold-boundary", "gold-2": "missed"}
    gold_mentions = [(m.label, m.text) for m in page.mentions if m.gold]
    assert gold_mentions == [("TITLE", "Trưởng Ban Dân vận"), ("CAMPAIGN", "Dân vận khéo")]
    notes = {m.key: m.notes for m in page.mentions if m.notes}
    assert notes == {"T2": ["gold span: 'Trưởng Ban Dân vận'"], "T3": ["code: '21-CT/TW', gold '21-CT/TU'"],
                     "T5": ["not in the gold"]}
    assert dict(page.errors) == {"value": 1, "boundary": 1, "miss": 1, "spurious": 1, "fact value": 2,
                                 "fact spurious": 1, "fact miss": 1}
    rows = {t.type: [(status, [(c.text, c.gold) for c in cells if c.gold is not None]) for status, cells in t.rows]
            for t in page.tables}
    assert rows == {"document_issued": [("value", [("2020-09-14", "2020-09-04")])],
                    "holds_position": [("value", [("Ban Dân vận", "Ban Dân vận Tỉnh ủy")])],
                    "figure": [("spurious", [])], "model_run_by": [("ok", [])], "campaign": [("missed", [])]}
    missed = next(t for t in page.tables if t.type == "campaign")
    assert [c.text for c in missed.rows[0][1]] == ["", "Dân vận khéo"]
    mentions = page.scores.mentions
    assert (mentions.strict.tp, mentions.strict.n_pred, mentions.strict.n_gold) == (4, 6, 6)
    assert (page.scores.facts.tp, page.scores.facts.n_pred, page.scores.facts.n_gold) == (3, 4, 4)
    assert page.scores.facts_all_values.tp == 1
    assert result.pages[1].scores.mentions.strict.f1 == 1.0 and not result.pages[1].errors


def test_the_page_draws_one_label_per_mention_and_escapes_the_text(files):
    html = review(*files)
    assert len(re.findall(r'<span class="mention" data-id="', html)) == 7
    assert len(re.findall(r'<span class="gold-mention" data-id="', html)) == 2
    assert html.count("<script") == 1 and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;" in html
    assert "Phong trào &lt;i&gt;Dân vận khéo&lt;/i&gt;" in html
    # Self-contained: nothing is fetched when the page is viewed.
    assert not re.search(r"<link|\ssrc=|@import|url\(", html)
    assert 'data-shade="chrome"' in html and 'data-status="spurious"' in html


def test_a_record_without_text_takes_its_gold_text(tmp_path):
    bare = {k: v for k, v in record().items() if k != "text"}
    result = build_review(write(tmp_path / "r.jsonl", [bare]), write(tmp_path / "g.jsonl", [gold(), gold2()]))
    assert "".join(p.text for p in result.pages[0].pieces) == TEXT
    assert any(m.text == SCRIPT_NAME for m in result.pages[0].mentions)


def test_a_gold_file_shows_as_records_with_numbered_mentions(tmp_path):
    result = build_review(write(tmp_path / "g.jsonl", [gold(), gold2()]))
    page = result.pages[0]
    assert [(m.key, m.label) for m in page.mentions][:3] == [("E1", "PERSON"), ("E2", "TITLE"), ("E3", "CAMPAIGN")]
    assert [(t.type, [c.text for c in t.rows[0][1]]) for t in page.tables][:1] == [
        ("document_issued", ["", "", "Chỉ thị", "21-CT/TU", "2020-09-04"])]


def test_ids_select_in_file_order(files):
    assert [p.id for p in build_review(files[0], ids=["d1"]).pages] == ["d1"]
    assert [p.id for p in build_review(files[0], ids=["d1", "d2"]).pages] == ["d2", "d1"]


def _error(tmp_path, docs, gold_docs=None, **options):
    records = write(tmp_path / "r.jsonl", docs)
    golds = write(tmp_path / "g.jsonl", gold_docs) if gold_docs is not None else None
    with pytest.raises(ValueError) as caught:
        build_review(records, golds, **options)
    return str(caught.value).replace(str(tmp_path), "TMP")


def test_errors_name_the_file_and_line(tmp_path):
    bare = {k: v for k, v in record().items() if k != "text"}
    assert _error(tmp_path, [record2(), bare]) == (
        "E070 TMP/r.jsonl:2: record 'd1' has no text (extracted with --no-text?) and no gold document gives it; "
        "nothing to show")
    assert _error(tmp_path, [record()], ids=["d9"]) == "E071 TMP/r.jsonl: no record with id 'd9' (asked for with --id)"
    assert _error(tmp_path, [record(), record2()], limit=1) == (
        "E072 TMP/r.jsonl: 2 documents to show, more than the limit of 1; pick documents with --id or raise --limit")
    assert _error(tmp_path, [record()], [{**gold(), "text": TEXT + " "}]) == (
        "E073 TMP/r.jsonl:1: record 'd1' does not hold the text of its gold document in TMP/g.jsonl; "
        "differences cannot be marked")
    broken = record2()
    broken["entities"][0]["end"] = 99
    assert _error(tmp_path, [broken]) == (
        "E074 TMP/r.jsonl:1: entity 0 of record 'd2' has offsets 34..99 outside its text (39 characters); "
        "it cannot be drawn")
    unlabelled = record2()
    del unlabelled["entities"][0]["label"]
    assert _error(tmp_path, [record(), unlabelled]) == (
        "E074 TMP/r.jsonl:2: entity 0 of record 'd2' has no label; it cannot be drawn")
    assert _error(tmp_path, [{"id": "x", "text": "a", "entities": ["T1"]}]) == (
        "E074 TMP/r.jsonl:1: entity 0 of record 'x' is a str, not an object; it cannot be drawn")
    assert _error(tmp_path, [{"id": "x", "text": "a"}]) == (
        "E051 TMP/r.jsonl:1: not a vnfacts record or gold document (needs 'entities')")


def test_render_is_deterministic(files):
    assert render(build_review(*files)) == render(build_review(*files))


def test_each_label_carries_its_mention_in_a_tooltip(files):
    result = build_review(*files)
    page = result.pages[0]
    assert page.summary("T3") == ("DOC_REF 'Chỉ thị số 21-CT/TU ngày 14-9-2020' · doc_type: Chỉ thị · code: 21-CT/TW · "
                                  "value · code: '21-CT/TW', gold '21-CT/TU'")
    assert f'title="{escape(page.summary("T1"))}"' in render(result)


def test_a_line_break_inside_a_mention_still_breaks_the_line(tmp_path):
    html = review(write(tmp_path / "r.jsonl", [record3()]))
    # The words are inline blocks under their bars; the break is an inline span of the mention, without bars.
    assert '<span class="w" data-m="T1">chức<span class="bar"' in html
    assert '<span class="w nl" data-m="T1">\n</span><span class="w" data-m="T1">chính ' in html


def test_the_index_puts_first_the_document_worst_at_mentions_or_facts(tmp_path):
    facts_wrong = record2()
    facts_wrong["facts"][0]["values"]["metric"] = "tỷ lệ hộ cận nghèo"
    facts_wrong["id"] = "d2"
    perfect = {**record3(), "id": "d1"}
    gold1 = {"id": "d1", "text": record3()["text"], "facts": [],
             "entities": [{k: v for k, v in e.items() if k != "id"} for e in record3()["entities"]]}
    result = build_review(write(tmp_path / "r.jsonl", [perfect, facts_wrong]),
                          write(tmp_path / "g.jsonl", [gold1, gold2()]))
    # d2's mentions are all right, its one fact has a wrong metric: all-values fact F1 0.
    assert [(p.id, p.scores.rank) for p in result.pages] == [("d2", (0.0, 1.0)), ("d1", (1.0, 1.0))]


def test_a_wrong_label_marks_the_mention_and_draws_the_golds(tmp_path):
    predicted = record2()
    predicted["entities"][0]["label"] = "DATE"
    # The gold file's labels are scored (DATE among them), as `evaluate` scores them.
    result = build_review(write(tmp_path / "r.jsonl", [predicted]), write(tmp_path / "g.jsonl", [gold(), gold2()]))
    page = result.pages[0]
    assert [(m.key, m.label, m.status, m.notes) for m in page.mentions] == [
        ("T1", "DATE", "label", ["gold label: PERCENT"]), ("gold-1", "PERCENT", "gold-label", [])]
    assert dict(page.errors) == {"label": 1}
    assert 'data-id="gold-1" data-label="PERCENT" data-status="gold-label"' in render(result)
