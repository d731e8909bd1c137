"""Approving the minutes: the chair only; every action becomes a task on its owner's working
list; the conference is locked and every later change is refused with a clear error."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.access.policy import AccessDenied
from reintegra.audit.models import AuditEvent
from reintegra.cases import worklist
from reintegra.cases.models import Notification, Task
from reintegra.conferences import services
from reintegra.conferences.models import ConferenceStatus
from tests.factories import api_token

from .conftest import client_for, plan


def _minutes(cw, items):
    due = timezone.now() + timedelta(days=14)
    school = services.action_add(actor=cw.coordinator, item=items[0], title="Arrange catch-up classes",
                                 owner_user=cw.school, due_at=due, compartment="education")
    social = services.action_add(actor=cw.coordinator, item=items[0], title="Visit the family",
                                 owner_agency=cw.agencies["social"], due_at=due, compartment="social_support")
    services.decision_add(actor=cw.coordinator, item=items[0], text="Continue.")
    return school, social


@pytest.mark.django_db
def test_approval_turns_actions_into_tasks_and_locks(cw):
    conference, items = plan(cw, cases=[cw.case])
    school, social = _minutes(cw, items)
    response = client_for(cw.coordinator).post(f"/conferences/{conference.pk}/approve/")
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.LOCKED and conference.approved_by == cw.coordinator
    school.refresh_from_db()
    social.refresh_from_db()
    task = school.task
    assert (task.assigned_user, task.compartment, task.kind, task.source_type) == (
        cw.school, "education", "conference_action", "conferences.action")
    assert task.due_at == school.due_at and task.case == cw.case
    assert social.task.assigned_agency == cw.agencies["social"]
    # On the working lists of their owners.
    titles = [i.title for i in worklist.work_items(cw.school, worklist.Query())]
    assert "Arrange catch-up classes" in titles
    assert "Visit the family" in [i.title for i in worklist.work_items(cw.social, worklist.Query())]
    assert "Arrange catch-up classes" in client_for(cw.school).get("/work/").content.decode()
    assert Notification.objects.filter(user=cw.social, message__contains="Visit the family").exists()
    assert AuditEvent.objects.filter(object_type="conference_conference", action="update",
                                     detail__status="locked").exists()


@pytest.mark.django_db
def test_locked_minutes_refuse_every_change(cw):
    conference, items = plan(cw, cases=[cw.case])
    school, _social = _minutes(cw, items)
    services.minutes_approve(actor=cw.coordinator, conference=conference)
    conference.refresh_from_db()
    item = items[0]
    for change in (
        lambda: services.minutes_write(actor=cw.coordinator, item=item, discussion="changed"),
        lambda: services.decision_add(actor=cw.coordinator, item=item, text="another"),
        lambda: services.action_add(actor=cw.coordinator, item=item, title="x", owner_user=cw.school,
                                    due_at=timezone.now() + timedelta(days=1), compartment="education"),
        lambda: services.action_remove(actor=cw.coordinator, action=school),
        lambda: services.agenda_add(actor=cw.coordinator, conference=conference, case=cw.second),
        lambda: services.agenda_remove(actor=cw.coordinator, item=item),
        lambda: services.attendance_record(actor=cw.coordinator, conference=conference),
        lambda: services.participant_add(actor=cw.coordinator, conference=conference, user=cw.outsider),
        lambda: services.minutes_approve(actor=cw.coordinator, conference=conference),
    ):
        with pytest.raises(services.ConferenceLocked, match="approved and locked"):
            change()
    assert Task.objects.count() == 2
    # The page says so instead of changing anything.
    client = client_for(cw.coordinator)
    response = client.post(f"/conferences/{conference.pk}/items/{item.pk}/do/decision/", {"decision-text": "x"},
                           follow=True)
    assert "approved and locked" in response.content.decode()
    api = Client().put(f"/api/v1/conferences/{conference.pk}/items/{item.pk}/minutes", {"discussion": "x"},
                       content_type="application/json", headers={"Authorization": f"Bearer {api_token('coordinator-user')}"})
    assert api.status_code == 409 and "locked" in api.json()["detail"]
    item.refresh_from_db()
    assert item.discussion == "" and item.decisions.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator2", "police", "school", "outsider"])
def test_only_the_chair_approves(cw, role):
    conference, items = plan(cw, cases=[cw.case])
    _minutes(cw, items)
    assert client_for(getattr(cw, role)).post(f"/conferences/{conference.pk}/approve/").status_code == 404
    with pytest.raises(AccessDenied):
        services.minutes_approve(actor=getattr(cw, role), conference=conference)
    conference.refresh_from_db()
    assert not conference.locked and not Task.objects.exists()


@pytest.mark.django_db
def test_an_empty_or_future_conference_cannot_be_approved(cw):
    empty, _ = plan(cw)
    with pytest.raises(services.ConferenceInputError, match="no case on the agenda"):
        services.minutes_approve(actor=cw.coordinator, conference=empty)
    future, _ = plan(cw, held_at=timezone.now() + timedelta(days=3), cases=[cw.case])
    response = client_for(cw.coordinator).post(f"/conferences/{future.pk}/approve/", follow=True)
    assert "has not taken place yet" in response.content.decode()
    future.refresh_from_db()
    assert not future.locked


@pytest.mark.django_db
def test_the_api_approves(cw):
    conference, items = plan(cw, cases=[cw.case])
    _minutes(cw, items)
    url = f"/api/v1/conferences/{conference.pk}/approve"
    assert Client().post(url, headers={"Authorization": f"Bearer {api_token('police-user')}"}).status_code == 404
    assert Client().post(url, headers={"Authorization": f"Bearer {api_token('coordinator-user')}"}).status_code == 200
    assert Task.objects.filter(source_type="conferences.action").count() == 2
    assert Client().post(url, headers={"Authorization": f"Bearer {api_token('coordinator-user')}"}).status_code == 409
