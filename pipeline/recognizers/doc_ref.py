"""DOC_REF: references to documents by number and symbol, number alone, or name."""

from __future__ import annotations

import functools
from typing import Any

import regex

from pipeline.recognizers.base import Context, Mention, fold, longest_first, make_mention
from pipeline.recognizers.date import parse_date_text
from pipeline.recognizers.organisation import org_end
from pipeline.core.rules import RuleFile, load_rules

ISSUER_MAX_WORDS = 12


class DocRefRules:
    """The DOC_REF rule file with its lookup tables, built once."""

    def __init__(self, rules: RuleFile) -> None:
        self.rules = rules
        self.type_words = rules.lookup("doc_types")
        self.state_types = {c: e for e in rules.lexicon["doc_types"] for c in e.get("codes", [])}
        self.party_types = {c: e for e in rules.lexicon["doc_types"] for c in e.get("party_codes", [])}
        self.named = rules.lookup("named_documents")
        self.letter_type = next(e for e in rules.lexicon["doc_types"] if e.get("letter"))
        self.cue = {name: p.compiled for name, p in rules.cues.items()}


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _code_attrs(m: regex.Match, drules: DocRefRules) -> dict[str, Any]:
    """Values of the number-and-symbol part: number, symbol, code, year, derived type."""
    g = m.groupdict()
    number = g["number"]
    attrs: dict[str, Any] = {"number": number}
    if g.get("party") is not None:
        symbol = f"{g['type']}/{_squeeze(g['issuer_sym'])}"
        attrs.update(symbol=symbol, code=f"{number}-{symbol}")
        derived = drules.party_types.get(g["type"])
    else:
        symbol = _squeeze(g["symbol"])
        code = f"{number}/{g['year']}/{symbol}" if g.get("year") else f"{number}/{symbol}"
        attrs.update(symbol=symbol, code=code)
        if g.get("year"):
            attrs["year"] = int(g["year"])
        if g.get("state") is not None:
            derived = drules.state_types.get(g["type"])
        elif g.get("letter") is not None:
            derived = drules.letter_type
        else:
            derived = None
    if derived:
        attrs["_derived_type"] = derived["value"]
    return attrs


def _org_end(text: str, pos: int, limit: int, drules: DocRefRules) -> int:
    """End of the issuer name at ``pos``, with a '(khóa …)' written right after it."""
    end = org_end(text, pos, limit, drules.cue["issuer_stop"], ISSUER_MAX_WORDS)
    khoa = drules.cue["khoa_suffix"].match(text, end, limit)
    return khoa.end() if khoa else end


def _tail(ctx: Context, pos: int, limit: int, drules: DocRefRules, attrs: dict[str, Any]) -> None:
    """Read the issue date and the issuer written right after a reference."""
    text = ctx.view.text
    for _ in range(2):
        m = drules.cue["tail_date"].match(text, pos, limit)
        if m and "issued" not in attrs:
            issued = parse_date_text(m.group("date"))
            if issued:
                attrs["issued"] = issued.isoformat()
            pos = m.end()
            continue
        m = drules.cue["tail_issuer"].match(text, pos, limit)
        if m and "issuer" not in attrs:
            end = _org_end(text, m.end(), limit, drules)
            if end > m.end():
                attrs["issuer"] = fold(ctx.view.raw_slice(m.end(), end))
                pos = end
                continue
        break


def _lead_issuer(ctx: Context, vstart: int, sentence_start: int, drules: DocRefRules) -> str | None:
    """The subject of '… ban hành <document>' (or 'của X tại'), within the clause."""
    start = max(sentence_start, vstart - 160)
    window = ctx.view.text[start:vstart]
    cut = max(window.rfind(mark) for mark in ",;:.()") + 1
    m = drules.cue["lead_issuer"].search(window, cut)
    return fold(ctx.view.raw_slice(start + m.start("org"), start + m.end("org"))) if m else None


def _list_issuer(ctx: Context, vstart: int, sentence_start: int, drules: DocRefRules) -> str | None:
    """The issuer named at the head of a list, when it is the only one ('… của X: Số …')."""
    text = ctx.view.text
    colon = text.rfind(":", max(sentence_start, vstart - 400), vstart)
    if colon < 0:
        return None
    head = None
    for head in drules.cue["list_head"].finditer(text, max(sentence_start, colon - 200), colon):
        pass
    if head is None:
        return None
    end = _org_end(text, head.end(), colon + 1, drules)
    return fold(ctx.view.raw_slice(head.end(), end)) if text.startswith(":", end) else None


def _named_span(ctx: Context, m: regex.Match, drules: DocRefRules) -> tuple[int, int]:
    """A law cited by name ends at the first stop word; 'năm YYYY' right after stays."""
    text = ctx.view.text
    name_start, end = m.span("name")
    first_word_end = text.find(" ", name_start, end)
    if first_word_end > 0:
        stop = drules.cue["name_stop"].search(text, first_word_end, end)
        if stop:
            end = stop.start()
    end = len(text[:end].rstrip(" ,"))
    year = drules.cue["law_year"].match(text, end)
    return m.start(), year.end() if year else end


def _mention(ctx: Context, pid: str, m: regex.Match, drules: DocRefRules) -> Mention | None:
    g = m.groupdict()
    vstart, vend = m.span("span") if g.get("span") else m.span()
    attrs: dict[str, Any] = {}
    tw_entry = drules.type_words.get(g["tw"]) if g.get("tw") else None
    if g.get("number") is not None and pid != "number_only":
        attrs.update(_code_attrs(m, drules))
    elif pid == "number_only":
        attrs.update(number=g["number"], code=g["number"])
    derived = attrs.pop("_derived_type", None)
    if tw_entry and not tw_entry.get("generic"):
        doc_type = tw_entry["value"]
    elif g.get("name") and pid == "named_fixed":
        doc_type = drules.named[g["name"]]["doc_type"]
    else:
        doc_type = derived or (tw_entry["value"] if tw_entry else None)
    if doc_type is None:
        return None
    if pid == "quoted_name":
        attrs["name"] = fold(ctx.view.raw_slice(*m.span("name")))
    elif pid == "law_name":
        vstart, vend = _named_span(ctx, m, drules)
    if pid in ("law_name", "plenum_resolution", "congress_resolution", "named_fixed", "constitution"):
        attrs["name"] = fold(ctx.view.raw_slice(vstart, vend))
    sentence = ctx.sentence_bounds(vstart)
    if pid == "header_self":
        attrs["self"] = True
        if ctx.dateline:
            attrs["issued"] = ctx.dateline.isoformat()
    _tail(ctx, vend, min(len(ctx.view.text), vend + 400), drules, attrs)
    if "issuer" not in attrs and pid != "header_self":
        lead = _lead_issuer(ctx, vstart, sentence[0], drules)
        if lead:
            attrs["issuer"], attrs["_issuer_from"] = lead, "lead"
    if "issuer" not in attrs and pid == "list_item":
        head = _list_issuer(ctx, vstart, sentence[0], drules)
        if head:
            attrs["issuer"] = head
    ordered = {"doc_type": doc_type}
    for key in ("number", "symbol", "code", "year", "issued", "issuer", "name", "self", "_issuer_from"):
        if key in attrs:
            ordered[key] = attrs[key]
    return make_mention(ctx, "DOC_REF", vstart, vend, ordered, f"doc_ref:{pid}")


def _share_coordinated_issuer(ctx: Context, mentions: list[Mention], drules: DocRefRules) -> None:
    """'X ban hành Kế hoạch số … và Quyết định số …': the second has X's issuer too."""
    text = ctx.view.text
    for before, after in zip(mentions, mentions[1:]):
        if before.attrs.get("_issuer_from") != "lead" or "issuer" in after.attrs:
            continue
        between = text[before.vend:after.vstart]
        if ";" not in between and drules.cue["coordination"].search(between) and \
                ctx.sentence_bounds(before.vstart) == ctx.sentence_bounds(after.vstart):
            after.attrs["issuer"] = before.attrs["issuer"]
    for m in mentions:
        m.attrs.pop("_issuer_from", None)


def find(ctx: Context, rules: RuleFile | None = None) -> list[Mention]:
    """Return the DOC_REF mentions with doc_type, code parts, issue date, issuer, name."""
    drules = _drules(rules or load_rules("doc_ref"))
    found = []
    for pid, pattern in drules.rules.patterns.items():
        for m in pattern.compiled.finditer(ctx.view.text, timeout=ctx.timeout):
            mention = _mention(ctx, pid, m, drules)
            if mention:
                found.append(mention)
    kept = longest_first(found)
    _share_coordinated_issuer(ctx, kept, drules)
    return kept


@functools.cache
def _drules(rules: RuleFile) -> DocRefRules:
    return DocRefRules(rules)
