"""Render a :class:`~pipeline.review.page.Review` as one self-contained HTML file with Jinja2.

The templates, style sheet and script ship in ``pipeline/review/templates`` and are inlined, so
the page needs no network when it is viewed. Autoescaping is on for everything: every text,
value and id from a record reaches the page escaped.
"""

from __future__ import annotations

from functools import cache

import jinja2

from pipeline import __version__
from pipeline.core.budget import timed
from pipeline.review.charts import charts
from pipeline.review.page import Review

_CHUNK = timed(r"\S+[^\S\n]*|\s+")


def chunks(text: str) -> list[str]:
    """Return ``text`` cut into words, each with the spaces after it, and runs of blanks that hold a line
    break (or start the text), so that the words of a highlighted stretch wrap like running text and its
    line breaks still break the line."""
    return [match.group() for match in _CHUNK.finditer(text)]


@cache
def environment() -> jinja2.Environment:
    """Return the Jinja2 environment over the packaged templates (autoescape on, undefined names fail)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("pipeline.review", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["chunks"] = chunks
    return env


def render(review: Review) -> str:
    """Return the review as the text of one HTML document (inline CSS, script and SVG charts, no external
    resource)."""
    return environment().get_template("review.html.j2").render(review=review, charts=charts(review.overview),
                                                               version=__version__)
