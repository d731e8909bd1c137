"""How an event is hashed. Used by the writer and by the verifier alike."""

import hashlib
import json
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    seq: int,
    occurred_at: datetime,
    user_id: int | None,
    username: str,
    agency: str,
    action: str,
    object_type: str,
    object_id: str,
    person_id: int | None,
    case_id: int | None,
    compartments: list,
    ip_address: str,
    channel: str,
    reason: str,
    detail: dict,
    prev_hash: str,
) -> str:
    payload = {
        "seq": seq,
        "at": _utc_iso(occurred_at),
        "user": user_id,
        "username": username,
        "agency": agency,
        "action": action,
        "otype": object_type,
        "oid": object_id,
        "person": person_id,
        "case": case_id,
        "comp": list(compartments),
        "ip": ip_address,
        "channel": channel,
        "reason": reason,
        "detail": detail,
        "prev": prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


HASHED_FIELDS = (
    "seq", "occurred_at", "user_id", "username", "agency", "action", "object_type",
    "object_id", "person_id", "case_id", "compartments", "ip_address", "channel",
    "reason", "detail", "prev_hash",
)
