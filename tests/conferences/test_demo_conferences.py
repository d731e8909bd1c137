"""The demo: one conference with approved minutes whose actions are tasks on the working
lists, and a planned conference next week with a proposed agenda; school enrolments."""

import pytest

from reintegra.cases import worklist
from reintegra.cases.models import Task
from reintegra.conferences.models import Conference, ConferenceStatus
from reintegra.education.models import EducationPlan, Enrolment
from reintegra.education.selectors import overview


@pytest.mark.django_db
def test_the_demo_has_a_held_and_a_planned_conference(demo_world):
    held, planned = Conference.objects.order_by("held_at")
    assert held.status == ConferenceStatus.LOCKED and held.chair.username == "coordinator"
    assert held.items.count() == 3 and planned.items.count() == 3 and planned.status == ConferenceStatus.PLANNED
    assert set(held.invited_agencies.values_list("type", flat=True)) >= {"police", "education", "probation", "health"}
    tasks = Task.objects.filter(source_type="conferences.action")
    assert tasks.count() == 4
    school = demo_world.users["school"]
    assert "Arrange catch-up reading classes twice a week" in [
        i.title for i in worklist.work_items(school, worklist.Query())]


@pytest.mark.django_db
def test_the_demo_enrols_children(demo_world):
    assert Enrolment.objects.count() > 10
    assert EducationPlan.objects.count() >= 2
    counts = overview(demo_world.users["coordinator"]).counts
    assert counts["within"] > counts["later"] > 0 and counts["within"] > 0
