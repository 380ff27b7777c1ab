"""`vnfacts load`: the command over ``pipeline.load.run``."""

from __future__ import annotations

import typer

from pipeline.core.errors import VnfactsError


def load(
    inputs: list[str] = typer.Argument(..., metavar="RECORDS...",
                                       help="Record files (.jsonl, .jsonl.gz) or directories of them."),
    db: str = typer.Option("duckdb:///vnfacts.duckdb", "--db", metavar="URL",
                           help="duckdb:///PATH.duckdb (embedded) or postgresql://USER@HOST:PORT/DB."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any line could not be loaded."),
) -> None:
    """Load records into DuckDB or PostgreSQL: documents, entities, facts, persons and the registry (created if
    missing)."""
    from pipeline.load.run import load as load_records

    try:
        summary = load_records(inputs, db)
    except VnfactsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for error in summary.errors:
        typer.echo(error, err=True)
    typer.echo(summary.line(), err=True)
    raise typer.Exit(1 if strict and summary.errors else 0)
