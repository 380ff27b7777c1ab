"""`vnfacts show`: records (and their gold) as one self-contained HTML review page."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from pipeline.cli.options import fail, open_out

DEFAULT_LIMIT = 200  # the same as pipeline.review.page.DEFAULT_LIMIT, kept here so --help imports nothing heavy


def show(
    records: Path = typer.Argument(..., metavar="RECORDS.jsonl", help="Records written by `vnfacts extract`."),
    gold: Path | None = typer.Option(None, "--gold", metavar="GOLD.jsonl",
                                     help="Gold documents: mark what differs (missed, spurious, wrong boundary, "
                                          "wrong value, for mentions and facts) and order documents worst first."),
    ids: list[str] | None = typer.Option(None, "--id", metavar="ID", help="Show only this document; repeatable."),
    out: Path | None = typer.Option(None, "-o", "--out", metavar="REVIEW.html",
                                    help="Write the page here (default: stdout)."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", min=1,
                              help="Refuse to show more documents than this (pick some with --id)."),
) -> None:
    """Write one HTML page to read records by: an overview of the run in charts, mentions highlighted in the text,
    values, facts, gold differences."""
    from pipeline.review import build_review, render

    try:
        review = build_review(records, gold, ids or (), limit)
        html = render(review)
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    try:
        with open_out(out, sys.stdout) as fh:
            fh.write(html)
    except OSError as exc:
        raise fail(f"{out}: cannot write ({exc.strerror or exc})") from None
    for warning in review.warnings:
        typer.echo(warning, err=True)
    mentions = sum(len([m for m in page.mentions if not m.gold]) for page in review.pages)
    typer.echo(f"review: {len(review.pages)} documents, {mentions} mentions"
               + (f" -> {out}" if out is not None and str(out) != "-" else ""), err=True)
