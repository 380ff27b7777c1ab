"""The vnfacts command line: a thin layer over the library."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Iterator, Optional, TextIO

import typer

from pipeline import evaluate as scoring
from pipeline.errors import VnfactsError
from pipeline.ingest import cli as ingest_cli
from pipeline.load import cli as load_cli
from pipeline.settings import load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Structured facts from Vietnamese government news and directives.")


@contextlib.contextmanager
def _open_out(path: Optional[Path], default: TextIO) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield default
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        yield fh


def _check_date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help=".txt files, directories, .jsonl/.jsonl.gz dumps, or - for a dump on stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output JSONL (default: stdout)."),
    rejects: Optional[Path] = typer.Option(None, "--rejects", help="Reject JSONL (default: stderr)."),
    published: Optional[str] = typer.Option(None, "--published", callback=_check_date,
                                            help="Publication date YYYY-MM-DD for documents without one."),
    no_text: bool = typer.Option(False, "--no-text", help="Leave the document text out of the records."),
    no_words: bool = typer.Option(False, "--no-words", help="Skip word segmentation (recognisers match on characters)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any input was rejected."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings YAML overriding the defaults."),
) -> None:
    """Extract facts from INPUTS into one JSONL record per document."""
    from pipeline.run import run_extract

    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    try:
        settings = load_settings(config, include_text=False if no_text else None, words=False if no_words else None)
    except (VnfactsError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    with _open_out(output, sys.stdout) as out, _open_out(rejects, sys.stderr) as rej:
        if rejects is None:
            logging.getLogger("pipeline.run").setLevel(logging.ERROR)
        summary = run_extract(inputs, out, rej, settings, published=published, stdin=sys.stdin.buffer)
    typer.echo(summary.line(), err=True)
    raise typer.Exit(1 if strict and summary.rejected else 0)


@app.command()
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL (ANNOTATION.md format)."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Predicted records; default: run the extractor on the gold texts."),
    labels: Optional[list[str]] = typer.Option(None, "--labels", help="Score only these labels (repeat or comma-separate)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score predictions against a gold set: strict and partial P/R/F1, value accuracy."""
    from pipeline.analysis import extract as extract_one
    from pipeline.read import Document

    try:
        gold_docs = scoring.read_jsonl(gold)
        if pred is not None:
            pred_docs = scoring.read_jsonl(pred)
        else:
            pred_docs = [extract_one(Document(id=str(d["id"]), text=d["text"], source=str(gold),
                                              published=d.get("published"))) for d in gold_docs]
    except (ValueError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    wanted = [x for item in labels or [] for x in item.split(",") if x] or None
    result = scoring.score(gold_docs, pred_docs, labels=wanted)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(scoring.format_table(result, title=f"{gold} ({result.n_docs} documents)"))


app.command()(ingest_cli.ingest)
app.command()(load_cli.load)
