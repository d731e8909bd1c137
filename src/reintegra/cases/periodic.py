"""Checks that run on a schedule: deadlines passing, releases approaching, referrals
stalling. `reintegra run_periodic` runs every registered job; run it from cron (every
15 minutes is plenty). Each job must be idempotent: running it twice changes nothing.

    @periodic.job("referrals_stalled")
    def raise_stalled_referral_alerts(now) -> int:  # returns how many things it did
        ...
"""

from collections.abc import Callable
from datetime import datetime

_JOBS: dict[str, Callable[[datetime], int]] = {}


def job(name: str):
    def register(fn):
        _JOBS[name] = fn
        return fn

    return register


def jobs() -> dict[str, Callable[[datetime], int]]:
    return dict(_JOBS)
