"""Completion with an outcome and feedback to the key worker."""

import pytest

from reintegra.access.policy import AccessDenied
from reintegra.cases.models import Notification
from reintegra.plans import services as S

from .conftest import accepted, api, client_for, sent


@pytest.mark.django_db
def test_provider_completes_and_the_key_worker_hears(pw):
    referral = accepted(pw)
    response = client_for(pw.health).post(f"/plans/referrals/{referral.pk}/do/complete/", {
        "complete-outcome": "achieved", "complete-feedback": "Twelve sessions; sleeping better."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.outcome == "achieved"
    assert Notification.objects.filter(user=pw.coordinator, message__contains="completed").exists()
    page = client_for(pw.coordinator).get(f"/plans/referrals/{referral.pk}/").content.decode()
    assert "sleeping better" in page


@pytest.mark.django_db
def test_completion_needs_feedback_acceptance_and_the_provider(pw):
    referral = sent(pw)
    with pytest.raises(S.PlansInputError):
        S.referral_complete(actor=pw.health, referral=referral, outcome="achieved", feedback="done")
    S.referral_accept(actor=pw.health, referral=referral)
    with pytest.raises(S.PlansInputError):
        S.referral_complete(actor=pw.health, referral=referral, outcome="achieved", feedback=" ")
    with pytest.raises(AccessDenied):
        S.referral_complete(actor=pw.coordinator, referral=referral, outcome="achieved", feedback="x")
    url = f"/api/v1/plans/referrals/{referral.pk}/complete"
    assert api(pw.social, "post", url, {"outcome": "achieved", "feedback": "x"}).status_code == 404
    assert api(pw.health, "post", url, {"outcome": "great", "feedback": "x"}).status_code == 422
    assert api(pw.health, "post", url, {"outcome": "partly", "feedback": "x"}).json()["status"] == "completed"


@pytest.mark.django_db
def test_key_worker_withdraws(pw):
    referral = sent(pw)
    assert client_for(pw.social).post(f"/plans/referrals/{referral.pk}/do/withdraw/",
                                      {"withdraw-reason": "moved"}).status_code == 404
    response = client_for(pw.coordinator).post(f"/plans/referrals/{referral.pk}/do/withdraw/",
                                               {"withdraw-reason": "Moved to Prizren"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
