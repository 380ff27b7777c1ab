"""The README's example queries run, with the same answers, on DuckDB and PostgreSQL over our corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch.run import process
from pipeline.load.backends import connect
from pipeline.load.run import load
from pipeline.stages.read import read_inputs

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "examples" / "queries"


@pytest.fixture(scope="module")
def corpus_records(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "facts.jsonl"
    records = process(read_inputs([str(ROOT / "corpus" / "samples")]))
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def run_query(db_url, records, name):
    load([str(records)], db_url)
    db = connect(db_url)
    try:
        return db.execute((QUERIES / name).read_text(encoding="utf-8"))
    finally:
        db.close()


def test_directives_by_year(db_url, corpus_records):
    assert run_query(db_url, corpus_records, "directives_by_year.sql") == [
        ("2016", "03-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        ("2016", "08-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        ("2018", "21-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        ("2019", "08-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        ("2019", "12-CT/TU", "Ban Thường vụ Tỉnh ủy Thái Bình", 1),
        ("2020", "08-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        ("2020", "21-CT/TU", "Ban Thường vụ Tỉnh ủy", 2),
        ("2021", "05-CT/TU", "Ban Thường vụ Tỉnh uỷ", 1),
        ("2021", "12-CT/TU", "Ban Thường vụ Tỉnh ủy", 3),
        ("2021", "17-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        ("2021", "19-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        ("2024", "03-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        ("2024", "25-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        (None, "05-CT/TU", None, 1),
        (None, "08-CT/TU", None, 1),
        (None, "10-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        (None, "12-CT/TU", "Ban Thường vụ Tỉnh ủy", 1),
        (None, "17-CT/TU", None, 1),
        (None, "21-CT/TU", None, 1)]


def test_figures_by_metric(db_url, corpus_records):
    rows = run_query(db_url, corpus_records, "figures_by_metric.sql")
    assert [(m, y, f) for m, y, f, _ in rows if m.startswith(("tỷ lệ hài lòng", "tỷ lệ hộ nghèo", "Tỷ lệ nợ thuế"))] == [
        ("Tỷ lệ nợ thuế so với tổng thu nội địa", 2020, "9,62%"),  # a heading over a list of years, then
        ("Tỷ lệ nợ thuế so với tổng thu nội địa", 2021, "8,4%"),   # "; năm 2021: 8,4%" continuing it
        ("Tỷ lệ nợ thuế so với tổng thu nội địa", 2022, "7,15%"),
        ("Tỷ lệ nợ thuế so với tổng thu nội địa", 2023, "6,3%"),
        ("Tỷ lệ nợ thuế so với tổng thu nội địa", 2024, "4,97%"),
        # "tỷ lệ hộ nghèo giảm còn 0,62%" after "… năm 2025 là 97,2%;" has no year: that year is the other
        # measure's, so "tỷ lệ hộ nghèo" (2024 only) is no series
        ("tỷ lệ hộ nghèo khu vực nông thôn", 2022, "3,85%"), ("tỷ lệ hộ nghèo khu vực nông thôn", 2023, "2,97%"),
        ("tỷ lệ hộ nghèo khu vực nông thôn", 2024, "2,6%"),  # 150d, the Hà Tĩnh thread
        ("tỷ lệ hộ nghèo toàn huyện", 2021, "12,46%"), ("tỷ lệ hộ nghèo toàn huyện", 2022, "10,08%"),
        ("tỷ lệ hộ nghèo toàn huyện", 2023, "7,91%"), ("tỷ lệ hộ nghèo toàn huyện", 2024, "5,87%")]
    assert len(rows) == 106


def test_positions_query_lists_who_held_which_position(db_url, corpus_records):
    rows = run_query(db_url, corpus_records, "positions.sql")
    held = [(name, position, str(as_of) if as_of else None) for name, position, as_of, _ in rows]
    assert [row for row in held if row[0] == "Hoàng Minh Đức"] == [
        ("Hoàng Minh Đức", "Thứ trưởng", "2025-08-22"),
        ("Hoàng Minh Đức", "Thứ trưởng Bộ Giáo dục và Đào tạo", "2025-08-22"),
        ("Hoàng Minh Đức", "Trưởng đoàn", "2025-08-22"),
        ("Hoàng Minh Đức", "PCT UBND tỉnh", "2025-10-15"),
        ("Hoàng Minh Đức", "UVTV Tỉnh ủy", "2025-10-15"),
        ("Hoàng Minh Đức", "Trưởng Ban Tổ chức Tỉnh ủy", "2025-11-08")]
    assert all(position for _, position, _ in held)


def test_fact_views_hold_typed_values(db_url, corpus_records):
    doc = "030_thong_bao_ket_luan_nong_thon_moi"
    load([str(corpus_records)], db_url)
    db = connect(db_url)
    try:
        assert db.execute("SELECT value, unit, year, kind, metric, percent_id FROM fact_figure"
                          f" WHERE doc_id = '{doc}' ORDER BY value") == [
            (8.35, "%", 2024, "level", None, "T26"), (60.0, "%", None, "target", "giải ngân", "T31"),
            (91.2, "%", None, "level", "xã đạt chuẩn nông thôn mới", "T20"),
            (96.7, "%", 2023, "level", "Tỷ lệ giải ngân vốn đầu tư phát triển", "T21")]
        assert db.execute(f"SELECT code, issuer, self FROM fact_document_issued WHERE doc_id = '{doc}' AND self") == [
            ("127/TB-UBND", "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", True)]
        total = db.execute("SELECT count(*) FROM current_facts WHERE type = 'figure'")
        assert db.execute("SELECT count(*) FROM fact_figure") == total != [(0,)]
    finally:
        db.close()
