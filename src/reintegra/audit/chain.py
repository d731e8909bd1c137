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


class BatchHasher:
    """`event_hash` for many events of one writer at one moment, faster.

    Produces exactly the canonical JSON of `event_hash` (keys sorted, compact, UTF-8)
    but writes the fields that are the same for the whole batch (moment, user, agency,
    address, channel) once, and each event's own fields by hand; `detail_json` is also
    the value stored. tests/audit/test_audit_record_many.py checks it against
    `event_hash`.
    """

    def __init__(self, *, occurred_at: datetime, user_id, username: str, agency: str, ip_address: str, channel: str):
        self._agency = _string(agency)
        self._at = _utc_iso(occurred_at)
        self._channel = _string(channel)
        self._ip = _string(ip_address)
        self._user = _number(user_id)
        self._username = _string(username)

    def __call__(self, *, seq: int, action: str, object_type: str, object_id: str, person_id, case_id,
                 compartments_json: str, reason: str, detail_json: str, prev_hash: str) -> str:
        before_prev, before_seq, after_seq = self.parts(
            action=action, object_type=object_type, object_id=object_id, person_id=person_id, case_id=case_id,
            compartments_json=compartments_json, reason=reason, detail_json=detail_json,
        )
        canonical = before_prev + prev_hash + before_seq + str(seq) + after_seq
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def parts(self, *, action: str, object_type: str, object_id: str, person_id, case_id,
              compartments_json: str, reason: str, detail_json: str) -> tuple[str, str, str]:
        """The canonical JSON around the two values only the head knows, the previous hash
        and the sequence number: `before_prev + prev_hash + before_seq + str(seq) + after_seq`
        is the text that is hashed. PostgreSQL appends with these (`audit.append_pg`), so the
        database computes exactly the hash Python would."""
        before_prev = (
            '{"action":' + _string(action) + ',"agency":' + self._agency + ',"at":"' + self._at
            + '","case":' + _number(case_id) + ',"channel":' + self._channel + ',"comp":' + compartments_json
            + ',"detail":' + detail_json + ',"ip":' + self._ip + ',"oid":' + _string(object_id)
            + ',"otype":' + _string(object_type) + ',"person":' + _number(person_id) + ',"prev":"'
        )
        before_seq = '","reason":' + _string(reason) + ',"seq":'
        after_seq = ',"user":' + self._user + ',"username":' + self._username + "}"
        return before_prev, before_seq, after_seq


# One encoder for every call: json.dumps with options builds a new encoder each time,
# which is most of its cost for the small dicts a bulk import hashes by the 100,000.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value) -> str:
    """A value as `event_hash` writes it (sorted keys, compact, not ASCII-escaped)."""
    return _CANONICAL.encode(value)


_string = json.encoder.encode_basestring  # a JSON string, not ASCII-escaped (ensure_ascii=False)


def _number(value) -> str:
    return "null" if value is None else str(int(value))
