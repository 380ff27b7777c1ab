"""MODEL and CAMPAIGN: quoted names governed by a head word (mô hình, phong trào, …).

The same words can be a MODEL in one sentence and a CAMPAIGN in another, so one
recogniser reads the head word and decides the label; names in a list headed by one
head (``mô hình “A” của X, “B” tại Y``) share it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.core.rules import Lexicon, Pattern, RuleSet
from pipeline.core.text import fold
from pipeline.recognizers.base import Context, Mention, NamedValues, longest_first, make_mention
from pipeline.recognizers.organisation import org_end

HEAD_WINDOW = 120
UNQUOTED_MAX_WORDS = 12
OWNER_MAX_WORDS = 14


class NamedRules(RuleSet, file="named"):
    """Heads, list links and owners of MODEL and CAMPAIGN names (rules/named.yaml)."""

    heads: Lexicon
    unquoted_heads: Lexicon
    unquoted_stops: Lexicon
    model_stops: Lexicon
    generic_model_words: Lexicon
    admin_units: Lexicon
    org_heads: Lexicon
    quoted_name: Pattern
    unquoted_name: Pattern
    unquoted_head: Pattern
    year_campaign: Pattern
    plural_before: Pattern
    name_word: Pattern
    next_head: Pattern
    name_stop: Pattern
    model_stop: Pattern
    year_after_name: Pattern
    parallel_comma: Pattern
    place_after_unit: Pattern
    head_direct: Pattern
    head_list: Pattern
    chain: Pattern
    year_name: Pattern
    count: Pattern
    owner: Pattern
    owner_stop: Pattern
    subject_owner: Pattern
    subject_heads: Lexicon


@dataclass
class _Quote:
    match: regex.Match
    label: str | None
    chained: bool = False
    owner: str | None = None
    count: int | None = None


def _label(ctx: Context, rules: NamedRules, q: regex.Match,
           prev: _Quote | None) -> tuple[str | None, bool, regex.Match | None]:
    """The label a quoted name takes: from its head, from the list it continues, or from 'Năm …'."""
    text = ctx.view.text
    sentence_start = ctx.sentence_bounds(q.start())[0]
    start = max(sentence_start, q.start() - HEAD_WINDOW)
    if prev is not None and prev.match.end() > start:
        start = prev.match.end()
    window = text[start:q.start()]
    head = rules.head_direct.search(window) or rules.head_list.search(window)
    if head:
        return str(rules.heads.value(head.group("head"))), False, head
    if prev is not None and prev.label and prev.match.end() >= sentence_start \
            and rules.chain.match(text[prev.match.end():q.start()]):
        return prev.label, True, None
    if rules.year_name.match(q.group("name")):
        return "CAMPAIGN", False, None
    return None, False, None


def _owner(ctx: Context, rules: NamedRules, end: int) -> str | None:
    """The unit named right after a model: "của X" (whose), "tại/ở X" (where it runs)."""
    text = ctx.view.text
    m = rules.owner.match(text, end, min(len(text), end + 200))
    if not m:
        return None
    stop = org_end(text, m.end(), min(len(text), m.end() + 200), rules.owner_stop, OWNER_MAX_WORDS,
                   ctx.whole_words, units=rules.admin_units, wrap_after=rules.org_heads)
    if stop <= m.end():
        return None
    return fold(ctx.view.raw_slice(m.end(), stop))


def _subject_owner(ctx: Context, rules: NamedRules, start: int) -> str | None:
    """The body that runs a model as the subject of its clause ("Đồn Biên phòng X ra mắt mô hình …")."""
    text = ctx.view.text
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - 300, -1) + 1
    m = rules.subject_owner.search(text, lo, start)
    return fold(ctx.view.raw_slice(*m.span("who"))) if m else None


def _count(ctx: Context, rules: NamedRules, window_start: int, head: regex.Match) -> int | None:
    m = rules.count.search(ctx.view.text, max(0, window_start + head.start() - 20), window_start + head.start())
    return int(m.group("count").replace(".", "")) if m else None


def find(ctx: Context, rules: NamedRules | None = None) -> list[Mention]:
    """Return MODEL and CAMPAIGN mentions with name, and owner and count for models."""
    rules = rules or NamedRules.load()
    quotes: list[_Quote] = []
    found: list[Mention] = []
    prev: _Quote | None = None
    for q in rules.quoted_name.finditer(ctx.view.text):
        label, chained, head = _label(ctx, rules, q, prev)
        quote = _Quote(q, label, chained)
        if label == "MODEL":
            quote.owner = _owner(ctx, rules, q.end())
        if head is not None and label == "MODEL":
            sentence_start = ctx.sentence_bounds(q.start())[0]
            window_start = max(sentence_start, q.start() - HEAD_WINDOW,
                               prev.match.end() if prev is not None else 0)
            quote.count = _count(ctx, rules, window_start, head)
        quotes.append(quote)
        prev = quote
    for quote in quotes:
        if not quote.label:
            continue
        start, end = quote.match.span("name")
        values = NamedValues(fold(ctx.view.raw_slice(start, end)), count=quote.count or None)
        if quote.owner:
            values.owner = quote.owner
        elif quote.label == "MODEL":
            values.owner = _subject_owner(ctx, rules, start)
        found.append(make_mention(ctx, quote.label, start, end, values, "named:quoted_name"))
    found.extend(_unquoted(ctx, rules))
    return longest_first(found)


def _name_end(ctx: Context, rules: NamedRules, start: int, label: str) -> int:
    """End of an unquoted name starting at ``start``: the words before a stop, a place, a year or a mark."""
    text = ctx.view.text
    end = pos = start - 1  # the cues read " word"; the first word has no space before it
    first = ""
    for _ in range(UNQUOTED_MAX_WORDS):
        if rules.place_after_unit.match(text, pos) or rules.next_head.match(text, pos) \
                or rules.name_stop.match(text, pos) or rules.year_after_name.match(text, pos) \
                or (label == "MODEL" and rules.model_stop.match(text, pos)):
            break
        parallel = rules.parallel_comma.match(text, pos) if label == "CAMPAIGN" and first else None
        if parallel and parallel.group("word").lower() == first.lower():
            pos = parallel.start("word") - 1
        word = rules.name_word.match(text, pos)
        if not word:
            break
        first = first or word.group("word")
        end = pos = word.end()
    return max(end, start)


def _generic(rules: NamedRules, words: list[str]) -> bool:
    """Whether an unquoted phrase opens with a generic word or phrase ("hiệu quả", "duy trì")."""
    return any(" ".join(words[:n]) in rules.generic_model_words for n in (1, 2, 3))


def _unquoted(ctx: Context, rules: NamedRules) -> list[Mention]:
    """MODEL and CAMPAIGN names written without quotes after their head word, and "Năm …" campaigns."""
    text = ctx.view.text
    found = []
    starts = [(m.end(), str(rules.unquoted_heads.value(m.group("head"))), m.start(),
               bool(rules.unquoted_heads[m.group("head")].get("lower"))) for m in rules.unquoted_head.finditer(text)]
    starts += [(m.start(), "CAMPAIGN", m.start(), False) for m in rules.year_campaign.finditer(text)]
    for start, label, head_start, lower_ok in starts:
        first = text[start:text.find(" ", start) if text.find(" ", start) > 0 else len(text)]
        end = _name_end(ctx, rules, start, label)
        words = text[start:end].split()
        if not words:
            continue
        if first[:1].islower():
            # A lower-case phrase names a model only when it is specific: not generic, not after
            # a count or a plural ("31 mô hình tự quản"), and of two words or more.
            if not lower_ok or _generic(rules, words) or len(words) < 2 \
                    or rules.plural_before.search(text, max(0, head_start - 12), head_start):
                continue
        values = NamedValues(fold(ctx.view.raw_slice(start, end)))
        if label == "MODEL":
            values.owner = _owner(ctx, rules, end) or _subject_owner(ctx, rules, start)
        found.append(make_mention(ctx, label, start, end, values, "named:unquoted_name"))
    return found
