"""`vnfacts query`: the command over ``pipeline.load.query``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from pipeline.core.errors import VnfactsError


class Style(StrEnum):
    """How the result table is printed."""

    table = "table"
    tsv = "tsv"


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def query(
    sql: Path = typer.Argument(..., metavar="FILE.sql", help="A file of SQL, such as examples/queries/positions.sql."),
    db: str = typer.Option("duckdb:///vnfacts.duckdb", "--db", metavar="URL",
                           help="The database `vnfacts load` wrote: duckdb:///PATH.duckdb or postgresql://…"),
    style: Style = typer.Option(Style.table, "--format", metavar="table|tsv",
                                help="table: an aligned table; tsv: a header line, then tab-separated rows."),
) -> None:
    """Run one SQL file on a loaded database and print the rows it returns."""
    from pipeline.load.query import run_query

    try:
        result = run_query(sql, db)
    except VnfactsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if style is Style.tsv:
        for row in [result.columns, *result.rows]:
            typer.echo("\t".join(_cell(v) for v in row))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*result.columns, box=None, header_style="bold", pad_edge=False)
    for row in result.rows:
        table.add_row(*(_cell(v) for v in row))
    Console(file=sys.stdout, width=max(120, Console().width)).print(table)
    typer.echo(f"({len(result.rows)} rows)", err=True)
