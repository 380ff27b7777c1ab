"""PERCENT: percentages and per-mille figures, with qualifier, year and metric."""

from __future__ import annotations

import bisect

import regex

from pipeline.core.rules import Lexicon, Pattern, RuleSet
from pipeline.core.text import fold
from pipeline.recognizers.base import Context, Mention, PercentValues, make_mention

METRIC_MAX_WORDS = 24
COUNT_VERBS = frozenset({"chiếm", "bằng", "đạt"})  # "…, chiếm/bằng Y%": a share of the clause before
SUBJECT_MAX_WORDS = 12   # a longer stretch before the verb is a clause, not a measure's name
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
    year_owned: Pattern
    year_period: Pattern
    year_paren_before: Pattern
    law_before: Pattern
    year_closing: Pattern
    change_before: Pattern
    target_before: Pattern
    target_frame: Pattern
    basis_after: Pattern
    basis_leading: Pattern
    comparison: Pattern
    phrase_copula: Pattern
    basis_later: Pattern
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


def _headline_break(ctx: Context, lo: int, start: int) -> int:
    """The view position after the last raw line break in [lo, start) that ends a headline.

    The view joins lines it takes for wraps; a raw line that ends in a lower-case word or a comma
    was wrapped mid-phrase, as is one before a lower-case word; any other ends a line of its own
    (a related-news headline), and a year before it is not the figure's.
    """
    r0, r1 = ctx.view.raw_span(lo, start)
    raw = ctx.view.raw
    nl = raw.rfind("\n", r0, r1)
    while nl >= 0:
        before, after = raw[r0:nl].rstrip(), raw[nl:r1].lstrip()
        if before and not (before[-1].islower() or before[-1] in ",;:") and after[:1].isupper():
            return bisect.bisect_right(ctx.view.starts, nl, lo, start)
        nl = raw.rfind("\n", r0, nl)
    return lo


def _clause_end(text: str, end: int, sentence: tuple[int, int]) -> int:
    """Where the figure's clause ends: the next semicolon or line break in its sentence."""
    hi = min(sentence[1], end + LOOKBACK)  # bounded: a one-line document is one long sentence
    stops = [i for i in (text.find(";", end, hi), text.find("\n", end, hi)) if i >= 0]
    return min(stops, default=hi)


def _frames_sentence(ctx: Context, rules: PercentRules, m: regex.Match, lo: int) -> bool:
    """Whether a year frames its whole sentence: it comes before the sentence's first figure and
    no measure of its own follows it ("năm 2024, …; …" does, "… năm 2025 là 97,2%; …" does not)."""
    text = ctx.view.text
    return "%" not in text[lo:m.start()] and "‰" not in text[lo:m.start()] \
        and not rules.year_owned.match(text, m.end())


def _year(ctx: Context, rules: PercentRules, start: int, end: int, sentence: tuple[int, int]) -> int | None:
    """The year the figure's clause ties it to (decision 9 of docs/annotation.md).

    In order: a year named right after the figure, or right before it in parentheses; the nearest
    year before it in its sentence (after a headline's line break; in its own clause, or one that
    frames the whole sentence; not inside a parenthesis closed before the figure); the year or
    deadline that closes the
    clause after the figure.
    """
    text = ctx.view.text
    after = rules.year_after.match(text, end, sentence[1])
    if after:
        return int(after.group("year"))
    before = rules.year_paren_before.search(text, max(0, start - 12), start)
    if before:
        return int(before.group("year"))  # "cao hơn cùng kỳ năm 2024 (96,85%)"
    near = max(sentence[0], start - LOOKBACK)
    lo = _headline_break(ctx, max(near, text.rfind("\n", near, start) + 1), start)
    best: tuple[int, int | None] | None = None
    for cue in (rules.year_named, rules.year_bare, rules.year_deadline, rules.year_month, rules.year_period):
        for m in cue.finditer(text, max(lo, start - LOOKBACK), start):
            between = text[m.end():start]
            if _closes(between):
                continue  # "(năm 2023 đạt 95,2%)", "Đề án “… đến năm 2030”": another's year
            if ";" in between and not _frames_sentence(ctx, rules, m, lo):
                continue
            if _in_law_name(ctx, rules, m.start(), lo):
                continue
            if best is None or m.start() > best[0]:
                # A period ("9 tháng đầu năm 2023") nearer than any year leaves the figure without one.
                best = (m.start(), None if cue is rules.year_period else int(m.group("year")))
    if best:
        return best[1]
    hi = _clause_end(text, end, sentence)
    if "%" not in text[end:hi] and "‰" not in text[end:hi]:
        closing = rules.year_closing.search(text, end, hi)
        if closing and not _in_law_name(ctx, rules, closing.start(), end):
            return int(closing.group("year"))
    return None


def _in_law_name(ctx: Context, rules: PercentRules, pos: int, lo: int) -> bool:
    """Whether the year at ``pos`` closes the name of a law ("Luật Giáo dục năm 2019")."""
    return rules.law_before.search(ctx.view.text, max(lo, pos - 120), pos) is not None


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
    if words and rules.phrase_copula.match(words[0].group()):
        words.pop(0)  # "62,2% là đoàn viên thanh niên"
    if words and words[-1].group() in "”\"" and sum(w.group() in "“\"" for w in words) < 2 \
            and not any(w.group() == "“" for w in words):
        words.pop()  # a closing quote of a name the figure stands in
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
    basis = rules.basis_after.match(text, end, sentence[1])
    compared = basis is not None and rules.comparison.match(basis.group("basis")) is not None
    if compared and not rules.qualifier_before.search(text, start - 12, start):
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
                or (_phrase_metric(ctx, rules, end, sentence[1]) if tail.group("verb") == "đạt" and not basis else None)
        line_start = ctx.view.raw_slice(clause_start, tail.start()).rfind("\n")
        return _subject_metric(ctx, rules, clause_start, tail.start()) \
            or _subject_metric(ctx, rules, max(comma + 1, clause_start), tail.start()) \
            or (_subject_metric(ctx, rules, _view_after_raw_newline(ctx, clause_start, tail.start()), tail.start())
                if line_start >= 0 else None) \
            or _heading_metric(ctx, rules, clause_start, sentence[0])
    return _heading_metric(ctx, rules, clause_start, sentence[0]) \
        or (None if basis else _phrase_metric(ctx, rules, end, sentence[1]))


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
        inner = text.rfind(",", clause_start, before.start())  # "Theo báo cáo, năm 2024 tổng thu … đạt"
        return _subject_metric(ctx, rules, clause_start, before.start()) \
            or (_subject_metric(ctx, rules, inner + 1, before.start()) if inner >= 0 else None)
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
    direction = str(rules.change_verbs.value(change.group("verb"))) if change else None
    if change and basis is None:
        basis = _shared_basis(ctx, rules, end, sentence)
    if _aims(ctx, rules, start, sentence):
        return "target", direction, basis  # "phấn đấu mỗi năm kéo giảm ít nhất 5%": a target
    if change:
        return "change", direction, basis
    return "level", None, basis


def _shared_basis(ctx: Context, rules: PercentRules, end: int, sentence: tuple[int, int]) -> str | None:
    """The comparison a change shares with its sentence: one that opens it ("So với năm 2022, giảm
    38 vụ (giảm 8,44%)"), else one later in its clause with no other figure after it."""
    text = ctx.view.text
    leading = rules.basis_leading.match(text, sentence[0], end)
    if leading:
        return fold(ctx.view.raw_slice(*leading.span("basis")))
    hi = _clause_end(text, end, sentence)
    later = rules.basis_later.search(text, end, hi)
    if later and "%" not in text[later.end():hi] and "‰" not in text[later.end():hi]:
        return fold(ctx.view.raw_slice(*later.span("basis")))
    return None


def _aims(ctx: Context, rules: PercentRules, start: int, sentence: tuple[int, int]) -> bool:
    """Whether a target word stands before the figure in its clause, or before the sentence's
    first figure ("Phấn đấu hằng năm 100% …; 95% trở lên …"), and not inside a parenthesis or a
    quoted name closed before the figure."""
    text = ctx.view.text
    opening = _headline_break(ctx, max(sentence[0], start - LOOKBACK), start)
    clause_start = max(text.rfind(";", opening, start) + 1, opening)
    first_figure = min((i for i in (text.find("%", opening, start), text.find("‰", opening, start))
                        if i >= 0), default=start)
    for cue, lo, hi in ((rules.target_before, clause_start, start), (rules.target_frame, opening, first_figure)):
        if any(not _closes(text[m.end():start]) for m in cue.finditer(text, lo, hi)):
            return True
    return False


def _closes(between: str) -> bool:
    """Whether the text from a cue to its figure closes a parenthesis or a quotation the cue stands in."""
    return between.count(")") > between.count("(") or between.count('"') % 2 == 1 \
        or between.count("”") > between.count("“")


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
        elif previous and previous[1].metric and rules.continuation.fullmatch(text, previous[0], start) \
                and not rules.comparison.match(basis or ""):
            metric = previous[1].metric  # "Tỷ lệ X năm 2021 đạt 74,6%, năm 2022 đạt 79,2%"
        else:
            metric = _metric(ctx, rules, start, end, sentence, floor)
        values = PercentValues(parse_number(m.group("num")), str(rules.units.value(m.group("unit"))),
                               qualifier=_qualifier(ctx, rules, start, end), kind=kind, direction=direction,
                               basis=basis, year=_year(ctx, rules, start, end, sentence), metric=metric)
        found.append(make_mention(ctx, "PERCENT", start, end, values, f"percent:{pid}"))
        previous = (end, values)
    return found
