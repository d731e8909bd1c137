"""The working list: every due item in the system for the person or agency responsible.

Items with a deadline of their own (protocol steps, plan steps, referrals, reviews,
assessments, conference actions, tasks) stay in their apps. Each app registers a
*source* that returns the user's items from its own tables, filtered in the database by
the access policy and by responsibility, and already sorted by due date; this module
merges them. Nothing is copied, so an item leaves the list the moment its app says it
is done.

    @worklist.source("referral", _("Referral"))
    def referrals_due(user, query: worklist.Query) -> list[worklist.WorkItem]:
        ...

A source must honour every field of `Query` it can (case, due window, whose) and return
at most `query.limit` items, earliest due first, undated last.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone


class Whose:
    MINE = "mine"  # assigned to me, or mine as key worker
    AGENCY = "agency"  # assigned to my agency (or to an agency type mine is)
    ALL = "all"  # both


@dataclass(frozen=True)
class Query:
    whose: str = Whose.ALL
    case_id: int | None = None
    due_before: datetime | None = None  # only items due before this moment (overdue: now)
    limit: int = 50


@dataclass(frozen=True)
class WorkItem:
    kind: str
    title: str
    due_at: datetime | None
    url: str
    case_id: int | None = None
    case_reference: str = ""
    person_name: str = ""
    owner: str = ""  # who it is for: a user or an agency, as a label
    status: str = ""
    # For items that can be ticked off from the list itself (a Task), its id.
    task_id: int | None = None
    kind_label: str = field(default="", compare=False)

    @property
    def overdue(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()


Source = Callable[..., list[WorkItem]]


@dataclass(frozen=True)
class _Registered:
    kind: str
    label: object  # a lazy translation
    fn: Source


_SOURCES: dict[str, _Registered] = {}


def source(kind: str, label):
    def register(fn: Source) -> Source:
        _SOURCES[kind] = _Registered(kind, label, fn)
        return fn

    return register


def kinds() -> list[tuple[str, str]]:
    return [(s.kind, str(s.label)) for s in _SOURCES.values()]


def due_before(window: str) -> datetime | None:
    """'overdue' -> now, 'today' -> end of 24 h, 'week' -> 7 days, anything else -> None."""
    now = timezone.now()
    return {"overdue": now, "today": now + timedelta(days=1), "week": now + timedelta(days=7)}.get(window)


def _sort_key(item: WorkItem):
    # Earliest first; undated items after every dated one.
    return (item.due_at is None, item.due_at or timezone.now(), item.kind, item.title)


def work_items(user, query: Query, *, only_kinds: list[str] | None = None) -> list[WorkItem]:
    """The user's items from every source (or the named ones), earliest due first."""
    lists = []
    for registered in _SOURCES.values():
        if only_kinds and registered.kind not in only_kinds:
            continue
        items = registered.fn(user, query)
        lists.append(
            [
                item if item.kind_label else _with_label(item, registered.label)
                for item in sorted(items, key=_sort_key)
            ]
        )
    merged = heapq.merge(*lists, key=_sort_key)
    return [item for _i, item in zip(range(query.limit), merged, strict=False)]


def _with_label(item: WorkItem, label) -> WorkItem:
    from dataclasses import replace

    return replace(item, kind_label=str(label))
