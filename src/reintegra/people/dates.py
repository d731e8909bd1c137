"""Dates of birth with their precision: "1990", "1990-05", "1990-05-17" or unknown.

A camp record that knows only the year is stored as 1990-01-01 with precision "year";
the precision is what tells it apart from a real 1 January.
"""

import calendar
import re
from datetime import date

from django.utils.translation import gettext as _

from .models import DatePrecision

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDateError(ValueError):
    pass


def parse_partial_date(text: str | None) -> tuple[date | None, str]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD (empty means unknown)."""
    text = (text or "").strip()
    if not text:
        return None, DatePrecision.UNKNOWN
    match = _PATTERN.match(text)
    if not match:
        raise PartialDateError(_("“%(value)s” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.") % {"value": text})
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            return date(year, month, day), DatePrecision.DAY
        if month is not None:
            return date(year, month, 1), DatePrecision.MONTH
        return date(year, 1, 1), DatePrecision.YEAR
    except ValueError as exc:
        raise PartialDateError(_("“%(value)s” is not a date: %(error)s.") % {"value": text, "error": exc}) from exc


def format_partial_date(value: date | None, precision: str) -> str:
    if value is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def latest_possible(value: date, precision: str) -> date:
    """The last day the true date could be: the youngest the person could be."""
    if precision == DatePrecision.YEAR:
        return date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def age_on(value: date | None, precision: str, on: date) -> int | None:
    """Age in whole years on a date, giving the benefit of the doubt to youth.

    With an imprecise date the person is taken to be as young as the record allows, as
    child-protection practice does: someone born "in 2001" is a minor until the end of 2019.
    """
    if value is None or precision == DatePrecision.UNKNOWN:
        return None
    born = latest_possible(value, precision)
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return max(years, 0)
