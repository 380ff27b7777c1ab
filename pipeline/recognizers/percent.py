"""PERCENT: percentages and per-mille figures, with qualifier, year and metric."""

from __future__ import annotations

import regex

from pipeline.core.rules import Lexicon, Pattern, RuleSet
from pipeline.core.text import fold
from pipeline.recognizers.base import Context, Mention, PercentValues, make_mention

METRIC_MAX_WORDS = 40
# Marks that may stand inside a measured phrase (quoted names, asides); closers may end it.
METRIC_INNER = frozenset('"“”()-/')
METRIC_CLOSERS = frozenset('"”)')
# How far back in its sentence a figure looks for its year and metric.
LOOKBACK = 400


class PercentRules(RuleSet, file="percent"):
    """Every pattern of rules/percent.yaml finds figures; these cues and lists are read by name."""

    units: Lexicon
    qualifiers_before: Lexicon
    qualifiers_after: Lexicon
    change_verbs: Lexicon
    qualifier_before: Pattern
    qualifier_after: Pattern
    year_after: Pattern
    year_named: Pattern
    year_bare: Pattern
    year_deadline: Pattern
    year_month: Pattern
    change_before: Pattern
    target_before: Pattern
    basis_after: Pattern
    metric_rate: Pattern
    word: Pattern


def parse_number(text: str) -> float:
    """Return the value of a Vietnamese number: '.' groups thousands, ',' is decimal."""
    text = text.replace(" ", "")
    if "." in text and ("," in text or len(text.rsplit(".", 1)[1]) == 3):
        text = text.replace(".", "")
    return float(text.replace(",", "."))


def _qualifier(ctx: Context, rules: PercentRules, start: int, end: int) -> str | None:
    text = ctx.view.text
    m = rules.qualifier_before.search(text, max(0, start - 30), start)
    if m:
        return str(rules.qualifiers_before.value(m.group("q")))
    m = rules.qualifier_after.match(text, end, min(len(text), end + 20))
    return str(rules.qualifiers_after.value(m.group("q"))) if m else None


def _year(ctx: Context, rules: PercentRules, start: int, end: int, sentence: tuple[int, int]) -> int | None:
    """The year named right after the figure, else the nearest one before it in its sentence."""
    text = ctx.view.text
    after = rules.year_after.match(text, end, sentence[1])
    if after:
        return int(after.group("year"))
    best: tuple[int, int] | None = None
    for cue in (rules.year_named, rules.year_bare, rules.year_deadline, rules.year_month):
        for m in cue.finditer(text, max(sentence[0], start - LOOKBACK), start):
            if best is None or m.start() > best[0]:
                best = (m.start(), int(m.group("year")))
    return best[1] if best else None


def _metric(ctx: Context, rules: PercentRules, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    """A rate named before the figure in its clause, or the phrase a clause-initial figure leads."""
    text = ctx.view.text
    window = max(sentence[0], start - LOOKBACK)
    clause_start = max(text.rfind(";", window, start) + 1, window)
    best = None
    for m in rules.metric_rate.finditer(text, clause_start, start):
        best = m
    if best:
        return fold(ctx.view.raw_slice(*best.span("metric")))
    lead = text[clause_start:start].rstrip()
    if lead and lead[-1] not in ":;,(" and not rules.qualifier_before.search(lead + " "):
        return None
    if rules.basis_after.match(text, end, sentence[1]):
        return None  # "… 4,2% so với cùng kỳ": the words after it are the comparison, not the measure
    # The phrase after a clause-initial figure says what it measures, to the end of its clause.
    words: list[regex.Match] = []
    qualifier = rules.qualifier_after.match(text, end, sentence[1])
    phrase_start = qualifier.end() if qualifier else end
    for w in rules.word.finditer(text, phrase_start, min(sentence[1], end + 300)):
        if not w.group()[0].isalnum() and w.group() not in METRIC_INNER:
            break
        words.append(w)
        if len(words) > METRIC_MAX_WORDS:
            return None
    while words and not words[-1].group()[0].isalnum() and words[-1].group() not in METRIC_CLOSERS:
        words.pop()
    if not words:
        return None
    return fold(ctx.view.raw_slice(words[0].start(), words[-1].end()))


def _kind(ctx: Context, rules: PercentRules, start: int, end: int,
          sentence: tuple[int, int]) -> tuple[str, str | None, str | None]:
    """The figure's kind, and for a change its direction; the basis it is compared with, if said."""
    text = ctx.view.text
    basis_match = rules.basis_after.match(text, end, sentence[1])
    basis = fold(ctx.view.raw_slice(*basis_match.span("basis"))) if basis_match else None
    change = rules.change_before.search(text, max(sentence[0], start - 30), start)
    if change:
        return "change", str(rules.change_verbs.value(change.group("verb"))), basis
    clause_start = max(text.rfind(";", sentence[0], start) + 1, sentence[0])
    if rules.target_before.search(text, clause_start, start):
        return "target", None, basis
    return "level", None, basis


def find(ctx: Context, rules: PercentRules | None = None) -> list[Mention]:
    """Return the PERCENT mentions with value, unit and, when stated, qualifier, year, metric."""
    rules = rules or PercentRules.load()
    found = []
    for pattern in rules.rules.patterns.values():
        for m in pattern.finditer(ctx.view.text):
            start, end = m.span()
            sentence = ctx.sentence_bounds(start)
            kind, direction, basis = _kind(ctx, rules, start, end, sentence)
            values = PercentValues(parse_number(m.group("num")), str(rules.units.value(m.group("unit"))),
                                   qualifier=_qualifier(ctx, rules, start, end), kind=kind, direction=direction,
                                   basis=basis, year=_year(ctx, rules, start, end, sentence),
                                   metric=_metric(ctx, rules, start, end, sentence))
            found.append(make_mention(ctx, "PERCENT", start, end, values, f"percent:{pattern.id}"))
    return found
