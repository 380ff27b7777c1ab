"""Organisation phrases: where a name such as an issuer or an owner ends."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.core.budget import TimedPattern, timed

ORG_WORD = timed(r"[\p{L}\d]+(?:[-/.&][\p{L}\d]+)*")


def org_end(text: str, pos: int, limit: int, stop: TimedPattern, max_words: int = 12,
            whole_words: Callable[[int, int], bool] | None = None, join: TimedPattern | None = None) -> int:
    """Return the end of the organisation name starting at ``pos``.

    The name runs over words joined by single spaces (or ' - ' before a capital, or a match of
    ``join`` such as a comma before another body) until a punctuation mark, a match of ``stop``
    at a word start (never the first word; only when ``whole_words`` agrees it is whole words,
    so "giao" stops but "giao thông" does not), or ``max_words`` words. Returns ``pos`` when no
    word starts there.
    """
    end = pos
    for n in range(max_words):
        word = ORG_WORD.match(text, pos, limit)
        if not word:
            break
        if n:
            halt = stop.match(text, pos, limit)
            if halt and (whole_words is None or whole_words(halt.start(), halt.end())):
                break
        end = word.end()
        joint = join.match(text, end, limit) if join is not None else None
        if joint:
            pos = joint.end()
        elif text.startswith(" - ", end) and end + 3 < limit and text[end + 3].isupper():
            pos = end + 3
        elif text.startswith(" ", end):
            pos = end + 1
        else:
            break
    return end
