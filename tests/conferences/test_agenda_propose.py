"""The proposed agenda comes from the `cases.attention` registry (any app's reasons) and
from reviews a conference set; the chair picks from it. Reasons are shown only to readers
of their compartment; only those who may change the conference see the proposal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.cases import attention
from reintegra.conferences import services
from reintegra.conferences.models import AgendaItem
from tests.factories import api_token

from .conftest import client_for, plan


@pytest.fixture
def health_reason(cw):
    """A registered reason in the health compartment, as another app would register one."""
    def reason(cases):
        return {c: ["Therapy sessions stopped"] for c in cases.filter(pk=cw.case.pk).values_list("pk", flat=True)}

    registered = attention.source("test_health_reason", compartment="health")(reason)
    yield registered
    attention._SOURCES[:] = [s for s in attention._SOURCES if s.fn is not registered]


@pytest.fixture
def identity_reason(cw):
    def reason(cases):
        return {c: ["Plan review due"] for c in cases.filter(pk=cw.second.pk).values_list("pk", flat=True)}

    registered = attention.source("test_plan_review", compartment="identity")(reason)
    yield registered
    attention._SOURCES[:] = [s for s in attention._SOURCES if s.fn is not registered]


@pytest.mark.django_db
def test_the_proposal_lists_registered_reasons_the_chair_may_read(cw, health_reason, identity_reason):
    conference, _ = plan(cw, held_at=timezone.now() + timedelta(days=3))
    html = client_for(cw.coordinator).get(f"/conferences/{conference.pk}/proposal/").content.decode()
    assert cw.second.reference in html and "Plan review due" in html
    # The coordinator reads health: the health reason proposes the case too.
    assert cw.case.reference in html and "Therapy sessions stopped" in html
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.object_type == "conference_proposal" and set(event.detail["cases"]) == {cw.case.pk, cw.second.pk}


@pytest.mark.django_db
def test_the_chair_picks_cases_from_the_proposal(cw, identity_reason):
    conference, _ = plan(cw, held_at=timezone.now() + timedelta(days=3))
    response = client_for(cw.coordinator).post(f"/conferences/{conference.pk}/proposal/", {"case": [cw.second.pk]})
    assert response.status_code == 302
    assert list(conference.items.values_list("case_id", flat=True)) == [cw.second.pk]
    # Once on the agenda, it is no longer proposed.
    html = client_for(cw.coordinator).get(f"/conferences/{conference.pk}/proposal/").content.decode()
    assert f'value="{cw.second.pk}"' not in html
    assert AuditEvent.objects.filter(object_type="conference_agendaitem", action="create",
                                     case_id=cw.second.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["police", "school", "outsider"])
def test_participants_and_others_may_not_see_the_proposal_or_change_the_agenda(cw, role, identity_reason):
    conference, _ = plan(cw, held_at=timezone.now() + timedelta(days=3))
    client = client_for(getattr(cw, role))
    assert client.get(f"/conferences/{conference.pk}/proposal/").status_code == 404
    assert client.post(f"/conferences/{conference.pk}/proposal/", {"case": [cw.second.pk]}).status_code == 404
    assert client.post(f"/conferences/{conference.pk}/agenda/", {"reference": cw.second.reference}).status_code == 404
    assert not AgendaItem.objects.exists()


@pytest.mark.django_db
def test_adding_by_reference_and_its_errors(cw):
    conference, _ = plan(cw, held_at=timezone.now() + timedelta(days=3))
    client = client_for(cw.coordinator)
    assert client.post(f"/conferences/{conference.pk}/agenda/", {"reference": cw.case.reference}).status_code == 302
    again = client.post(f"/conferences/{conference.pk}/agenda/", {"reference": cw.case.reference})
    assert again.status_code == 422 and "already on the agenda" in again.content.decode()
    unknown = client.post(f"/conferences/{conference.pk}/agenda/", {"reference": "NOPE-1"})
    assert unknown.status_code == 422 and "No case you may read" in unknown.content.decode()
    assert conference.items.count() == 1


@pytest.mark.django_db
def test_a_review_set_by_a_conference_comes_back_when_due(cw):
    conference, items = plan(cw, cases=[cw.case])
    services.minutes_write(actor=cw.coordinator, item=items[0], discussion="Stable.",
                           next_review_on=timezone.localdate())
    services.minutes_approve(actor=cw.coordinator, conference=conference)
    found = attention.cases_needing_attention(cw.social)
    assert ("conference_review_due", f"Review by a case conference due since {timezone.localdate().isoformat()}.") \
        in found[cw.case.pk]
    later, _ = plan(cw, held_at=timezone.now() + timedelta(days=2))
    rows = client_for(cw.coordinator).get(f"/api/v1/conferences/{later.pk}/proposal",
                                          headers={"Authorization": f"Bearer {api_token('coordinator-user')}"}).json()
    assert any(r["case_id"] == cw.case.pk and r["reasons"][0]["kind"] == "conference_review_due" for r in rows)
    # Once a later conference has it on its agenda, the reason is gone.
    services.agenda_add(actor=cw.coordinator, conference=later, case=cw.case)
    assert "conference_review_due" not in [k for k, _r in attention.cases_needing_attention(cw.social).get(
        cw.case.pk, [])]


@pytest.mark.django_db
def test_the_api_adds_to_the_agenda_and_refuses_others(cw):
    conference, _ = plan(cw, held_at=timezone.now() + timedelta(days=3))
    from django.test import Client

    client = Client()
    ok = client.post(f"/api/v1/conferences/{conference.pk}/agenda", {"case_id": cw.case.pk},
                     content_type="application/json", headers={"Authorization": f"Bearer {api_token('coordinator-user')}"})
    assert ok.status_code == 201
    refused = client.post(f"/api/v1/conferences/{conference.pk}/agenda", {"case_id": cw.second.pk},
                          content_type="application/json", headers={"Authorization": f"Bearer {api_token('police-user')}"})
    assert refused.status_code == 404
    twice = client.post(f"/api/v1/conferences/{conference.pk}/agenda", {"case_id": cw.case.pk},
                        content_type="application/json", headers={"Authorization": f"Bearer {api_token('coordinator-user')}"})
    assert twice.status_code == 422 and twice.json()["field"] == "case"
