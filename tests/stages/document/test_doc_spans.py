"""The analysis's spaCy Doc: built on first use, the mentions in doc.spans['vnfacts']."""

from __future__ import annotations

import pytest

from pipeline.core.settings import Settings
from pipeline.stages.document import SPAN_KEY, analyse
from pipeline.stages.read import Document

TEXT = "Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021, tỷ lệ đạt 83,62%."


@pytest.mark.parametrize("words", [False, True])
def test_doc_spans_hold_the_mentions(words):
    analysis = analyse(Document(id="d", text=TEXT, source="t"), Settings(words=words))
    spans = analysis.doc.spans[SPAN_KEY]
    assert [(s.label_, s.text) for s in spans] == [
        ("DOC_REF", "Chỉ thị số 08-CT/TU"), ("DATE", "05-8-2021"), ("PERCENT", "83,62%")]
    assert analysis.doc is analysis.doc and analysis.doc.text == TEXT
