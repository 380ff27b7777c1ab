"""DOC_REF: references to documents by number and symbol, number alone, or name."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex

from pipeline.core.budget import TimedPattern, timed
from pipeline.core.rules import Lexicon, Pattern, RuleSet, alternation, entry_forms
from pipeline.core.text import fold
from pipeline.recognizers.base import Context, DocRefValues, Mention, longest_first, make_mention
from pipeline.recognizers.date import parse_date_text
from pipeline.recognizers.organisation import org_end

HEADER_LINES = 3  # lines of a header above its number that may name the issuing body
ISSUER_MAX_WORDS = 16


class DocRefRules(RuleSet, file="doc_ref"):
    """Every pattern of rules/doc_ref.yaml finds references; those named here are read specially."""

    doc_types: Lexicon
    named_documents: Lexicon
    list_item: Pattern
    header_self: Pattern
    number_only: Pattern
    number_bare: Pattern
    law_name: Pattern
    law_known: Pattern
    law_amending: Pattern
    quoted_name: Pattern
    named_fixed: Pattern
    plenum_resolution: Pattern
    congress_resolution: Pattern
    constitution: Pattern
    header_body_line: Pattern
    header_place_line: Pattern
    number_line: Pattern
    national_line: Pattern
    issuing_row: Pattern
    tail_date: Pattern
    tail_issuer: Pattern
    lead_issuer: Pattern
    list_head: Pattern
    issuer_stop: Pattern
    name_stop: Pattern
    coordination: Pattern
    khoa_suffix: Pattern
    issuer_join: Pattern
    issuer_name_comma: Pattern


@dataclass(frozen=True)
class _Types:
    """The type tables of the doc_types lexicon, built once per rule file."""

    state: dict[str, dict[str, Any]]
    party: dict[str, dict[str, Any]]
    letter: dict[str, Any]


@functools.cache
def _types(rules: DocRefRules) -> _Types:
    entries = rules.doc_types.entries
    return _Types(state={c: e for e in entries for c in e.get("codes", [])},
                  party={c: e for e in entries for c in e.get("party_codes", [])},
                  letter=next(e for e in entries if e.get("letter")))


@dataclass(frozen=True)
class _TypeWordScan:
    """The patterns that open with a type word (``{{type_word}}``), and the scan for where one starts."""

    scan: TimedPattern
    typed: frozenset[str]  # ids of the patterns that open with it


@functools.cache
def _type_word_scan(rules: DocRefRules) -> _TypeWordScan:
    forms = alternation([form for e in rules.doc_types.entries for form in entry_forms(e)])
    opening = r"(?<![\p{L}])(?P<tw>" + forms + ")"
    typed = frozenset(p.id for p in rules.rules.patterns.values() if p.source.startswith(opening))
    return _TypeWordScan(timed(r"(?<![\p{L}])" + forms), typed)


def _matches(pattern: Pattern, text: str, starts: list[int] | None) -> Iterator[regex.Match]:
    """``pattern.finditer(text)``; for a pattern that opens with a type word, tried only where one starts.

    Each pattern would otherwise scan the text for the long alternation of type words anew: one
    scan now finds every start (overlapping ones too: "Bộ luật" holds "luật"), and the pattern is
    matched at those that lie past its previous match, which finds exactly what finditer finds.
    """
    if starts is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for pos in starts:
        if pos >= end and (m := pattern.match(text, pos)):
            end = max(m.end(), pos + 1)
            yield m


@dataclass
class _Ref:
    """A reference while it is being read: its values, and where its issuer came from."""

    values: DocRefValues
    vstart: int
    vend: int
    rule_id: str
    issuer_from_lead: bool = False


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _code_values(m: regex.Match, rules: DocRefRules) -> tuple[DocRefValues, str | None]:
    """The number-and-symbol part's values, and the type its code implies (None if none)."""
    g = m.groupdict()
    types = _types(rules)
    number = g["number"]
    values = DocRefValues(doc_type="", number=number)
    derived: dict[str, Any] | None = None
    if g.get("bare") is not None:
        values.symbol = g["symbol"]
        values.code = f"{number}/{values.symbol}"
    elif g.get("party") is not None:
        values.symbol = f"{g['type']}/{_squeeze(g['issuer_sym'])}"
        values.code = f"{number}-{values.symbol}"
        derived = types.party.get(g["type"])
    else:
        values.symbol = _squeeze(g["symbol"])
        values.code = f"{number}/{g['year']}/{values.symbol}" if g.get("year") else f"{number}/{values.symbol}"
        if g.get("year"):
            values.year = int(g["year"])
        if g.get("state") is not None:
            derived = types.state.get(g["type"])
        elif g.get("letter") is not None:
            derived = types.letter
    return values, derived["value"] if derived else None


def _org_end(ctx: Context, pos: int, limit: int, rules: DocRefRules, joint: bool = False) -> int:
    """End of the issuer name at ``pos`` (a joint document's issuers too), with a '(khóa …)' written
    right after it."""
    text = ctx.view.text
    join = rules.issuer_join if joint else rules.issuer_name_comma
    end = org_end(text, pos, limit, rules.issuer_stop, ISSUER_MAX_WORDS, ctx.whole_words, join)
    khoa = rules.khoa_suffix.match(text, end, limit)
    return khoa.end() if khoa else end


def _tail(ctx: Context, pos: int, limit: int, rules: DocRefRules, values: DocRefValues) -> None:
    """Read the issue date and the issuer written right after a reference."""
    text = ctx.view.text
    for _ in range(2):
        m = rules.tail_date.match(text, pos, limit)
        if m and values.issued is None:
            issued = parse_date_text(m.group("date"))
            if issued:
                values.issued = issued.isoformat()
            pos = m.end()
            continue
        m = rules.tail_issuer.match(text, pos, limit)
        if m and values.issuer is None:
            end = _org_end(ctx, m.end(), limit, rules, joint="LT" in (values.symbol or ""))
            if end > m.end():
                values.issuer = fold(ctx.view.raw_slice(m.end(), end))
                pos = end
                continue
        break


def _lead_issuer(ctx: Context, vstart: int, sentence_start: int, rules: DocRefRules) -> str | None:
    """The subject of '… ban hành <document>' (or 'của X tại'), within the clause."""
    start = max(sentence_start, vstart - 160)
    window = ctx.view.text[start:vstart]
    cut = max(window.rfind(mark) for mark in ",;:.()") + 1
    m = rules.lead_issuer.search(window, cut)
    return fold(ctx.view.raw_slice(start + m.start("org"), start + m.end("org"))) if m else None


def _list_issuer(ctx: Context, vstart: int, sentence_start: int, rules: DocRefRules) -> str | None:
    """The issuer named at the head of a list, when it is the only one ('… của X: Số …')."""
    text = ctx.view.text
    colon = text.rfind(":", max(sentence_start, vstart - 400), vstart)
    if colon < 0:
        return None
    heads = list(rules.list_head.finditer(text, max(sentence_start, colon - 200), colon))
    if not heads:
        return None
    head = heads[-1]
    end = _org_end(ctx, head.end(), colon + 1, rules)
    return fold(ctx.view.raw_slice(head.end(), end)) if text.startswith(":", end) else None


def _named_span(ctx: Context, m: regex.Match, rules: DocRefRules) -> tuple[int, int]:
    """A law cited by name ends at the first stop word (a year after it stays out)."""
    text = ctx.view.text
    name_start, end = m.span("name")
    first_word_end = text.find(" ", name_start, end)
    if first_word_end > 0:
        stop = rules.name_stop.search(text, first_word_end, end)
        if stop:
            end = stop.start()
    while end > name_start and text[end - 1] in " ,":
        end -= 1
    return m.start(), end


def _doc_type(pattern: Pattern, m: regex.Match, rules: DocRefRules, derived: str | None) -> str | None:
    """The canonical type: the type word's, the named document's, or the one the code implies."""
    g = m.groupdict()
    type_word = rules.doc_types.get(g["tw"]) if g.get("tw") else None
    if type_word and not type_word.get("generic"):
        return str(type_word["value"])
    if g.get("name") and pattern is rules.named_fixed:
        return str(rules.named_documents[g["name"]]["doc_type"])
    return derived or (str(type_word["value"]) if type_word else None)


def _read(ctx: Context, pattern: Pattern, m: regex.Match, rules: DocRefRules) -> _Ref | None:
    g = m.groupdict()
    vstart, vend = m.span("span") if g.get("span") else m.span()
    derived = None
    if pattern is rules.number_only or pattern is rules.number_bare:
        values = DocRefValues(doc_type="", number=g["number"], code=g["number"])
    elif g.get("number") is not None:
        values, derived = _code_values(m, rules)
    else:
        values = DocRefValues(doc_type="")
    doc_type = _doc_type(pattern, m, rules, derived)
    if doc_type is None:
        return None
    values.doc_type = doc_type
    if pattern is rules.quoted_name:
        values.name = fold(ctx.view.raw_slice(*m.span("name")))
    elif pattern is rules.law_name:
        vstart, vend = _named_span(ctx, m, rules)
    if pattern in (rules.law_name, rules.law_known, rules.law_amending, rules.plenum_resolution,
                   rules.congress_resolution, rules.named_fixed, rules.constitution):
        values.name = fold(ctx.view.raw_slice(vstart, vend))
    ref = _Ref(values, vstart, vend, f"doc_ref:{pattern.id}")
    if pattern is rules.header_self:
        values.own = True
        values.issuer = _header_issuer(ctx, vstart, rules)
        if ctx.dateline:
            values.issued = ctx.dateline.isoformat()
    _tail(ctx, vend, min(len(ctx.view.text), vend + 400), rules, values)
    sentence_start = ctx.sentence_bounds(vstart)[0]
    if values.issuer is None and pattern is not rules.header_self:
        values.issuer = _lead_issuer(ctx, vstart, sentence_start, rules)
        ref.issuer_from_lead = values.issuer is not None
    if values.issuer is None and pattern is rules.list_item:
        values.issuer = _list_issuer(ctx, vstart, sentence_start, rules)
    return ref


def _share_coordinated_issuer(ctx: Context, refs: list[_Ref], rules: DocRefRules) -> None:
    """'X ban hành Kế hoạch số … và Quyết định số …': the second has X's issuer too."""
    text = ctx.view.text
    for before, after in zip(refs, refs[1:], strict=False):
        if not before.issuer_from_lead or after.values.issuer is not None:
            continue
        between = text[before.vend:after.vstart]
        if ";" not in between and rules.coordination.search(between) and \
                ctx.sentence_bounds(before.vstart) == ctx.sentence_bounds(after.vstart):
            after.values.issuer = before.values.issuer


def _header_issuer(ctx: Context, vstart: int, rules: DocRefRules) -> str | None:
    """The body that issued the document itself: the header line above its number ("SỞ Y TẾ"),
    with the line before when that one names only its place ("ỦY BAN NHÂN DÂN" / "HUYỆN THỌ XUÂN");
    on a legal-database page, its "Nơi ban hành" row."""
    text = ctx.view.text
    row = rules.issuing_row.search(text)
    if row:
        return fold(ctx.view.raw_slice(*row.span("body")))
    lines: list[tuple[int, int]] = []
    end = text.rfind("\n", 0, vstart)
    if end > 0 and rules.number_line.fullmatch(text, text.rfind("\n", 0, end) + 1, end):
        end = text.rfind("\n", 0, end)  # "Số:" on a line of its own above the number
    while end > 0 and len(lines) < HEADER_LINES:
        start = text.rfind("\n", 0, end) + 1
        body = rules.header_body_line.fullmatch(text, start, end)
        if rules.national_line.fullmatch(text, start, end):
            pass  # the motto column, flattened between the header's lines
        elif body:
            lines.insert(0, body.span("body"))
        elif text[start:end].strip(" \t*-") or lines:
            break  # the header ends at a line that is not a body's name (a blank or "*" line may stand between)
        end = start - 1
    if not lines:
        return None
    if len(lines) > 1 and rules.header_place_line.match(text, lines[-1][0]):
        return fold(ctx.view.raw_slice(lines[-2][0], lines[-1][1]))
    return fold(ctx.view.raw_slice(*lines[-1]))


def find(ctx: Context, rules: DocRefRules | None = None) -> list[Mention]:
    """Return the DOC_REF mentions with doc_type, code parts, issue date, issuer, name."""
    rules = rules or DocRefRules.load()
    refs: dict[int, _Ref] = {}
    found: list[Mention] = []
    amending: list[Mention] = []
    scan = _type_word_scan(rules)
    starts = scan.scan.starts(ctx.view.text)
    for pattern in rules.rules.patterns.values():
        for m in _matches(pattern, ctx.view.text, starts if pattern.id in scan.typed else None):
            ref = _read(ctx, pattern, m, rules)
            if ref:
                mention = make_mention(ctx, "DOC_REF", ref.vstart, ref.vend, ref.values, ref.rule_id)
                refs[id(mention)] = ref
                # An amending law's name holds the laws it amends: both stand (resolve lets them nest).
                (amending if pattern is rules.law_amending else found).append(mention)
    # A law read whole from the list of titles beats a reading of its shape over the same words.
    known = [(m.start, m.end) for m in found if m.rule_id == f"doc_ref:{rules.law_known.id}"]
    found = [m for m in found if m.rule_id != f"doc_ref:{rules.law_name.id}"
             or not any(s < m.end and m.start < e for s, e in known)]
    kept = sorted(longest_first(found) + longest_first(amending), key=lambda m: (m.start, -m.end))
    _share_coordinated_issuer(ctx, [refs[id(m)] for m in kept], rules)
    return kept
