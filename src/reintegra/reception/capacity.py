"""Capacity planning: the staff-hours each profession must give within each deadline of a
protocol, against a roster of who is available, and where the roster falls short.

For every deadline of the protocol (12 h, 24 h, 72 h, one month ...) the need is the sum,
over the people and every step due by then that applies to them, of the step's
staff-minutes for the profession. The roster offers `staff x hours a day x days in the
window` hours (a 72-hour window is three days). Kosovo 2019 is the check: 110 people, 16
psychiatrists and 4 psychologists, 72 hours.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.translation import gettext as _

from .protocols import CATEGORIES, Protocol

_ROSTER_ITEM = re.compile(r"^\s*([a-z_]+)\s*[=:]\s*(\d+)\s*(?:[x×*]\s*(\d+(?:\.\d+)?)\s*h?)?\s*$")
DEFAULT_HOURS_PER_DAY = 8.0


class RosterError(ValueError):
    pass


@dataclass(frozen=True)
class RosterLine:
    profession: str
    staff: int
    hours_per_day: float = DEFAULT_HOURS_PER_DAY


def parse_roster(text: str) -> list[RosterLine]:
    """"psychiatrist=16x8, psychologist=4x15": people of each profession and their hours a
    day (8 when not given). Commas or new lines separate the professions."""
    lines = []
    for part in re.split(r"[,\n;]", text or ""):
        if not part.strip():
            continue
        match = _ROSTER_ITEM.match(part.strip().lower())
        if not match:
            raise RosterError(_("“%(part)s” is not a roster line: write profession=staff x hours a day, e.g. psychiatrist=16x8.")
                              % {"part": part.strip()})
        profession, staff, hours = match.groups()
        hours_per_day = float(hours) if hours else DEFAULT_HOURS_PER_DAY
        if hours_per_day <= 0 or hours_per_day > 24:
            raise RosterError(_("%(p)s: hours a day must be between 0 and 24.") % {"p": profession})
        lines.append(RosterLine(profession, int(staff), hours_per_day))
    if len({line.profession for line in lines}) != len(lines):
        raise RosterError(_("A profession is listed twice in the roster."))
    return lines


@dataclass(frozen=True)
class Need:
    profession: str
    window: str  # the deadline, as the protocol writes it ("PT72H")
    window_hours: float
    steps: tuple[str, ...]  # the steps due by then that need this profession
    needed_hours: float
    staff: int
    available_hours: float

    @property
    def shortfall_hours(self) -> float:
        return max(0.0, self.needed_hours - self.available_hours)

    @property
    def staff_needed(self) -> int:
        """People of this profession needed at the roster's hours a day (at least one day)."""
        if self.needed_hours <= 0:
            return 0
        per_person = self.available_hours / self.staff if self.staff else DEFAULT_HOURS_PER_DAY * max(self.window_hours / 24, 1)
        return math.ceil(self.needed_hours / per_person - 1e-9)

    @property
    def short(self) -> bool:
        return self.shortfall_hours > 1e-9


@dataclass(frozen=True)
class CapacityPlan:
    protocol: Protocol
    counts: dict[str, int]
    needs: list[Need]

    @property
    def people(self) -> int:
        return sum(self.counts.values())

    @property
    def shortfalls(self) -> list[Need]:
        return [n for n in self.needs if n.short]


def capacity_plan(protocol: Protocol, counts: dict[str, int], roster: list[RosterLine],
                  arrival: datetime | None = None) -> CapacityPlan:
    """Needs per profession within each of the protocol's deadlines (cumulative)."""
    unknown = set(counts) - set(CATEGORIES)
    if unknown:
        raise RosterError(_("Unknown category: %(c)s.") % {"c": ", ".join(sorted(unknown))})
    arrival = arrival or datetime(2019, 4, 20, 4, 0, tzinfo=UTC)
    offset = {s.key: (protocol.due(s, arrival) - arrival).total_seconds() / 3600 for s in protocol.steps}
    windows: dict[float, str] = {}
    for step in protocol.steps:
        if step.staff:
            label = step.within.text if step.after == "arrival" else _("%(d)s after %(step)s") % {"d": step.within.text, "step": step.after}
            windows.setdefault(offset[step.key], label)
    rostered = {line.profession: line for line in roster}
    needs: list[Need] = []
    for hours in sorted(windows):
        minutes: Counter[str] = Counter()
        steps_for: dict[str, list[str]] = {}
        for step in protocol.steps:
            if offset[step.key] > hours + 1e-9:
                continue
            people = sum(counts.get(c, 0) for c in step.applies_to)
            for profession, per_person in step.staff:
                if people:
                    minutes[profession] += per_person * people
                    steps_for.setdefault(profession, []).append(step.key)
        for profession in sorted(minutes):
            line = rostered.get(profession, RosterLine(profession, 0, DEFAULT_HOURS_PER_DAY))
            needs.append(Need(
                profession=profession, window=windows[hours], window_hours=hours, steps=tuple(steps_for[profession]),
                needed_hours=minutes[profession] / 60,
                staff=line.staff, available_hours=line.staff * line.hours_per_day * hours / 24,
            ))
    return CapacityPlan(protocol=protocol, counts=dict(counts), needs=needs)
