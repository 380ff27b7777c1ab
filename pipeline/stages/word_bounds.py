"""Word bounds: whether underthesea's segmentation of a window cuts at given places, settled from its CRF's weights.

``word_tokenize`` tags each regex token of a text ``B-W`` (begins a word) or ``I-W`` (joins the
one before) with a linear-chain CRF whose features look two tokens either way. The best tag
sequence (Viterbi) has ``B-W`` at token ``i`` whenever turning an ``I-W`` there into ``B-W``
raises the score of *every* sequence: when ``i``'s own lean ``s_i(B) - s_i(I)`` beats the most
that the transitions to and from its neighbours can add to ``I-W`` (and the other way round for
``I-W``). The lean needs only the features of token ``i``, read from its five tokens, where
segmenting featurises and tags every token of the window. ``settled`` answers when every tag it
needs is certain in that sense and the words land on their tokens when ``segment._align`` places
them back on the text; otherwise the caller segments as before, so answers never change.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from pipeline.stages.segment import MAX_CHUNK

# Characters that are no word character for either regex engine: a cut next to one of them is
# also a cut of segment.FALLBACK_TOKEN, which _align falls back on.
PUNCT = frozenset(",.;:!?()[]\"'“”‘’…")
# How far around a span the words are segmented to tell whether it is whole words.
WORD_WINDOW = 40
# The smallest margin by which a score difference must win (floating-point sums, not the model).
EPSILON = 1e-6


class Template(NamedTuple):
    """One feature template of the CRF: tokens ``first``..``last`` around the current one, and what of them."""

    name: str  # as the model knows it, e.g. "T[-1,0].lower"
    first: int
    last: int
    attr: str  # "", "lower", "isdigit", "istitle" or "is_in_dict"


class Weights(NamedTuple):
    """What a two-label CRFsuite model file holds: the attributes' leans, and the transitions."""

    lean: dict[str, dict[str, float]]  # template name ("T[0]") -> value ("giao") -> weight for B-W minus for I-W
    transitions: dict[tuple[str, str], float]


class Span(NamedTuple):
    """The templates over one range of tokens, with what each value weighs towards B-W (B-W minus I-W)."""

    first: int
    last: int
    before: float  # the weight of all of them when the range starts before the first token (BOS)
    after: float  # ... when it ends after the last (EOS)
    parts: tuple[tuple[int, str, dict[str, float]], ...]  # (template's index, attribute, value -> weight)
    text: dict[str, float] | None  # the parts' tables by attribute, None where the range has no such template
    lower: dict[str, float] | None
    digits: tuple[float, float] | None  # the yes-no templates' weights, if True and if False
    title: tuple[float, float] | None
    in_dict: tuple[float, float] | None


class Crf(NamedTuple):
    """underthesea's word-segmentation CRF, what this module reads of it."""

    templates: tuple[Template, ...]
    spans: tuple[Span, ...]
    dictionary: frozenset[str]
    begin: tuple[float, float]  # what a left and a right neighbour can add to I-W against B-W at most
    inside: tuple[float, float]  # the same for B-W against I-W
    moves: dict[tuple[str, str], float]  # the transitions' weights


ATTRIBUTES = ("", "lower", "isdigit", "istitle", "is_in_dict")
MODEL = "ws_crf_vlsp2013_20230727"  # the model of underthesea 9.5.0's word_tokenize


@functools.cache
def crf() -> Crf:
    """Return underthesea's word-segmentation CRF: its templates, state weights and transition margins.

    Read from the files ``word_tokenize`` loads: the templates and dictionary (joblib), the
    weights (CRFsuite). The margins bound what the transitions to and from a token's
    neighbours can add to one label against the other, whatever the neighbours' labels.
    """
    import joblib
    import underthesea.pipeline.word_tokenize as wt

    folder = Path(wt.__file__).parent / "models" / MODEL
    templates = []
    for name in joblib.load(folder / "features.bin"):
        templates.append(template(name))
    weights = read_model((folder / "models.bin").read_bytes())
    lean = {t.name: weights.lean.get(t.name, {}) for t in templates}
    moves = weights.transitions

    def most(a: str, b: str) -> tuple[float, float]:  # what neighbours add to a against b, at most
        return (max(moves[x, a] - moves[x, b] for x in ("B-W", "I-W")),
                max(moves[a, x] - moves[b, x] for x in ("B-W", "I-W")))

    spans = []
    for first, last in dict.fromkeys((t.first, t.last) for t in templates):
        parts = tuple((k, t.attr, lean[t.name]) for k, t in enumerate(templates) if (t.first, t.last) == (first, last))
        by_attr = {attr: table for _, attr, table in parts}
        flags = [(by_attr[a].get("True", 0.0), by_attr[a].get("False", 0.0)) if a in by_attr else None
                 for a in ("isdigit", "istitle", "is_in_dict")]
        before, after = (sum(table.get(edge, 0.0) for table in by_attr.values()) for edge in ("BOS", "EOS"))
        spans.append(Span(first, last, before, after, parts, by_attr.get(""), by_attr.get("lower"), *flags))
    return Crf(tuple(templates), tuple(spans), frozenset(joblib.load(folder / "dictionary.bin")),
               most("I-W", "B-W"), most("B-W", "I-W"), moves)


def template(name: str) -> Template:
    """Return the template a feature name stands for: ``T[-1,0].lower`` is tokens -1..0, lower-cased.

    Raises ValueError on a name of another shape or with an attribute this module cannot compute.
    """
    inside, bracket, rest = name.removeprefix("T[").partition("]")
    ends = inside.split(",")
    attr = rest.removeprefix(".")
    if (not name.startswith("T[") or not bracket or len(ends) > 2 or attr == rest != ""
            or not all(e.removeprefix("-").isdigit() for e in ends) or attr not in ATTRIBUTES):
        raise ValueError(f"unknown feature template {name!r} in underthesea's word segmentation model")
    return Template(name, int(ends[0]), int(ends[-1]), attr)


def feature_values(words: Sequence[str], i: int) -> list[str]:
    """Return the value of each CRF template at token ``i`` of ``words``, as underthesea's featurizer writes it."""
    model = crf()
    out = [""] * len(model.templates)
    for span in model.spans:
        for (k, _, _), value in zip(span.parts, _values(model, words, i, span), strict=True):
            out[k] = value
    return out


def lean(words: Sequence[str], i: int) -> float:
    """Return token ``i``'s state score for B-W minus its score for I-W (its features' weights).

    The sum over ``feature_values`` of each value's weight, without writing the values out.
    """
    model = crf()
    total = 0.0
    for span in model.spans:
        if i + span.first < 0:
            total += span.before
            continue
        if i + span.last >= len(words):
            total += span.after
            continue
        tokens = words[i + span.first:i + span.last + 1]
        text = tokens[0] if len(tokens) == 1 else " ".join(tokens)
        lower = text.lower()
        if span.text is not None:
            total += span.text.get(text, 0.0)
        if span.lower is not None:
            total += span.lower.get(lower, 0.0)
        # the yes-no templates inline (what _flag says): this is the hot loop of settling a bound
        if span.digits is not None:
            total += span.digits[0] if text.isascii() and text.isdigit() else span.digits[1]
        if span.title is not None:
            total += span.title[1] if any(w[:1].islower() for w in tokens) else span.title[0]
        if span.in_dict is not None:
            total += span.in_dict[0] if lower in model.dictionary else span.in_dict[1]
    return total


def _flag(attr: str, text: str, lower: str, tokens: Sequence[str], dictionary: frozenset[str]) -> bool:
    """Return a yes-no template's value: only ASCII digits; every token starting with no lower-case
    letter; the lower-cased range in the model's dictionary."""
    if attr == "isdigit":
        return text.isascii() and text.isdigit()
    if attr == "istitle":
        return not any(w[:1].islower() for w in tokens)
    return lower in dictionary


def _values(model: Crf, words: Sequence[str], i: int, span: Span) -> list[str]:
    """Return the values of a span's templates at token ``i`` (``BOS`` or ``EOS`` past the tokens)."""
    if i + span.first < 0:
        return ["BOS"] * len(span.parts)
    if i + span.last >= len(words):
        return ["EOS"] * len(span.parts)
    tokens = words[i + span.first:i + span.last + 1]
    text = tokens[0] if len(tokens) == 1 else " ".join(tokens)
    lower = text.lower()
    values = {"": text, "lower": lower}
    return [values[attr] if attr in values else str(_flag(attr, text, lower, tokens, model.dictionary))
            for _, attr, _ in span.parts]


def read_model(data: bytes) -> Weights:
    """Return the weights of a CRFsuite model file with the labels B-W and I-W.

    The file holds a header of offsets, a chunk of features (type, source, target, weight:
    type 0 an attribute's weight for a label, type 1 a label-to-label transition) and the
    label and attribute names in CQDB chunks, whose backward array maps each id to its record
    (id, size, name and a NUL).
    """
    off_features, off_labels, off_attrs = struct.unpack_from("<III", data, 28)

    def names(offset: int) -> list[str]:
        size, at = struct.unpack_from("<II", data, offset + 16)
        out = []
        for (record,) in struct.iter_unpack("<I", data[offset + at:offset + at + 4 * size]):
            (length,) = struct.unpack_from("<I", data, offset + record + 4)
            out.append(data[offset + record + 8:offset + record + 8 + length].rstrip(b"\0").decode())
        return out

    labels, attributes = names(off_labels), names(off_attrs)
    sign = {label: 1.0 if label == "B-W" else -1.0 for label in labels}
    (count,) = struct.unpack_from("<I", data, off_features + 8)
    lean: dict[str, dict[str, float]] = {}
    transitions = {}
    table = data[off_features + 12:off_features + 12 + 20 * count]
    for kind, source, target, weight in struct.iter_unpack("<IIId", table):
        if kind == 0:
            name, _, value = attributes[source].partition("=")
            values = lean.setdefault(name, {})
            values[value] = values.get(value, 0.0) + sign[labels[target]] * weight
        else:
            transitions[labels[source], labels[target]] = weight
    return Weights(lean, transitions)


def tokens(window: str) -> list[tuple[int, int]] | None:
    """Return the extents of underthesea's regex tokens of ``window``, or None when unsure.

    Tokens hold no whitespace (but for "Th S", see below) and only end-of-text lookaheads reach
    past it, so each whitespace-free run is tokenised alone (followed by a space unless it ends
    the window). None when the window holds whitespace other than single spaces.
    """
    if window.split() != window.split(" "):
        return None  # other whitespace than single spaces
    if "Th s" in window or "Th S" in window:
        return None  # underthesea's "Th.S" and "Th.s" have an unescaped dot, which matches a space too
    from underthesea.pipeline.word_tokenize.regex_tokenize import patterns

    out: list[tuple[int, int]] = []
    s = 0
    for run in window.split(" "):
        e = s + len(run)
        if run.isalpha() and run[0] != "ʺ" and not (run[3:4] in ("s", "S") and run.startswith("Th")):
            # letters only: one token, as every other token pattern needs a digit or a non-letter, but
            # for "ʺ" (a letter underthesea takes as punctuation) and "Th.S" and "Th.s" (an unescaped
            # dot: "Thisis" is "This" and "is")
            out.append((s, e))
        elif run:
            out.extend((s + m.start(), s + m.end()) for m in patterns.finditer(run if e == len(window) else run + " "))
        s = e + 1
    return out


class Question(NamedTuple):
    """What ``whole_words`` asks of a span: its window, and the boundaries to check (None: given)."""

    lo: int
    hi: int
    start: int | None
    end: int | None


def word_question(text: str, start: int, end: int) -> Question:
    """Return the window segmented to tell whether text[start:end] is whole words, and its boundaries.

    Spaces and a leading comma are trimmed off the span. A boundary next to a capitalised word
    is given (None), as the segmenter glues a capitalised word to the verb next to it. The window
    reaches ``WORD_WINDOW`` characters either way within the line, cut at spaces.
    """
    while start < end and text[start] in " ,":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    before = text[text.rfind(" ", 0, start - 1) + 1:start - 1] if start > 1 and text[start - 1] == " " else ""
    start_given = before[:1].isupper()
    end_given = text[end:end + 1] == " " and text[end + 1:end + 2].isupper()
    line_start = text.rfind("\n", 0, start) + 1
    lo = max(line_start, start - WORD_WINDOW)
    if lo > line_start:  # start the window on a word, not inside one
        lo = text.find(" ", lo, start) + 1 or start
    line_end = text.find("\n", end)
    limit = len(text) if line_end < 0 else line_end
    hi = min(limit, end + WORD_WINDOW)
    if hi < limit and text.rfind(" ", end, hi) > end:
        hi = text.rfind(" ", end, hi)
    return Question(lo, hi, None if start_given else start, None if end_given else end)


def settled(text: str, lo: int, hi: int, start: int | None, end: int | None) -> bool | None:
    """Return whether the words of ``segment_words(view, lo, hi)`` start at ``start`` and end at ``end``
    (view offsets; None: not asked) when the CRF's weights settle it; None when only segmenting can tell."""
    window = text[lo:hi]
    if hi - lo > MAX_CHUNK or "ð" in window or "Ð" in window or not unicodedata.is_normalized("NFC", window):
        return None  # segment_words would cut the window, or underthesea would rewrite characters
    toks = tokens(window)
    if toks is None:
        return None
    words = [window[s:e] for s, e in toks]
    cuts = []  # the tokens that must begin a word
    if start is not None:
        at = next((i for i, (s, _) in enumerate(toks) if s == start - lo), None)
        if at is None or not _fallback_cut(window, start - lo):
            return None
        cuts.append(at)
    if end is not None:
        at = next((i for i, (_, e) in enumerate(toks) if e == end - lo), None)
        if at is None or not _fallback_cut(window, end - lo):
            return None
        if at + 1 < len(toks):
            cuts.append(at + 1)
    crf_tags = Tags(words)

    def tag(i: int) -> str | None:  # word_tokenize starts a word at the first token whatever its tag
        return "B-W" if i == 0 else crf_tags.tag(i)

    tags = [tag(i) for i in cuts]
    glued = [i for i in range(1, len(toks)) if toks[i - 1][1] == toks[i][0]]
    if all(t == "B-W" for t in tags):
        # _align looks further on for a word whose tokens are glued in the text ("tỉnh," as one word)
        # and re-splits the rest when it is nowhere: harmless where the spaced form occurs nowhere.
        if all(f"{words[i - 1]} {words[i]}" not in window or tag(i) == "B-W" for i in glued):
            return True
        return None
    if "I-W" in tags and all(tag(i) == "B-W" for i in glued):
        return False  # every word is found where its tokens are, and one cut is certainly missing
    return None


class Tags:
    """The CRF tags of a window's tokens that every best tag sequence shares, found on demand.

    A token is settled alone when its lean beats the most its neighbours' transitions can add
    to the other tag: then flipping it to its tag raises the score of every sequence. Between
    the nearest tokens settled alone on either side (or the window's ends), every best
    sequence takes the best tags for that stretch alone, which a small Viterbi finds.
    """

    REACH = 8  # how far to look for a token settled alone before giving up

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words
        self.model = crf()
        self._leans: dict[int, float] = {}

    def lean(self, i: int) -> float:
        """Return token ``i``'s lean towards B-W (its features read from its five tokens)."""
        if i not in self._leans:
            self._leans[i] = lean(self.words, i)
        return self._leans[i]

    def alone(self, i: int) -> str | None:
        """Return the tag of token ``i`` in every best sequence whatever its neighbours' tags, else None."""
        begin, inside = self.model.begin, self.model.inside
        left, right = i > 0, i + 1 < len(self.words)
        score = self.lean(i)
        if score > begin[0] * left + begin[1] * right + EPSILON:
            return "B-W"
        if -score > inside[0] * left + inside[1] * right + EPSILON:
            return "I-W"
        return None

    def tag(self, i: int) -> str | None:
        """Return the tag of token ``i`` in every best sequence, or None when its stretch does not settle it."""
        found = self.alone(i)
        if found is not None:
            return found
        j = i - 1
        while j >= 0 and i - j <= self.REACH and self.alone(j) is None:
            j -= 1
        k = i + 1
        while k < len(self.words) and k - i <= self.REACH and self.alone(k) is None:
            k += 1
        if i - j > self.REACH or k - i > self.REACH:
            return None
        gap = self._best(j, k, i, "B-W") - self._best(j, k, i, "I-W")
        return "B-W" if gap > EPSILON else "I-W" if gap < -EPSILON else None

    def _best(self, j: int, k: int, i: int, label: str) -> float:
        """Return the best score of tokens ``j``..``k`` with ``i`` tagged ``label`` (``j`` and ``k``, when
        within the window, are settled alone and keep their tag)."""
        moves = self.model.moves
        first, last = max(j, 0), min(k, len(self.words) - 1)
        scores: dict[str, float] = {}
        for p in range(first, last + 1):
            fixed = label if p == i else self.alone(p) if p in (j, k) else None
            labels = (fixed,) if fixed else ("B-W", "I-W")
            gain = self.lean(p)
            scores = {y: (max(v + moves[x, y] for x, v in scores.items()) if scores else 0.0)
                      + (gain if y == "B-W" else 0.0) for y in labels}
        return max(scores.values())


def _fallback_cut(window: str, pos: int) -> bool:
    """Return whether segment.FALLBACK_TOKEN cuts at ``pos`` too (what _align uses for text it cannot place)."""
    return pos in (0, len(window)) or window[pos - 1] == " " or window[pos] == " " \
        or window[pos - 1] in PUNCT or window[pos] in PUNCT
