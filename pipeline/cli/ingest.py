"""`vnfacts ingest`: the command over ``pipeline.ingest.run``."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

import typer

from pipeline.core.errors import VnfactsError
from pipeline.ingest.config import load_config


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
) -> None:
    """Fetch new and edited articles of news portals and append their records to daily JSONL files."""
    from pipeline.ingest.run import run_ingest

    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    if config is None and not feed and not sitemap:
        typer.echo("error: give --config PORTALS.toml, or --feed/--sitemap URLs", err=True)
        raise typer.Exit(2) from None
    try:
        settings = load_config(config, feed, sitemap)
    except (VnfactsError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    stop = threading.Event()
    # SIGTERM (systemd, kill) and Ctrl-C end the loop after the article in hand; the rest waits for the next run.
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        run_ingest(settings, state or settings.state, out or settings.out, once, stop,
                   report=lambda s: typer.echo(s.line(), err=True))
    except VnfactsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
