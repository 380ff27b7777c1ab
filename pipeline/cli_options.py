"""Option checks shared by the command-line modules."""

from __future__ import annotations

from datetime import date
from typing import Optional

import typer


def check_date(value: Optional[str]) -> Optional[str]:
    """Return an ISO date option unchanged, or raise a usage error naming the bad value."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
