"""Planning a conference: holders of conferences.manage (the coordinating unit) only; the
chair must hold it too; bad input is refused with its field; audited."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from reintegra.access.policy import AccessDenied
from reintegra.audit.models import AuditEvent
from reintegra.cases.models import Notification
from reintegra.conferences import services
from reintegra.conferences.models import Conference

from .conftest import client_for


def _form(cw, **extra):
    data = {"title": "Case conference March", "held_at": "2030-03-05T10:00", "place": "Town hall",
            "chair": cw.coordinator.pk, "invited_agencies": [cw.agencies["police"].pk, cw.agencies["school"].pk],
            "participants": [cw.police.pk, cw.school.pk]}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_coordinator_plans_a_conference_from_the_page(cw):
    response = client_for(cw.coordinator).post("/conferences/new/", _form(cw))
    conference = Conference.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/conferences/{conference.pk}/proposal/"
    assert conference.chair == cw.coordinator and conference.held_at.tzinfo is not None
    assert set(conference.participants.values_list("user__username", flat=True)) == {
        "coordinator-user", "police-user", "school-user"}
    event = AuditEvent.objects.filter(object_type="conference_conference").get()
    assert event.action == "create" and event.username == "coordinator-user"
    assert Notification.objects.filter(user=cw.police, url=f"/conferences/{conference.pk}/").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["police", "social", "school", "outsider"])
def test_others_may_not_plan(cw, role):
    client = client_for(getattr(cw, role))
    assert client.get("/conferences/new/").status_code == 404
    assert client.post("/conferences/new/", _form(cw)).status_code == 404
    assert not Conference.objects.exists()
    with pytest.raises(AccessDenied):
        services.conference_create(actor=getattr(cw, role), title="x", held_at=timezone.now(), chair=cw.coordinator)


@pytest.mark.django_db
def test_the_chair_must_be_allowed_to_chair(cw):
    response = client_for(cw.coordinator).post("/conferences/new/", _form(cw, chair=cw.police.pk))
    assert response.status_code == 422 and not Conference.objects.exists()
    with pytest.raises(services.ConferenceInputError) as err:
        services.conference_create(actor=cw.coordinator, title="x", held_at=timezone.now(), chair=cw.police)
    assert err.value.field == "chair"


@pytest.mark.django_db
def test_bad_input_names_its_field(cw):
    response = client_for(cw.coordinator).post("/conferences/new/", _form(cw, title="", held_at="soon"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "This field is required" in html and "Enter a valid date/time" in html
    with pytest.raises(services.ConferenceInputError) as err:
        services.conference_create(actor=cw.coordinator, title="x", held_at=datetime(2030, 1, 1, 10),
                                   chair=cw.coordinator)
    assert err.value.field == "held_at"
    assert not Conference.objects.exists()


@pytest.mark.django_db
def test_the_api_plans_a_conference_and_refuses_others(cw):
    from tests.factories import api_token

    body = {"title": "API conference", "held_at": (timezone.now() + timedelta(days=7)).isoformat(),
            "chair": "coordinator-user", "participants": ["police-user"],
            "invited_agency_ids": [cw.agencies["police"].pk]}
    from django.test import Client

    client = Client()
    token = api_token("coordinator-user")
    response = client.post("/api/v1/conferences/", body, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.content
    police = api_token("police-user")
    refused = client.post("/api/v1/conferences/", body, content_type="application/json",
                          headers={"Authorization": f"Bearer {police}"})
    assert refused.status_code == 404
    bad = client.post("/api/v1/conferences/", {**body, "participants": ["nobody"]}, content_type="application/json",
                      headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 422 and bad.json()["field"] == "participants"
    assert Conference.objects.count() == 1
