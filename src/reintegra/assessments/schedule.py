"""Reassessment and contact intervals per supervision level and jurisdiction.

Read from `schedules.yaml` beside this module, or the file named by the Django setting
`REINTEGRA_SUPERVISION_SCHEDULES`. Defaults (Kosovo): high every 3 months, moderate 6,
low 12.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings

from . import yamlines

DEFAULT_FILE = Path(__file__).resolve().parent / "schedules.yaml"
LEVELS = ("low", "moderate", "high")


class ScheduleFileError(ValueError):
    pass


@dataclass(frozen=True)
class Interval:
    jurisdiction: str
    level: str
    reassess_months: int
    contact_every_days: int


def schedule_file() -> Path:
    return Path(getattr(settings, "REINTEGRA_SUPERVISION_SCHEDULES", DEFAULT_FILE))


@cache
def _read(path: Path) -> tuple[str, dict[str, dict[str, Interval]]]:
    name = str(path)
    try:
        data = yamlines.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScheduleFileError(f"{name}:1: cannot read the file: {exc}") from exc
    except yamlines.YamlError as exc:
        raise ScheduleFileError(f"{name}:{exc.line or 1}: {exc.message}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("jurisdictions"), dict) or not data["jurisdictions"]:
        raise ScheduleFileError(f"{name}:1: expected 'jurisdictions' with at least one country")
    table: dict[str, dict[str, Interval]] = {}
    jurisdictions = data["jurisdictions"]
    for code, block in jurisdictions.items():
        line = jurisdictions.line_of(code)
        if not isinstance(block, dict):
            raise ScheduleFileError(f"{name}:{line}: jurisdiction {code!r} must be a mapping of levels")
        table[code] = {}
        for level in LEVELS:
            spec = block.get(level)
            if not isinstance(spec, dict):
                raise ScheduleFileError(f"{name}:{block.line_of(level)}: jurisdiction {code!r} lacks the level {level!r}")
            months, days = spec.get("reassess_months"), spec.get("contact_every_days")
            for key, value in (("reassess_months", months), ("contact_every_days", days)):
                if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                    raise ScheduleFileError(f"{name}:{spec.line_of(key)}: {code} {level}: '{key}' must be a whole number from 1")
            table[code][level] = Interval(code, level, months, days)
    default = data.get("default")
    if default not in table:
        raise ScheduleFileError(f"{name}:{data.line_of('default')}: 'default' must name one of the jurisdictions")
    return default, table


def interval_for(*, country: str, level: str) -> Interval:
    default, table = _read(schedule_file())
    return table.get(country, table[default])[level]


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def clear_cache() -> None:
    _read.cache_clear()
