"""DATE: calendar dates (numeric, worded, month-year, both ends of ranges)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from pipeline.core.rules import Pattern, RuleSet
from pipeline.recognizers.base import Context, DateValues, Mention, longest_first, make_mention

# A partial date more than this far after the reference date belongs to the year before
# (news of late December published in January).
ROLLBACK_DAYS = 240


class DateRules(RuleSet, file="date"):
    """Every pattern of rules/date.yaml finds dates; these cues are read by name."""

    full_date: Pattern
    dateline: Pattern


def valid_day(year: int | None, month: int, day: int) -> bool:
    """Return whether the day exists in that month (in a leap year when the year is unknown)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year else 2000, month)[1]


def parse_date_text(text: str, rules: DateRules | None = None) -> date | None:
    """Return the date written as D-M-YYYY, D/M/YYYY, D.M.YYYY or 'D tháng M năm YYYY', or None."""
    m = (rules or DateRules.load()).full_date.fullmatch(text.strip())
    if not m:
        return None
    d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    return date(y, mo, d) if 1000 <= y <= 2999 and valid_day(y, mo, d) else None


def infer_year(month: int, day: int, reference: date) -> int:
    """Return the year of a day-month written without one, read against ``reference``."""
    year = reference.year
    if not valid_day(year, month, day):
        return year
    if date(year, month, day) - reference > timedelta(days=ROLLBACK_DAYS):
        return year - 1
    return year


def _values(groups: dict[str, Any], ctx: Context) -> DateValues | None:
    day = int(groups["d"]) if groups.get("d") else None
    month = int(groups["m"])
    year = int(groups["y"]) if groups.get("y") else None
    if year is not None and not 1000 <= year <= 2999:
        return None
    if day is None:
        return DateValues(f"{year:04d}-{month:02d}") if 1 <= month <= 12 else None
    if not valid_day(year, month, day):
        return None
    if year is not None:
        return DateValues(f"{year:04d}-{month:02d}-{day:02d}")
    ref = ctx.reference_date
    if ref is None:
        return DateValues(f"--{month:02d}-{day:02d}")
    inferred = infer_year(month, day, ref)
    if not valid_day(inferred, month, day):
        return DateValues(f"--{month:02d}-{day:02d}")
    return DateValues(f"{inferred:04d}-{month:02d}-{day:02d}", year_inferred=True)


def find(ctx: Context, rules: DateRules | None = None) -> list[Mention]:
    """Return the DATE mentions of the document; impossible dates are left out."""
    rules = rules or DateRules.load()
    found = []
    for pattern in rules.rules.patterns.values():
        for m in pattern.finditer(ctx.view.text):
            values = _values(m.groupdict(), ctx)
            if values is not None:
                found.append(make_mention(ctx, "DATE", m.start(), m.end(), values, f"date:{pattern.id}"))
    return longest_first(found)


def find_dateline(text: str, rules: DateRules | None = None, head: int = 1500) -> date | None:
    """Return the date of the document's own dateline near its top, if it has one."""
    m = (rules or DateRules.load()).dateline.search(text, 0, min(head, len(text)))
    if not m:
        return None
    return parse_date_text(m.group("date"))
