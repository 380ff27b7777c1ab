"""Option checks and output helpers shared by the command modules."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

import typer


def check_date(value: str | None) -> str | None:
    """Return an ISO date option unchanged, or raise a usage error naming the bad value."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


def split_labels(labels: list[str] | None) -> list[str] | None:
    """Return the labels of repeated or comma-separated ``--labels`` options, or None for all."""
    return [x for item in labels or [] for x in item.split(",") if x] or None


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` on stderr and return the exit (code 2) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@contextlib.contextmanager
def open_out(path: Path | None, default: TextIO, append: bool = False) -> Iterator[TextIO]:
    """Yield ``default`` for no path or ``-``, else the file opened for writing (or appending)."""
    if path is None or str(path) == "-":
        yield default
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a" if append else "w", encoding="utf-8") as fh:
        yield fh
