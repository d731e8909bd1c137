"""ISO 8601 durations (PT72H, P3M, P1DT12H, P2W) applied to moments.

Years and months are calendar units: P3M from 20 April is 20 July, not 90 days; the day
is clamped to the month's end (31 January + P1M = 28 or 29 February). Days, hours,
minutes and seconds are exact.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_PATTERN = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


class DurationError(ValueError):
    pass


@dataclass(frozen=True)
class Duration:
    text: str
    months: int  # years are 12 months
    exact: timedelta

    def after(self, moment: datetime) -> datetime:
        return add_months(moment, self.months) + self.exact

    def nominal_hours(self) -> float:
        """Hours for ordering and capacity windows (a month as 30 days)."""
        return self.months * 30 * 24 + self.exact.total_seconds() / 3600


def parse_duration(text) -> Duration:
    if not isinstance(text, str):
        raise DurationError(f"{text!r} is not an ISO 8601 duration (e.g. PT72H, P3M)")
    match = _PATTERN.match(text.strip())
    if not match:
        raise DurationError(f"{text!r} is not an ISO 8601 duration (e.g. PT72H, P3M)")
    parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    exact = timedelta(weeks=parts["weeks"], days=parts["days"], hours=parts["hours"],
                      minutes=parts["minutes"], seconds=parts["seconds"])
    return Duration(text.strip(), parts["years"] * 12 + parts["months"], exact)


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment with its zone ("2019-04-20T06:00+02:00"); ValueError otherwise."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{text!r} needs its time zone, e.g. 2019-04-20T06:00+02:00")
    return moment


def add_months(moment: datetime, months: int) -> datetime:
    if not months:
        return moment
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
