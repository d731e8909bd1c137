"""Scheduled work of plans (`reintegra run_periodic`)."""

from reintegra.cases import periodic

from .services import plans_stage_review_run, referrals_stalled_run


@periodic.job("referrals_stalled")
def raise_stalled_referral_alerts(now) -> int:
    """Alert the key worker and the coordinating unit about stalled referrals (idempotent)."""
    return referrals_stalled_run(now)


@periodic.job("plan_reviews_on_stage_change")
def bring_plan_reviews_forward(now) -> int:
    """A change of stage makes the plan's review due (idempotent)."""
    return plans_stage_review_run(now)
