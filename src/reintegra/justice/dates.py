"""Date arithmetic of sentences: terms in years, months and days, credit for time
detained, release dates.

The rules (each tested in tests/justice/test_sentence_dates.py):

1. **A term is added on the calendar, not as a number of days.** Years and months are
   added first with `dateutil.relativedelta`, then days. When the day does not exist in
   the target month the term ends on that month's last day: 1 month from 31 January is
   28 February (29 February in a leap year); 1 year from 29 February 2024 is
   28 February 2025; 4 years from 29 February 2024 is 29 February 2028.
2. **The start day counts as served.** A term that starts on day S has *fully run* on
   S + term: a 1-year term from 10 March 2020 is served through 9 March 2021 and the
   person is released on 10 March 2021 (`term_end`). That is the *latest release date*.
3. **Credit for time detained.** Every day the person was held for the same matter
   before the sentence began (arrest, pre-trial detention, house arrest: see
   `CREDITED_MEASURES` in models) is taken off, counted inclusively (held from 1 to 3 May
   is 3 days) and only once where measures overlap. A measure still open when the
   sentence starts counts up to the day before the start. Credit never moves release
   before the sentence's start: a term already served by detention ends on its first day.
4. **The earliest release date** (conditional release, parole) is the day on which the
   fraction of the term the jurisdiction sets (`conditional_release_after` in
   `offences/<country>.yaml`) has been served, counting the term in calendar days
   (rule 2), rounding a part day up, less the same credit.
5. **Dates are calendar dates** in the jurisdiction; a deadline made from one (a task due
   on the release day) is the start of that day in the server's time zone, stored in UTC.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from django.utils import timezone


@dataclass(frozen=True)
class Term:
    years: int = 0
    months: int = 0
    days: int = 0

    def __post_init__(self):
        if min(self.years, self.months, self.days) < 0:
            raise ValueError("a term cannot be negative")

    @property
    def is_zero(self) -> bool:
        return not (self.years or self.months or self.days)

    @property
    def in_months(self) -> float:
        """Approximate length in months (for comparing with an offence's range)."""
        return self.years * 12 + self.months + self.days / 30.4375

    def __str__(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years}y")
        if self.months:
            parts.append(f"{self.months}m")
        if self.days or not parts:
            parts.append(f"{self.days}d")
        return " ".join(parts)


def term_label(term: Term) -> str:
    """“3 years 6 months”, in the user's language."""
    from django.utils.translation import ngettext

    parts = []
    if term.years:
        parts.append(ngettext("%(n)d year", "%(n)d years", term.years) % {"n": term.years})
    if term.months:
        parts.append(ngettext("%(n)d month", "%(n)d months", term.months) % {"n": term.months})
    if term.days or not parts:
        parts.append(ngettext("%(n)d day", "%(n)d days", term.days) % {"n": term.days})
    return " ".join(parts)


def add_term(start: date, term: Term) -> date:
    """`start` plus the term on the calendar (rule 1)."""
    return start + relativedelta(years=term.years, months=term.months) + timedelta(days=term.days)


def term_end(start: date, term: Term) -> date:
    """The day a term starting on `start` has fully run: the release day (rule 2)."""
    return add_term(start, term)


def term_days(start: date, term: Term) -> int:
    """The number of days a term starting on `start` lasts."""
    return (term_end(start, term) - start).days


def term_between(start: date, end: date) -> Term:
    """The term that, starting on `start`, ends on `end` (inverse of term_end, for data
    entry and the demo)."""
    delta = relativedelta(end, start)
    term = Term(delta.years, delta.months, delta.days)
    # Month-end clamping can make the inverse one day short; fix it with days.
    gap = (end - term_end(start, term)).days
    if gap:
        term = Term(term.years, term.months, term.days + gap)
    return term


def detention_days(periods: Iterable[tuple[date, date | None]], before: date) -> int:
    """Days held in the given periods (inclusive), strictly before `before`, each day once
    (rule 3). An open period (end None) runs up to the day before `before`."""
    last_day = before - timedelta(days=1)
    spans = sorted(
        (start, min(end or last_day, last_day)) for start, end in periods if start <= last_day
    )
    total, cursor = 0, None
    for start, end in spans:
        if end < start:
            continue
        if cursor is not None and start <= cursor:
            start = cursor + timedelta(days=1)
        if end >= start:
            total += (end - start).days + 1
        cursor = end if cursor is None else max(cursor, end)
    return total


@dataclass(frozen=True)
class ReleaseDates:
    term_end: date  # the term fully run from its start, without credit
    credit_days: int
    earliest: date  # conditional release possible from this day
    latest: date  # released at the latest on this day


def release_dates(start: date, term: Term, *, credit_days: int, conditional_after: Fraction) -> ReleaseDates:
    """Earliest and latest release of a custodial term (rules 2 to 4)."""
    end = term_end(start, term)
    latest = max(start, end - timedelta(days=credit_days))
    served_first = math.ceil(Fraction(term_days(start, term)) * conditional_after)
    earliest = max(start, start + timedelta(days=served_first) - timedelta(days=credit_days))
    return ReleaseDates(term_end=end, credit_days=credit_days, earliest=min(earliest, latest), latest=latest)


def start_of_day(day: date) -> datetime:
    """A calendar day as a deadline: its start in the server's zone, aware (rule 5)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def parse_fraction(text) -> Fraction:
    value = Fraction(str(text))
    if not 0 < value <= 1:
        raise ValueError(f"a fraction of the term between 0 and 1, not {text!r}")
    return value
