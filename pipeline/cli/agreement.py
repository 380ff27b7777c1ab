"""`vnfacts agreement`: inter-annotator agreement between two gold files."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from pipeline.cli.options import fail, split_labels


def agreement(
    gold_a: Path = typer.Argument(..., metavar="GOLD_A", help="Gold JSONL of annotator A."),
    gold_b: Path = typer.Argument(..., metavar="GOLD_B", help="Gold JSONL of annotator B, same documents."),
    labels: list[str] | None = typer.Option(None, "--labels", metavar="LABEL",
                                            help="Only these labels (repeat or comma-separate)."),
    as_json: bool = typer.Option(False, "--json", help="Print the agreement as JSON."),
) -> None:
    """Inter-annotator agreement per label: strict and partial F1, character-level Cohen's kappa, values."""
    from pipeline.evaluation.agreement import agreement as measure
    from pipeline.evaluation.agreement import format_agreement
    from pipeline.evaluation.score import read_jsonl

    wanted = split_labels(labels)
    try:
        result = measure(read_jsonl(gold_a), read_jsonl(gold_b), wanted)
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_agreement(result, f"{gold_a} vs {gold_b} ({len(result.shared)} shared documents)"))
