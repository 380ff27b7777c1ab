"""Offsets in the units annotation tools count, mapped to and from code points.

Our offsets (ANNOTATION.md) are Python string indices: Unicode code points.
Tools built on JavaScript may count UTF-16 code units instead (a character
outside the Basic Multilingual Plane, such as an emoji, counts two), and some
can count grapheme clusters (``e`` + combining acute counts one, as does CRLF).
An offset that falls inside a surrogate pair or a cluster has no code-point
equivalent: it is an error, never rounded.
"""

from __future__ import annotations

from pipeline.core.budget import timed

UNITS: tuple[str, ...] = ("codepoints", "utf16", "graphemes")
_GRAPHEME = timed(r"\X")


class OffsetMap:
    """Converts offsets into one text between code points and a tool's unit."""

    def __init__(self, text: str, unit: str) -> None:
        if unit not in UNITS:
            raise ValueError(f"unknown offset unit {unit!r}; choose one of {', '.join(UNITS)}")
        self.unit = unit
        self.length = len(text)
        self._to_unit: dict[int, int] | None = None
        self._from_unit: dict[int, int] | None = None
        if unit == "utf16" and any(ord(ch) > 0xFFFF for ch in text):
            positions, pos = [], 0
            for ch in text:
                positions.append(pos)
                pos += 2 if ord(ch) > 0xFFFF else 1
            positions.append(pos)
            self._set(positions)
        elif unit == "graphemes":
            self._set([m.start() for m in _GRAPHEME.finditer(text)] + [len(text)], by_cluster=True)

    def _set(self, positions: list[int], by_cluster: bool = False) -> None:
        # utf16: positions[i] is the unit offset of code point i;
        # graphemes: positions[k] is the code point where cluster k starts.
        if by_cluster:
            self._to_unit = {cp: k for k, cp in enumerate(positions)}
            self._from_unit = dict(enumerate(positions))
        else:
            self._to_unit = dict(enumerate(positions))
            self._from_unit = {u: cp for cp, u in enumerate(positions)}

    def to_unit(self, cp: int) -> int:
        """Return the tool offset of code-point offset ``cp``.

        Raises ``ValueError`` when ``cp`` lies outside the text or inside a
        grapheme cluster (unit ``graphemes``).
        """
        if not 0 <= cp <= self.length:
            raise ValueError(f"offset {cp} lies outside the text (length {self.length})")
        if self._to_unit is None:
            return cp
        if cp not in self._to_unit:
            raise ValueError(f"offset {cp} falls inside a grapheme cluster")
        return self._to_unit[cp]

    def from_unit(self, offset: object) -> int:
        """Return the code-point offset of tool offset ``offset``.

        Raises ``ValueError`` when it lies outside the text, inside a UTF-16
        surrogate pair, or (for ``graphemes``) past the last cluster; ``TypeError``
        when it is not an integer.
        """
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise TypeError(f"offset {offset!r} is not an integer")
        if self._from_unit is None:
            if not 0 <= offset <= self.length:
                raise ValueError(f"offset {offset} lies outside the text (length {self.length} {self.unit})")
            return offset
        if offset not in self._from_unit:
            last = max(self._from_unit)
            if 0 <= offset < last and self.unit == "utf16":
                raise ValueError(f"offset {offset} falls inside a UTF-16 surrogate pair")
            raise ValueError(f"offset {offset} lies outside the text (length {last} {self.unit})")
        return self._from_unit[offset]
