"""Where other apps tell justice whether a condition's sessions happened.

A court condition such as mandatory psychological treatment is kept by attending
sessions that another app records (plans: referrals and treatment sessions). That app
registers a provider here; the supervision page shows its facts beside the evidence the
probation officer records by hand. A provider returns FACTS ONLY: the date, whether the
person attended, who provided the session. Never notes or content: the probation officer
sees that the treatment happened, not what was said (domain.md).

    from reintegra.justice import compliance

    @compliance.provider("plans.sessions")
    def treatment_sessions(condition) -> list[compliance.SessionFact]:
        # condition.kind == "psychological_treatment", condition.sentence.case ...
        return [compliance.SessionFact(on=s.date, attended=s.attended, provider=s.provider_name)
                for s in Session.objects.filter(referral__case=condition.sentence.case, ...)]

Providers are called for one condition at a time, only for users who may read the
justice compartment of the case; they must not return more than the fields below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SessionFact:
    on: date
    attended: bool
    provider: str = ""
    source: str = ""  # filled in with the provider's name when left empty


_PROVIDERS: dict[str, Callable[..., list[SessionFact]]] = {}


def provider(name: str):
    def register(fn):
        _PROVIDERS[name] = fn
        return fn

    return register


def unregister(name: str) -> None:
    _PROVIDERS.pop(name, None)


def facts_for(condition) -> list[SessionFact]:
    """Every registered provider's facts about one condition, oldest first."""
    found: list[SessionFact] = []
    for name, fn in _PROVIDERS.items():
        for fact in fn(condition) or ():
            found.append(SessionFact(on=fact.on, attended=bool(fact.attended), provider=str(fact.provider)[:200],
                                     source=fact.source or name))
    return sorted(found, key=lambda f: f.on)
