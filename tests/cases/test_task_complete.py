"""Ticking a task off: only its owner (user or agency) who still may see it; page and API."""

import pytest

from reintegra.audit.models import AuditEvent
from reintegra.cases import services
from reintegra.cases.models import TaskStatus
from tests.factories import api_token


def _task(world, **kwargs):
    defaults = {
        "actor": world.coordinator, "case": world.case_in, "compartment": "social_support",
        "title": "Home visit", "assigned_agency": world.social.staff.agency,
    }
    defaults.update(kwargs)
    return services.task_create(**defaults)


@pytest.mark.django_db
def test_a_member_of_the_agency_completes_it_on_the_page(client, world):
    task = _task(world)
    client.force_login(world.social)
    response = client.post(f"/work/tasks/{task.pk}/complete/", {"outcome": "Visited, all well"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_by == world.social
    assert task.outcome == "Visited, all well"
    assert AuditEvent.objects.filter(object_type="task", object_id=str(task.pk), action="update").exists()


@pytest.mark.django_db
def test_someone_else_gets_not_found(client, world):
    task = _task(world)
    client.force_login(world.police)
    assert client.post(f"/work/tasks/{task.pk}/complete/").status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


@pytest.mark.django_db
def test_an_owner_who_may_not_read_the_compartment_does_not_see_the_task(client, world):
    # Assigned to the school, but about security: the school never reads security.
    task = _task(world, compartment="security", assigned_agency=world.school.staff.agency, actor=world.police,
                 check_access=False)
    client.force_login(world.school)
    assert client.post(f"/work/tasks/{task.pk}/complete/").status_code == 404


@pytest.mark.django_db
def test_completing_twice_is_an_error(client, world):
    task = _task(world)
    client.force_login(world.social)
    client.post(f"/work/tasks/{task.pk}/complete/")
    response = client.post(f"/work/tasks/{task.pk}/complete/", follow=True)
    assert "already closed" in response.content.decode()


@pytest.mark.django_db
def test_next_may_not_leave_the_site(client, world):
    task = _task(world)
    client.force_login(world.social)
    response = client.post(f"/work/tasks/{task.pk}/complete/", {"next": "https://evil.example/"})
    assert response["Location"] == "/work/"


@pytest.mark.django_db
def test_api_complete_allowed_and_denied(client, world):
    task = _task(world)
    other = api_token("officer")
    response = client.post(f"/api/v1/work/tasks/{task.pk}/complete", {}, content_type="application/json",
                           headers={"Authorization": f"Bearer {other}"})
    assert response.status_code == 404
    mine = api_token("sw")
    response = client.post(f"/api/v1/work/tasks/{task.pk}/complete", {"outcome": "done"},
                           content_type="application/json", headers={"Authorization": f"Bearer {mine}"})
    assert response.status_code == 200 and response.json()["task_id"] == task.pk
    again = client.post(f"/api/v1/work/tasks/{task.pk}/complete", {}, content_type="application/json",
                        headers={"Authorization": f"Bearer {mine}"})
    assert again.status_code == 422 and "already closed" in again.json()["detail"]


@pytest.mark.django_db
def test_cancel_needs_a_reason(world):
    task = _task(world)
    with pytest.raises(services.CaseInputError, match="why"):
        services.task_cancel(actor=world.social, task=task, outcome=" ")
    services.task_cancel(actor=world.social, task=task, outcome="Family moved away")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED


@pytest.mark.django_db
def test_tasks_of_a_source_are_closed_together(world):
    first = _task(world, source_type="justice.release", source_id="7")
    second = _task(world, source_type="justice.release", source_id="7")
    other = _task(world, source_type="justice.release", source_id="8")
    assert services.tasks_cancel_for_source(actor=None, source_type="justice.release", source_id=7,
                                            reason="Released early") == 2
    for task, status in ((first, TaskStatus.CANCELLED), (second, TaskStatus.CANCELLED), (other, TaskStatus.OPEN)):
        task.refresh_from_db()
        assert task.status == status
