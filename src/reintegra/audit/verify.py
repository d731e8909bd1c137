"""Re-computing the chain: finds the first altered, inserted or missing event."""

from dataclasses import dataclass

from .chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from .models import AuditEvent, AuditHead


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None


def audit_chain_verify(*, chunk_size: int = 5000) -> VerifyResult:
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    rows = AuditEvent.objects.order_by("seq").values_list(*HASHED_FIELDS, "hash")
    for row in rows.iterator(chunk_size=chunk_size):
        fields = dict(zip(HASHED_FIELDS, row[:-1], strict=True))
        stored_hash = row[-1]
        seq = fields["seq"]
        if seq != expected_seq:
            return VerifyResult(False, checked, f"event {expected_seq} is missing", expected_seq)
        if fields["prev_hash"] != prev_hash:
            return VerifyResult(
                False, checked, f"event {seq} does not link to event {seq - 1}", seq
            )
        if event_hash(**fields) != stored_hash:
            return VerifyResult(False, checked, f"event {seq} was altered", seq)
        prev_hash = stored_hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is not None and (head.last_seq != last_seq or head.last_hash != prev_hash):
        if head.last_seq > last_seq:
            return VerifyResult(
                False, checked, f"event {last_seq + 1} is missing (the log ends early)", last_seq + 1
            )
        return VerifyResult(False, checked, "the head of the log does not match its last event", last_seq)
    if head is None and checked:
        return VerifyResult(False, checked, "the head of the log is missing", None)
    return VerifyResult(True, checked)
