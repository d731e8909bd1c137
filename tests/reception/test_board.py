"""The protocol board, the working list, the timeline and attention: each shows a user only
the steps whose compartment they may read."""

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.cases import attention, worklist
from reintegra.cases.selectors import case_timeline_read
from reintegra.reception.models import Step
from tests.factories import api_token

from .helpers import family_rows, operation_with, reception_world


@pytest.fixture
def rw(world):
    rw = reception_world(world)
    operation_with(rw, family_rows())
    return rw


def _page(user, url, **params):
    client = Client()
    client.force_login(user)
    return client.get(url, params)


@pytest.mark.django_db
def test_the_board_by_person_and_by_agency(rw):
    op = rw.operation
    police = _page(rw.world.police, f"/reception/operations/{op.pk}/board/")
    assert police.status_code == 200
    text = police.content.decode()
    assert "Security screening" in text and "Medical check-up" not in text
    coordinator = _page(rw.world.coordinator, f"/reception/operations/{op.pk}/board/", by="agency", window="overdue")
    text = coordinator.content.decode()
    assert "Family notified" in text and "Security screening" not in text  # never raw intelligence
    assert "overdue" in text  # 2019 deadlines are long past
    health = _page(rw.health, f"/reception/operations/{op.pk}/board/", by="agency")
    assert "Mental Health Prishtinë" in health.content.decode()


@pytest.mark.django_db
def test_the_board_is_not_found_for_who_has_no_step_there(rw):
    assert _page(rw.world.school, f"/reception/operations/{rw.operation.pk}/board/").status_code == 404
    assert _page(rw.world.dpo, f"/reception/operations/{rw.operation.pk}/board/").status_code == 404


@pytest.mark.django_db
def test_the_board_through_the_api(rw):
    client = Client()
    police = client.get(f"/api/v1/reception/operations/{rw.operation.pk}/steps?window=overdue",
                        HTTP_AUTHORIZATION=f"Bearer {api_token('officer')}")
    assert police.status_code == 200
    assert {s["compartment"] for s in police.json()} <= {"security", "identity", "family", "justice"}
    assert all(s["status"] == "overdue" for s in police.json())
    denied = client.get(f"/api/v1/reception/operations/{rw.operation.pk}/steps",
                        HTTP_AUTHORIZATION=f"Bearer {api_token('teacher')}")
    assert denied.status_code == 404 and denied.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_steps_reach_the_working_list_of_their_agency(rw):
    police_items = worklist.work_items(rw.world.police, worklist.Query(), only_kinds=["protocol_step"])
    titles = {i.title for i in police_items}
    assert "Security screening" in titles and "Medical check-up (vaccination, dental care)" not in titles
    health_items = worklist.work_items(rw.health, worklist.Query(due_before=timezone.now()), only_kinds=["protocol_step"])
    assert health_items and all(i.owner == "Mental Health Prishtinë" and i.overdue for i in health_items)
    case = Step.objects.get(key="arrest_on_arrival").case
    only = worklist.work_items(rw.world.police, worklist.Query(case_id=case.pk), only_kinds=["protocol_step"])
    assert {i.case_id for i in only} == {case.pk}
    assert worklist.work_items(rw.world.school, worklist.Query(), only_kinds=["protocol_step"]) == []


@pytest.mark.django_db
def test_timeline_and_attention_follow_the_compartments(rw):
    case = Step.objects.get(key="arrest_on_arrival").case
    _case, _access, events = case_timeline_read(rw.world.police, case.pk)
    titles = [e.title for e in events]
    assert "Due: Security screening" in titles and not any("Medical" in t for t in titles)
    reasons = attention.cases_needing_attention(rw.world.coordinator)
    flat = [r for rs in reasons.values() for _k, r in rs]
    assert any("Family notified" in r for r in flat) and not any("Security screening" in r for r in flat)
