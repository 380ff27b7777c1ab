"""`vnfacts extract`: documents in, one JSONL record (or reject) per document out."""

from __future__ import annotations

import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pipeline.cli.options import check_date, open_out
from pipeline.core.errors import E024, E078, OutputError, VnfactsError
from pipeline.core.settings import Settings, load_settings

if TYPE_CHECKING:
    from pipeline.batch.run import Summary


class Engine(StrEnum):
    """Where ``extract`` runs."""

    local = "local"
    dask = "dask"


class StdinFormat(StrEnum):
    """What ``-`` reads on stdin."""

    jsonl = "jsonl"
    text = "text"


def extract(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help=".txt files, directories, .jsonl/.jsonl.gz dumps, "
                                            "or - for stdin (a dump; a text with --format text)."),
    output: Path | None = typer.Option(None, "-o", "--output", metavar="FILE",
                                       help="Output JSONL (default: stdout); a directory with --engine dask."),
    rejects: Path | None = typer.Option(None, "--rejects", metavar="FILE",
                                        help="Reject JSONL (default: stderr)."),
    published: str | None = typer.Option(None, "--published", metavar="DATE", callback=check_date,
                                         help="Publication date YYYY-MM-DD for documents without one."),
    no_text: bool = typer.Option(False, "--no-text", help="Leave the document text out of the records."),
    words: bool | None = typer.Option(None, "--words/--no-words",
                                      help="Segment words with underthesea where a Doc is built "
                                           "(off by default; records do not change)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any input was rejected."),
    stdin_format: StdinFormat = typer.Option(StdinFormat.jsonl, "--format", metavar="jsonl|text",
                                             help="What - reads on stdin: a JSONL dump, or one plain-text document."),
    config: Path | None = typer.Option(None, "--config", metavar="FILE", help="Settings YAML overriding the defaults."),
    workers: int | None = typer.Option(None, "--workers", "-w", metavar="N", min=1,
                                       help="Worker processes (default: all cores)."),
    resume: bool = typer.Option(False, "--resume", help="Skip the documents already in -o (and --rejects); "
                                                         "finish the run."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors (no progress, no summary)."),
    engine: Engine = typer.Option(Engine.local, "--engine", metavar="local|dask",
                                  help="local: this machine; dask: a dask.distributed cluster."),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                         help="dask scheduler address (default: a LocalCluster)."),
    blocksize: str = typer.Option("32MB", "--blocksize", metavar="SIZE", help="dask: bytes of dump per partition."),
) -> None:
    """Extract facts from INPUTS into one JSONL record per document."""
    from pipeline.batch.pool import default_workers

    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="%(message)s", stream=sys.stderr)
    try:
        settings = load_settings(config, include_text=False if no_text else None, words=words)
    except (VnfactsError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    workers = workers or default_workers()
    if engine is Engine.dask:
        summary = _extract_dask(inputs, output, rejects, settings, published, workers, scheduler, blocksize, resume,
                                quiet)
    else:
        summary = _extract_local(inputs, output, rejects, settings, published, workers, resume, quiet,
                                 stdin_format is StdinFormat.text)
    if not quiet:
        typer.echo(summary.line(), err=True)
    # An input that cannot be read at all is the user's error, not a document's: exit 1 without --strict.
    unreadable = [name for name in inputs if engine is Engine.local and name != "-" and not os.access(name, os.R_OK)]
    raise typer.Exit(1 if unreadable or (strict and summary.rejected) else 0)


def _extract_local(inputs: list[str], output: Path | None, rejects: Path | None, settings: Settings,
                   published: str | None, workers: int, resume: bool, quiet: bool, stdin_text: bool) -> Summary:
    from pipeline.batch.progress import Reporter
    from pipeline.batch.resume import Resume
    from pipeline.batch.run import run_extract
    from pipeline.stages.read import input_size

    if resume and (output is None or str(output) == "-"):
        typer.echo("error: --resume needs -o FILE: it reads back the records already written", err=True)
        raise typer.Exit(2) from None
    state = (Resume(output, rejects if rejects is not None and str(rejects) != "-" else None)
             if resume and output is not None else None)
    reporter = None if quiet else Reporter(input_size(inputs), sys.stderr)
    try:
        with open_out(output, sys.stdout, append=resume) as out, open_out(rejects, sys.stderr, append=resume) as rej:
            if rejects is None:
                logging.getLogger("pipeline.batch.run").setLevel(logging.ERROR)
            return run_extract(inputs, out, rej, settings, published=published, stdin=sys.stdin.buffer,
                               workers=workers, resume=state, progress=reporter, stdin_text=stdin_text)
    except OutputError as exc:
        typer.echo(f"error: {exc}", err=True)
        _silence_stdout()  # its buffer cannot be flushed at exit either
        raise typer.Exit(1) from None
    except OSError as exc:  # closing a file whose last write failed
        typer.echo(f"error: {E024.format(path=exc.filename or output or '<stdout>', error=exc.strerror)}", err=True)
        _silence_stdout()
        raise typer.Exit(1) from None
    finally:
        if reporter is not None:
            reporter.close()


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush of a failed stream stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _extract_dask(inputs: list[str], output: Path | None, rejects: Path | None, settings: Settings,
                  published: str | None, workers: int, scheduler: str | None, blocksize: str,
                  resume: bool, quiet: bool) -> Summary:
    from pipeline.batch.distributed import run_dask
    from pipeline.batch.progress import PartitionReporter

    if output is None or str(output) == "-":
        typer.echo(f"error: {E078}", err=True)
        raise typer.Exit(2) from None
    if rejects is not None or resume or "-" in inputs:
        typer.echo("error: --engine dask writes part files into -o DIR (rejects beside them); "
                   "it takes no --rejects, --resume or stdin", err=True)
        raise typer.Exit(2) from None
    logging.getLogger("distributed").setLevel(logging.ERROR)  # its start-up chatter and connection retries
    reporter = None if quiet else PartitionReporter(sys.stderr)
    try:
        return run_dask(inputs, output, settings, published=published, scheduler=scheduler,
                        blocksize=blocksize, workers=workers, progress=reporter)
    except (VnfactsError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        if reporter is not None:
            reporter.close()
