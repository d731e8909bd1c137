"""Minutes: the discussion, decisions and actions of each agenda case, written by the chair
(or another holder of conferences.manage); participants read them but may not write."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.conferences import services
from reintegra.conferences.models import Action, Decision
from tests.factories import api_token

from .conftest import client_for, plan


def _action_form(cw, **extra):
    data = {"action-title": "Enrol in catch-up classes", "action-owner_user": cw.school.pk,
            "action-due_on": (timezone.localdate() + timedelta(days=14)).isoformat(), "action-compartment": "education"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_chair_writes_the_minutes_on_the_page(cw):
    conference, items = plan(cw, cases=[cw.case])
    url = f"/conferences/{conference.pk}/items/{items[0].pk}/do"
    client = client_for(cw.coordinator)
    assert client.post(f"{url}/minutes/", {"minutes-discussion": "School going well.",
                                            "minutes-next_review_on": ""}).status_code == 302
    assert client.post(f"{url}/decision/", {"decision-text": "Continue the current plan."}).status_code == 302
    assert client.post(f"{url}/action/", _action_form(cw)).status_code == 302
    items[0].refresh_from_db()
    assert items[0].discussion == "School going well."
    assert Decision.objects.get().text == "Continue the current plan."
    action = Action.objects.get()
    assert action.owner_user == cw.school and action.compartment == "education" and action.task is None
    assert action.due_at.tzinfo is not None
    html = client_for(cw.police).get(f"/conferences/{conference.pk}/items/{items[0].pk}/").content.decode()
    assert "Continue the current plan." in html and "Enrol in catch-up classes" in html
    kinds = set(AuditEvent.objects.filter(case_id=cw.case.pk, action__in=["create", "update"])
                .values_list("object_type", flat=True))
    assert {"conference_agendaitem", "conference_decision", "conference_action"} <= kinds


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["police", "school", "outsider"])
def test_others_may_not_write_minutes(cw, role):
    conference, items = plan(cw, cases=[cw.case])
    url = f"/conferences/{conference.pk}/items/{items[0].pk}/do"
    client = client_for(getattr(cw, role))
    assert client.post(f"{url}/minutes/", {"minutes-discussion": "x"}).status_code == 404
    assert client.post(f"{url}/decision/", {"decision-text": "x"}).status_code == 404
    assert client.post(f"{url}/action/", _action_form(cw)).status_code == 404
    assert not Decision.objects.exists() and not Action.objects.exists()


@pytest.mark.django_db
def test_another_manager_may_keep_the_minutes(cw):
    conference, items = plan(cw, cases=[cw.case])
    response = client_for(cw.coordinator2).post(
        f"/conferences/{conference.pk}/items/{items[0].pk}/do/decision/", {"decision-text": "Noted."})
    assert response.status_code == 302 and Decision.objects.exists()


@pytest.mark.django_db
def test_bad_actions_are_refused_with_their_field(cw):
    conference, items = plan(cw, cases=[cw.case])
    url = f"/conferences/{conference.pk}/items/{items[0].pk}/do/action/"
    client = client_for(cw.coordinator)
    no_owner = client.post(url, _action_form(cw, **{"action-owner_user": ""}))
    assert no_owner.status_code == 422 and "Say who owns the action" in no_owner.content.decode()
    # The school cannot read the security part: the task would be invisible to them.
    hidden = client.post(url, _action_form(cw, **{"action-compartment": "security"}))
    assert hidden.status_code == 422 and "cannot read this part of the case file" in hidden.content.decode()
    early = client.post(url, _action_form(cw, **{"action-due_on": "2000-01-01"}))
    assert early.status_code == 422 and "due before the conference" in early.content.decode()
    assert client.post(f"/conferences/{conference.pk}/items/{items[0].pk}/do/decision/",
                       {"decision-text": ""}).status_code == 422
    assert not Action.objects.exists() and not Decision.objects.exists()


@pytest.mark.django_db
def test_an_agency_may_own_an_action(cw):
    conference, items = plan(cw, cases=[cw.case])
    action = services.action_add(actor=cw.coordinator, item=items[0], title="Check housing",
                                 owner_agency=cw.agencies["social"], due_at=timezone.now() + timedelta(days=7),
                                 compartment="social_support")
    assert action.owner_label == "Social work Prishtinë"


@pytest.mark.django_db
def test_the_api_writes_minutes_and_refuses_participants(cw):
    conference, items = plan(cw, cases=[cw.case])
    base = f"/api/v1/conferences/{conference.pk}/items/{items[0].pk}"
    chair = {"Authorization": f"Bearer {api_token('coordinator-user')}"}
    police = {"Authorization": f"Bearer {api_token('police-user')}"}
    client = Client()
    assert client.put(f"{base}/minutes", {"discussion": "Discussed."}, content_type="application/json",
                      headers=chair).status_code == 200
    assert client.post(f"{base}/decisions", {"text": "Refer to mentoring."}, content_type="application/json",
                       headers=chair).status_code == 201
    due = (timezone.now() + timedelta(days=10)).isoformat()
    made = client.post(f"{base}/actions", {"title": "Report attendance", "due_at": due, "owner_user": "probation-user",
                                           "compartment": "justice"}, content_type="application/json", headers=chair)
    assert made.status_code == 201
    bad = client.post(f"{base}/actions", {"title": "x", "due_at": due, "compartment": "nowhere",
                                          "owner_user": "probation-user"}, content_type="application/json", headers=chair)
    assert bad.status_code == 422 and bad.json()["field"] == "compartment"
    assert client.post(f"{base}/decisions", {"text": "x"}, content_type="application/json",
                       headers=police).status_code == 404
    assert Decision.objects.count() == 1 and Action.objects.count() == 1
