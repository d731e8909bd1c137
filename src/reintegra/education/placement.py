"""Grade for age and the six-months benchmark, from dates that may be partial.

- The grade a child's age suggests: a child who has reached the school-entry age
  (`REINTEGRA_SCHOOL_ENTRY_AGE`) by the cut-off day (`REINTEGRA_SCHOOL_ENTRY_CUTOFF`,
  month-day) of a year enters grade 1 in the school year that starts that year. A date
  of birth known only to the month or year gives a range of grades (the earliest and the
  latest day the child could have been born); an unknown date gives no grade.
- Entered school within six months of return (Kosovo's benchmark): the return is the
  arrival of the repatriation operation that brought the child (reception), else the day
  the case was opened. A child too young for school on return is counted from the start
  of the first school year they are of age for.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.people.dates import latest_possible

BENCHMARK_MONTHS = 6
LAST_GRADE = 12


def _earliest_possible(value: date, precision: str) -> date:
    if precision == "year":
        return date(value.year, 1, 1)
    if precision == "month":
        return date(value.year, value.month, 1)
    return value


def _cutoff(year: int) -> date:
    month, day = (int(p) for p in settings.REINTEGRA_SCHOOL_ENTRY_CUTOFF.split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def school_year_start(on: date) -> int:
    """The calendar year in which the current school year started."""
    return on.year if on.month >= settings.REINTEGRA_SCHOOL_YEAR_STARTS_MONTH else on.year - 1


def _grade(born: date, on: date) -> int:
    cutoff = _cutoff(school_year_start(on))
    age = cutoff.year - born.year - ((cutoff.month, cutoff.day) < (born.month, born.day))
    return age - settings.REINTEGRA_SCHOOL_ENTRY_AGE + 1


@dataclass(frozen=True)
class GradeForAge:
    low: int
    high: int

    def __str__(self) -> str:
        def one(g):
            if g < 1:
                return _("not yet school age")
            if g > LAST_GRADE:
                return _("past school age")
            return str(g)
        low, high = one(self.low), one(self.high)
        return low if low == high else f"{low}–{high}"

    @property
    def school_age(self) -> bool:
        """Some grade of the range is a school grade."""
        return self.high >= 1 and self.low <= LAST_GRADE


def grade_for_age(birth_date: date | None, precision: str, *, on: date | None = None) -> GradeForAge | None:
    """The grade (or range of grades) the child's age suggests; None when the date is unknown."""
    if birth_date is None or precision == "unknown":
        return None
    on = on or timezone.localdate()
    # The latest possible birthday gives the youngest child: the lowest grade.
    return GradeForAge(low=_grade(latest_possible(birth_date, precision), on),
                       high=_grade(_earliest_possible(birth_date, precision), on))


def school_age_from(birth_date: date | None, precision: str) -> date | None:
    """The first day of the first school year the child is of age for grade 1 (taking the
    youngest the record allows); None when the date of birth is unknown."""
    if birth_date is None or precision == "unknown":
        return None
    born = latest_possible(birth_date, precision)
    month = settings.REINTEGRA_SCHOOL_YEAR_STARTS_MONTH
    year = born.year
    while _grade(born, date(year, month, 1)) < 1:
        year += 1
    return date(year, month, 1)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def return_date(case) -> date:
    """The day the child came home: the arrival of their repatriation operation, else the
    day the case was opened."""
    from reintegra.reception.models import OperationMember

    arrival = (OperationMember.objects.filter(case=case).order_by("operation__arrival_at")
               .values_list("operation__arrival_at", flat=True).first())
    moment: datetime = arrival or case.opened_at
    return timezone.localtime(moment).date()


class Benchmark:
    WITHIN = "within"  # entered school within six months
    LATER = "later"  # entered school, after six months
    WAITING = "waiting"  # not yet, and the six months have not passed
    MISSED = "missed"  # not yet, and the six months have passed

    LABELS = {
        WITHIN: gettext_lazy("Entered school within six months of return"),
        LATER: gettext_lazy("Entered school later than six months after return"),
        WAITING: gettext_lazy("Not yet in school; six months not yet passed"),
        MISSED: gettext_lazy("Not in school six months after return"),
    }


@dataclass(frozen=True)
class SixMonths:
    status: str
    returned_on: date
    deadline: date
    entered_on: date | None
    months_to_school: int | None  # whole months from return (or school age) to school entry

    @property
    def label(self) -> str:
        return str(Benchmark.LABELS[self.status])


def six_months(returned_on: date, entered_on: date | None, *, today: date | None = None,
               school_age_on: date | None = None) -> SixMonths:
    """The benchmark for one child. A child too young for school on return is counted from
    the start of the first school year they are of age for (`school_age_from`)."""
    today = today or timezone.localdate()
    start = max(returned_on, school_age_on) if school_age_on else returned_on
    deadline = add_months(start, BENCHMARK_MONTHS)
    months = None
    if entered_on is not None:
        months = (entered_on.year - start.year) * 12 + entered_on.month - start.month \
            - (entered_on.day < start.day)
        status = Benchmark.WITHIN if entered_on <= deadline else Benchmark.LATER
    else:
        status = Benchmark.WAITING if today <= deadline else Benchmark.MISSED
    return SixMonths(status=status, returned_on=returned_on, deadline=deadline, entered_on=entered_on,
                     months_to_school=max(months, 0) if months is not None else None)
