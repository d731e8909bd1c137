"""The justice pages, the case tab and the timeline: read by the coordinating unit, the
police of the jurisdiction and the justice agencies of the case; absent for health and
school staff and outside reach; every read audited as a read of `justice`."""

from datetime import date

import pytest
from django.test import Client

from reintegra.audit.models import AuditEvent

from .conftest import convict

SECTIONS = ["proceedings", "custody", "release", "supervision"]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "police", "prosecutor", "court", "prison", "probation"])
def test_readers_see_every_section_and_the_read_is_audited(jw, role):
    convict(jw, jw.man)
    client = _client(getattr(jw, role))
    for section in SECTIONS:
        response = client.get(f"/justice/cases/{jw.man.pk}/{section}/")
        assert response.status_code == 200, (role, section)
        event = AuditEvent.objects.order_by("-seq").first()
        assert (event.action, event.object_type, event.compartments, event.case_id) == (
            "read", f"justice_{section}", ["justice"], jw.man.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["health", "school"])
def test_health_and_school_see_no_justice(jw, role):
    convict(jw, jw.man)
    client = _client(getattr(jw, role))
    for section in SECTIONS:
        assert client.get(f"/justice/cases/{jw.man.pk}/{section}/").status_code == 404
    assert client.get(f"/cases/{jw.man.pk}/justice/").status_code == 404
    timeline = client.get(f"/cases/{jw.man.pk}/timeline/").content.decode()
    assert "Verdict" not in timeline and "Indicted" not in timeline


@pytest.mark.django_db
def test_out_of_reach_and_missing_cases_look_alike(jw):
    client = _client(jw.prosecutor)
    assert client.get(f"/justice/cases/{jw.other.pk}/proceedings/").status_code == 404
    assert client.get("/justice/cases/999999/proceedings/").status_code == 404
    assert client.post(f"/justice/cases/{jw.other.pk}/do/proceeding/",
                       {"proceeding-investigation_opened_on": "2020-01-01"}).status_code == 404


@pytest.mark.django_db
def test_the_case_tab_summarises_and_links_the_sections(jw):
    convict(jw, jw.man)
    html = _client(jw.coordinator).get(f"/cases/{jw.man.pk}/justice/").content.decode()
    assert "Organising and participating in a terrorist group" in html
    assert f"/justice/cases/{jw.man.pk}/custody/" in html and "3 years 6 months" in html


@pytest.mark.django_db
def test_the_timeline_shows_the_justice_history(jw):
    from reintegra.justice import services as S

    p, _v, sentence = convict(jw, jw.man, verdict_on=date(2020, 1, 15))
    S.placement_make(actor=jw.prison, case=jw.man, unit=jw.units["separated"], security_category="low",
                     reason="Serving", starts_on=date(2020, 1, 15), sentence=sentence)
    html = _client(jw.coordinator).get(f"/cases/{jw.man.pk}/timeline/").content.decode()
    for text in ("Investigation opened", "Pre-trial detention", "Indicted", "Verdict: Convicted",
                 "Sentence: Prison, 3 years 6 months", "Placed in Test Prison, Pavilion T", "Latest release"):
        assert text in html, text
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.object_type == "case_timeline" and "justice" in event.compartments


@pytest.mark.django_db
def test_api_justice_file_allowed_and_denied(jw):
    from tests.factories import api_token

    convict(jw, jw.man)
    token = api_token(jw.police.get_username())
    response = Client().get(f"/api/v1/justice/cases/{jw.man.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    body = response.json()
    assert body["sentences"][0]["credit_days"] == 270 and body["proceedings"][0]["charges"][0]["offence"] == "terrorist_group"
    for user in (jw.health, jw.school):
        token = api_token(user.get_username())
        response = Client().get(f"/api/v1/justice/cases/{jw.man.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_api_placement_refused_then_overridden(jw):
    from tests.factories import api_token

    convict(jw, jw.man)
    token = api_token(jw.prison.get_username())
    url = f"/api/v1/justice/cases/{jw.man.pk}/placements"
    payload = {"unit_id": jw.units["general"].pk, "security_category": "low", "reason": "Serving",
               "starts_on": "2020-01-15"}
    response = Client().post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    assert response.json()["violations"] == ["terrorism_separation"] and response.json()["field"] == "override_reason"
    payload["override_reason"] = "Separated pavilion under repair"
    response = Client().post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201
    token = api_token(jw.probation.get_username())
    response = Client().post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_api_measure_and_compliance(jw):
    from tests.factories import api_token

    p, _v, _s = convict(jw, jw.man)
    body = {"proceeding_id": p.pk, "kind": "house_arrest", "starts_on": "2019-01-01", "ends_on": "2019-01-10"}
    for user, status in ((jw.prison, 404), (jw.prosecutor, 201)):
        token = api_token(user.get_username())
        response = Client().post(f"/api/v1/justice/cases/{jw.man.pk}/measures", body, content_type="application/json",
                                 HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == status
    body["kind"] = "curfew"
    response = Client().post(f"/api/v1/justice/cases/{jw.man.pk}/measures", body, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422 and response.json()["field"] == "kind"
