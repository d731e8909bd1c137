"""Writing to the audit log. Call inside the transaction of the change being audited."""

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import connections, router, transaction
from django.utils import timezone

from reintegra.bulk import insert_rows

from . import append_pg
from .chain import GENESIS_HASH, HASHED_FIELDS, BatchHasher, canonical_json, event_hash
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
    event = AuditEntry(
        action=action, object_type=object_type, object_id=object_id, person_id=person_id,
        case_id=case_id, compartments=compartments, reason=reason, detail=detail,
    )
    return audit_record_many(user=user, events=[event], request=request, channel=channel, username=username)[0]


class AuditEntry(NamedTuple):
    """One event of a batch written by `audit_record_many` (a tuple: cheap by the 100,000)."""

    action: str
    object_type: str = ""
    object_id: Any = ""
    person_id: int | None = None
    case_id: int | None = None
    compartments: Iterable[str] = ()
    reason: str = ""
    detail: dict | None = None


def audit_record_many(
    *, user, events: list[AuditEntry], request=None, channel: str = "page", username: str | None = None
) -> list[AuditEvent]:
    """Append one event per entry, in order, under one lock of the head.

    For bulk writes (a manifest of thousands of people): still one event per record
    written, chained one after the other exactly as `audit_record` would, in the
    caller's transaction, but hashed in memory and inserted in large batches. Returns
    the event for a single entry (as `audit_record` does), nothing for a batch.
    """
    if not events:
        return []
    user_id, actor_name, agency = _actor_fields(user)
    if username is not None and not actor_name:
        actor_name = username  # e.g. a failed sign-in names an account that may not exist
    elif not actor_name:
        # Pages and the API always have a signed-in user; only management commands
        # (seed, imports) write without one.
        actor_name = "system"
    ip = client_ip(request)
    actor_name, agency = actor_name[:150], agency[:200]  # the columns' lengths
    if len(events) == 1:
        made = _append_one_in_database(events[0], user_id=user_id, username=actor_name, agency=agency, ip=ip,
                                       channel=channel)
        if made is not None:
            return [made]
    # No savepoint of its own: inside a caller's transaction the events commit or roll
    # back with the change they record.
    with transaction.atomic(savepoint=False):
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            # Only a flushed database lacks the head (migration 0002 creates it). Writers
            # racing to create it: one inserts, the others wait on the key and then read
            # the winner's row (get_or_create retries in a savepoint), locked as usual.
            AuditHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH})
            head = AuditHead.objects.select_for_update().get(pk=1)
        seq, prev = head.last_seq, head.last_hash
        now = timezone.now()
        if len(events) == 1:
            fields = {"seq": seq + 1, **_event_fields(events[0], now=now, user_id=user_id, username=actor_name,
                                                      agency=agency, ip=ip, channel=channel),
                      "prev_hash": prev}
            before_last, seq, prev = prev, seq + 1, event_hash(**fields)
            made = [AuditEvent.objects.create(hash=prev, **fields)]
        else:
            made = []
            seq, prev, before_last = _append_batch(events, seq=seq, prev=prev, now=now, user_id=user_id,
                                                   username=actor_name, agency=agency, ip=ip, channel=channel)
        AuditHead.objects.filter(pk=1).update(last_seq=seq, last_hash=prev, prev_hash=before_last)
    return made


def _append_one_in_database(entry: "AuditEntry", *, user_id, username: str, agency: str, ip: str,
                            channel: str) -> AuditEvent | None:
    """One event appended by the database in one statement where it can hash (PostgreSQL:
    see `append_pg`); None elsewhere, or when the head row is missing, for the general path.

    Not wrapped in a transaction of its own: outside a caller's transaction the single
    statement is one, and the head row stays locked only until it commits."""
    alias = router.db_for_write(AuditEvent)
    if connections[alias].vendor != "postgresql":
        return None
    now = timezone.now()
    fields = _event_fields(entry, now=now, user_id=user_id, username=username, agency=agency, ip=ip, channel=channel)
    # As stored: the two JSON columns as the canonical text the hash covers.
    values = fields | {"compartments": canonical_json(fields["compartments"]), "detail": canonical_json(fields["detail"])}
    hasher = BatchHasher(occurred_at=now, user_id=user_id, username=username, agency=agency, ip_address=ip,
                         channel=channel)
    parts = hasher.parts(
        action=entry.action, object_type=entry.object_type, object_id=fields["object_id"],
        person_id=entry.person_id, case_id=entry.case_id, compartments_json=values["compartments"],
        reason=entry.reason, detail_json=values["detail"],
    )
    row = append_pg.append_one(alias, parts=parts, values=values)
    if row is None:
        return None
    pk, seq, prev_hash, hash_ = row
    return AuditEvent(pk=pk, seq=seq, prev_hash=prev_hash, hash=hash_, **fields)


def _event_fields(entry: "AuditEntry", *, now, user_id, username: str, agency: str, ip: str, channel: str) -> dict:
    """An event's own fields (all but its place in the chain: seq and the hashes)."""
    return {
        "occurred_at": now, "user_id": user_id, "username": username, "agency": agency, "action": entry.action,
        "object_type": entry.object_type, "object_id": str(entry.object_id), "person_id": entry.person_id,
        "case_id": entry.case_id, "compartments": sorted(entry.compartments), "ip_address": ip,
        "channel": channel, "reason": entry.reason, "detail": entry.detail or {},
    }


def _append_batch(events, *, seq: int, prev: str, now, user_id, username: str, agency: str, ip: str,
                  channel: str) -> tuple[int, str, str]:
    """Hash and insert a batch of events as plain rows; returns the last seq, the last hash
    and the hash before it."""
    db = connections[router.db_for_write(AuditEvent)]
    hasher = BatchHasher(occurred_at=now, user_id=user_id, username=username, agency=agency, ip_address=ip,
                         channel=channel)
    # The same moment for the whole batch; each list of compartments converted once.
    db_now = db.ops.adapt_datetimefield_value(now)
    lists: dict[tuple, str] = {}
    rows = []
    for entry in events:
        seq += 1
        key = tuple(sorted(entry.compartments))
        if key not in lists:
            lists[key] = canonical_json(list(key))
        comp_json = lists[key]
        detail_json = canonical_json(entry.detail or {})
        object_id = str(entry.object_id)
        prev_hash = prev
        prev = hasher(seq=seq, action=entry.action, object_type=entry.object_type, object_id=object_id,
                      person_id=entry.person_id, case_id=entry.case_id, compartments_json=comp_json,
                      reason=entry.reason, detail_json=detail_json, prev_hash=prev_hash)
        rows.append((
            seq, db_now, user_id, username, agency, entry.action, entry.object_type, object_id, entry.person_id,
            entry.case_id, comp_json, ip, channel, entry.reason, detail_json, prev_hash, prev,
        ))
    insert_rows(AuditEvent, [AuditEvent._meta.get_field(name) for name in _COLUMNS], rows, convert=False)
    return seq, prev, prev_hash


# The columns a batch writes, in order (every field but the automatic key).
_COLUMNS = (*HASHED_FIELDS, "hash")
