"""`vnfacts evaluate`: score predictions (or the extractor) against a gold set."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pipeline.cli.options import fail, open_out, split_labels
from pipeline.core.jsonl import writer

if TYPE_CHECKING:
    from pipeline.evaluation.crossdoc import CrossScore

GROUP_HELP = "Also score the gold documents grouped by source (file), sector or genre; repeatable."


def _check_groups(values: list[str] | None) -> list[str]:
    from pipeline.evaluation.breakdown import GROUP_KEYS

    for value in values or []:
        if value not in GROUP_KEYS:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(GROUP_KEYS)}")
    return list(values or [])


def evaluate(
    gold: Path = typer.Option(..., "--gold", metavar="GOLD.jsonl", help="Gold JSONL (docs/annotation.md format)."),
    pred: Path | None = typer.Option(None, "--pred", metavar="RECORDS.jsonl",
                                     help="Predicted records; default: run the extractor on the gold texts."),
    labels: list[str] | None = typer.Option(None, "--labels", metavar="LABEL",
                                            help="Score only these labels (repeat or comma-separate)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON (with per-document scores)."),
    errors: Path | None = typer.Option(None, "--errors", metavar="ERRORS.jsonl",
                                       help="Write every miss, spurious, boundary, label and value error, "
                                            "with its sentence; then every fact error (miss, spurious, value)."),
    per_doc: bool = typer.Option(False, "--per-doc", help="Also print the per-document scores."),
    by: list[str] | None = typer.Option(None, "--by", metavar="source|sector|genre", callback=_check_groups,
                                        help=GROUP_HELP),
    by_source: bool = typer.Option(False, "--by-source", help="The same as --by source."),
    only_predicted: bool = typer.Option(False, "--only-predicted",
                                        help="Score only the gold documents that --pred holds (a run over part "
                                             "of the gold, such as a sector's cold predictions)."),
    compare_runs: tuple[Path, Path] | None = typer.Option(None, "--compare", metavar="OLD NEW",
                                                          help="List the mentions, values and facts gained and "
                                                               "lost from records OLD to records NEW."),
    crossdoc: Path | None = typer.Option(None, "--crossdoc", metavar="CROSSDOC.json",
                                         help="Also score documents, people and citation edges across records "
                                              "against this cross-document gold (corpus/gold/crossdoc.json)."),
    crossdoc_errors: Path | None = typer.Option(None, "--crossdoc-errors", metavar="ERRORS.jsonl",
                                                help="With --crossdoc: write every split or wrongly merged document "
                                                     "and person cluster and every missed, spurious or mislabelled "
                                                     "edge, with mention texts."),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression",
                                            help="With --compare: exit 1 when anything was lost or a false "
                                                 "positive added."),
) -> None:
    """Score predictions against a gold set: strict and partial P/R/F1, value accuracy, facts."""
    groups_wanted = list(dict.fromkeys((by or []) + (["source"] if by_source else [])))
    if crossdoc_errors and not crossdoc:
        raise typer.BadParameter("--crossdoc-errors goes with --crossdoc")
    if compare_runs and (pred or errors or per_doc or groups_wanted or crossdoc):
        raise typer.BadParameter("--compare reads its own two prediction files; it takes no --pred, --errors, "
                                 "--per-doc, --by or --crossdoc")
    if fail_on_regression and not compare_runs:
        raise typer.BadParameter("--fail-on-regression goes with --compare")
    wanted = split_labels(labels)
    if compare_runs:
        _compare(gold, compare_runs, wanted, as_json, fail_on_regression)
        return
    if only_predicted and pred is None:
        raise typer.BadParameter("--only-predicted goes with --pred")
    _score(gold, pred, wanted, as_json, errors, per_doc, groups_wanted, only_predicted, crossdoc, crossdoc_errors)


def _compare(gold: Path, runs: tuple[Path, Path], wanted: list[str] | None, as_json: bool,
             fail_on_regression: bool) -> None:
    from pipeline.evaluation.compare import compare, format_comparison
    from pipeline.evaluation.score import read_jsonl

    try:
        comparison = compare(read_jsonl(gold), read_jsonl(runs[0]), read_jsonl(runs[1]), wanted)
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    typer.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) if as_json
               else format_comparison(comparison))
    raise typer.Exit(1 if fail_on_regression and comparison.lost_anything else 0)


def _score(gold: Path, pred: Path | None, wanted: list[str] | None, as_json: bool, errors: Path | None,
           per_doc: bool, groups_wanted: list[str], only_predicted: bool = False,
           crossdoc: Path | None = None, crossdoc_errors: Path | None = None) -> None:
    from pipeline.evaluation import breakdown, diagnose
    from pipeline.evaluation import score as scoring
    from pipeline.evaluation.facts import FACT_ERROR_KINDS, fact_errors, format_fact_table, score_facts
    from pipeline.evaluation.predict import run_extractor

    try:
        gold_docs = scoring.read_jsonl(gold)
        pred_docs = scoring.read_jsonl(pred) if pred is not None else run_extractor(gold_docs, str(gold))
        if only_predicted:
            predicted = {doc["id"] for doc in pred_docs}
            gold_docs = [doc for doc in gold_docs if doc["id"] in predicted]
        result = scoring.score(gold_docs, pred_docs, labels=wanted)
        documents = breakdown.per_document(gold_docs, pred_docs, wanted)
        fallback = breakdown.gold_name(str(gold))
        groups = {key: breakdown.by_group(gold_docs, pred_docs, key, fallback, wanted) for key in groups_wanted}
        found = diagnose.find_errors(gold_docs, pred_docs, wanted) if errors is not None else []
        found_facts = fact_errors(gold_docs, pred_docs) if errors is not None and wanted is None else []
        across = _crossdoc(crossdoc, gold_docs, pred_docs, crossdoc_errors) if crossdoc is not None else None
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    if errors is not None:
        with open_out(errors, sys.stdout) as fh:
            writer(fh).write_all(found + found_facts)
        kinds, fact_kinds = diagnose.count_kinds(found), diagnose.count_kinds(found_facts)
        summary = f"errors: {len(found)} ({', '.join(f'{k} {kinds[k]}' for k in diagnose.ERROR_KINDS)})"
        if wanted is None and any("facts" in doc for doc in gold_docs):
            summary += (f", fact errors: {len(found_facts)} "
                        f"({', '.join(f'{k} {fact_kinds[k]}' for k in FACT_ERROR_KINDS)})")
        typer.echo(f"{summary} written to {errors}", err=True)
    facts = score_facts(gold_docs, pred_docs)
    if as_json:
        report = result.to_dict()
        report["documents"] = [doc.to_dict() for doc in documents]
        report["facts"] = facts.to_dict()
        for key, evaluations in groups.items():
            report[f"by_{key}"] = {name: ev.to_dict() for name, ev in evaluations.items()}
        if across is not None:
            report["crossdoc"] = across.to_dict()
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    blocks = [scoring.format_table(result, title=f"{gold} ({result.n_docs} documents)")]
    if per_doc:
        blocks.append(breakdown.format_documents(documents))
    blocks.extend(breakdown.format_groups(evaluations, key) for key, evaluations in groups.items())
    if facts.n_docs:
        blocks.append(format_fact_table(facts))
    if across is not None:
        from pipeline.evaluation.crossdoc import format_crossdoc

        blocks.append(format_crossdoc(across, title=f"{crossdoc} (across records)"))
    typer.echo("\n\n".join(blocks))


def _crossdoc(path: Path, gold_docs: list[dict], pred_docs: list[dict], errors: Path | None) -> CrossScore:
    from pipeline.evaluation.crossdoc import read_crossdoc, score_crossdoc

    gold = read_crossdoc(path, gold_docs)
    if errors is not None:
        from collections import Counter

        from pipeline.evaluation.crossdoc_errors import KINDS, crossdoc_errors

        found = crossdoc_errors(gold, gold_docs, pred_docs)
        with open_out(errors, sys.stdout) as fh:
            writer(fh).write_all(found)
        kinds = Counter(item["kind"] for item in found)
        typer.echo(f"cross-document errors: {len(found)} ({', '.join(f'{k} {kinds[k]}' for k in KINDS)}) "
                   f"written to {errors}", err=True)
    return score_crossdoc(gold, pred_docs)
