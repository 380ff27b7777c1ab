"""Article layout: chrome is marked (never deleted), the body and title are found, in_body follows."""

from __future__ import annotations

from pipeline.stages.document import extract_text
from pipeline.stages.layout import layout

PORTAL = (
    "Trang chủ | Giới thiệu | Tin tức | Liên hệ\n"
    "Tin tức > Hoạt động\n\n"
    "Sơ kết 3 năm thực hiện Chỉ thị số 12-CT/TU\n\n"
    "Lượt xem: 1.250\n"
    "Chia sẻ Zalo\n\n"
    "QUẢNG NGÃI - Sáng 5-6, Ban Dân vận Tỉnh ủy tổ chức Hội nghị sơ kết 3 năm thực hiện Chỉ thị số 12-CT/TU. "
    "Đồng chí Lê Thị Hoa - Trưởng Ban Dân vận Tỉnh ủy chủ trì Hội nghị.\n\n"
    "MINH ANH\n\n"
    "Tin liên quan\n"
    "Phó Chủ tịch UBND tỉnh Trần Văn Bình kiểm tra công tác phòng chống lụt bão\n"
)


def test_portal_chrome_is_marked_and_the_body_lies_between():
    page = layout(PORTAL)
    assert [(PORTAL[s:e], k) for s, e, k in page.boilerplate] == [
        ("Trang chủ | Giới thiệu | Tin tức | Liên hệ\nTin tức > Hoạt động", "chrome"),
        ("Lượt xem: 1.250\nChia sẻ Zalo", "chrome"),
        ("Tin liên quan\nPhó Chủ tịch UBND tỉnh Trần Văn Bình kiểm tra công tác phòng chống lụt bão", "tail"),
    ]
    assert PORTAL[page.body[0]:page.body[1]].startswith("Sơ kết 3 năm")
    assert PORTAL[page.body[0]:page.body[1]].endswith("MINH ANH")
    assert page.title == "Sơ kết 3 năm thực hiện Chỉ thị số 12-CT/TU"
    assert page.place == "Quảng Ngãi"


def test_entities_in_related_news_are_not_in_body_and_bylines_are_authors():
    record = extract_text(PORTAL)
    assert record["text"] == PORTAL  # marked, never deleted
    flags = {e["text"]: e["in_body"] for e in record["entities"] if e["label"] == "PERSON"}
    assert flags == {"Lê Thị Hoa": True, "MINH ANH": True, "Trần Văn Bình": False}
    assert record["authors"] == ["MINH ANH"]
    assert record["title"] == "Sơ kết 3 năm thực hiện Chỉ thị số 12-CT/TU"


LETTER = (
    "UBND TỈNH NGHỆ AN\nSỞ Y TẾ\n\nSố: 120/KH-SYT\n\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Nghệ An, ngày 3 tháng 4 năm 2024\n\n"
    "KẾ HOẠCH\nPhòng, chống dịch bệnh mùa hè năm 2024\n\n"
    "I. MỤC ĐÍCH\nBảo đảm 100% cơ sở y tế sẵn sàng.\n\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn Sơn\n"
)


def test_official_document_title_place_and_recipient_block():
    page = layout(LETTER)
    assert page.title == "KẾ HOẠCH Phòng, chống dịch bệnh mùa hè năm 2024"
    assert page.place == "Nghệ An"
    assert [(LETTER[s:e], k) for s, e, k in page.boilerplate] == [("Nơi nhận:\n- Như trên;\n- Lưu: VT.", "block")]
    signer = LETTER.index("Nguyễn Văn Sơn")
    assert page.in_body(signer, signer + len("Nguyễn Văn Sơn"))


def test_given_title_wins():
    assert layout(PORTAL, given_title="Tiêu đề từ dữ liệu").title == "Tiêu đề từ dữ liệu"


def test_the_page_date_line_gives_published_when_the_input_has_none():
    text = "Trang chủ | Tin tức | Liên hệ\nNgày đăng: 05/06/2025\n\nTiêu đề bài\n\nSáng 4-6, Sở Y tế họp.\n"
    assert layout(text).date.isoformat() == "2025-06-05"
    record = extract_text(text)
    assert (record["published"], record["published_from"]) == ("2025-06-05", "page")
    assert [(e["attrs"]["value"], e["in_body"]) for e in record["entities"] if e["label"] == "DATE"] == [
        ("2025-06-05", False), ("2025-06-04", True)]
    assert extract_text(text, published="2025-06-06")["published_from"] == "input"


def test_authors_are_bylines_and_tac_gia_not_photo_credits_or_wrapped_lines():
    text = ("Tiêu đề bài\n\nSáng 4-6, Sở Y tế họp. Theo tư tưởng, đạo đức, phong cách\n"
            "Hồ Chí Minh là nền tảng. Ảnh: Văn Tuấn\n\nTác giả: Thu Hà\n\nLÊ MAI - TRẦN HẢI\n\nTin liên quan\n")
    record = extract_text(text)
    people = [e["text"] for e in record["entities"] if e["label"] == "PERSON"]
    assert "Văn Tuấn" in people and "Hồ Chí Minh" in people
    assert record["authors"] == ["Thu Hà", "LÊ MAI", "TRẦN HẢI"]
