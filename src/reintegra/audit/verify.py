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
    """Check every event up to the head as it stood when the check began.

    The head is read first: events appended while the check runs lie beyond it and are
    left for the next run, so a busy system does not raise a false alarm.
    """
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return VerifyResult(False, 0, "the head of the log is missing (the log was removed or reset)")
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    rows = (
        AuditEvent.objects.filter(seq__lte=head.last_seq)
        .order_by("seq")
        .values_list(*HASHED_FIELDS, "hash")
    )
    for row in rows.iterator(chunk_size=chunk_size):
        fields = dict(zip(HASHED_FIELDS, row[:-1], strict=True))
        stored_hash = row[-1]
        seq = fields["seq"]
        if seq != expected_seq:
            return VerifyResult(False, checked, f"event {expected_seq} is missing", expected_seq)
        if fields["prev_hash"] != prev_hash:
            return VerifyResult(False, checked, f"event {seq} does not link to event {seq - 1}", seq)
        if event_hash(**fields) != stored_hash:
            return VerifyResult(False, checked, f"event {seq} was altered", seq)
        prev_hash = stored_hash
        expected_seq += 1
        checked += 1
    if checked < head.last_seq:
        return VerifyResult(
            False, checked, f"event {checked + 1} is missing (the log ends early)", checked + 1
        )
    if head.last_hash != prev_hash:
        return VerifyResult(False, checked, "the head of the log does not match its last event", checked)
    return VerifyResult(True, checked)
