"""The vnfacts command line: one module per command, each thin over the library.

``app`` is the Typer application behind the ``vnfacts`` script and ``python -m pipeline``.
Commands import what they run inside their bodies, so ``vnfacts --help`` stays fast.
"""

from __future__ import annotations

import typer

from pipeline import __version__
from pipeline.cli.agreement import agreement
from pipeline.cli.annotate import annotate_app
from pipeline.cli.evaluate import evaluate
from pipeline.cli.extract import extract
from pipeline.cli.floor import floor_app
from pipeline.cli.ingest import ingest
from pipeline.cli.load import load
from pipeline.cli.query import query
from pipeline.cli.resolve import resolve
from pipeline.cli.show import show

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Structured facts from Vietnamese government news and directives.")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"vnfacts {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool | None = typer.Option(None, "--version", "-V", callback=_show_version, is_eager=True,
                                                help="Print the version and exit.")) -> None:
    """Structured facts from Vietnamese government news and directives."""


app.command()(extract)
app.command()(evaluate)
app.add_typer(annotate_app, name="annotate")
app.add_typer(floor_app, name="floor")
app.command()(agreement)
app.command()(ingest)
app.command()(load)
app.command()(query)
app.command()(show)
app.command()(resolve)
