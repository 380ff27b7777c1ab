"""`vnfacts evaluate`: score predictions (or the extractor) against a gold set."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from pipeline.cli.options import open_out, split_labels
from pipeline.evaluation import score as scoring
from pipeline.evaluation.facts import format_fact_table, score_facts


def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL (ANNOTATION.md format)."),
    pred: Path | None = typer.Option(None, "--pred", help="Predicted records; default: run the extractor on the gold texts."),
    labels: list[str] | None = typer.Option(None, "--labels", help="Score only these labels (repeat or comma-separate)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON (with per-document scores)."),
    errors: Path | None = typer.Option(None, "--errors", help="Write every miss, spurious, boundary, label and value error to this JSONL file, with its sentence."),
    per_doc: bool = typer.Option(False, "--per-doc", help="Also print the per-document scores."),
    by_source: bool = typer.Option(False, "--by-source", help="Also score the gold documents grouped by their source file."),
    compare_runs: tuple[Path, Path] | None = typer.Option(None, "--compare", metavar="OLD_PRED NEW_PRED",
                                                             help="List the mentions and values gained and lost from OLD_PRED to NEW_PRED."),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression",
                                            help="With --compare: exit 1 when anything was lost or a false positive added."),
) -> None:
    """Score predictions against a gold set: strict and partial P/R/F1, value accuracy."""
    from pipeline.evaluation import breakdown, diagnose
    from pipeline.evaluation.compare import compare, format_comparison
    from pipeline.evaluation.predict import run_extractor

    if compare_runs and (pred or errors or per_doc or by_source):
        raise typer.BadParameter("--compare reads its own two prediction files; it takes no --pred, --errors, "
                                 "--per-doc or --by-source")
    if fail_on_regression and not compare_runs:
        raise typer.BadParameter("--fail-on-regression goes with --compare")
    wanted = split_labels(labels)
    try:
        gold_docs = scoring.read_jsonl(gold)
        if compare_runs:
            old_docs, new_docs = (scoring.read_jsonl(path) for path in compare_runs)
        elif pred is not None:
            pred_docs = scoring.read_jsonl(pred)
        else:
            pred_docs = run_extractor(gold_docs, str(gold))
        if compare_runs:
            comparison = compare(gold_docs, old_docs, new_docs, wanted)
        else:
            result = scoring.score(gold_docs, pred_docs, labels=wanted)
            documents = breakdown.per_document(gold_docs, pred_docs, wanted)
            groups = breakdown.by_source(gold_docs, pred_docs, breakdown.gold_name(str(gold)), wanted) if by_source else {}
            found = diagnose.find_errors(gold_docs, pred_docs, wanted) if errors is not None else []
    except (ValueError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)

    if compare_runs:
        typer.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) if as_json
                   else format_comparison(comparison))
        raise typer.Exit(1 if fail_on_regression and comparison.lost_anything else 0)
    if errors is not None:
        with open_out(errors, sys.stdout) as fh:
            for error in found:
                fh.write(json.dumps(error, ensure_ascii=False) + "\n")
        kinds = diagnose.count_kinds(found)
        typer.echo(f"errors: {len(found)} ({', '.join(f'{k} {kinds[k]}' for k in diagnose.ERROR_KINDS)}) "
                   f"written to {errors}", err=True)
    facts = score_facts(gold_docs, pred_docs)
    if as_json:
        report = result.to_dict()
        report["documents"] = [doc.to_dict() for doc in documents]
        report["facts"] = facts.to_dict()
        if by_source:
            report["by_source"] = {name: ev.to_dict() for name, ev in groups.items()}
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    blocks = [scoring.format_table(result, title=f"{gold} ({result.n_docs} documents)")]
    if per_doc:
        blocks.append(breakdown.format_documents(documents))
    if by_source:
        blocks.append(breakdown.format_groups(groups))
    if facts.n_docs:
        blocks.append(format_fact_table(facts))
    typer.echo("\n\n".join(blocks))
