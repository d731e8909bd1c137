"""Reading a conference: its chair, invited people, staff of invited agencies and holders of
conferences.manage; everyone else gets 404, as for a conference that does not exist. Each
reader sees only the agenda cases they may see; every read is audited."""

import pytest

from reintegra.audit.models import AuditEvent
from tests.factories import api_token

from .conftest import client_for, plan


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "coordinator2", "police", "social", "health", "school", "probation"])
def test_participants_and_managers_read_the_conference(cw, role):
    conference, _items = plan(cw, cases=[cw.case])
    client = client_for(getattr(cw, role))
    response = client.get(f"/conferences/{conference.pk}/")
    assert response.status_code == 200
    assert cw.case.reference in response.content.decode()
    assert f"/conferences/{conference.pk}/" in client.get("/conferences/").content.decode()
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.detail["cases"]) == ("read", "conference", [cw.case.pk])


@pytest.mark.django_db
def test_others_get_404(cw):
    conference, _items = plan(cw, cases=[cw.case])
    client = client_for(cw.outsider)
    assert client.get(f"/conferences/{conference.pk}/").status_code == 404
    assert client.get("/conferences/999999/").status_code == 404
    assert f"/conferences/{conference.pk}/" not in client.get("/conferences/").content.decode()
    token = api_token("ngo-user")
    assert client.get(f"/api/v1/conferences/{conference.pk}", headers={"Authorization": f"Bearer {token}"}).status_code == 404
    assert client.get("/api/v1/conferences/", headers={"Authorization": f"Bearer {token}"}).json() == []


@pytest.mark.django_db
def test_an_agenda_case_outside_the_readers_reach_is_only_counted(cw):
    conference, items = plan(cw, cases=[cw.case, cw.far])
    html = client_for(cw.school).get(f"/conferences/{conference.pk}/").content.decode()
    assert cw.case.reference in html and cw.far.reference not in html and "1 more case on the agenda" in html
    assert client_for(cw.school).get(f"/conferences/{conference.pk}/items/{items[1].pk}/").status_code == 404
    assert cw.far.reference in client_for(cw.coordinator).get(f"/conferences/{conference.pk}/").content.decode()


@pytest.mark.django_db
def test_the_api_reads_a_conference(cw):
    conference, _items = plan(cw, cases=[cw.case, cw.far])
    token = api_token("school-user")
    from django.test import Client

    body = Client().get(f"/api/v1/conferences/{conference.pk}", headers={"Authorization": f"Bearer {token}"}).json()
    assert [i["case_id"] for i in body["agenda"]] == [cw.case.pk] and body["hidden_items"] == 1
    assert {"user": "school-user", "present": False} in body["participants"]
