"""Article pages: main text without the portal's chrome, title, date, author; what is not an article."""

from __future__ import annotations

import pytest
from ingest_site import article_html

from pipeline.ingest.html import is_html, read_article

URL = "https://sonkhe.example/tin-tuc/ke-hoach-45.html"


def test_article_text_title_date_author():
    article = read_article(article_html("ke-hoach-45"), URL, "text/html; charset=utf-8")
    assert article.title == "Kế hoạch chuyển đổi số trong cơ quan hành chính nhà nước năm 2027"
    assert (article.published, article.author) == ("2026-11-06", "Thu Hà")
    assert article.text.splitlines() == [
        "Kế hoạch chuyển đổi số trong cơ quan hành chính nhà nước năm 2027",
        "Ủy ban nhân dân huyện Sơn Khê vừa ban hành Kế hoạch số 45/KH-UBND ngày 05/11/2026 về chuyển đổi số "
        "trong cơ quan hành chính nhà nước năm 2027.",
        "Kế hoạch được xây dựng trên cơ sở Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt "
        "Chương trình Chuyển đổi số quốc gia. Mục tiêu đến ngày 31/12/2027 có 85% hồ sơ công việc tại cấp huyện "
        "được xử lý trên môi trường mạng.",
        "Năm 2026, tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến của huyện đạt 62,5%, "
        "tăng 14,3% so với năm 2025.",
    ]


@pytest.mark.parametrize("body, content_type, code", [
    (b"%PDF-1.4\n...", "application/pdf", "E041"),
    (b"%PDF-1.4\n...", "text/html", "E041"),       # a server that says HTML and sends a PDF
    (b"\x89PNG\r\n", "image/png", "E041"),
    (b"<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>", None, "E042"),
])
def test_not_an_article(body, content_type, code):
    with pytest.raises(ValueError) as info:
        read_article(body, URL, content_type)
    assert str(info.value).startswith(f"{code} {URL}: ")


@pytest.mark.parametrize("content_type, expected", [
    ("text/html", True), ("text/html; charset=utf-8", True), ("Application/XHTML+XML", True), (None, True),
    ("application/pdf", False), ("application/rss+xml", False),
])
def test_is_html(content_type, expected):
    assert is_html(content_type) is expected
