"""Each participant's summary of an agenda case shows only the compartments their role may
read, built from `cases.compartments`; reading it is audited like a case read."""

import pytest
from django.test import Client

from reintegra.audit.models import AuditEvent
from tests.factories import api_token

from .conftest import NOTES, client_for, plan

# Which notes each role's summary shows (access/policy/default.yaml).
SEES = {
    "coordinator": {"justice", "health", "education", "social_support", "child_protection"},
    "police": {"security", "justice"},
    "social": {"education", "social_support", "child_protection"},
    "health": {"health", "child_protection"},
    "school": {"education"},
    "probation": {"justice", "social_support"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(SEES))
def test_each_participant_sees_only_their_compartments(cw, role):
    conference, items = plan(cw, cases=[cw.case])
    response = client_for(getattr(cw, role)).get(f"/conferences/{conference.pk}/items/{items[0].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for compartment, text in NOTES.items():
        assert (text in html) == (compartment in SEES[role]), (role, compartment)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.case_id) == ("read", "conference_summary", cw.case.pk)
    assert SEES[role] <= set(event.compartments)
    assert not (set(NOTES) - SEES[role]) & set(event.compartments)


@pytest.mark.django_db
def test_the_school_sees_no_security_or_justice_part(cw):
    conference, items = plan(cw, cases=[cw.case])
    html = client_for(cw.school).get(f"/conferences/{conference.pk}/items/{items[0].pk}/").content.decode()
    assert 'data-compartment="security"' not in html and 'data-compartment="justice"' not in html
    assert 'data-compartment="education"' in html


@pytest.mark.django_db
def test_the_police_see_no_health_part(cw):
    conference, items = plan(cw, cases=[cw.case])
    html = client_for(cw.police).get(f"/conferences/{conference.pk}/items/{items[0].pk}/").content.decode()
    assert 'data-compartment="health"' not in html and 'data-compartment="security"' in html


@pytest.mark.django_db
def test_outsiders_and_unknown_items_get_404(cw):
    conference, items = plan(cw, cases=[cw.case])
    assert client_for(cw.outsider).get(f"/conferences/{conference.pk}/items/{items[0].pk}/").status_code == 404
    assert client_for(cw.coordinator).get(f"/conferences/{conference.pk}/items/999999/").status_code == 404
    other, _ = plan(cw, cases=[cw.second])
    # An item of another conference is not found through this one.
    assert client_for(cw.coordinator).get(f"/conferences/{other.pk}/items/{items[0].pk}/").status_code == 404


@pytest.mark.django_db
def test_the_api_summary_is_filtered_too(cw):
    conference, items = plan(cw, cases=[cw.case])
    url = f"/api/v1/conferences/{conference.pk}/items/{items[0].pk}"
    school = Client().get(url, headers={"Authorization": f"Bearer {api_token('school-user')}"}).json()
    assert set(school["summary"]) == {"identity", "education"}
    police = Client().get(url, headers={"Authorization": f"Bearer {api_token('police-user')}"}).json()
    assert "health" not in police["summary"] and "security" in police["summary"]
    refused = Client().get(url, headers={"Authorization": f"Bearer {api_token('ngo-user')}"})
    assert refused.status_code == 404
    assert AuditEvent.objects.filter(object_type="conference_summary", channel="api").count() == 2
