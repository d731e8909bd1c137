"""Why a case needs attention now: overdue steps, raised supervision levels, stalled
referrals, reviews due. Case conferences propose their agenda from this.

Each app registers a source that receives a queryset of cases (already limited by the
access policy) and returns, for the cases that need attention, one short reason each;
sources must filter in the database.

    @attention.source("referral_stalled", compartment="programme")
    def stalled(cases) -> dict[int, list[str]]:
        ...
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from reintegra.access import policy


@dataclass(frozen=True)
class _Registered:
    kind: str
    compartment: str  # the reason is shown only to readers of this compartment
    fn: Callable[[QuerySet], dict[int, list[str]]]


_SOURCES: list[_Registered] = []


def source(kind: str, *, compartment: str):
    def register(fn):
        _SOURCES.append(_Registered(kind, compartment, fn))
        return fn

    return register


def cases_needing_attention(user, cases: QuerySet | None = None) -> dict[int, list[tuple[str, str]]]:
    """{case id: [(kind, reason), ...]} for the cases the user may read the reasons of."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for registered in _SOURCES:
        readable = policy.cases_readable(user, compartment=registered.compartment)
        if cases is not None:
            readable = readable.filter(pk__in=cases.values("pk"))
        for case_id, reasons in registered.fn(readable).items():
            found[case_id].extend((registered.kind, reason) for reason in reasons)
    return dict(found)
