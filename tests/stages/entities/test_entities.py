"""Entities: a document's mentions kept by column, each row's text the raw slice, its strings shared."""

from __future__ import annotations

import sys
from array import array

import pytest

from pipeline.recognizers.base import DateValues, DocRefValues, Mention, PersonValues
from pipeline.stages.clean import OFFSET
from pipeline.stages.entities import Entities, Entity

RAW = "Quyết định số 12/QĐ-UBND ngày 05/6/2024. Quyết định số 13/QĐ-UBND ngày 05/6/2024. Ông Lê Văn An."


def _mention(label: str, piece: str, values, occurrence: int = 0, raw: str = RAW) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = raw.index(piece, start + 1)
    # built strings, as the recognisers build them: equal, but not the same objects
    return Mention("".join(label), start, start + len(piece), raw, values, "".join(["date:", "dmy"]), start,
                   start + len(piece))


def _table() -> Entities:
    table = Entities(RAW)
    for n in range(2):
        ref = f"Quyết định số {12 + n}/QĐ-UBND"
        table.append(_mention("DOC_REF", ref, DocRefValues("".join(["Quyết ", "định"]), issued="2024-06-05")), 0,
                     n, True)
        table.append(_mention("DATE", "05/6/2024", DateValues("".join(["2024-06", "-05"])), occurrence=n), 0, n,
                     True)
    table.append(_mention("PERSON", "Lê Văn An", PersonValues("Lê Văn An", ["".join(["Chủ ", "tịch"])])), 0, 2,
                 False)
    return table


def test_a_row_is_the_raw_slice_and_holds_no_object_per_offset():
    table = _table()
    assert all(e.text == RAW[e.start:e.end] for e in table)
    assert [e.text for e in table] == ["Quyết định số 12/QĐ-UBND", "05/6/2024", "Quyết định số 13/QĐ-UBND",
                                       "05/6/2024", "Lê Văn An"]
    for column in (table.starts, table.ends, table.sentences):
        assert isinstance(column, array) and column.typecode == OFFSET
    assert isinstance(table.in_body, bytearray)
    assert [(e.id, e.sentence, e.in_body) for e in table] == [
        ("T1", 0, True), ("T2", 0, True), ("T3", 1, True), ("T4", 1, True), ("T5", 2, False)]


def test_repeated_strings_are_one_object():
    table = _table()
    first_ref, first_date, second_ref, second_date, person = table
    assert first_ref.values_as(DocRefValues).doc_type is second_ref.values_as(DocRefValues).doc_type
    assert first_ref.values_as(DocRefValues).issued is first_date.values_as(DateValues).value
    assert first_date.values_as(DateValues).value is second_date.values_as(DateValues).value
    assert first_ref.label is second_ref.label and first_date.rule_id is second_date.rule_id
    assert person.values_as(PersonValues).titles[0] is sys.intern("".join(["Chủ", " tịch"]))


def test_a_window_mention_is_placed_at_its_offset():
    window = RAW[42:]
    table = Entities(RAW)
    table.append(_mention("PERSON", "Lê Văn An", PersonValues("Lê Văn An"), raw=window), 42, 7, True)
    (e,) = table
    assert (e.start, e.end, e.text, e.sentence) == (RAW.index("Lê Văn An"), RAW.index("Lê Văn An") + 9,
                                                    "Lê Văn An", 7)
    assert table.mention(0).text == "Lê Văn An" and table.mention(0).raw is RAW


def test_select_keeps_the_rows_asked_for_in_order():
    chosen = _table().select([4, 0])
    assert [(e.id, e.label, e.text) for e in chosen] == [("T1", "PERSON", "Lê Văn An"),
                                                          ("T2", "DOC_REF", "Quyết định số 12/QĐ-UBND")]


def test_drain_lets_each_values_go_once_the_next_is_asked_for():
    table = _table()
    seen = []
    for e in table.drain():
        seen.append(e.attrs)
        assert table.values[int(e.id[1:]) - 1] is not None
    assert seen[1] == {"value": "2024-06-05"} and table.values == [None] * 5
    with pytest.raises(LookupError, match="T1 was emitted already"):
        table[0].values_as(DocRefValues)


def test_an_entity_is_a_view_equal_to_another_of_its_row():
    table = _table()
    assert table[1] == Entity(table, 1) and hash(table[1]) == hash(Entity(table, 1))
    assert table[1] != table[3] and table[-1] == table[4]
    assert [e.id for e in table[1:3]] == ["T2", "T3"]
    with pytest.raises(IndexError):
        table[5]
    with pytest.raises(TypeError, match="T2 \\(DATE\\) holds DateValues, not DocRefValues"):
        table[1].values_as(DocRefValues)
