"""The provider accepts or declines (with a reason) a referral sent to it."""

import pytest

from reintegra.access.policy import AccessDenied
from reintegra.cases.models import Notification
from reintegra.plans import services as S

from .conftest import api, client_for, draft, sent


@pytest.mark.django_db
def test_provider_accepts_on_the_page(pw):
    referral = sent(pw)
    response = client_for(pw.health).post(f"/plans/referrals/{referral.pk}/do/accept/", {})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.responded_by == pw.health
    assert Notification.objects.filter(user=pw.coordinator, message__contains="accepted").exists()


@pytest.mark.django_db
def test_provider_declines_with_a_reason(pw):
    referral = sent(pw)
    client = client_for(pw.health)
    refused = client.post(f"/plans/referrals/{referral.pk}/do/decline/", {"decline-reason": ""})
    assert refused.status_code == 422
    response = client.post(f"/plans/referrals/{referral.pk}/do/decline/", {"decline-reason": "No places until May"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "declined" and referral.decline_reason == "No places until May"
    assert Notification.objects.filter(user=pw.coordinator, message__contains="declined").exists()


@pytest.mark.django_db
def test_only_the_provider_answers(pw):
    referral = sent(pw)
    with pytest.raises(AccessDenied):
        S.referral_accept(actor=pw.coordinator, referral=referral)
    with pytest.raises(AccessDenied):
        S.referral_accept(actor=pw.ngo, referral=referral)
    assert client_for(pw.coordinator).post(f"/plans/referrals/{referral.pk}/do/accept/", {}).status_code == 404
    assert api(pw.ngo, "post", f"/api/v1/plans/referrals/{referral.pk}/accept").status_code == 404
    referral.refresh_from_db()
    assert referral.status == "sent"


@pytest.mark.django_db
def test_a_draft_cannot_be_answered(pw):
    referral = draft(pw)
    with pytest.raises(AccessDenied):
        S.referral_accept(actor=pw.health, referral=referral)


@pytest.mark.django_db
def test_api_accept_and_decline(pw):
    first, second = sent(pw), sent(pw)
    ok = api(pw.health, "post", f"/api/v1/plans/referrals/{first.pk}/accept")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    again = api(pw.health, "post", f"/api/v1/plans/referrals/{first.pk}/accept")
    assert again.status_code == 422
    no_reason = api(pw.health, "post", f"/api/v1/plans/referrals/{second.pk}/decline", {"reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    declined = api(pw.health, "post", f"/api/v1/plans/referrals/{second.pk}/decline", {"reason": "Full"})
    assert declined.json()["status"] == "declined"
