"""The audit chain: reads are recorded, and any altered or removed event is named."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from reintegra.audit.models import AuditEvent
from reintegra.audit.services import audit_record
from reintegra.audit.verify import audit_chain_verify


def _events(n: int) -> None:
    for i in range(n):
        audit_record(user=None, username=f"user{i}", action="read", object_type="case", object_id=i)


@pytest.mark.django_db
def test_a_case_read_is_audited_with_its_compartments(world):
    client = Client()
    client.force_login(world.school)
    before = AuditEvent.objects.count()
    assert client.get(f"/cases/{world.case_in.pk}/education/").status_code == 200
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.username, event.agency) == ("read", "teacher", "Education Prishtinë")
    assert event.case_id == world.case_in.pk and event.person_id == world.case_in.person_id
    assert event.compartments == ["education"] and event.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_intact_chain_verifies():
    _events(5)
    result = audit_chain_verify()
    assert result.ok and result.checked == 5
    call_command("audit_verify")


@pytest.mark.django_db
@pytest.mark.parametrize("column,value", [("username", "someone-else"), ("reason", "edited"), ("action", "update")])
def test_an_altered_event_is_named(column, value):
    _events(5)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditevent SET {column} = %s WHERE seq = 3", [value])
    result = audit_chain_verify()
    assert not result.ok and result.seq == 3 and "altered" in result.problem
    with pytest.raises(CommandError, match="event 3 was altered"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_deleted_event_is_named():
    _events(5)
    AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(CommandError, match="event 2 is missing"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_deleted_last_event_is_named():
    _events(5)
    AuditEvent.objects.filter(seq=5).delete()
    with pytest.raises(CommandError, match="event 5 is missing"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_rehashed_forgery_breaks_the_link():
    """Someone who edits an event and recomputes its hash still breaks the next link."""
    from reintegra.audit.chain import HASHED_FIELDS, event_hash

    _events(5)
    forged = AuditEvent.objects.get(seq=2)
    forged.username = "forger"
    fields = {name: getattr(forged, name) for name in HASHED_FIELDS}
    AuditEvent.objects.filter(pk=forged.pk).update(username="forger", hash=event_hash(**fields))
    result = audit_chain_verify()
    assert not result.ok and result.seq == 3 and "does not link" in result.problem


@pytest.mark.django_db
def test_a_failed_login_is_audited(world):
    response = Client().post("/login/", {"username": "teacher", "password": "wrong"})
    assert response.status_code == 200
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.username, event.user_id) == ("login_failed", "teacher", None)


@pytest.mark.django_db
def test_writes_without_a_user_are_attributed_to_the_system():
    from tests import factories

    person = factories.person("Besa", "Gashi")
    event = AuditEvent.objects.get(object_type="person", object_id=str(person.pk))
    assert (event.user_id, event.username) == (None, "system")


@pytest.mark.django_db
def test_removing_the_whole_log_fails_verification():
    from reintegra.audit.models import AuditHead

    _events(3)
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    with pytest.raises(CommandError, match="head of the log is missing"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_events_appended_during_a_check_are_left_for_the_next(monkeypatch):
    """The head is read first: an append racing the scan is not a false alarm."""
    from reintegra.audit import verify

    _events(3)
    real_iterator = verify.AuditEvent.objects.none().__class__.iterator

    def append_then_iterate(self, *args, **kwargs):
        audit_record(user=None, username="late", action="read")
        return real_iterator(self, *args, **kwargs)

    monkeypatch.setattr(verify.AuditEvent.objects.none().__class__, "iterator", append_then_iterate)
    result = audit_chain_verify()
    assert result.ok and result.checked == 3


@pytest.mark.django_db
def test_page_sign_in_and_out_are_audited(world):
    client = Client()
    from tests.factories import PASSWORD

    client.post("/login/", {"username": "teacher", "password": PASSWORD})
    client.post("/logout/")
    actions = list(AuditEvent.objects.filter(username="teacher").order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["login", "logout"]


@pytest.mark.django_db
def test_every_failed_attempt_is_recorded_and_lockouts_marked(world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        Client().post("/login/", {"username": "teacher", "password": "wrong"})
    failed = list(AuditEvent.objects.filter(action="login_failed", username="teacher").order_by("seq"))
    assert len(failed) == settings.AXES_FAILURE_LIMIT + 3
    assert [bool(e.detail.get("locked_out")) for e in failed[-3:]] == [True, True, True]
