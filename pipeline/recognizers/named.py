"""MODEL and CAMPAIGN: quoted names governed by a head word (mô hình, phong trào, …).

The same words can be a MODEL in one sentence and a CAMPAIGN in another, so one
recogniser reads the head word and decides the label; names in a list headed by one
head (``mô hình “A” của X, “B” tại Y``) share it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.recognizers.base import Context, Mention, fold, longest_first, make_mention
from pipeline.recognizers.organisation import org_end
from pipeline.core.rules import RuleFile, load_rules

HEAD_WINDOW = 120
OWNER_MAX_WORDS = 14


@dataclass
class _Quote:
    match: regex.Match
    label: str | None
    chained: bool = False
    owner: str | None = None
    owner_prep: str | None = None
    count: int | None = None


def _label(ctx: Context, rules: RuleFile, q: regex.Match, prev: _Quote | None) -> tuple[str | None, bool, regex.Match | None]:
    """The label a quoted name takes: from its head, from the list it continues, or from 'Năm …'."""
    text = ctx.view.text
    cue = rules.cues
    sentence_start = ctx.sentence_bounds(q.start())[0]
    start = max(sentence_start, q.start() - HEAD_WINDOW)
    if prev is not None and prev.match.end() > start:
        start = prev.match.end()
    window = text[start:q.start()]
    head = cue["head_direct"].compiled.search(window) or cue["head_list"].compiled.search(window)
    if head:
        return rules.lookup("heads")[head.group("head")]["value"], False, head
    if prev is not None and prev.label and prev.match.end() >= sentence_start \
            and cue["chain"].compiled.match(text[prev.match.end():q.start()]):
        return prev.label, True, None
    if cue["year_name"].compiled.match(q.group("name")):
        return "CAMPAIGN", False, None
    return None, False, None


def _owner(ctx: Context, rules: RuleFile, end: int) -> tuple[str | None, str | None]:
    text = ctx.view.text
    m = rules.cues["owner"].compiled.match(text, end, min(len(text), end + 200))
    if not m:
        return None, None
    stop = org_end(text, m.end(), min(len(text), m.end() + 200), rules.cues["owner_stop"].compiled, OWNER_MAX_WORDS)
    if stop <= m.end():
        return None, None
    return fold(ctx.view.raw_slice(m.end(), stop)), m.group("prep")


def _count(ctx: Context, rules: RuleFile, window_start: int, head: regex.Match) -> int | None:
    m = rules.cues["count"].compiled.search(ctx.view.text, max(0, window_start + head.start() - 20),
                                            window_start + head.start())
    return int(m.group("count").replace(".", "")) if m else None


def find(ctx: Context, rules: RuleFile | None = None) -> list[Mention]:
    """Return MODEL and CAMPAIGN mentions with name, and owner and count for models."""
    rules = rules or load_rules("named")
    quotes: list[_Quote] = []
    found: list[Mention] = []
    prev: _Quote | None = None
    for q in rules.patterns["quoted_name"].compiled.finditer(ctx.view.text, timeout=ctx.timeout):
        label, chained, head = _label(ctx, rules, q, prev)
        quote = _Quote(q, label, chained)
        if label == "MODEL":
            quote.owner, quote.owner_prep = _owner(ctx, rules, q.end())
        if head is not None and label == "MODEL":
            sentence_start = ctx.sentence_bounds(q.start())[0]
            window_start = max(sentence_start, q.start() - HEAD_WINDOW,
                               prev.match.end() if prev is not None else 0)
            quote.count = _count(ctx, rules, window_start, head)
        quotes.append(quote)
        prev = quote
    link = rules.cues["list_link"].compiled
    linked = [n > 0 and quotes[n - 1].label == q.label and bool(link.match(
        ctx.view.text[quotes[n - 1].match.end():q.match.start()])) for n, q in enumerate(quotes)]
    for n, quote in enumerate(quotes):
        if not quote.label:
            continue
        start, end = quote.match.span("name")
        attrs: dict = {"name": fold(ctx.view.raw_slice(start, end))}
        in_list = linked[n] or (n + 1 < len(quotes) and linked[n + 1])
        if quote.owner and (quote.owner_prep != "tại" or in_list):
            attrs["owner"] = quote.owner
        if quote.count:
            attrs["count"] = quote.count
        found.append(make_mention(ctx, quote.label, start, end, attrs, "named:quoted_name"))
    for m in rules.patterns["unquoted_model"].compiled.finditer(ctx.view.text, timeout=ctx.timeout):
        start, end = m.span("name")
        found.append(make_mention(ctx, "MODEL", start, end, {"name": fold(ctx.view.raw_slice(start, end))},
                                  "named:unquoted_model"))
    return longest_first(found)
