"""A provider's users read the referral and what it shares, never the case file beyond it."""

import pytest

from reintegra.access import policy
from reintegra.plans import selectors

from .conftest import accepted, api, client_for, draft, sent


@pytest.mark.django_db
def test_provider_reads_the_referral_and_its_shared_facts_only(pw):
    referral = sent(pw, fields=("date_of_birth",))
    response = client_for(pw.health).get(f"/plans/referrals/{referral.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert pw.woman.person.display_name in body and "1992-07-09" in body
    assert pw.woman.reference not in body  # the case reference is not shared
    assert pw.woman.municipality not in body  # not chosen: not shared
    assert "The case file is not open to you" in body


@pytest.mark.django_db
def test_provider_cannot_open_the_case(pw):
    referral = accepted(pw)
    client = client_for(pw.health)
    for url in [f"/cases/{pw.woman.pk}/", f"/cases/{pw.woman.pk}/programme/", f"/cases/{pw.woman.pk}/identity/",
                f"/plans/cases/{pw.woman.pk}/", f"/cases/{pw.woman.pk}/timeline/"]:
        assert client.get(url).status_code == 404, url
    assert api(pw.health, "get", f"/api/v1/plans/cases/{pw.woman.pk}").status_code == 404
    body = api(pw.health, "get", f"/api/v1/plans/referrals/{referral.pk}").json()
    assert "case_id" not in body and set(body["shared"]) == {"name", "date_of_birth"}
    assert not policy.case_access(pw.health, pw.woman).visible


@pytest.mark.django_db
def test_provider_does_not_see_drafts_or_other_providers_referrals(pw):
    own_draft = draft(pw)
    other = sent(pw, service="mentoring", provider=pw.ngo_provider)
    client = client_for(pw.health)
    assert client.get(f"/plans/referrals/{own_draft.pk}/").status_code == 404
    assert client.get(f"/plans/referrals/{other.pk}/").status_code == 404
    assert list(selectors.referrals_visible(pw.health)) == []
    assert api(pw.health, "get", "/api/v1/plans/referrals").json() == []


@pytest.mark.django_db
def test_provider_inbox_lists_referrals_to_its_agency(pw):
    referral = sent(pw, service="mentoring", provider=pw.ngo_provider)
    response = client_for(pw.ngo).get("/plans/referrals/")
    assert response.status_code == 200 and pw.woman.person.display_name in response.content.decode()
    rows = api(pw.ngo, "get", "/api/v1/plans/referrals").json()
    assert [r["id"] for r in rows] == [referral.pk]
    from reintegra.audit.models import AuditEvent

    listed = AuditEvent.objects.filter(object_type="plans_provider_referrals", username="ngo-worker")
    assert listed.count() == 2  # the page and the API
    assert "/plans/referrals/" + str(referral.pk) not in client_for(pw.health).get("/plans/referrals/").content.decode()


@pytest.mark.django_db
def test_key_worker_reads_attendance_but_not_the_providers_notes(pw):
    from datetime import timedelta

    from django.utils import timezone

    from reintegra.plans import services as S

    referral = accepted(pw)
    S.session_record(actor=pw.health, referral=referral, at=timezone.now() - timedelta(hours=1),
                     attendance="attended", note="PRIVATE THERAPY NOTE")
    case_side = client_for(pw.coordinator).get(f"/plans/referrals/{referral.pk}/").content.decode()
    assert "Attended" in case_side and "PRIVATE THERAPY NOTE" not in case_side
    assert "PRIVATE THERAPY NOTE" in client_for(pw.health).get(f"/plans/referrals/{referral.pk}/").content.decode()


@pytest.mark.django_db
def test_police_reads_no_referral(pw):
    referral = sent(pw)
    assert client_for(pw.police).get(f"/plans/referrals/{referral.pk}/").status_code == 404
    assert api(pw.police, "get", f"/api/v1/plans/referrals/{referral.pk}").status_code == 404
