"""Clean: a normalised view of the raw text for matching, with an offset map back.

The raw text is the reference that every emitted offset points into. The view folds
what varies without meaning (NFD, tone-mark placement, `Ð`, dash and quote variants,
runs of spaces) and joins hard line breaks inside sentences, so that patterns see one
spelling. ``CleanText.raw_span`` maps any view span back to the raw text.
"""

from __future__ import annotations

import functools
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass

import regex

from pipeline.core.budget import TimedPattern, timed
from pipeline.core.rules import Lexicon, Pattern, RuleSet

OFFSET = "i"  # the offset map's array type code: a signed 32-bit raw offset per view character
# Offset maps of texts up to this length start as a slice of one shared identity map (a copy of
# memory), not as an array built from a range (a Python int per character).
IDENTITY_MAX = 1 << 18


@dataclass(frozen=True)
class CleanText:
    """The raw text, its normalised view, and for each view character its raw extent."""

    raw: str
    text: str
    starts: array[int]  # compact: 4 bytes a character, where a list of ints takes about 36
    ends: array[int]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the raw (start, end) of the view span [start, end)."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.raw)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def raw_slice(self, start: int, end: int) -> str:
        """Return the raw text under the view span [start, end)."""
        s, e = self.raw_span(start, end)
        return self.raw[s:e]


class NormalizeRules(RuleSet, file="normalize"):
    """What the view folds (rules/normalize.yaml)."""

    char_folds: Lexicon
    tone_pairs: Lexicon
    decomposed: Pattern
    zero_width: Pattern
    tone_placement: Pattern
    line_break: Pattern
    spaces: Pattern
    list_marker: Pattern
    join_min_line: int
    join_max_line: int
    sentence_end: str
    wrap_min_lines: int
    wrap_share: float


@dataclass(frozen=True)
class Normalizer:
    """The compiled normalisation rules (built once per process)."""

    folds: dict[int, str]
    tone: dict[str, str]
    rules: NormalizeRules
    foldable: TimedPattern  # any character of ``folds``


def _tone_table(rules: NormalizeRules) -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in rules.tone_pairs.entries:
        src, dst = entry["from"], entry["to"]
        for f in (str.lower, str.upper, lambda s: s[:1].upper() + s[1:]):
            table[f(src)] = f(dst)
    return table


def build_normalizer(rules: NormalizeRules | None = None) -> Normalizer:
    """Return the normaliser compiled from rules/normalize.yaml."""
    rules = rules or NormalizeRules.load()
    folds = {ord(e["from"]): e["to"] for e in rules.char_folds.entries}
    foldable = timed("[" + "".join(regex.escape(chr(k)) for k in sorted(folds)) + "]")
    return Normalizer(folds=folds, tone=_tone_table(rules), rules=rules, foldable=foldable)


@functools.cache
def _identity() -> array[int]:
    return array(OFFSET, range(IDENTITY_MAX + 1))


def _offset_maps(n: int) -> tuple[array[int], array[int]]:
    """The identity offset map of a text of ``n`` characters: each character's start and end."""
    if n < IDENTITY_MAX:
        return _identity()[:n], _identity()[1:n + 1]
    return array(OFFSET, range(n)), array(OFFSET, range(1, n + 1))


def _folded(text: str, norm: Normalizer) -> str:
    """``text`` with every character of ``norm.folds`` replaced (one character each, so offsets stay).

    A text holds few of them (a curly quote, a dash): replacing the matches of one character class
    costs a tenth of ``str.translate``, which looks up every character.
    """
    return norm.foldable.sub(lambda m: norm.folds[ord(m.group())], text)


def _rewrite(text: str, starts: array[int], ends: array[int], rx: TimedPattern,
             repl: Callable[[regex.Match], str]) -> tuple[str, array[int], array[int]]:
    """Apply ``repl`` to every match of ``rx`` and carry the offset map along."""
    pieces: list[str] = []
    new_starts = array(OFFSET)
    new_ends = array(OFFSET)
    last = 0
    for m in rx.finditer(text):
        old = m.group()
        new = repl(m)
        if new == old:
            continue
        a, b = m.span()
        pieces.append(text[last:a])
        new_starts.extend(starts[last:a])
        new_ends.extend(ends[last:a])
        pieces.append(new)
        if len(new) == len(old):
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
        else:
            # A replaced run of another length: every new character covers the whole old run.
            new_starts.extend([starts[a]] * len(new))
            new_ends.extend([ends[b - 1]] * len(new))
        last = b
    if not pieces:
        return text, starts, ends
    pieces.append(text[last:])
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return "".join(pieces), new_starts, new_ends


def _wrapped(text: str, rules: NormalizeRules) -> bool:
    """Whether the text was copied out of a PDF: many lines of page width that end mid-sentence."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    wrapped = sum(1 for line in lines if rules.join_min_line <= len(line) <= rules.join_max_line
                  and line[-1] not in rules.sentence_end)
    return wrapped >= rules.wrap_min_lines and wrapped >= rules.wrap_share * len(lines)


def _line_join(text: str, norm: Normalizer) -> Callable[[regex.Match], str]:
    rules = norm.rules
    min_len, max_len = rules.join_min_line, rules.join_max_line
    enders = set(rules.sentence_end)
    marker = rules.list_marker
    pdf = _wrapped(text, rules)
    # The rule matches every line break in order, so the line before this one starts where the
    # previous match ended: no search back over a long line (CR-only text has no "\n" at all).
    line_start = 0

    def decide(m: regex.Match) -> str:
        nonlocal line_start
        a, b = m.span()
        prev_line = text[line_start:a].strip()
        line_start = b
        next_line = text[b:b + max_len + 1].splitlines()[0] if b < len(text) else ""
        if not prev_line or not next_line:
            return "\n"
        last = prev_line.rstrip("\"')]»*").strip()[-1:] or prev_line[-1]
        if last in enders:
            return "\n"
        first = next_line[0]
        if first.islower():
            return " "
        blank = m.group().count("\n") + m.group().count("\r") - m.group().count("\r\n") > 1
        if blank or marker.match(next_line) or prev_line.isupper():
            return "\n"
        # A PDF wrap before a capital follows a lower-case word ("của Ban Thường vụ / Tỉnh ủy"), or
        # any word in a text copied out of a PDF ("của Bộ trưởng Bộ / Tài chính"); elsewhere a line
        # ending in a capitalised word before a capital is a list of headlines.
        last_word = prev_line.rsplit(" ", 1)[-1]
        if min_len <= len(prev_line) <= max_len and len(next_line.strip()) >= 20 and (first.isalnum() or first == '"') \
                and (pdf or last_word[:1].islower() or last_word.endswith(",")):
            return " "
        return "\n"

    return decide


def clean(raw: str, norm: Normalizer | None = None) -> CleanText:
    """Return the normalised view of ``raw`` with its offset map."""
    norm = norm or default_normalizer()
    rules = norm.rules
    text = _folded(raw, norm)
    starts, ends = _offset_maps(len(raw))
    if not unicodedata.is_normalized("NFC", text):
        text, starts, ends = _rewrite(text, starts, ends, rules.decomposed,
                                      lambda m: unicodedata.normalize("NFC", m.group()))
    text, starts, ends = _rewrite(text, starts, ends, rules.zero_width, lambda m: "")
    text, starts, ends = _rewrite(text, starts, ends, rules.tone_placement,
                                  lambda m: norm.tone.get(m.group(), m.group()))
    text, starts, ends = _rewrite(text, starts, ends, rules.line_break, _line_join(text, norm))
    text, starts, ends = _rewrite(text, starts, ends, rules.spaces, lambda m: " ")
    return CleanText(raw=raw, text=text, starts=starts, ends=ends)


@functools.cache
def default_normalizer() -> Normalizer:
    """Return the process-wide normaliser built from the shipped rules."""
    return build_normalizer()

