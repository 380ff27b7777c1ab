"""The review: records (and their gold) shown as one self-contained HTML page, for reading before trusting.

``review(records, gold, ids, limit)`` returns the HTML text; :mod:`pipeline.review.page` builds
what is shown, :mod:`pipeline.review.diff` hangs the scorer's differences on it,
:mod:`pipeline.review.tables` turns facts into tables of mention texts,
:mod:`pipeline.review.layers` stacks overlapping mentions, :mod:`pipeline.review.overview` sums up the
whole run and :mod:`pipeline.review.charts` lays its charts out, :mod:`pipeline.review.render` writes
the page with the packaged Jinja2 templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.review.page import DEFAULT_LIMIT, build_review
from pipeline.review.render import render

__all__ = ["DEFAULT_LIMIT", "build_review", "render", "review"]


def review(records: Path, gold: Path | None = None, ids: Sequence[str] = (), limit: int = DEFAULT_LIMIT) -> str:
    """Return the review page (HTML text) of the records in ``records``; see :func:`build_review`."""
    return render(build_review(records, gold, ids, limit))
