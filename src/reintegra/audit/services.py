"""Writing to the audit log. Call inside the transaction of the change being audited."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .chain import GENESIS_HASH, event_hash
from .models import AuditEvent, AuditHead


def client_ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")[:45]


def _actor_fields(user) -> tuple[int | None, str, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "", ""
    from reintegra.access.policy import subject  # the agency is already loaded there

    agency = subject(user).agency
    return user.pk, user.get_username(), agency.name if agency is not None else ""


def audit_record(
    *,
    user,
    action: str,
    request=None,
    channel: str = "page",
    object_type: str = "",
    object_id: Any = "",
    person_id: int | None = None,
    case_id: int | None = None,
    compartments: Iterable[str] = (),
    reason: str = "",
    detail: dict | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    The head row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transactions already serialise writers), so two writers cannot both link to the
    same predecessor.
    """
    user_id, actor_name, agency = _actor_fields(user)
    if username is not None and not actor_name:
        actor_name = username  # e.g. a failed sign-in names an account that may not exist
    elif not actor_name:
        # Pages and the API always have a signed-in user; only management commands
        # (seed, imports) write without one.
        actor_name = "system"
    # No savepoint of its own: inside a caller's transaction the event commits or rolls
    # back with the change it records.
    with transaction.atomic(savepoint=False):
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, last_seq=0, last_hash=GENESIS_HASH)
        fields = {
            "seq": head.last_seq + 1,
            "occurred_at": timezone.now(),
            "user_id": user_id,
            "username": actor_name[:150],
            "agency": agency[:200],
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "person_id": person_id,
            "case_id": case_id,
            "compartments": sorted(compartments),
            "ip_address": client_ip(request),
            "channel": channel,
            "reason": reason,
            "detail": detail or {},
            "prev_hash": head.last_hash,
        }
        digest = event_hash(**fields)
        event = AuditEvent.objects.create(hash=digest, **fields)
        AuditHead.objects.filter(pk=1).update(last_seq=fields["seq"], last_hash=digest)
    return event
