"""Word bounds: where underthesea's word segmentation of a window is certain to cut, found without running it.

``word_tokenize`` tags each regex token of a text ``B-W`` (begins a word) or ``I-W`` (joins the
one before) with a linear-chain CRF whose features look two tokens either way. The best tag
sequence (Viterbi) has ``B-W`` at token ``i`` whenever turning an ``I-W`` there into ``B-W``
raises the score of *every* sequence: when ``i``'s own score difference ``s_i(B) - s_i(I)``
beats the worst that the transitions to and from its neighbours can take away. That difference
needs only the features of token ``i``, so a boundary is settled by featurising five tokens and
scoring one, where segmenting the window featurises and tags every token in it. When the rule
cannot settle a boundary the caller segments as before, so answers never change.

``sure_bounds`` also makes sure that the window's words land where its tokens are when
``segment._align`` places them back on the text (it re-splits what it cannot find).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import struct
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.stages.segment import MAX_CHUNK

# A whitespace-free run of word characters not led by a digit: always exactly one regex token
# (every other token pattern of underthesea needs a digit first or a character that is no \w).
# ``re`` (not ``regex``): the character classes must be those of underthesea's tokenizer.
ONE_TOKEN = re.compile(r"[^\W\d]\w*")
CHUNK = re.compile(r"\S+")
ODD_SPACE = re.compile(r"[^\S ]|  ")
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


class Crf(NamedTuple):
    """underthesea's word-segmentation CRF, what this module reads of it."""

    templates: tuple[Template, ...]
    dictionary: frozenset[str]
    tagger: Any
    left: float  # max over a of t(a, I) - t(a, B): what a left neighbour can add for I-W
    right: float  # max over c of t(I, c) - t(B, c): what a right neighbour can add for I-W


TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(\w+))?")


@functools.cache
def crf() -> Crf:
    """Return underthesea's loaded word-segmentation CRF (the one ``word_tokenize`` uses) and its margins."""
    import joblib
    import underthesea.pipeline.word_tokenize as wt
    from underthesea import word_tokenize

    if wt.word_tokenize_model is None:
        word_tokenize("a")  # underthesea loads its model on first use only
    model = wt.word_tokenize_model
    folder = Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
    templates = []
    for name in joblib.load(folder / model.path_features):
        found = TEMPLATE.fullmatch(name)
        if found is None:
            raise ValueError(f"unknown feature template {name!r} in underthesea's word segmentation model")
        first = int(found[1])
        templates.append(Template(name, first, int(found[2] or first), found[3] or ""))
    t = transitions((folder / model.path_model).read_bytes())
    left = max(t["B-W", "I-W"] - t["B-W", "B-W"], t["I-W", "I-W"] - t["I-W", "B-W"])
    right = max(t["I-W", "B-W"] - t["B-W", "B-W"], t["I-W", "I-W"] - t["B-W", "I-W"])
    return Crf(tuple(templates), frozenset(joblib.load(folder / model.path_dictionary)), model.estimator, left, right)


def features(words: Sequence[str], i: int) -> list[str]:
    """Return the CRF features of token ``i`` of ``words`` as underthesea's featurizer writes them.

    Tokens before the first are ``BOS``, after the last ``EOS``; ``istitle`` means every token
    of the range starts with no lower-case letter, ``isdigit`` only ASCII digits, and
    ``is_in_dict`` looks the lower-cased range up in the model's dictionary.
    """
    model = crf()
    out = []
    for name, first, last, attr in model.templates:
        if i + first < 0:
            value = "BOS"
        elif i + last >= len(words):
            value = "EOS"
        else:
            value = " ".join(words[i + first:i + last + 1])
            if attr == "lower":
                value = value.lower()
            elif attr == "isdigit":
                value = str(value.isascii() and value.isdigit())
            elif attr == "istitle":
                value = str(not any(w[:1].islower() for w in words[i + first:i + last + 1]))
            elif attr == "is_in_dict":
                value = str(value.lower() in model.dictionary)
        out.append(f"{name}={value}")
    return out


def transitions(data: bytes) -> dict[tuple[str, str], float]:
    """Return the label-to-label weights of a CRFsuite model file (``{(from, to): weight}``).

    The file holds a header of offsets, a chunk of features (type, source, target, weight;
    type 1 is a transition between label ids) and the label names in a CQDB chunk whose
    backward array maps each id to its record (id, size, name and a NUL).
    """
    off_features, off_labels = struct.unpack_from("<II", data, 28)
    _, _, count = struct.unpack_from("<4sII", data, off_features)
    bwd_size, bwd_offset = struct.unpack_from("<II", data, off_labels + 16)
    names = []
    for i in range(bwd_size):
        (record,) = struct.unpack_from("<I", data, off_labels + bwd_offset + 4 * i)
        _, size = struct.unpack_from("<II", data, off_labels + record)
        start = off_labels + record + 8
        names.append(data[start:start + size].rstrip(b"\0").decode())
    out = {}
    table = data[off_features + 12:off_features + 12 + 20 * count]
    for kind, source, target, weight in struct.iter_unpack("<IIId", table):
        if kind == 1:
            out[names[source], names[target]] = weight
    return out


def tokens(window: str) -> list[tuple[int, int]] | None:
    """Return the extents of underthesea's regex tokens of ``window``, or None when unsure.

    Tokens never hold whitespace and only end-of-text lookaheads reach past it, so each
    whitespace-free run is tokenised alone (followed by a space unless it ends the window).
    None when the window holds whitespace other than single spaces.
    """
    if ODD_SPACE.search(window):
        return None
    from underthesea.pipeline.word_tokenize.regex_tokenize import patterns

    out: list[tuple[int, int]] = []
    for run in CHUNK.finditer(window):
        s, e = run.span()
        if ONE_TOKEN.fullmatch(window, s, e):
            out.append((s, e))
            continue
        text = run.group() if e == len(window) else run.group() + " "
        out.extend((s + m.start(), s + m.end()) for m in patterns.finditer(text))
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


def sure_bounds(text: str, lo: int, hi: int, start: int | None, end: int | None) -> bool:
    """Return True when the words of ``segment_words(view, lo, hi)`` are certain to start at ``start``
    and end at ``end`` (view offsets; None: not asked); False when that needs the segmentation."""
    window = text[lo:hi]
    if hi - lo > MAX_CHUNK or "ð" in window or "Ð" in window or not unicodedata.is_normalized("NFC", window):
        return False  # segment_words would cut the window, or underthesea would rewrite characters
    toks = tokens(window)
    if toks is None or _misplaced(window, toks):
        return False
    if start is not None:
        at = next((i for i, (s, _) in enumerate(toks) if s == start - lo), None)
        if at is None or not _fallback_cut(window, start - lo) or not _begins_word(window, toks, at):
            return False
    if end is not None:
        at = next((i for i, (_, e) in enumerate(toks) if e == end - lo), None)
        if at is None or not _fallback_cut(window, end - lo):
            return False
        if at + 1 < len(toks) and not _begins_word(window, toks, at + 1):
            return False
    return True


def _fallback_cut(window: str, pos: int) -> bool:
    """Return whether segment.FALLBACK_TOKEN cuts at ``pos`` too (what _align uses for text it cannot place)."""
    return pos in (0, len(window)) or window[pos - 1] == " " or window[pos] == " " \
        or window[pos - 1] in PUNCT or window[pos] in PUNCT


def _begins_word(window: str, toks: Sequence[tuple[int, int]], i: int) -> bool:
    """Return whether token ``i`` is certain to be tagged B-W (the first token always begins a word)."""
    if i == 0:
        return True
    model = crf()
    lo, hi = max(0, i - 2), min(len(toks), i + 3)
    row = features([window[s:e] for s, e in toks[lo:hi]], i - lo)
    # One token alone has no transitions: its marginals are the softmax of its two state scores.
    (p_begin, p_inside), = model.tagger.marginals([row])
    if p_inside <= 0.0:
        return True
    if p_begin <= 0.0:
        return False
    margin = model.left + (model.right if i + 1 < len(toks) else 0.0)
    return math.log(p_begin / p_inside) > margin + EPSILON


def _misplaced(window: str, toks: Sequence[tuple[int, int]]) -> bool:
    """Return whether ``_align`` might place a word elsewhere than on its tokens.

    A word is its tokens joined by single spaces. One whose tokens are glued in the text
    ("tỉnh," tagged as one word) is not found where it is; ``_align`` then looks further on,
    and re-splits the rest when the word is nowhere. So a glued pair is harmless only when
    its spaced form occurs nowhere in the window.
    """
    return any(a_end == b_start and f"{window[a_start:a_end]} {window[b_start:b_end]}" in window
               for (a_start, a_end), (b_start, b_end) in itertools.pairwise(toks))
