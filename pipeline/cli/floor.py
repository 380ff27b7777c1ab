"""`vnfacts floor write|check`: the per-label strict F1 floor that CI enforces."""

from __future__ import annotations

import typer

from pipeline.cli.options import fail

floor_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]},
                        help="The per-label strict F1 floor that CI enforces.")


def _overrides(items: list[str] | None) -> dict[str, str]:
    pairs = {}
    for item in items or []:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise typer.BadParameter(f"{item!r} is not NAME=PATH")
        pairs[name] = path
    return pairs


_GOLD_HELP = "Read gold set NAME (corpus or seeds) from PATH instead of its usual place, as NAME=PATH."


@floor_app.command("write")
def floor_write(gold: list[str] | None = typer.Option(None, "--gold", metavar="NAME=PATH", help=_GOLD_HELP)) -> None:
    """Score every gold set and (re)write corpus/gold/floor.json with their SHA-256 and per-label strict F1."""
    from pipeline.evaluation.floor import write_floor

    try:
        path, lines = write_floor(_overrides(gold))
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    for line in lines:
        typer.echo(line, err=True)
    typer.echo(f"wrote {path}", err=True)


@floor_app.command("check")
def floor_check(gold: list[str] | None = typer.Option(None, "--gold", metavar="NAME=PATH", help=_GOLD_HELP)) -> None:
    """Check every gold set against the floor: exit 1 when a label drops past the tolerance or a gold changed."""
    from pipeline.evaluation.floor import check_floor

    try:
        lines, passed = check_floor(_overrides(gold))
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    for line in lines:
        typer.echo(line)
    raise typer.Exit(0 if passed else 1)
