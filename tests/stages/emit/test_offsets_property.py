"""Every emitted span is a substring of the text as read, whatever the text."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.stages.document import extract_text
from pipeline.stages.emit import record_schema

PIECES = st.sampled_from([
    "Chỉ thị số 08-CT/TU", " ngày 05-8-2021", " của Ban Thường vụ Thành uỷ", "Quyết định số 20/2019/QÐ-UBND",
    "Kế hoạch số 96 /KH-UBND", "Số: 799/KH- SYT", "Kết luận 64 – KL/TW", "Luật Tiếp công dân", " 83,62%",
    "0,1‰/0,09‰", " 98,2 %", "Chiều 3-6", " tháng 3/2020", " 31 tháng 3 năm 2020", " (19/5/1890-19/5/2020)",
    "Đề án “Nâng cao”", "\n", "\n\n", "\r\n", "\t", " ", ", ", "; ", ": ", "hoá", "thuỷ", "u\u0309y", "\u00a0",
    "\u200b", "/", "-", "13/13", "Số 06-CT/TU", "năm 2023", "trở lên",
])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=25).map("".join))
def test_spans_index_the_text_as_read(text):
    record = extract_text(text)
    jsonschema.validate(record, record_schema())
    for entity in record["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["text"]
        assert entity["text"] == entity["text"].strip()


def test_a_law_cited_by_name_with_an_issue_date_validates():
    """A document_issued fact of a law cited by name carries its name (a draw that once failed)."""
    record = extract_text("Luật Tiếp công dân ngày 05-8-2021")
    jsonschema.validate(record, record_schema())
    [fact] = [f for f in record["facts"] if f["type"] == "document_issued"]
    assert fact["values"] == {"doc_type": "Luật", "name": "Luật Tiếp công dân", "issued": "2021-08-05"}
