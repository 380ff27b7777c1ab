"""`vnfacts ingest`: the command over ``pipeline.ingest.run``."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import typer

from pipeline.core.errors import E046, VnfactsError
from pipeline.ingest.config import IngestConfig, load_config


def ingest(
    config: Path | None = typer.Option(None, "--config", metavar="FILE",
                                       help="Portals TOML (feeds, sitemaps, limits)."),
    state: Path | None = typer.Option(None, "--state", metavar="FILE",
                                      help="SQLite state file (default: the config's, or ingest.sqlite)."),
    out: Path | None = typer.Option(None, "--out", metavar="DIR",
                                    help="Directory of the daily YYYY-MM-DD.jsonl files "
                                         "(default: the config's, or out/ingest)."),
    feed: list[str] = typer.Option([], "--feed", metavar="URL",
                                   help="An RSS/Atom feed URL (repeatable), instead of or besides --config."),
    sitemap: list[str] = typer.Option([], "--sitemap", metavar="URL",
                                      help="A sitemap URL (repeatable), instead of or besides --config."),
    once: bool = typer.Option(False, "--once", help="Run one pass and exit (for cron); "
                                                     "default: a pass every `interval` seconds."),
    status: bool = typer.Option(False, "--status", help="Print, per portal, the URLs due now, failing, backed "
                                                         "off and refused, and the next due time; fetch nothing."),
) -> None:
    """Fetch new and edited articles of news portals and append their records to daily JSONL files."""
    from pipeline.ingest.run import PassSummary, Stop, run_ingest, utcnow
    from pipeline.ingest.state import read_status

    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    if config is None and not feed and not sitemap and not (status and state):
        typer.echo("error: give --config PORTALS.toml, or --feed/--sitemap URLs", err=True)
        raise typer.Exit(2) from None
    try:
        settings = load_config(config, feed, sitemap) if config or feed or sitemap else IngestConfig()
    except (VnfactsError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    state_path = state or Path(settings.state)
    if status:
        try:
            portals = read_status(state_path, utcnow())
        except VnfactsError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        for portal in portals:
            typer.echo(portal.line())
        return
    stop = Stop()
    # SIGTERM (systemd, kill) and Ctrl-C stop the pass: the article in hand is cut short and marked failed,
    # the outbox is published, the lock released; the rest waits for the next run.
    previous = {sig: signal.signal(sig, stop.request) for sig in (signal.SIGTERM, signal.SIGINT)}

    def report(summary: PassSummary) -> None:
        typer.echo(summary.line(), err=True)
        if summary.stopped:
            signal_name, url = summary.stopped
            in_hand = f"{url} marked failed" if url != "none" else "no article in hand"
            typer.echo(E046.format(path=state_path, signal=signal_name, in_hand=in_hand,
                                   published=summary.published), err=True)

    try:
        run_ingest(settings, state_path, out or settings.out, once, stop, report=report)
    except VnfactsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
