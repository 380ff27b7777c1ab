"""Name candidates and their features: what the PERSON model scores.

A candidate is a span of two to five capitalised syllables inside one run of capitalised
(or upper-case) syllables. Its features come from the lexicons in ``rules/person.yaml``,
the shape of the run and the words around it; the training script in ``models/person``
and the recogniser share this module, so the model sees at run time what it saw in training.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from pipeline.core.budget import timed
from pipeline.core.rules import Lexicon, Pattern, RuleSet
from pipeline.recognizers.base import Context
from pipeline.recognizers.places import MAX_WORDS, place_index

MIN_SYLLABLES, MAX_SYLLABLES = 2, 5
MAX_RUN = 12
LOOK_BACK = 40
LINE_MAX = 160  # longer lines hold no byline or signature
HEAD_REACH = 90
PREV_WORD = timed(r"(\S+)\s*$", regex.REVERSE)  # backwards from the end: the forward search tries every start
NEXT_WORD = timed(r"\s*(\S+)")
BYLINE_JOINT = timed(r" [-–] |, | (?=\()")  # "THẢO LY (Theo Báo Vĩnh Long)": a source after the name
PROSE_LINE = 80
BYLINE_PART_WORDS = 5
LOWER_WORD = timed(r"\p{Ll}[\p{Ll}\p{M}]*")
LETTER = timed(r"[\p{L}\p{M}]")
LOWER_LETTER = timed(r"[\p{Ll}\p{M}]")


class PersonRules(RuleSet, file="person"):
    """Names, positions, honorifics and roles (rules/person.yaml), shared by the recogniser and the model."""

    position_heads: Lexicon
    ranks: Lexicon
    honours: Lexicon
    org_heads: Lexicon
    conjunctions: Lexicon
    admin_units: Lexicon
    party_committees: Lexicon
    honorifics: Lexicon
    byline_markers: Lexicon
    roles: Lexicon
    role_openers: Lexicon
    list_openers: Lexicon
    family_names: Lexicon
    given_syllables: Lexicon
    non_name_words: Lexicon
    historical_persons: Lexicon
    places: Lexicon
    run: Pattern
    head: Pattern
    shared_heading: Pattern
    shared_inline: Pattern
    list_item_line: Pattern
    list_own_honorific: Pattern
    modifier: Pattern
    post_link: Pattern
    title_sep: Pattern
    title_more: Pattern
    title_stop: Pattern
    stop_inside: Pattern
    org_word: Pattern
    line_label: Pattern
    org_dash: Pattern
    org_comma: Pattern
    skip_line: Pattern
    honorific_before: Pattern
    given_alone: Pattern
    byline_before: Pattern
    photo_before: Pattern
    house_number_before: Pattern
    blocker_before: Pattern
    org_unit_before: Pattern
    role_after: Pattern
    role_opener: Pattern
    list_opener: Pattern
    chair_by: Pattern
    list_link: Pattern
    signature_line: Pattern
    signature_role: str


class Candidate(NamedTuple):
    """A span of a capitalised run that may be a person's name (view offsets)."""

    # A named tuple, not a dataclass: a document makes about a hundred per article, a named tuple
    # is made several times faster.

    vstart: int
    vend: int
    syllables: tuple[str, ...]
    run_start: int
    run_end: int
    before: tuple[str, ...]
    after: tuple[str, ...]
    caps: bool


def _title(s: str) -> str:
    return s[:1] + s[1:].lower()


@functools.lru_cache(maxsize=1 << 16)  # syllables repeat: a document asks about the same few hundred
def plain(s: str) -> str:
    """Return ``s`` without tone and vowel marks (``Trần`` -> ``Tran``), as names are written on some portals."""
    return "".join(ch for ch in unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(ch))


@functools.cache
def _plain_forms(lexicon: Lexicon) -> frozenset[str]:
    """The forms of a lexicon list without marks, for names written without them (once per list)."""
    return frozenset(plain(form) for form in lexicon)


def _written_lower(ctx: Context, word: str, memo: dict | None) -> bool:
    """Whether the text writes ``word`` as a whole lower-case word (a heading's words are among them, a
    name's not): an occurrence not inside a word and not followed by more lower-case letters."""
    asked = {} if memo is None else memo.setdefault("lower", {})
    if word not in asked:
        # Asked of the few upper-case syllables only: finding each beats listing every lower-case word.
        text, found = ctx.view.text, False
        if LOWER_WORD.fullmatch(word):
            at = text.find(word)
            while at >= 0 and not found:
                end = at + len(word)
                found = (at == 0 or not LETTER.match(text, at - 1)) and not LOWER_LETTER.match(text, end)
                at = text.find(word, at + 1)
        asked[word] = found
    return bool(asked[word])


def _syllables(run: str, offset: int) -> list[tuple[int, int, str]]:
    """The syllables of a run (its runs of non-space characters), each with its view extent."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for word in run.split():
        pos = run.find(word, pos)
        out.append((offset + pos, offset + pos + len(word), word))
        pos += len(word)
    return out


def candidates(ctx: Context, rules: PersonRules) -> list[Candidate]:
    """Return every sub-span of 2–5 syllables of each capitalised run in the view."""
    text = ctx.view.text
    out: list[Candidate] = []
    for run in rules.run.finditer(text):
        sylls = _syllables(run.group(), run.start())
        if len(sylls) > MAX_RUN:
            continue
        caps = run.group().isupper()
        words = [w for _, _, w in sylls]
        for i in range(len(sylls)):
            # One-syllable names exist where a syllable carries an apostrophe (K’Brơi).
            shortest = 1 if "’" in words[i] or "'" in words[i] else MIN_SYLLABLES
            for n in range(shortest, MAX_SYLLABLES + 1):
                if i + n > len(sylls):
                    break
                out.append(Candidate(sylls[i][0], sylls[i + n - 1][1], tuple(words[i:i + n]), run.start(), run.end(),
                                     tuple(words[:i]), tuple(words[i + n:]), caps))
    return out


def _line(text: str, start: int, end: int) -> str | None:
    """The line holding [start, end), or None when it is longer than any byline or signature."""
    lo = max(0, start - LINE_MAX)
    ls = text.rfind("\n", lo, start)
    if ls < 0 and lo > 0:
        return None
    hi = min(len(text), end + LINE_MAX)
    le = text.find("\n", end, hi)
    if le < 0 and hi < len(text):
        return None
    return text[ls + 1:le if le >= 0 else len(text)]


def _left(ctx: Context, rules: PersonRules, run_start: int) -> dict[str, float]:
    """Features of what stands before a run: honorific, blocker, byline or photo marker, word."""
    left = ctx.view.text[max(0, run_start - LOOK_BACK):run_start]
    f: dict[str, float] = {}
    if rules.honorific_before.search_from_end(left):
        f["honorific"] = 1.0
    blocker = rules.blocker_before.search_from_end(left)
    if blocker:
        # "Thành phố Hồ Chí Minh" names a place; "UBND thành phố Hồ Kỳ Minh" ends a title.
        f["blocker_lower" if blocker.group()[0].islower() else "blocker"] = 1.0
        if rules.org_unit_before.search(left):
            f["org_unit_before"] = 1.0
    if rules.byline_before.search(left):
        f["byline_marker"] = 1.0
    if rules.photo_before.search(left):
        f["photo_marker"] = 1.0
    if rules.house_number_before.search(left):
        f["house_number"] = 1.0  # "số 52 Lê Văn Sỹ": a street named after a person
    prev = PREV_WORD.search(left)
    if prev:
        f[f"prev={prev.group(1).lower()}"] = 1.0
    return f


def _right(ctx: Context, rules: PersonRules, vend: int) -> dict[str, float]:
    """Features of what follows a run: the next word, a title after it, a role verb."""
    text = ctx.view.text
    f: dict[str, float] = {}
    nxt = NEXT_WORD.match(text[vend:vend + LOOK_BACK])
    if nxt:
        f[f"next={nxt.group(1).lower()}"] = 1.0
    link = rules.post_link.match(text, vend)
    if link and rules.head.match(text, link.end()):
        f["title_after"] = 1.0
    if rules.role_after.match(text, vend):
        f["role_after"] = 1.0
    return f


def byline_parts(text: str, c: Candidate) -> list[tuple[int, int]] | None:
    """The view spans of the names on a byline line shared by ``c``, or None when it is no such line."""
    line = _line(text, c.vstart, c.vend)
    if line is None or not BYLINE_JOINT.search(line):
        return None
    start = text.rfind("\n", 0, c.vstart) + 1
    parts, pos = [], start
    for piece in BYLINE_JOINT.split(line):
        at = text.find(piece, pos)
        stripped = piece.strip(" \t*_")
        lead = piece.find(stripped)
        parts.append((at + lead, at + lead + len(stripped)))
        pos = at + len(piece)
    if (c.vstart, c.vend) not in parts:
        return None
    return parts


def _line_features(ctx: Context, rules: PersonRules, c: Candidate) -> dict[str, float]:
    """Whether the candidate stands alone on its line, shares it as a byline, or starts it."""
    text = ctx.view.text
    f: dict[str, float] = {}
    line = _line(text, c.vstart, c.vend)
    if line is None:
        return f
    line = line.strip(" \t*_")
    name = text[c.vstart:c.vend]
    if _signature_above(ctx, rules, c, line, name) is not None:
        f["signature"] = 1.0
    if line == name:
        f["line_alone"] = 1.0
    elif name in (parts := BYLINE_JOINT.split(line)) and all(len(p.split()) <= BYLINE_PART_WORDS for p in parts):
        f["line_alone"] = f["line_shared"] = 1.0  # "NGỌC LAN - MINH QUÂN", not "… DI TÍCH LỊCH SỬ - VĂN HÓA"
    elif line.startswith(name):
        f["line_start"] = 1.0
    elif line.endswith(name):
        f["line_end"] = 1.0  # "Tác giả: Hồng Nhung", "Ảnh: Văn Tuấn": a name closing a short line
    if "line_alone" in f and any(n > PROSE_LINE for n in _lines_around(text, c.vstart, -1, 2)):
        # A short line after a paragraph (and its photo caption): a heading when a paragraph follows,
        # a byline when none does.
        after = _lines_around(text, c.vend, 1, 1)
        f["line_after_prose" if after and after[0] > PROSE_LINE else "line_closes_text"] = 1.0
    return f


def _lines_around(text: str, pos: int, step: int, count: int) -> list[int]:
    """Lengths of the ``count`` nearest non-blank lines after (``step`` 1) or before (-1) the line holding ``pos``."""
    lengths: list[int] = []
    if step > 0:
        start = text.find("\n", pos)
        while 0 <= start < len(text) and len(lengths) < count:
            end = text.find("\n", start + 1)
            end = len(text) if end < 0 else end
            if text[start + 1:end].strip():
                lengths.append(len(text[start + 1:end].strip()))
            start = end
        return lengths
    end = text.rfind("\n", 0, pos)
    while end > 0 and len(lengths) < count:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            lengths.append(len(text[start:end].strip()))
        end = start - 1
    return lengths


def _head_before(ctx: Context, rules: PersonRules, vstart: int, memo: dict | None) -> bool:
    """Whether a position head ends within HEAD_REACH characters before ``vstart``."""
    if memo is None:
        memo = {}
    if "heads" not in memo:
        # One pass over the document, not one search per candidate.
        memo["heads"] = [m.end() for m in rules.head.finditer(ctx.view.text)]
    ends = memo["heads"]
    at = bisect.bisect_right(ends, vstart)
    return at > 0 and ends[at - 1] > vstart - HEAD_REACH


@dataclass(frozen=True)
class _RunWords:
    """A run's syllables in title case, and what each is in the name lexicons (once per run)."""

    titled: list[str]
    family: list[bool]        # the syllable, or it and the next, is a family name
    family_plain: list[bool]  # a family name written without marks
    given: list[bool]
    non_name: list[bool]


def _run_words(rules: PersonRules, c: Candidate) -> _RunWords:
    """The words of the run ``c`` stands in (made once per run: ``_run`` keeps them)."""
    family, given, non_name = rules.family_names, rules.given_syllables, rules.non_name_words
    plain_family, plain_given = _plain_forms(family), _plain_forms(given)
    titled = [_title(s) for s in (*c.before, *c.syllables, *c.after)]
    pairs = [f"{a} {b}" for a, b in zip(titled, titled[1:], strict=False)] + [""]
    return _RunWords(
        titled,
        [t in family or p in family for t, p in zip(titled, pairs, strict=True)],
        [t == plain(t) and t in plain_family for t in titled],
        [t in given or (t in plain_given and t == plain(t)) for t in titled],
        [t in non_name for t in titled])


def _name_shape(ctx: Context, rules: PersonRules, c: Candidate, titled: list[str], words: _RunWords,
                memo: dict | None) -> dict[str, float]:
    """Features of the candidate's own syllables: family and given names, non-name words, places."""
    i = len(c.before)
    n, joined = len(titled), " ".join(titled)
    f: dict[str, float] = {"bias": 1.0, f"n={n}": 1.0, "caps" if c.caps else "titlecase": 1.0}
    # A family name of two syllables ("Tôn Nữ") counts only when both are in the candidate.
    if titled[0] in rules.family_names or (n > 1 and words.family[i]):
        f["family"] = 1.0
    elif words.family_plain[i]:
        f["family_plain"] = 1.0  # "Tran Van Nghia": a family name written without marks
    given_count = sum(words.given[i + 1:i + n])
    given_share = given_count / (n - 1) if n > 1 else 0.0
    f["given_all" if given_share == 1 else "given_some" if given_share else "given_none"] = 1.0
    non_name_count = sum(words.non_name[i:i + n])
    if non_name_count:
        f["non_name"] = float(non_name_count)
        f["non_name_first"] = float(words.non_name[i])
    if c.caps and all(_written_lower(ctx, s.lower(), memo) for s in c.syllables):
        f["caps_words_lower_elsewhere"] = 1.0  # "QUY ĐỊNH CHUNG": words the text also writes in lower case
    if joined in rules.historical_persons:
        f["historical"] = 1.0
    places = place_index().kinds
    if joined in rules.places or (n <= MAX_WORDS and joined in places):
        f["place"] = 1.0
    elif n > 2 and " ".join(titled[:-2]) in places:
        f["place_head"] = 1.0  # "Tân Sỏi Hoàng Thị": a place, then the start of a name
    return f


def _before(rules: PersonRules, c: Candidate, run: _Run) -> dict[str, float]:
    """Features of the syllables of the run before the candidate: a place, an organisation word, an honorific."""
    f: dict[str, float] = {}
    words = run.words.titled[:len(c.before)]
    suffix = place_index().longest_suffix(words)
    if suffix or any(" ".join(words[-k:]) in rules.places for k in range(1, 4)):
        f["after_place"] = 1.0
        if suffix == len(words) and "blocker_lower" in run.left:
            f["after_unit_place"] = 1.0  # "xã Tân Sỏi | Hoàng Thị Mai": the unit's name, then a person
    if any(s in rules.non_name_words for s in words):
        f["after_org_word"] = 1.0
    f[f"before_n={min(len(c.before), 4)}"] = 1.0
    joined = " ".join(words)
    if joined in rules.honorifics or (joined == plain(joined) and joined in _plain_forms(rules.honorifics)):
        f["honorific"] = 1.0  # "Ong Dang Van Luong": a form of address written without marks
    return f


@dataclass
class _Run:
    """What the candidates of one run share: its words, what stands before and after it, and what
    stands before each of its syllables (filled in as candidates ask)."""

    words: _RunWords
    left: dict[str, float]
    right: dict[str, float] | None = None
    before: dict[int, dict[str, float]] = field(default_factory=dict)


def _run(ctx: Context, rules: PersonRules, c: Candidate, memo: dict | None) -> _Run:
    key = ("run", c.run_start)
    if memo is not None and key in memo:
        return memo[key]
    run = _Run(_run_words(rules, c), _left(ctx, rules, c.run_start))
    if memo is not None:
        memo[key] = run
    return run


def _run_context(ctx: Context, rules: PersonRules, c: Candidate, titled: list[str], run: _Run,
                 memo: dict | None, f: dict[str, float]) -> None:
    """Add to ``f`` the features of where the candidate stands in its run and what stands around the run."""
    i = len(c.before)
    f["starts_run" if not i else "inside_run"] = 1.0
    f["ends_run" if not c.after else "continues_run"] = 1.0
    if i:
        if i not in run.before:
            run.before[i] = _before(rules, c, run)
        f.update(run.before[i])
    else:
        f.update(run.left)
        if "blocker_lower" in run.left and place_index().longest_prefix(titled) and "place" not in f:
            f["unit_place_start"] = 1.0  # "xã | Tân Sỏi Hoàng Thị Mai": a run that opens with the unit's name
    if c.after:
        f["next_in_run_non_name"] = float(run.words.non_name[i + len(c.syllables)])
    else:
        if run.right is None:
            run.right = _right(ctx, rules, c.vend)  # every candidate that ends the run ends where it does
        f.update(run.right)
    if _head_before(ctx, rules, c.vstart, memo):
        f["head_before"] = 1.0


def features(ctx: Context, rules: PersonRules, c: Candidate, memo: dict | None = None) -> dict[str, float]:
    """Return the sparse features of one candidate (name -> value).

    ``memo`` (one dict per document) keeps the context features that candidates share.
    """
    run, i = _run(ctx, rules, c, memo), len(c.before)
    titled = run.words.titled[i:i + len(c.syllables)]
    f = _name_shape(ctx, rules, c, titled, run.words, memo)
    _run_context(ctx, rules, c, titled, run, memo, f)
    f.update(_line_features(ctx, rules, c))
    # A linear model cannot AND features: a byline is a short line of name syllables only.
    if "line_alone" in f and "given_all" in f:
        f["byline_shape_caps" if c.caps else "byline_shape"] = 1.0
        if "family" in f or "non_name" not in f:
            f["byline_shape_namelike"] = 1.0
            if "line_closes_text" in f:
                f["closing_byline"] = 1.0  # name syllables alone on the line that ends the article's text
    return f


def signature_above(ctx: Context, rules: PersonRules, c: Candidate) -> regex.Match | None:
    """The position line of a signature block right above a name alone on its line, or None."""
    text = ctx.view.text
    line = _line(text, c.vstart, c.vend)
    if line is None:
        return None
    return _signature_above(ctx, rules, c, line.strip(" \t*_"), text[c.vstart:c.vend])


def _signature_above(ctx: Context, rules: PersonRules, c: Candidate, line: str, name: str) -> regex.Match | None:
    """``signature_above`` of a candidate whose line (stripped) and name are known."""
    text = ctx.view.text
    # The signer's line is the name alone, or a rank or honorific and the name ("Thượng tá Lê Văn A").
    if line != name and not (line.endswith(name) and rules.honorific_before.fullmatch(line[:-len(name)])):
        return None
    end = text.rfind("\n", 0, c.vstart)
    for _ in range(4):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        if rules.skip_line.match(text, start, end):
            end = start - 1
            continue
        found = rules.signature_line.match(text, start, end)
        if found and rules.head.match(text, found.start("position")):
            return found
        return None
    return None
