"""The vnfacts command line: a thin layer over the library."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, TextIO

import typer

from pipeline import evaluate as scoring
from pipeline.evaluate_facts import format_fact_table, score_facts
from pipeline.cli_options import check_date
from pipeline.errors import VnfactsError
from pipeline.ingest import cli as ingest_cli
from pipeline.load import cli as load_cli
from pipeline.settings import Settings, load_settings

if TYPE_CHECKING:
    from pipeline.run import Summary

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Structured facts from Vietnamese government news and directives.")


@contextlib.contextmanager
def _open_out(path: Optional[Path], default: TextIO, append: bool = False) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield default
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a" if append else "w", encoding="utf-8") as fh:
        yield fh


class Engine(str, Enum):
    """Where ``extract`` runs."""

    local = "local"
    dask = "dask"


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help=".txt files, directories, .jsonl/.jsonl.gz dumps, or - for a dump on stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output JSONL (default: stdout); a directory with --engine dask."),
    rejects: Optional[Path] = typer.Option(None, "--rejects", help="Reject JSONL (default: stderr)."),
    published: Optional[str] = typer.Option(None, "--published", callback=check_date,
                                            help="Publication date YYYY-MM-DD for documents without one."),
    no_text: bool = typer.Option(False, "--no-text", help="Leave the document text out of the records."),
    words: Optional[bool] = typer.Option(None, "--words/--no-words",
                                         help="Segment words with underthesea where a Doc is built (off by default; records do not change)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any input was rejected."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings YAML overriding the defaults."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: all cores)."),
    resume: bool = typer.Option(False, "--resume", help="Skip the documents already in -o (and --rejects); finish the run."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors (no progress, no summary)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: this machine; dask: a dask.distributed cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="dask scheduler address (default: a LocalCluster)."),
    blocksize: str = typer.Option("32MB", "--blocksize", help="dask: bytes of dump per partition."),
) -> None:
    """Extract facts from INPUTS into one JSONL record per document."""
    from pipeline.pool import default_workers

    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="%(message)s", stream=sys.stderr)
    try:
        settings = load_settings(config, include_text=False if no_text else None, words=words)
    except (VnfactsError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    workers = workers or default_workers()
    if engine is Engine.dask:
        summary = _extract_dask(inputs, output, rejects, settings, published, workers, scheduler, blocksize, resume)
    else:
        summary = _extract_local(inputs, output, rejects, settings, published, workers, resume, quiet)
    if not quiet:
        typer.echo(summary.line(), err=True)
    raise typer.Exit(1 if strict and summary.rejected else 0)


def _extract_local(inputs: list[str], output: Optional[Path], rejects: Optional[Path], settings: Settings,
                   published: Optional[str], workers: int, resume: bool, quiet: bool) -> Summary:
    from pipeline.progress import Reporter
    from pipeline.read import input_size
    from pipeline.resume import Resume
    from pipeline.run import run_extract

    if resume and (output is None or str(output) == "-"):
        typer.echo("error: --resume needs -o FILE: it reads back the records already written", err=True)
        raise typer.Exit(2)
    state = Resume(output, rejects if rejects is not None and str(rejects) != "-" else None) if resume else None
    reporter = None if quiet else Reporter(input_size(inputs), sys.stderr)
    try:
        with _open_out(output, sys.stdout, append=resume) as out, _open_out(rejects, sys.stderr, append=resume) as rej:
            if rejects is None:
                logging.getLogger("pipeline.run").setLevel(logging.ERROR)
            return run_extract(inputs, out, rej, settings, published=published, stdin=sys.stdin.buffer,
                               workers=workers, resume=state, progress=reporter)
    finally:
        if reporter is not None:
            reporter.close()


def _extract_dask(inputs: list[str], output: Optional[Path], rejects: Optional[Path], settings: Settings,
                  published: Optional[str], workers: int, scheduler: Optional[str], blocksize: str,
                  resume: bool) -> Summary:
    from pipeline.distributed import run_dask

    if output is None or rejects is not None or resume or "-" in inputs:
        typer.echo("error: --engine dask writes part files into -o DIR (rejects beside them); "
                   "it takes no --rejects, --resume or stdin", err=True)
        raise typer.Exit(2)
    logging.getLogger("distributed").setLevel(logging.WARNING)  # its cluster start-up and shut-down chatter
    try:
        return run_dask(inputs, output, settings, published=published, scheduler=scheduler,
                        blocksize=blocksize, workers=workers)
    except (VnfactsError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)


@app.command()
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL (ANNOTATION.md format)."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Predicted records; default: run the extractor on the gold texts."),
    labels: Optional[list[str]] = typer.Option(None, "--labels", help="Score only these labels (repeat or comma-separate)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON (with per-document scores)."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write every miss, spurious, boundary, label and value error to this JSONL file, with its sentence."),
    per_doc: bool = typer.Option(False, "--per-doc", help="Also print the per-document scores."),
    by_source: bool = typer.Option(False, "--by-source", help="Also score the gold documents grouped by their source file."),
    compare_runs: Optional[tuple[Path, Path]] = typer.Option(None, "--compare", metavar="OLD_PRED NEW_PRED",
                                                             help="List the mentions and values gained and lost from OLD_PRED to NEW_PRED."),
    fail_on_regression: bool = typer.Option(False, "--fail-on-regression",
                                            help="With --compare: exit 1 when anything was lost or a false positive added."),
) -> None:
    """Score predictions against a gold set: strict and partial P/R/F1, value accuracy."""
    from pipeline import breakdown, diagnose
    from pipeline.compare import compare, format_comparison
    from pipeline.floor import run_extractor

    if compare_runs and (pred or errors or per_doc or by_source):
        raise typer.BadParameter("--compare reads its own two prediction files; it takes no --pred, --errors, "
                                 "--per-doc or --by-source")
    if fail_on_regression and not compare_runs:
        raise typer.BadParameter("--fail-on-regression goes with --compare")
    wanted = [x for item in labels or [] for x in item.split(",") if x] or None
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
        with _open_out(errors, sys.stdout) as fh:
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


from pipeline.cli_gold import agreement, annotate_app, floor_app  # noqa: E402  (commands defined beside)

app.add_typer(annotate_app, name="annotate")
app.add_typer(floor_app, name="floor")
app.command()(agreement)
app.command()(ingest_cli.ingest)
app.command()(load_cli.load)
