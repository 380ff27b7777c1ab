"""Organisation phrases: where a name such as an issuer or an owner ends."""

from __future__ import annotations

from pipeline.core.budget import TimedPattern, timed

ORG_WORD = timed(r"[\p{L}\d]+(?:[-/.&][\p{L}\d]+)*")


def org_end(text: str, pos: int, limit: int, stop: TimedPattern, max_words: int = 12) -> int:
    """Return the end of the organisation name starting at ``pos``.

    The name runs over words joined by single spaces (or ' - ' before a capital) until a
    punctuation mark, a match of ``stop`` at a word start (never the first word), or
    ``max_words`` words. Returns ``pos`` when no word starts there.
    """
    end = pos
    for n in range(max_words):
        word = ORG_WORD.match(text, pos, limit)
        if not word or (n and stop.match(text, pos, limit)):
            break
        end = word.end()
        if text.startswith(" - ", end) and end + 3 < limit and text[end + 3].isupper():
            pos = end + 3
        elif text.startswith(" ", end):
            pos = end + 1
        else:
            break
    return end
