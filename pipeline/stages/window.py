"""Windows: a long text cut at paragraph ends into parts analysed one at a time.

Memory of the analysis grows with the text it holds (the view, its offset map, sentences,
candidates), so a text longer than one window is analysed window by window. Each window owns
the characters between two cuts, and reads ``OVERLAP`` characters more on either side so
that a mention near a cut sees its context; a mention belongs to the window owning its start.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

OVERLAP = 2_000
# Where a cut may fall, best first: after a blank line, after a line, after a sentence, after a word.
CUT_AFTER = ("\n\n", "\n", ". ", " ")


@dataclass(frozen=True)
class Window:
    """Read ``text[lo:hi]``; keep the mentions that start in ``[start, end)``."""

    lo: int
    start: int
    end: int
    hi: int


def _cut(text: str, target: int, floor: int) -> int:
    """The best cut in ``(floor, target]``: just after the last paragraph end before ``target``."""
    for mark in CUT_AFTER:
        at = text.rfind(mark, floor, target)
        if at > floor:
            return at + len(mark)
    return target


def windows(text: str, size: int, overlap: int = OVERLAP) -> list[Window]:
    """Return the windows covering ``text``: one when it is no longer than ``size``; else windows
    owning at most ``size`` characters each, cut at paragraph ends where the last quarter has one."""
    if len(text) <= size:
        return [Window(0, 0, len(text), len(text))]
    cuts = [0]
    while len(text) - cuts[-1] > size:
        cuts.append(_cut(text, cuts[-1] + size, cuts[-1] + size * 3 // 4))
    cuts.append(len(text))
    return [Window(max(0, a - overlap), a, b, min(len(text), b + overlap)) for a, b in itertools.pairwise(cuts)]
