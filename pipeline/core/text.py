"""Small text helpers shared by the stages."""

from __future__ import annotations

from pipeline.core.budget import timed

WHITESPACE = timed(r"\s+")


def fold(text: str) -> str:
    """Return ``text`` with whitespace runs folded to one space and stripped."""
    return WHITESPACE.sub(" ", text).strip()
