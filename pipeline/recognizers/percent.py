"""PERCENT: percentages and per-mille figures, with qualifier, year and metric."""

from __future__ import annotations

import regex

from pipeline.core.rules import Lexicon, Pattern, RuleSet
from pipeline.core.text import fold
from pipeline.recognizers.base import Context, Mention, PercentValues, make_mention

METRIC_MAX_WORDS = 24
COUNT_VERBS = frozenset({"chiếm", "bằng", "đạt"})  # "…, chiếm/bằng Y%": a share of the clause before
SUBJECT_MAX_WORDS = 10   # a longer stretch before the verb is a clause, not a measure's name
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
    from_to: Pattern
    rate_start: Pattern
    predicate_tail: Pattern
    time_tail: Pattern
    count_before: Pattern
    continuation: Pattern
    heading_tail: Pattern
    rate_stop: Pattern
    subject_lead: Pattern
    phrase_stop: Pattern
    number_after_comma: Pattern
    and_number: Pattern
    measure_heads: Lexicon
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


def _trim(ctx: Context, rules: PercentRules, start: int, end: int) -> str | None:
    """The measure in view[start:end] without a trailing time phrase; None when nothing is left."""
    text = ctx.view.text
    tail = rules.time_tail.search(text, start, end)
    end = tail.start() if tail else end
    while end > start and text[end - 1] in " ,:(":
        end -= 1
    words = text[start:end].split()
    if not words or len(words) > METRIC_MAX_WORDS:
        return None
    return fold(ctx.view.raw_slice(start, end))


def _rate_metric(ctx: Context, rules: PercentRules, lo: int, start: int) -> str | None:
    """"Tỷ lệ X (năm 2024) đạt Y%": the measure named by a rate word in the clause, up to its verb."""
    text = ctx.view.text
    rates = list(rules.rate_start.finditer(text, lo, start))
    rate = rates[-1] if rates else None
    if rate is None:
        return None
    tail = rules.predicate_tail.search(text, rate.start(), start)
    end = tail.start() if tail else start
    stop = rules.rate_stop.search(text, rate.end(), end)
    end = stop.start() if stop else end
    if end <= rate.end():
        return None  # "đạt tỷ lệ 94,92%": the rate word alone names nothing
    return _trim(ctx, rules, rate.start(), end)


def _heading_metric(ctx: Context, rules: PercentRules, clause_start: int, sentence_start: int) -> str | None:
    """"Tỷ lệ X giảm qua các năm: năm 2020: 9,62%": the measure a heading names before its colon."""
    text = ctx.view.text
    if clause_start < 1 or text[clause_start - 1] != ":":
        return None
    lo = max(text.rfind(";", sentence_start, clause_start) + 1, text.rfind("\n", 0, clause_start) + 1, sentence_start)
    while lo < clause_start and text[lo] in " -–•*+":
        lo += 1
    colon = text.find(":", lo, clause_start)  # the heading's own colon, before "năm 2020:"
    rate = rules.rate_start.match(text, lo, colon)
    if not rate:
        return None
    tail = rules.heading_tail.search(text, lo, colon)
    return _trim(ctx, rules, lo, tail.start() if tail else colon)


def _subject_metric(ctx: Context, rules: PercentRules, lo: int, verb_start: int) -> str | None:
    """"Thu ngân sách 8 tháng năm 2024 đạt 76,4%", "trong đó đảng viên chiếm 21,8%": a short subject
    before the verb, opened by a lower-case word or a measure head ("Thu", "Số")."""
    text = ctx.view.text
    opener = text.rfind("trong đó ", lo, verb_start)
    lo = opener + len("trong đó ") if opener >= 0 else lo
    while lo < verb_start and text[lo] in " ,":
        lo += 1
    lead = rules.subject_lead.match(text, lo, verb_start)
    lo = lead.end() if lead else lo
    words = text[lo:verb_start].split()
    if not words or len(words) > SUBJECT_MAX_WORDS:
        return None
    if not (words[0][0].islower() or any(text.startswith(h + " ", lo) for h in rules.measure_heads)):
        return None
    return _trim(ctx, rules, lo, verb_start)


def _phrase_metric(ctx: Context, rules: PercentRules, end: int, sentence_end: int) -> str | None:
    """"100% xã, phường, thị trấn có chi bộ quân sự": what a figure leading its clause is a share of,
    up to the clause's end, a stop phrase or a line break."""
    text = ctx.view.text
    qualifier = rules.qualifier_after.match(text, end, sentence_end)
    pos = qualifier.end() if qualifier else end
    if not text.startswith(" ", pos) or not text[pos + 1:pos + 2].islower():
        return None
    words: list[regex.Match] = []
    for w in rules.word.finditer(text, pos, min(sentence_end, pos + 400)):
        if _phrase_ends(ctx, rules, w, words[-1].end() if words else pos, bool(words)):
            break
        words.append(w)
        if len(words) > METRIC_MAX_WORDS:
            return None
    while words and not words[-1].group()[0].isalnum() and words[-1].group() not in METRIC_CLOSERS:
        words.pop()
    return _trim(ctx, rules, words[0].start(), words[-1].end()) if words else None


def _phrase_ends(ctx: Context, rules: PercentRules, w: regex.Match, after: int, started: bool) -> bool:
    """Whether a measured phrase ends before the token ``w`` (``after`` is where the phrase so far ends)."""
    text, token = ctx.view.text, w.group()
    if token[:1].isupper() and "\n" in ctx.view.raw_slice(after, w.start()):
        return True  # a new line opened by a capital: the next item of a page's list, not a wrapped line
    if token == ",":
        # "xã, phường, thị trấn có …", "được phát hiện, xử lý ngay": one clause goes on over its commas
        return not text[w.end() + 1:w.end() + 2].isalnum() or bool(rules.number_after_comma.match(text, w.end()))
    if not token[0].isalnum() and token not in METRIC_INNER:
        return True
    return started and bool(rules.phrase_stop.match(text, after) or rules.and_number.match(text, after))


def _metric(ctx: Context, rules: PercentRules, start: int, end: int, sentence: tuple[int, int],
            floor: int) -> str | None:
    """What the figure measures: a rate named before it, the subject of its verb, the counted noun
    of a "…, chiếm Y%", a heading's measure, or the phrase a clause-initial figure leads.
    ``floor`` is the end of the previous figure: nothing before it belongs to this one."""
    text = ctx.view.text
    if rules.basis_after.match(text, end, sentence[1]) and not rules.qualifier_before.search(text, start - 12, start):
        return None  # "… 4,2% so với cùng kỳ": the words after it are the comparison, not the measure
    lo = max(sentence[0], floor, start - LOOKBACK)
    clause_start = max(text.rfind(";", lo, start) + 1, text.rfind(":", lo, start) + 1, lo)
    rate = _rate_metric(ctx, rules, clause_start, start)
    if rate:
        return rate
    tail = rules.predicate_tail.search(text, clause_start, start)
    comma = max(text.rfind(",", clause_start, start), text.rfind("(", clause_start, start))
    if tail is not None and tail.group("verb"):
        if comma >= 0 and not text[comma + 1:tail.start()].strip():  # "…, chiếm 81,6%"
            if tail.group("verb") not in COUNT_VERBS:
                return None
            return _count_metric(ctx, rules, clause_start, comma, tail.group("verb")) \
                or (_phrase_metric(ctx, rules, end, sentence[1]) if tail.group("verb") == "đạt" else None)
        line_start = ctx.view.raw_slice(clause_start, tail.start()).rfind("\n")
        return _subject_metric(ctx, rules, clause_start, tail.start()) \
            or _subject_metric(ctx, rules, max(comma + 1, clause_start), tail.start()) \
            or (_subject_metric(ctx, rules, _view_after_raw_newline(ctx, clause_start, tail.start()), tail.start())
                if line_start >= 0 else None) \
            or _heading_metric(ctx, rules, clause_start, sentence[0])
    return _heading_metric(ctx, rules, clause_start, sentence[0]) or _phrase_metric(ctx, rules, end, sentence[1])


def _view_after_raw_newline(ctx: Context, lo: int, hi: int) -> int:
    """The view offset after the last raw line break within view[lo:hi] (a title line of a list of news)."""
    for pos in range(hi - 1, lo - 1, -1):
        if "\n" in ctx.view.raw_slice(pos, pos + 1):
            return pos + 1
    return lo


def _count_metric(ctx: Context, rules: PercentRules, clause_start: int, comma: int, verb: str) -> str | None:
    """"có 164 xã đạt chuẩn nông thôn mới, chiếm 81,6%": the counted noun before the comma; when the
    count is a quantity of the clause's subject ("diện tích X đạt 8.450 ha, chiếm 33,6%", "tổng thu
    đạt 22.418 tỷ đồng, bằng 141,2%"), that subject. After "bằng"/"đạt" only the subject counts."""
    text = ctx.view.text
    count = rules.count_before.search(text, clause_start, comma + 1)
    if not count:
        return None
    before = rules.predicate_tail.search(text, clause_start, count.start())
    if before is not None and before.group("verb"):
        return _subject_metric(ctx, rules, clause_start, before.start())
    return _trim(ctx, rules, *count.span("np")) if verb == "chiếm" else None


def _kind(ctx: Context, rules: PercentRules, start: int, end: int,
          sentence: tuple[int, int]) -> tuple[str, str | None, str | None]:
    """The figure's kind, and for a change its direction; the basis it is compared with, if said."""
    text = ctx.view.text
    basis_match = rules.basis_after.match(text, end, sentence[1])
    basis = fold(ctx.view.raw_slice(*basis_match.span("basis"))) if basis_match else None
    change = rules.change_before.search(text, max(sentence[0], start - 30), start)
    if change and change.group().rstrip().endswith(" từ") and rules.from_to.match(text, end, sentence[1]):
        change = None  # "giảm từ 12,4% … xuống còn 3,8%": where the measure started, a level
    if change:
        return "change", str(rules.change_verbs.value(change.group("verb"))), basis
    clause_start = max(text.rfind(";", sentence[0], start) + 1, sentence[0])
    if rules.target_before.search(text, clause_start, start):
        return "target", None, basis
    return "level", None, basis


def find(ctx: Context, rules: PercentRules | None = None) -> list[Mention]:
    """Return the PERCENT mentions with value, unit and, when stated, qualifier, year, metric."""
    rules = rules or PercentRules.load()
    text = ctx.view.text
    matches = sorted(((m, pattern.id) for pattern in rules.rules.patterns.values() for m in pattern.finditer(text)),
                     key=lambda mp: mp[0].start())
    found: list[Mention] = []
    previous: tuple[int, PercentValues] | None = None
    for m, pid in matches:
        start, end = m.span()
        sentence = ctx.sentence_bounds(start)
        kind, direction, basis = _kind(ctx, rules, start, end, sentence)
        floor = previous[0] if previous else 0
        if kind == "change":
            metric = None
        elif previous and previous[1].metric and not basis and rules.continuation.fullmatch(text, previous[0], start):
            metric = previous[1].metric  # "Tỷ lệ X năm 2021 đạt 74,6%, năm 2022 đạt 79,2%"
        else:
            metric = _metric(ctx, rules, start, end, sentence, floor)
        values = PercentValues(parse_number(m.group("num")), str(rules.units.value(m.group("unit"))),
                               qualifier=_qualifier(ctx, rules, start, end), kind=kind, direction=direction,
                               basis=basis, year=_year(ctx, rules, start, end, sentence), metric=metric)
        found.append(make_mention(ctx, "PERCENT", start, end, values, f"percent:{pid}"))
        previous = (end, values)
    return found
