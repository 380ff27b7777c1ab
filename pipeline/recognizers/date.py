"""DATE: calendar dates (numeric, worded, month-year, both ends of ranges)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import regex

from pipeline.recognizers.base import Context, Mention, longest_first, make_mention
from pipeline.core.rules import RuleFile, load_rules

# A partial date more than this far after the reference date belongs to the year before
# (news of late December published in January).
ROLLBACK_DAYS = 240
DATE_PARTS = regex.compile(r"(\d{1,2})(?:[-/.]| tháng )(\d{1,2})(?:[-/.]|,? năm )(\d{4})")


def valid_day(year: int | None, month: int, day: int) -> bool:
    """Return whether the day exists in that month (in a leap year when the year is unknown)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year else 2000, month)[1]


def parse_date_text(text: str) -> date | None:
    """Return the date written as D-M-YYYY, D/M/YYYY, D.M.YYYY or 'D tháng M năm YYYY'."""
    m = DATE_PARTS.fullmatch(text.strip())
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    return date(y, mo, d) if 1000 <= y <= 2999 and valid_day(y, mo, d) else None


def infer_year(month: int, day: int, reference: date) -> int:
    """Return the year of a day-month written without one, read against ``reference``."""
    year = reference.year
    if not valid_day(year, month, day):
        return year
    if date(year, month, day) - reference > timedelta(days=ROLLBACK_DAYS):
        return year - 1
    return year


def _value(groups: dict, ctx: Context) -> dict | None:
    day = int(groups["d"]) if groups.get("d") else None
    month = int(groups["m"])
    year = int(groups["y"]) if groups.get("y") else None
    if year is not None and not 1000 <= year <= 2999:
        return None
    if day is None:
        return {"value": f"{year:04d}-{month:02d}"} if 1 <= month <= 12 else None
    if not valid_day(year, month, day):
        return None
    if year is not None:
        return {"value": f"{year:04d}-{month:02d}-{day:02d}"}
    ref = ctx.reference_date
    if ref is None:
        return {"value": f"--{month:02d}-{day:02d}"}
    inferred = infer_year(month, day, ref)
    if not valid_day(inferred, month, day):
        return {"value": f"--{month:02d}-{day:02d}"}
    return {"value": f"{inferred:04d}-{month:02d}-{day:02d}", "year_inferred": True}


def find(ctx: Context, rules: RuleFile | None = None) -> list[Mention]:
    """Return the DATE mentions of the document; impossible dates are left out."""
    rules = rules or load_rules("date")
    found = []
    for pattern in rules.patterns.values():
        for m in pattern.compiled.finditer(ctx.view.text, timeout=ctx.timeout):
            attrs = _value(m.groupdict(), ctx)
            if attrs is not None:
                found.append(make_mention(ctx, "DATE", m.start(), m.end(), attrs, f"date:{pattern.id}"))
    return longest_first(found)


def find_dateline(text: str, rules: RuleFile | None = None, head: int = 1500) -> date | None:
    """Return the date of the document's own dateline near its top, if it has one."""
    rules = rules or load_rules("date")
    m = rules.cues["dateline"].compiled.search(text, 0, head, timeout=1.0)
    if not m:
        return None
    return parse_date_text(m.group("date"))
