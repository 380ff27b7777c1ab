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
OWNER_MAX_WORDS = 14


class NamedRules(RuleSet, file="named"):
    """Heads, list links and owners of MODEL and CAMPAIGN names (rules/named.yaml)."""

    heads: Lexicon
    quoted_name: Pattern
    unquoted_model: Pattern
    head_direct: Pattern
    head_list: Pattern
    chain: Pattern
    list_link: Pattern
    year_name: Pattern
    count: Pattern
    owner: Pattern
    owner_stop: Pattern


@dataclass
class _Quote:
    match: regex.Match
    label: str | None
    chained: bool = False
    owner: str | None = None
    owner_at: bool = False  # the owner follows "tại" (at), not "của" (of)
    count: int | None = None


def _label(ctx: Context, rules: NamedRules, q: regex.Match, prev: _Quote | None) -> tuple[str | None, bool, regex.Match | None]:
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


def _owner(ctx: Context, rules: NamedRules, end: int) -> tuple[str | None, bool]:
    text = ctx.view.text
    m = rules.owner.match(text, end, min(len(text), end + 200))
    if not m:
        return None, False
    stop = org_end(text, m.end(), min(len(text), m.end() + 200), rules.owner_stop, OWNER_MAX_WORDS)
    if stop <= m.end():
        return None, False
    return fold(ctx.view.raw_slice(m.end(), stop)), m.group("at") is not None


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
            quote.owner, quote.owner_at = _owner(ctx, rules, q.end())
        if head is not None and label == "MODEL":
            sentence_start = ctx.sentence_bounds(q.start())[0]
            window_start = max(sentence_start, q.start() - HEAD_WINDOW,
                               prev.match.end() if prev is not None else 0)
            quote.count = _count(ctx, rules, window_start, head)
        quotes.append(quote)
        prev = quote
    link = rules.list_link
    linked = [n > 0 and quotes[n - 1].label == q.label and bool(link.match(
        ctx.view.text[quotes[n - 1].match.end():q.match.start()])) for n, q in enumerate(quotes)]
    for n, quote in enumerate(quotes):
        if not quote.label:
            continue
        start, end = quote.match.span("name")
        values = NamedValues(fold(ctx.view.raw_slice(start, end)), count=quote.count or None)
        in_list = linked[n] or (n + 1 < len(quotes) and linked[n + 1])
        if quote.owner and (not quote.owner_at or in_list):
            values.owner = quote.owner
        found.append(make_mention(ctx, quote.label, start, end, values, "named:quoted_name"))
    for m in rules.unquoted_model.finditer(ctx.view.text):
        start, end = m.span("name")
        found.append(make_mention(ctx, "MODEL", start, end, NamedValues(fold(ctx.view.raw_slice(start, end))),
                                  "named:unquoted_model"))
    return longest_first(found)
