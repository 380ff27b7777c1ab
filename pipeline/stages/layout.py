"""Article layout: portal chrome marked (never deleted), the body's extent, the title and place.

Lines are read from the text as read, so every span is a raw offset. A line is chrome when
``rules/article.yaml`` says so (menus, counters, share buttons, breadcrumbs, ``Nơi nhận``
blocks); the first tail marker (``Tin liên quan``, ``Tổng số điểm của bài viết``, footers)
ends the article and marks the rest as chrome. The body runs from the first line that is not
chrome to the last one before the tail.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass
from datetime import date

from pipeline.core.budget import timed
from pipeline.core.rules import Lexicon, Pattern, RuleSet
from pipeline.core.text import fold
from pipeline.recognizers.places import place_index

LINE = timed(r"[^\n]*\n?")
TRIM = " \t*_#•:|"
LIST_ITEM = timed(r"[ \t]*[-+•]")
TITLE_MAX = 250
TITLE_LOOK = 40
PAGE_DATE_LINES = 40


class LayoutRules(RuleSet, file="article"):
    """Chrome, tails, blocks, headers and the page's own lines (rules/article.yaml)."""

    chrome_lines: Lexicon
    tail_markers: Lexicon
    block_markers: Lexicon
    header_lines: Lexicon
    chrome_pattern: Pattern
    header_pattern: Pattern
    doc_type_line: Pattern
    page_date: Pattern
    lead_place: Pattern


class DatelineRules(RuleSet, file="date"):
    """The document's own dateline, which names its place (rules/date.yaml)."""

    dateline: Pattern


@dataclass(frozen=True)
class Layout:
    """Where the article's own text lies in the document (raw offsets)."""

    body: tuple[int, int]
    boilerplate: tuple[tuple[int, int, str], ...]
    title: str | None
    title_span: tuple[int, int] | None
    place: str | None
    date: date | None = None

    @functools.cached_property
    def _chrome_index(self) -> tuple[list[int], list[int]]:
        """The boilerplate starts in order, and for each the furthest end of the blocks up to it."""
        blocks = sorted(self.boilerplate)
        reach, furthest = [], -1
        for _, e, _ in blocks:
            furthest = max(furthest, e)
            reach.append(furthest)
        return [s for s, _, _ in blocks], reach

    def in_body(self, start: int, end: int) -> bool:
        """Return whether [start, end) lies in the body and in no chrome block."""
        if start < self.body[0] or end > self.body[1]:
            return False
        starts, reach = self._chrome_index
        before = bisect.bisect_left(starts, end)  # the blocks that start before the span ends
        return before == 0 or reach[before - 1] <= start


def _key(line: str) -> str:
    return unicodedata.normalize("NFC", line.strip(TRIM)).casefold()


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for m in LINE.finditer(text):
        if not m.group():
            break
        body = m.group().rstrip("\n").rstrip("\r")
        out.append((pos, pos + len(body), body))
        pos = m.end()
    return out


@functools.cache
def _markers(rules: LayoutRules) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """Chrome lines, tail markers and block markers, normalised as line keys (once per rule file)."""
    return (frozenset(_key(f) for f in rules.chrome_lines),
            tuple(_key(f) for f in rules.tail_markers),
            tuple(_key(f) for f in rules.block_markers))


def _classify(rules: LayoutRules, lines: list[tuple[int, int, str]]) -> list[str]:
    """Return 'chrome', 'tail', 'block', 'blank' or 'text' for each line."""
    chrome, tails, blocks = _markers(rules)
    pattern = rules.chrome_pattern
    kinds: list[str] = []
    seen_text = in_block = in_tail = False
    for _, _, line in lines:
        key = _key(line)
        if in_tail:
            kinds.append("tail")
        elif not key:
            kinds.append("blank")
            in_block = False
        elif in_block and LIST_ITEM.match(line):
            kinds.append("block")
        elif key.startswith(blocks):  # one call over the tuple, not one per marker
            kinds.append("block")
            in_block = True
        elif seen_text and key.startswith(tails):
            kinds.append("tail")
            in_tail = True
        elif key in chrome or pattern.match(line.strip(TRIM)):
            kinds.append("chrome")
            in_block = False
        else:
            kinds.append("text")
            in_block = False
            seen_text = True
    return kinds


def _title(rules: LayoutRules, lines: list[tuple[int, int, str]], kinds: list[str]) -> tuple[int, int] | None:
    """The raw span of the document's own title line(s), if one can be told."""
    headers = {_key(f) for f in rules.header_lines}
    candidates = [(n, line) for n, line in enumerate(lines) if kinds[n] == "text"][:TITLE_LOOK]
    for n, (s, e, line) in candidates:
        if rules.doc_type_line.match(line.strip(TRIM)):
            end = e
            for m, (_, e2, line2) in enumerate(lines[n + 1:], start=n + 1):
                if kinds[m] != "text" or rules.header_pattern.match(line2.strip(TRIM)):
                    break
                end = e2
            return s, end
    for _, (s, _, line) in candidates:
        stripped = line.strip(TRIM)
        if _key(line) in headers or rules.header_pattern.match(stripped):
            continue
        if len(stripped) <= TITLE_MAX and not stripped.endswith((".", ":", ";")):
            lead = len(line) - len(line.lstrip(TRIM))
            return s + lead, s + lead + len(stripped)
        return None
    return None


def _place(rules: LayoutRules, text: str, body_start: int) -> str | None:
    dateline = DatelineRules.load().dateline.search(text, 0, min(len(text), 1500))
    if dateline:
        return fold(dateline.group("place"))
    lead = rules.lead_place.search(text[body_start:body_start + 3000])
    if lead is None:
        return None
    name = fold(lead.group("place"))
    titled = " ".join(w[:1] + w[1:].lower() for w in name.split())
    return titled if titled in place_index() else None


def layout(text: str, given_title: str | None = None, rules: LayoutRules | None = None) -> Layout:
    """Return the layout of a document's raw text: body, chrome blocks, title and place."""
    rules = rules or LayoutRules.load()
    lines = _lines(text)
    kinds = _classify(rules, lines)
    text_lines = [line for line, kind in zip(lines, kinds, strict=True) if kind == "text"]
    body = (text_lines[0][0], text_lines[-1][1]) if text_lines else (0, 0)
    chrome: list[tuple[int, int, str]] = []
    for (s, e, _), kind in zip(lines, kinds, strict=True):
        if kind in ("chrome", "block", "tail"):
            if chrome and chrome[-1][2] == kind and text[chrome[-1][1]:s].strip() == "":
                chrome[-1] = (chrome[-1][0], e, kind)
            else:
                chrome.append((s, e, kind))
    span = _title(rules, lines, kinds)
    title = given_title or (fold(text[span[0]:span[1]]) if span else None)
    return Layout(body, tuple(chrome), title, span if not given_title else None, _place(rules, text, body[0]),
                  _page_date(rules, lines))


def _page_date(rules: LayoutRules, lines: list[tuple[int, int, str]]) -> date | None:
    """The date of the page's own date line near its top (``Ngày đăng: 05/06/2025``), if any."""
    for _, _, line in lines[:PAGE_DATE_LINES]:
        m = rules.page_date.match(line.strip(TRIM))
        if m:
            try:
                return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                return None
    return None
