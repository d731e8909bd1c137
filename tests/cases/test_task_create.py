"""Creating a task: owner required, compartment write checked, audited, assignee told."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from reintegra.access.policy import AccessDenied
from reintegra.audit.models import AuditEvent
from reintegra.cases import services
from reintegra.cases.models import Notification, Task


@pytest.mark.django_db
def test_coordinator_assigns_a_task_to_a_social_worker(world):
    due = timezone.now() + timedelta(days=3)
    task = services.task_create(
        actor=world.coordinator, case=world.case_in, compartment="social_support",
        title="Check the rent support application", assigned_user=world.social, due_at=due,
    )
    assert Task.objects.get(pk=task.pk).due_at == due
    event = AuditEvent.objects.get(object_type="task", object_id=str(task.pk), action="create")
    assert event.case_id == world.case_in.pk and event.compartments == ["social_support"]
    note = Notification.objects.get(user=world.social)
    assert "rent support" in note.message and note.compartment == "social_support"


@pytest.mark.django_db
def test_a_task_for_an_agency_notifies_nobody_in_particular(world):
    services.task_create(
        actor=world.coordinator, case=world.case_in, compartment="social_support",
        title="Home visit", assigned_agency=world.social.staff.agency,
    )
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_school_may_not_make_a_task_in_a_compartment_it_cannot_write(world):
    with pytest.raises(AccessDenied):
        services.task_create(
            actor=world.school, case=world.case_in, compartment="social_support",
            title="Anything", assigned_user=world.school,
        )
    assert not Task.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes,message",
    [
        ({"title": "  "}, "needs a title"),
        ({"assigned_user": None}, "Say who the task is for"),
        ({"compartment": "gossip"}, "Unknown compartment"),
        ({"due_at": datetime(2030, 1, 1, 9, 0)}, "time zone"),
    ],
)
def test_bad_task_input_is_refused_and_nothing_written(world, changes, message):
    kwargs = {
        "actor": world.coordinator, "case": world.case_in, "compartment": "programme",
        "title": "Follow up", "assigned_user": world.social,
    }
    kwargs.update(changes)
    with pytest.raises(services.CaseInputError, match=message):
        services.task_create(**kwargs)
    assert not Task.objects.exists()
    assert not AuditEvent.objects.filter(object_type="task").exists()
