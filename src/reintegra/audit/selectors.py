"""Reads of the audit log, for the data-protection officer only."""

from datetime import datetime

from django.db.models import QuerySet

from reintegra.access import policy
from reintegra.access.models import BreakGlassGrant

from .models import AuditEvent


def audit_events(
    user, *, username: str = "", person_id: int | None = None, agency: str = "", action: str = "",
    since: datetime | None = None, until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    if not policy.may_read_audit(user):
        raise policy.AccessDenied("audit")
    events = AuditEvent.objects.all()
    if username:
        events = events.filter(username=username)
    if person_id is not None:
        events = events.filter(person_id=person_id)
    if agency:
        events = events.filter(agency=agency)
    if action:
        events = events.filter(action=action)
    if since:
        events = events.filter(occurred_at__gte=since)
    if until:
        events = events.filter(occurred_at__lt=until)
    return events.order_by("-seq")


def break_glass_to_review(user) -> QuerySet[BreakGlassGrant]:
    if not policy.may_review_break_glass(user):
        raise policy.AccessDenied("audit")
    return (
        BreakGlassGrant.objects.filter(reviewed_at__isnull=True)
        .select_related("user", "case")
        .order_by("granted_at")
    )
