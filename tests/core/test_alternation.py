"""The ``{{lexicon}}`` alternation: a trie that matches what the flat alternation, longest first, matches."""

import regex
from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.rules import alternation


def _flat(items: list[str]) -> str:
    return "(?:" + "|".join(regex.escape(i) for i in sorted(set(items), key=lambda s: (-len(s), s))) + ")"


def test_shared_prefixes_become_one_branch() -> None:
    assert alternation(["Phó Chủ tịch", "Phó Bí thư", "Phó"]) == "(?:Phó(?:\\ (?:Bí\\ thư|Chủ\\ tịch))?)"


def test_under_ignorecase_the_items_stay_flat() -> None:
    assert alternation(["QĐ", "QĐi"], folded=True) == "(?:QĐi|QĐ)"


def test_longest_item_wins_where_several_match() -> None:
    rx = regex.compile(alternation(["Nghị quyết", "Nghị quyết liên tịch", "Nghị định"]))
    assert rx.findall("Nghị quyết liên tịch số 1, Nghị quyết số 2, Nghị định 3") == [
        "Nghị quyết liên tịch", "Nghị quyết", "Nghị định"]


def test_a_shorter_item_is_tried_when_the_rest_of_the_pattern_needs_it() -> None:
    rx = regex.compile(alternation(["ab", "abc"]) + "c\\b")
    assert rx.fullmatch("abc") is not None


@given(st.lists(st.text(alphabet="abĐđ .", min_size=0, max_size=4), min_size=1, max_size=8),
       st.text(alphabet="abĐđ .x", max_size=40), st.text(alphabet="ab.", max_size=2))
def test_trie_and_flat_alternation_match_alike(items: list[str], text: str, tail: str) -> None:
    after = regex.escape(tail)
    trie, flat = regex.compile(alternation(items) + after), regex.compile(_flat(items) + after)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
    assert [m.span() for m in trie.finditer(text, overlapped=True)] == [
        m.span() for m in flat.finditer(text, overlapped=True)]
