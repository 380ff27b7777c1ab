"""`vnfacts resolve`: the registry of cited documents, citations and people, from record files, as files."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.core.errors import VnfactsError


def resolve(
    inputs: list[str] = typer.Argument(..., metavar="RECORDS...",
                                       help="Record files (.jsonl, .jsonl.gz) or directories of them."),
    out: Path = typer.Option(Path("registry"), "-o", "--out", metavar="DIR",
                             help="Folder for documents_cited, citations, people and person_positions."),
    fmt: str = typer.Option("jsonl", "--format", metavar="jsonl|csv", help="One JSONL or CSV file per table."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any line could not be read."),
) -> None:
    """Resolve documents, citations and people across records, without a database; write one file per table."""
    from pipeline.registry.build import build
    from pipeline.registry.read import ReadSummary, read_records
    from pipeline.registry.write import FORMATS, write_tables

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    summary = ReadSummary()
    try:
        registry = build(read_records(inputs, summary))
        write_tables(registry, out, fmt)
    except VnfactsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for error in summary.errors:
        typer.echo(error, err=True)
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in registry.tables().items())
    typer.echo(f"files {summary.files}, records {summary.records}, reject lines skipped {summary.rejects}, "
               f"errors {len(summary.errors)}; {counts} -> {out}", err=True)
    raise typer.Exit(1 if strict and summary.errors else 0)
