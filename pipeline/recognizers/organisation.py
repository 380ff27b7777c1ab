"""Organisation phrases: where a name such as an issuer or an owner ends."""

from __future__ import annotations

from collections.abc import Callable, Container

from pipeline.core.budget import TimedPattern, timed

ORG_WORD = timed(r"[\p{L}\d]+(?:[-/.&][\p{L}\d]+)*")


def org_end(text: str, pos: int, limit: int, stop: TimedPattern, max_words: int = 12,
            whole_words: Callable[[int, int], bool] | None = None, join: TimedPattern | None = None,
            units: Container[str] = (), wrap_after: Container[str] = ()) -> int:
    """Return the end of the organisation name starting at ``pos``.

    The name runs over words joined by single spaces (or ' - ' before a capital, or a match of
    ``join`` such as a comma before another body) until a punctuation mark, a match of ``stop``
    at a word start (never the first word; only when ``whole_words`` agrees it is whole words,
    so "giao" stops but "giao thông" does not), a lower-case word after an administrative unit
    of ``units`` and its capitalised name ("xã Hòa Bình | phát huy"), or ``max_words`` words. A line
    break goes on only after a word of ``wrap_after`` (a name cut short: "Trường" / "THCS Nguyễn Du").
    Returns ``pos`` when no word starts there.
    """
    end = pos
    closed = False  # a unit and its name were read: a lower-case word now ends the name
    for n in range(max_words):
        word = ORG_WORD.match(text, pos, limit)
        if not word:
            break
        if n:
            halt = stop.match(text, pos, limit)
            if halt and (whole_words is None or whole_words(halt.start(), halt.end())):
                break
        w = word.group()
        if closed and w[:1].islower():
            break
        closed = (closed or (n > 0 and _after_unit(text, pos, units, whole_words))) and w[:1].isupper()
        end = word.end()
        joint = join.match(text, end, limit) if join is not None else None
        if joint:
            pos = joint.end()
        elif text.startswith(" - ", end) and end + 3 < limit and text[end + 3].isupper():
            pos = end + 3
        elif text.startswith(" ", end) or (w in wrap_after and text.startswith("\n", end)
                                           and text[end + 1:end + 2].isupper()):
            pos = end + 1  # a PDF may break the line in a name cut short ("của Trường" / "THCS Nguyễn Du")
        else:
            break
    return end


def _after_unit(text: str, pos: int, units: Container[str], whole_words: Callable[[int, int], bool] | None) -> bool:
    """Whether the one or two words before ``pos`` are an administrative unit, as whole words
    (not the "xã" of "Hợp tác xã")."""
    before = text[max(0, pos - 20):pos].split()
    for n in (1, 2):
        tail = " ".join(before[-n:])
        if len(before) >= n and tail in units:
            start = pos - 1 - len(tail)
            return whole_words is None or whole_words(start, pos - 1)
    return False

