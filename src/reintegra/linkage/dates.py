"""Dates of birth that carry their precision.

Camp records rarely know the day: a date of birth is stored as written at the
precision it is known ("1990", "1990-05", "1990-05-17"), and matching compares
at the coarser of the two precisions. "1 January" is kept as a day-precision date
but flagged, because registries write it for "day and month unknown".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Dob", "DobError", "parse_dob"]

Precision = Literal["day", "month", "year"]

# Spellings of "unknown" seen on lists; they are a missing value, not an error.
_UNKNOWN = frozenset({"", "unknown", "unk", "?", "-", "--", "n/a", "na", "nk", "none", "null"})

_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# Day first with dots or slashes is the convention in the Balkans and most of
# Europe ("17.05.1990", "17/05/1990"). US month-first order is not assumed: it
# cannot be told apart from day-first, and the agencies concerned do not use it
# (an unambiguous one such as 05/17/1990 is repaired like any swapped date).
_DMY_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})\.?$")
_MY_RE = re.compile(r"^(\d{1,2})[./](\d{4})\.?$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")

_MIN_YEAR = 1900


class DobError(ValueError):
    """A date of birth that cannot be read; the message says what was found."""


@dataclass(frozen=True, slots=True)
class Dob:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def is_first_of_january(self) -> bool:
        """True for 01-01, which registries write when the day is unknown."""
        return self.month == 1 and self.day == 1

    def iso(self) -> str:
        """The known part of the date: "1990", "1990-05" or "1990-05-17"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _build(year: int, month: int | None, day: int | None, raw: str) -> Dob:
    today = dt.date.today()
    if not _MIN_YEAR <= year <= today.year:
        raise DobError(f"year {year} out of range in {raw!r}")
    # "0" for month or day is a common way of writing "unknown" ("1990-00-00").
    if month == 0:
        month, day = None, None
    if day == 0:
        day = None
    if month is not None and month > 12 and day is not None and day <= 12:
        # Only a swap of day and month explains a month of 13..31: keep the date,
        # in the right order, instead of losing it.
        month, day = day, month
    if month is not None and not 1 <= month <= 12:
        raise DobError(f"month {month} out of range in {raw!r}")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise DobError(f"day {day} does not exist in month {month} in {raw!r}") from None
    return Dob(year, month, day)


def parse_dob(value: object, *, strict: bool = True) -> Dob | None:
    """Read a date of birth; None when it is missing or written as unknown.

    Accepts YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD, DD.MM.YYYY, DD/MM/YYYY and
    MM.YYYY. With ``strict`` (the default) anything else raises :class:`DobError`;
    without it, unreadable dates become None (for benchmark data whose errors are
    deliberate).
    """
    if value is None:
        return None
    if isinstance(value, dt.date):
        return Dob(value.year, value.month, value.day)
    raw = str(value).strip()
    if raw.lower() in _UNKNOWN:
        return None
    try:
        if m := _ISO_RE.match(raw):
            year, month, day = m.groups()
            return _build(int(year), _int(month), _int(day), raw)
        if m := _COMPACT_RE.match(raw):
            year, month, day = m.groups()
            return _build(int(year), int(month), int(day), raw)
        if m := _DMY_RE.match(raw):
            day, month, year = m.groups()
            return _build(int(year), int(month), int(day), raw)
        if m := _MY_RE.match(raw):
            month, year = m.groups()
            return _build(int(year), int(month), None, raw)
        raise DobError(f"unrecognised date {raw!r} (use YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY)")
    except DobError:
        if strict:
            raise
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None
