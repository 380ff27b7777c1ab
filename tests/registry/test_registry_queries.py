"""The README's three registry queries run, with the same answers, on DuckDB and PostgreSQL over our corpus."""

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
        rows = db.execute((QUERIES / name).read_text(encoding="utf-8"))
    finally:
        db.close()
    # JSON columns come back as text from DuckDB and as lists from PostgreSQL
    return [tuple(json.loads(v) if isinstance(v, str) and v.startswith("[") else v for v in row) for row in rows]


def test_implementation_chain_down_to_district(db_url, corpus_records):
    assert run_query(db_url, corpus_records, "registry_chain.sql") == [
        (0, "Chỉ thị", "05-CT/TW", "TW", "Bộ chính trị khóa xii", "2016-05-15", None, None),
        # "Kết luận số 01-KL/TW … về tiếp tục thực hiện Chỉ thị số 05-CT/TW": an edge from the conclusion
        (1, "Kết luận", "01-KL/TW", "TW", "Bộ chính trị", "2021-05-18", "implements", "05-CT/TW"),
        (1, "Chỉ thị", "12-CT/TU", "Quảng Bình", "Tỉnh ủy", "2021-08-05", "based_on", "05-CT/TW"),
        (1, "Báo cáo", "45-BC/ĐU", "Bình Định", "Đảng ủy sở giáo dục và đào tạo", "2021-09-20", "implements",
         "05-CT/TW"),
        (2, "Kế hoạch", "87-KH/HU", "Quảng Bình/Lệ Thủy", "Huyện ủy", "2021-08-30", "implements", "12-CT/TU"),
        (2, "Kế hoạch", "215-KH/HU", "Nghệ An/Nam Đàn", "Huyện ủy", "2025-04-02", "implements", "01-KL/TW")]


def test_positions_over_time(db_url, corpus_records):
    rows = run_query(db_url, corpus_records, "registry_positions.sql")
    assert [(r[0], r[1], r[3], r[4], r[5], r[6], r[7]) for r in rows] == [
        ("Bùi Đình Long", "Nghệ An", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh", "2021-08-10", "2025-05-17",
         ["020_bo_y_te_y_te_du_phong", "164_quyet_dinh_ubnd_hoc_bong_truong_chuyen_pdf",
          "193_portal_nghe_an_ban_giao_nha_xoa_nha_tam"]),
        ("Hoàng Minh Đức", "Cao Bằng", "Trưởng Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "2025-11-08",
         "2025-11-08", ["039c"]),
        ("Hoàng Minh Đức", "Quảng Trị", "PCT UBND tỉnh", "UBND tỉnh", "2025-10-15", "2025-10-15",
         ["122_portal_so_xay_dung_gpmb_cao_toc"]),
        ("Hoàng Minh Đức", "Quảng Trị", "UVTV Tỉnh ủy", "Tỉnh ủy", "2025-10-15", "2025-10-15",
         ["122_portal_so_xay_dung_gpmb_cao_toc"]),
        ("Hoàng Minh Đức", "TW", "Thứ trưởng", "Bộ Giáo dục và Đào tạo", "2025-08-22", "2025-08-22",
         ["023_doan_cong_tac_bo_gddt"]),
        ("Hoàng Minh Đức", "TW", "Trưởng đoàn", None, "2025-08-22", "2025-08-22", ["023_doan_cong_tac_bo_gddt"])]
    # three people of one name: the central official, and two provincial ones
    assert len({r[2] for r in rows if r[0] == "Hoàng Minh Đức"}) == 3


def test_documents_per_committee_per_year(db_url, corpus_records):
    rows = run_query(db_url, corpus_records, "registry_committees.sql")
    assert rows == [
        ("Nghệ An", "Ban thường vụ tỉnh ủy", "2020", 2, 4),
        ("Nghệ An", "Ban thường vụ tỉnh ủy", "2025", 2, 2),
        ("Nghệ An", "Giám đốc công an tỉnh", "2024", 1, 1),
        ("Nghệ An", "Giám đốc sở giáo dục và đào tạo", "2021", 1, 1),
        ("Nghệ An", "Sở tài chính", "2025", 1, 1),
        ("Nghệ An", "Sở văn hóa và thể thao tỉnh", "2024", 1, 1),
        ("Nghệ An", "Sở xây dựng", "2024", 1, 1),
        ("Nghệ An", "Sở y tế", "2020", 1, 1),
        ("Nghệ An", "Văn phòng tỉnh ủy", "2025", 1, 1),
        ("Nghệ An", "Ủy ban nhân dân tỉnh", "2015", 1, 1),
        ("Nghệ An", "Ủy ban nhân dân tỉnh", "2020", 3, 3),
        ("Nghệ An", "Ủy ban nhân dân tỉnh", "2021", 1, 1),
        ("Nghệ An", "Ủy ban nhân dân tỉnh", "2022", 1, 1),
        ("Nghệ An", "Ủy ban nhân dân tỉnh", "2023", 1, 1),
        ("Nghệ An", "Ủy ban nhân dân tỉnh", "2024", 2, 2),
        ("Nghệ An", "Ủy ban nhân dân tỉnh", "2025", 1, 1),
        ("Nghệ An/Diễn Châu", "Ủy ban nhân dân huyện", "2024", 1, 1),
        ("Nghệ An/Nam Đàn", "Huyện ủy", "2025", 1, 1),
        ("Nghệ An/Nam Đàn", "Ủy ban nhân dân huyện", "2020", 1, 1),
        ("Nghệ An/Nam Đàn", "Ủy ban nhân dân huyện", "2024", 1, 1),
        ("Nghệ An/Quỳ Hợp", "Ban chấp hành đảng bộ huyện", "2021", 1, 2),
        ("Nghệ An/Quỳ Hợp", "Ủy ban nhân dân huyện", "2022", 1, 1),
        ("Nghệ An/Quỳ Hợp", "Ủy ban nhân dân huyện", "2024", 1, 1),
        ("Nghệ An/Thanh Chương", "Ủy ban nhân dân huyện", "2024", 1, 1),
        ("Nghệ An/Thanh Chương", "Ủy ban nhân dân huyện", "2025", 2, 2),
        ("Nghệ An/Đô Lương", "Ủy ban nhân dân huyện", "2022", 1, 2),
        ("Nghệ An/Đô Lương", "Ủy ban nhân dân huyện", "2025", 1, 1)]
