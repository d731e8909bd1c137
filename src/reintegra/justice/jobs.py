"""Scheduled work of the justice track (`reintegra run_periodic`)."""

from reintegra.cases import periodic

from .services import pre_release_run


@periodic.job("pre_release")
def open_pre_release_work(now) -> int:
    """Open the pre-release work of custodial sentences entering the window (idempotent)."""
    return pre_release_run(now)
