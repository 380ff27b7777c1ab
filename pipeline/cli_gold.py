"""Command line of the gold-set workflow: annotate export/import, agreement, floor.

Thin wrappers over :mod:`pipeline.annotate`, :mod:`pipeline.agreement` and
:mod:`pipeline.floor`; ``pipeline/cli.py`` registers them. Exit codes: 0 when
everything went in, 1 when something was skipped or a check failed (each case
reported on its own line on stderr), 2 when the command cannot run at all
(unreadable file, bad option).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.cli_options import check_date

annotate_app = typer.Typer(no_args_is_help=True, help="Pre-annotated tasks for Label Studio or doccano, and gold back.")
floor_app = typer.Typer(no_args_is_help=True, help="The per-label strict F1 floor that CI enforces.")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _check_tool(value: str) -> str:
    from pipeline.annotate import TOOLS

    if value not in TOOLS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(TOOLS)}")
    return value


def _check_unit(value: Optional[str]) -> Optional[str]:
    from pipeline.annotate import UNITS

    if value is not None and value not in UNITS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(UNITS)}")
    return value


def _documents_from_records(inputs: list[str], problems: list[str]) -> list[tuple[str, dict]]:
    from pipeline.evaluate import read_jsonl

    docs = []
    for name in inputs:
        for doc in read_jsonl(name):
            if not isinstance(doc.get("text"), str):
                problems.append(f"{name}: document {doc['id']!r} has no 'text' (records written with "
                                "--no-text cannot be annotated); not exported")
                continue
            docs.append((name, doc))
    return docs


def _documents_from_inputs(inputs: list[str], published: Optional[str], words: bool,
                           problems: list[str]) -> list[tuple[str, dict]]:
    from pipeline.read import Reject, read_inputs
    from pipeline.run import process
    from pipeline.settings import load_settings

    settings = load_settings(None, words=words, include_text=True)
    docs = []
    for result in process(read_inputs(inputs, stdin=sys.stdin.buffer), settings, published):
        if isinstance(result, Reject):
            problems.append(result.error)
        else:
            docs.append((result["source"], result))
    return docs


def _model_version(docs: list[tuple[str, dict]]) -> str:
    from pipeline import __version__

    for _, doc in docs:
        pipeline = doc.get("pipeline")
        if isinstance(pipeline, dict) and pipeline.get("version"):
            return f"vnfacts {pipeline['version']} rules {str(pipeline.get('rules', ''))[:12]}".strip()
    return f"vnfacts {__version__}"


@annotate_app.command("export")
def annotate_export(
    inputs: list[str] = typer.Argument(..., help="Inputs as for `extract` (or, with --records, record/gold JSONL files)."),
    tool: str = typer.Option(..., "--to", callback=_check_tool, help="label-studio or doccano."),
    output: Path = typer.Option(..., "-o", "--output", help="Task file: JSON for Label Studio, JSONL for doccano."),
    records: bool = typer.Option(False, "--records", help="INPUTS already hold entities (extractor records or gold): export them, run nothing."),
    offsets: Optional[str] = typer.Option(None, "--offsets", callback=_check_unit,
                                          help="Offset unit written: codepoints, utf16 or graphemes (default: label-studio codepoints, doccano utf16)."),
    published: Optional[str] = typer.Option(None, "--published", callback=check_date,
                                            help="Publication date YYYY-MM-DD for documents without one."),
    no_words: bool = typer.Option(False, "--no-words", help="Skip word segmentation when extracting."),
) -> None:
    """Write pre-annotated tasks: our mentions as editable pre-annotations, the label definitions beside them."""
    from pipeline.annotate import export_tasks, write_export

    logging.basicConfig(level=logging.ERROR, format="%(message)s", stream=sys.stderr)
    problems: list[str] = []
    try:
        docs = (_documents_from_records(inputs, problems) if records
                else _documents_from_inputs(inputs, published, not no_words, problems))
    except (ValueError, OSError) as exc:
        raise _fail(str(exc))
    result = export_tasks(docs, tool, offsets, _model_version(docs))
    written = write_export(result, output)
    for line in problems + result.problems:
        typer.echo(line, err=True)
    typer.echo(f"{result.summary()}; {len(problems)} inputs rejected; wrote {', '.join(map(str, written))}", err=True)
    raise typer.Exit(1 if problems or result.problems else 0)


@annotate_app.command("import")
def annotate_import(
    file: Path = typer.Argument(..., help="The tool's export: Label Studio JSON, doccano JSONL."),
    tool: str = typer.Option(..., "--from", callback=_check_tool, help="label-studio or doccano."),
    output: Path = typer.Option(..., "-o", "--output", help="Gold JSONL to write (ANNOTATION.md format)."),
    offsets: Optional[str] = typer.Option(None, "--offsets", callback=_check_unit,
                                          help="Offset unit of the file, overriding the one each exported task records."),
    annotator: Optional[str] = typer.Option(None, "--annotator", help="Label Studio: take the annotation completed by this user id or e-mail."),
) -> None:
    """Read corrected annotations back into a gold file; bad spans are reported with their task and skipped."""
    from pipeline.annotate import import_file, write_gold

    try:
        report = import_file(file, tool, offsets, annotator)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise _fail(str(exc))
    write_gold(report.docs, output)
    for line in report.problems + report.notes:
        typer.echo(line, err=True)
    typer.echo(f"{report.summary()}; wrote {output}", err=True)
    raise typer.Exit(1 if report.problems else 0)


def agreement(
    gold_a: Path = typer.Argument(..., help="Gold JSONL of annotator A."),
    gold_b: Path = typer.Argument(..., help="Gold JSONL of annotator B, same documents."),
    labels: Optional[list[str]] = typer.Option(None, "--labels", help="Only these labels (repeat or comma-separate)."),
    as_json: bool = typer.Option(False, "--json", help="Print the agreement as JSON."),
) -> None:
    """Inter-annotator agreement per label: strict and partial F1, character-level Cohen's kappa, values."""
    from pipeline.agreement import agreement as measure
    from pipeline.agreement import format_agreement
    from pipeline.evaluate import read_jsonl

    wanted = [x for item in labels or [] for x in item.split(",") if x] or None
    try:
        result = measure(read_jsonl(gold_a), read_jsonl(gold_b), wanted)
    except (ValueError, OSError) as exc:
        raise _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_agreement(result, f"{gold_a} vs {gold_b} ({len(result.shared)} shared documents)"))


def _overrides(items: Optional[list[str]]) -> dict[str, str]:
    pairs = {}
    for item in items or []:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise typer.BadParameter(f"{item!r} is not NAME=PATH")
        pairs[name] = path
    return pairs


_GOLD_HELP = "Read gold set NAME (corpus or seeds) from PATH instead of its usual place, as NAME=PATH."


@floor_app.command("write")
def floor_write(gold: Optional[list[str]] = typer.Option(None, "--gold", help=_GOLD_HELP)) -> None:
    """Score every gold set and (re)write corpus/gold/floor.json with their SHA-256 and per-label strict F1."""
    from pipeline.floor import write_floor

    try:
        path, lines = write_floor(_overrides(gold))
    except (ValueError, OSError) as exc:
        raise _fail(str(exc))
    for line in lines:
        typer.echo(line, err=True)
    typer.echo(f"wrote {path}", err=True)


@floor_app.command("check")
def floor_check(gold: Optional[list[str]] = typer.Option(None, "--gold", help=_GOLD_HELP)) -> None:
    """Check every gold set against the floor: exit 1 when a label drops past the tolerance or a gold changed."""
    from pipeline.floor import check_floor

    try:
        lines, passed = check_floor(_overrides(gold))
    except (ValueError, OSError) as exc:
        raise _fail(str(exc))
    for line in lines:
        typer.echo(line)
    raise typer.Exit(0 if passed else 1)
