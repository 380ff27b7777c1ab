"""PERCENT: percentages and per-mille figures, with qualifier, year and metric."""

from __future__ import annotations

from pipeline.recognizers.base import Context, Mention, fold, make_mention
from pipeline.core.rules import RuleFile, load_rules

METRIC_MAX_WORDS = 40
# Marks that may stand inside a measured phrase (quoted names, asides); closers may end it.
METRIC_INNER = frozenset('"“”()-/')
METRIC_CLOSERS = frozenset('"”)')
# How far back in its sentence a figure looks for its year and metric.
LOOKBACK = 400


def parse_number(text: str) -> float:
    """Return the value of a Vietnamese number: '.' groups thousands, ',' is decimal."""
    text = text.replace(" ", "")
    if "." in text and ("," in text or len(text.rsplit(".", 1)[1]) == 3):
        text = text.replace(".", "")
    return float(text.replace(",", "."))


def _qualifier(ctx: Context, rules: RuleFile, start: int, end: int) -> str | None:
    text = ctx.view.text
    m = rules.cues["qualifier_before"].compiled.search(text, max(0, start - 30), start)
    lexicon = "qualifiers_before"
    if not m:
        m = rules.cues["qualifier_after"].compiled.match(text, end, end + 20)
        lexicon = "qualifiers_after"
    return rules.lookup(lexicon)[m.group("q")]["value"] if m else None


def _year(ctx: Context, rules: RuleFile, start: int, end: int, sentence: tuple[int, int]) -> int | None:
    """The year named right after the figure, else the nearest one before it in its sentence."""
    text = ctx.view.text
    after = rules.cues["year_after"].compiled.match(text, end, sentence[1])
    if after:
        return int(after.group("year"))
    best: tuple[int, int] | None = None
    for cue in ("year_named", "year_bare", "year_deadline"):
        for m in rules.cues[cue].compiled.finditer(text, max(sentence[0], start - LOOKBACK), start,
                                                   timeout=ctx.timeout):
            if best is None or m.start() > best[0]:
                best = (m.start(), int(m.group("year")))
    return best[1] if best else None


def _metric(ctx: Context, rules: RuleFile, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    """A rate named before the figure in its clause, or the phrase a clause-initial figure leads."""
    text = ctx.view.text
    window = max(sentence[0], start - LOOKBACK)
    clause_start = max(text.rfind(";", window, start) + 1, window)
    best = None
    for m in rules.cues["metric_rate"].compiled.finditer(text, clause_start, start, timeout=ctx.timeout):
        best = m
    if best:
        return fold(ctx.view.raw_slice(*best.span("metric")))
    lead = text[clause_start:start].rstrip()
    if lead and lead[-1] not in ":;,(" and not rules.cues["qualifier_before"].compiled.search(lead + " "):
        return None
    # The phrase after a clause-initial figure says what it measures, to the end of its clause.
    words: list = []
    qualifier = rules.cues["qualifier_after"].compiled.match(text, end, sentence[1])
    phrase_start = qualifier.end() if qualifier else end
    for w in rules.cues["word"].compiled.finditer(text, phrase_start, min(sentence[1], end + 300)):
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


def find(ctx: Context, rules: RuleFile | None = None) -> list[Mention]:
    """Return the PERCENT mentions with value, unit and, when stated, qualifier, year, metric."""
    rules = rules or load_rules("percent")
    units = rules.lookup("units")
    found = []
    for pattern in rules.patterns.values():
        for m in pattern.compiled.finditer(ctx.view.text, timeout=ctx.timeout):
            start, end = m.span()
            sentence = ctx.sentence_bounds(start)
            attrs: dict = {"value": parse_number(m.group("num")), "unit": units[m.group("unit")]["value"]}
            qualifier = _qualifier(ctx, rules, start, end)
            if qualifier:
                attrs["qualifier"] = qualifier
            year = _year(ctx, rules, start, end, sentence)
            if year:
                attrs["year"] = year
            metric = _metric(ctx, rules, start, end, sentence)
            if metric:
                attrs["metric"] = metric
            found.append(make_mention(ctx, "PERCENT", start, end, attrs, f"percent:{pattern.id}"))
    return found
