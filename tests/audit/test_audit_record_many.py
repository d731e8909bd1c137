"""A batch of audit events (bulk imports) is chained exactly as one event at a time."""

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.audit.chain import BatchHasher, canonical_json, event_hash
from reintegra.audit.models import AuditEvent
from reintegra.audit.services import AuditEntry, audit_record, audit_record_many
from reintegra.audit.verify import audit_chain_verify

texts = st.text(max_size=12)
ids = st.none() | st.integers(min_value=1, max_value=10**12)
details = st.dictionaries(texts, st.none() | st.booleans() | st.integers() | texts | st.lists(texts, max_size=3), max_size=4)


@settings(max_examples=200, deadline=None)
@given(action=texts, otype=texts, oid=texts, person=ids, case=ids, user=ids, comps=st.lists(texts, max_size=3),
       reason=texts, detail=details, name=texts, agency=texts, ip=texts, channel=texts)
def test_the_batch_hash_is_the_event_hash(action, otype, oid, person, case, user, comps, reason, detail, name,
                                          agency, ip, channel):
    at = datetime(2019, 4, 20, 4, 0, 12, 345678, tzinfo=UTC)
    hasher = BatchHasher(occurred_at=at, user_id=user, username=name, agency=agency, ip_address=ip, channel=channel)
    fast = hasher(seq=7, action=action, object_type=otype, object_id=oid, person_id=person, case_id=case,
                  compartments_json=canonical_json(sorted(comps)), reason=reason, detail_json=canonical_json(detail),
                  prev_hash="ab" * 32)
    slow = event_hash(seq=7, occurred_at=at, user_id=user, username=name, agency=agency, action=action,
                      object_type=otype, object_id=oid, person_id=person, case_id=case, compartments=sorted(comps),
                      ip_address=ip, channel=channel, reason=reason, detail=detail, prev_hash="ab" * 32)
    assert fast == slow


@pytest.mark.django_db
def test_a_batch_continues_the_chain_and_verifies(world):
    audit_record(user=world.coordinator, action="read", object_type="case", object_id=1)
    audit_record_many(user=world.coordinator, channel="cli", events=[
        AuditEntry(action="create", object_type="person", object_id=n, person_id=n, compartments=["identity", "family"],
                   detail={"ref": f"Ë{n}", "nested": {"b": 1, "a": [1, 2]}})
        for n in range(1, 2500)
    ])
    audit_record(user=None, action="create", object_type="task", object_id=9)
    result = audit_chain_verify()
    assert result.ok, result.problem
    last = AuditEvent.objects.order_by("-seq").first()
    assert last.seq == AuditEvent.objects.count()
    event = AuditEvent.objects.get(object_type="person", object_id="5")
    assert event.detail == {"ref": "Ë5", "nested": {"b": 1, "a": [1, 2]}} and event.compartments == ["family", "identity"]
    assert event.username == "coord" and event.agency == "Coordination"
