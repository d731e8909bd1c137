"""Appending one event: the same chain whichever path writes it.

On PostgreSQL the database advances the head and inserts the event in one statement
(`audit.append_pg`), hashing text that Python assembled; elsewhere Python does it under
SELECT ... FOR UPDATE. Both must give exactly `chain.event_hash`, keep the chain whole
under concurrent writers, and roll back with the caller's transaction.
"""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from reintegra.audit.chain import GENESIS_HASH, event_hash
from reintegra.audit.models import AuditEvent, AuditHead
from reintegra.audit.services import audit_record
from reintegra.audit.verify import audit_chain_verify

ON_POSTGRES = connection.vendor == "postgresql"

# Texts that an assembled SQL string or a JSON encoder could get wrong.
AWKWARD = [
    "Hodžić", "Хоџић", "عبد الله", "Dritë Thaçi", "it's", 'say "no"', "back\\slash", "%s %(x)s", "50%",
    "line\nbreak\ttab", "\u2028", "emoji 🙂", "'; DROP TABLE audit_auditevent; --", "",
]


def _stored_hash_is_recomputed(event: AuditEvent) -> bool:
    fields = {name: getattr(event, name) for name in (
        "seq", "occurred_at", "user_id", "username", "agency", "action", "object_type", "object_id", "person_id",
        "case_id", "compartments", "ip_address", "channel", "reason", "detail", "prev_hash",
    )}
    return event_hash(**fields) == event.hash


@pytest.mark.django_db
def test_awkward_text_is_hashed_as_python_hashes_it(world):
    start = AuditHead.objects.get(pk=1).last_seq  # the small world's own creation is audited
    for i, text in enumerate(AWKWARD):
        audit_record(
            user=world.coordinator, action="read", object_type=text[:50], object_id=text[:64], person_id=i or None,
            case_id=i, compartments=["identity", text] if text else [], reason=text,
            detail={"q": text, "nested": {"b": [1, text], "a": None}, text: True},
        )
    events = list(AuditEvent.objects.filter(seq__gt=start).order_by("seq"))
    assert len(events) == len(AWKWARD)
    for event in events:
        event.refresh_from_db()
        assert _stored_hash_is_recomputed(event), event.reason
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_the_returned_event_is_the_stored_one(world):
    made = audit_record(user=world.coordinator, action="search", object_type="person", detail={"q": "hodzic"},
                        compartments=["identity"])
    stored = AuditEvent.objects.get(pk=made.pk)
    assert (made.seq, made.hash, made.prev_hash, made.username) == (stored.seq, stored.hash, stored.prev_hash,
                                                                    stored.username)
    assert made.compartments == stored.compartments == ["identity"] and made.detail == {"q": "hodzic"}
    head = AuditHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash, head.prev_hash) == (stored.seq, stored.hash, stored.prev_hash)


@pytest.mark.django_db
def test_outside_a_transaction_postgresql_appends_in_one_statement(world):
    with CaptureQueriesContext(connection) as queries:
        audit_record(user=world.coordinator, action="read", object_type="case", object_id=1)
    appends = [q["sql"] for q in queries.captured_queries if "audit_auditevent" in q["sql"]]
    if ON_POSTGRES:
        assert len(appends) == 1 and appends[0].startswith("WITH head AS")
        assert not any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)
    else:
        assert any("audit_auditevent" in q["sql"] and q["sql"].startswith("INSERT") for q in queries.captured_queries)


@pytest.mark.django_db
def test_an_append_rolls_back_with_the_callers_transaction(world):
    audit_record(user=world.coordinator, action="read", object_type="case", object_id=1)
    head_before = AuditHead.objects.values_list("last_seq", "last_hash").get(pk=1)
    count = AuditEvent.objects.count()

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        audit_record(user=world.coordinator, action="update", object_type="case", object_id=1)
        raise Abandoned
    assert AuditHead.objects.values_list("last_seq", "last_hash").get(pk=1) == head_before
    assert AuditEvent.objects.count() == count
    audit_record(user=world.coordinator, action="read", object_type="case", object_id=2)
    assert audit_chain_verify().ok and AuditEvent.objects.count() == count + 1


@pytest.mark.django_db
def test_a_missing_head_is_created_and_the_chain_starts(world):
    AuditEvent.objects.all().delete()  # a flushed database: no events, no head
    AuditHead.objects.all().delete()
    made = audit_record(user=world.coordinator, action="read", object_type="case", object_id=1)
    assert made.seq == 1 and made.prev_hash == GENESIS_HASH
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("head", ["present", "missing"])
def test_concurrent_writers_keep_one_unbroken_chain(head):
    """Writers on their own connections race for the head; none may link to the same
    predecessor. (SQLite serialises them by its write lock, PostgreSQL by the row lock.)
    Without a head (a flushed database) they also race to create it: one does."""
    from django.db import connections

    AuditEvent.objects.all().delete()
    if head == "missing":
        AuditHead.objects.all().delete()
    else:
        AuditHead.objects.update_or_create(pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH})
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                audit_record(user=None, username=f"writer{n}", action="read", object_type="case", object_id=i)
        except BaseException as exc:  # reported below: a thread's exception would vanish
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 61))
    result = audit_chain_verify()
    assert result.ok and result.checked == 60
