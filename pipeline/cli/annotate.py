"""`vnfacts annotate export|import`: pre-annotated tasks for Label Studio or doccano, and gold back.

Exit codes: 0 when everything went in, 1 when something was skipped (each case reported on
its own line on stderr), 2 when the command cannot run at all (unreadable file, bad option).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from pipeline.cli.options import check_date, fail

annotate_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                           context_settings={"help_option_names": ["-h", "--help"]},
                           help="Pre-annotated tasks for Label Studio or doccano, and gold back.")


def _check_tool(value: str) -> str:
    from pipeline.annotate import TOOLS

    if value not in TOOLS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(TOOLS)}")
    return value


def _check_unit(value: str | None) -> str | None:
    from pipeline.annotate import UNITS

    if value is not None and value not in UNITS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(UNITS)}")
    return value


def _documents_from_records(inputs: list[str], problems: list[str]) -> list[tuple[str, dict]]:
    from pipeline.evaluation.score import read_jsonl

    docs = []
    for name in inputs:
        for doc in read_jsonl(name):
            if not isinstance(doc.get("text"), str):
                problems.append(f"{name}: document {doc['id']!r} has no 'text' (records written with "
                                "--no-text cannot be annotated); not exported")
                continue
            docs.append((name, doc))
    return docs


def _documents_from_inputs(inputs: list[str], published: str | None, words: bool,
                           problems: list[str]) -> list[tuple[str, dict]]:
    from pipeline.batch.run import process
    from pipeline.core.settings import load_settings
    from pipeline.stages.read import Reject, read_inputs

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
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help="Inputs as for `extract` (or, with --records, record/gold JSONL files)."),
    tool: str = typer.Option(..., "--to", metavar="label-studio|doccano", callback=_check_tool,
                             help="The annotation tool."),
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE",
                                help="Task file: JSON for Label Studio, JSONL for doccano."),
    records: bool = typer.Option(False, "--records", help="INPUTS already hold entities (extractor records or gold): "
                                                           "export them, run nothing."),
    offsets: str | None = typer.Option(None, "--offsets", metavar="UNIT", callback=_check_unit,
                                       help="Offset unit written: codepoints, utf16 or graphemes "
                                            "(default: label-studio codepoints, doccano utf16)."),
    published: str | None = typer.Option(None, "--published", metavar="DATE", callback=check_date,
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
        raise fail(str(exc)) from None
    result = export_tasks(docs, tool, offsets, _model_version(docs))
    written = write_export(result, output)
    for line in problems + result.problems:
        typer.echo(line, err=True)
    typer.echo(f"{result.summary()}; {len(problems)} inputs rejected; wrote {', '.join(map(str, written))}", err=True)
    raise typer.Exit(1 if problems or result.problems else 0)


@annotate_app.command("import")
def annotate_import(
    file: Path = typer.Argument(..., metavar="EXPORT", help="The tool's export: Label Studio JSON, doccano JSONL."),
    tool: str = typer.Option(..., "--from", metavar="label-studio|doccano", callback=_check_tool,
                             help="The annotation tool."),
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE",
                                help="Gold JSONL to write (docs/annotation.md format)."),
    offsets: str | None = typer.Option(None, "--offsets", metavar="UNIT", callback=_check_unit,
                                       help="Offset unit of the file, overriding the one each exported task records."),
    annotator: str | None = typer.Option(None, "--annotator", metavar="USER",
                                         help="Label Studio: take the annotation completed by this user id or e-mail."),
) -> None:
    """Read corrected annotations back into a gold file; bad spans are reported with their task and skipped."""
    from pipeline.annotate import import_file, write_gold

    try:
        report = import_file(file, tool, offsets, annotator)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise fail(str(exc)) from None
    write_gold(report.docs, output)
    for line in report.problems + report.notes:
        typer.echo(line, err=True)
    typer.echo(f"{report.summary()}; wrote {output}", err=True)
    raise typer.Exit(1 if report.problems else 0)
