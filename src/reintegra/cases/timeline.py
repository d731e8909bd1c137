"""The case timeline: what happened and what is due, from every app, in one list.

Apps register a source per compartment; the case page shows the events of the
compartments the viewer may read, so the timeline never shows more than the tabs do.

    @timeline.source("justice")
    def proceedings(case, *, viewer) -> list[timeline.Event]:
        ...
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from reintegra.access.compartments import ALL_COMPARTMENTS


@dataclass(frozen=True)
class Event:
    at: datetime | date  # a date for things known only to the day (a verdict, a release)
    title: str
    compartment: str
    kind: str = ""  # e.g. "arrest", "sentence", "protocol_step"; for the page's icons and filters
    detail: str = ""
    url: str = ""
    planned: bool = False  # a deadline or scheduled date still ahead, not something that happened

    @property
    def compartment_label(self) -> str:
        from reintegra.access.compartments import Compartment

        return str(Compartment(self.compartment).label)


_SOURCES: dict[str, list[Callable[..., list[Event]]]] = defaultdict(list)


def source(compartment: str):
    if compartment not in ALL_COMPARTMENTS:
        raise ValueError(f"unknown compartment {compartment!r}")

    def register(fn):
        _SOURCES[compartment].append(fn)
        return fn

    return register


def compartments_with_sources() -> set[str]:
    return {c for c, fns in _SOURCES.items() if fns}


def events(case, compartments: list[str], *, viewer) -> list[Event]:
    """Events of the given compartments (the caller has checked them), oldest first."""
    found: list[Event] = []
    for compartment in compartments:
        for fn in _SOURCES.get(compartment, ()):
            found.extend(fn(case, viewer=viewer))
    return sorted(found, key=_key)


def _key(event: Event):
    at = event.at
    if isinstance(at, datetime):
        return (at.date(), at.timestamp())
    return (at, float("inf"))  # a whole day sorts after the timed events of that day
