"""Segment: sentences and words with underthesea, held in a spaCy Doc over the raw text.

underthesea runs on the normalised view (without its token rewriting); its sentences
and words are aligned back to the view, then mapped to the raw text, so that
``doc.text`` is the raw text exactly and every token is a raw substring.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from underthesea import sent_tokenize, word_tokenize

from pipeline.core.budget import timed
from pipeline.stages.clean import CleanText

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# underthesea's CRF slows down on very long input: longer stretches are cut at spaces.
MAX_CHUNK = 2000
FALLBACK_TOKEN = timed(r"\w+|[^\w\s]")
# underthesea's sentence splitter ends sentences only at these characters.
SENTENCE_END = timed(r"[.?!]")


class Word(NamedTuple):
    """One word: its raw extent (into the text as read) and its view extent."""

    start: int
    end: int
    vstart: int
    vend: int


@dataclass(frozen=True)
class Segmented:
    """Sentence extents in view coordinates; the spaCy Doc over the raw text, built on first use.

    Recognisers match on characters and need no Doc, so a batch run never pays for
    one: ``doc`` segments (with underthesea words when ``words`` is true) only when read.
    """

    sentences: list[tuple[int, int]]
    view: CleanText
    words: bool = False

    @functools.cached_property
    def doc(self) -> Doc:
        """The spaCy Doc over the raw text: underthesea words, or simple tokens without ``words``."""
        extents = split_words(self.view, self.sentences) if self.words else simple_tokens(self.view)
        return build_doc(self.view, extents, self.sentences)

    def sentence_of(self, view_pos: int) -> int:
        """Return the index of the sentence holding view offset ``view_pos``."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid][0] <= view_pos:
                lo = mid
            else:
                hi = mid - 1
        return lo


@functools.cache
def shared_vocab() -> Vocab:
    """Return the process-wide spaCy vocabulary."""
    from spacy.vocab import Vocab  # spaCy is loaded only when a Doc is asked for: batch workers never do

    return Vocab()


def _chunks(text: str, offset: int) -> list[tuple[int, str]]:
    out, pos = [], 0
    while len(text) - pos > MAX_CHUNK:
        cut = text.rfind(" ", pos, pos + MAX_CHUNK)
        cut = cut if cut > pos else pos + MAX_CHUNK
        out.append((offset + pos, text[pos:cut]))
        pos = cut
    out.append((offset + pos, text[pos:]))
    return out


def _align(pieces: list[str], text: str, offset: int) -> list[tuple[int, int]]:
    """Return the extents of ``pieces`` found in order in ``text`` (others are re-split)."""
    spans, cursor = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at < 0 or text[cursor:at].strip():
            # underthesea changed the piece: fall back to plain tokens for the gap.
            for m in FALLBACK_TOKEN.finditer(text, cursor, at if at >= 0 else len(text)):
                spans.append((offset + m.start(), offset + m.end()))
            if at < 0:
                return spans
            cursor = spans[-1][1] - offset if spans and spans[-1][1] - offset > cursor else cursor
            at = text.find(piece, cursor)
            if at < 0:
                continue
        spans.append((offset + at, offset + at + len(piece)))
        cursor = at + len(piece)
    for m in FALLBACK_TOKEN.finditer(text, cursor):
        spans.append((offset + m.start(), offset + m.end()))
    return spans


def split_sentences(view: CleanText) -> list[tuple[int, int]]:
    """Return sentence extents in the view: paragraphs first, then underthesea."""
    sentences: list[tuple[int, int]] = []
    pos = 0
    for paragraph in view.text.split("\n"):
        if paragraph.strip():
            for start, chunk in _chunks(paragraph, pos):
                # Headings, bylines and list lines hold no sentence end: skip underthesea's char loop.
                pieces = sent_tokenize(chunk) if SENTENCE_END.search(chunk) else [chunk]
                sentences.extend(_align(pieces, chunk, start))
        pos += len(paragraph) + 1
    return sentences or [(0, len(view.text))]


def split_words(view: CleanText, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return word extents in the view, from underthesea without token normalisation."""
    return [(w.vstart, w.vend) for s, e in sentences for w in segment_words(view, s, e)]


def simple_tokens(view: CleanText) -> list[tuple[int, int]]:
    """Return view extents of letter-and-digit runs and single other characters (no model)."""
    return [m.span() for m in FALLBACK_TOKEN.finditer(view.text)]


def segment_words(view: CleanText, vstart: int, vend: int) -> list[Word]:
    """Return the underthesea words of the view span [vstart, vend), with raw and view extents.

    For recognisers that need words in a few sentences only (segmenting every sentence
    costs most of an extraction's time).
    """
    words = []
    for start, chunk in _chunks(view.text[vstart:vend], vstart):
        for s, e in _align(word_tokenize(chunk, use_token_normalize=False), chunk, start):
            words.append(Word(*view.raw_span(s, e), s, e))
    return words


def build_doc(view: CleanText, words: list[tuple[int, int]], sentences: list[tuple[int, int]]) -> Doc:
    """Return a spaCy Doc whose text is the raw text and whose tokens are the words."""
    raw = view.raw
    toks: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    sent_starts = {view.starts[s] for s, e in sentences if e > s}
    cursor = 0

    def gap(upto: int) -> None:
        nonlocal cursor
        text = raw[cursor:upto]
        if not text:
            return
        if text[0] == " " and toks and not spaces[-1]:
            spaces[-1] = True
            text = text[1:]
            cursor += 1
        if text:
            toks.append(text)
            spaces.append(False)
            starts.append(cursor)
        cursor = upto

    for s, e in words:
        rs, re_ = view.raw_span(s, e)
        if rs < cursor:
            continue
        gap(rs)
        toks.append(raw[rs:re_])
        spaces.append(False)
        starts.append(rs)
        cursor = re_
    gap(len(raw))
    flags: list[bool | int | None] = [i == 0 or start in sent_starts for i, start in enumerate(starts)]
    from spacy.tokens import Doc

    return Doc(shared_vocab(), words=toks, spaces=spaces, sent_starts=flags if toks else None)


def segment(view: CleanText, words: bool = True) -> Segmented:
    """Return sentences (view coordinates) and a lazily built spaCy Doc over the raw text.

    With ``words=False`` the Doc's tokens are simple tokens (letter-and-digit runs and
    single other characters) instead of underthesea words.
    """
    return Segmented(sentences=split_sentences(view), view=view, words=words)
