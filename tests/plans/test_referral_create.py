"""Making a referral: a draft, by someone who may write the case's programme."""

import pytest

from reintegra.access.policy import AccessDenied
from reintegra.plans import services as S
from reintegra.plans.models import Referral

from .conftest import api, client_for


@pytest.mark.django_db
def test_key_worker_drafts_a_referral_on_the_page(pw):
    response = client_for(pw.coordinator).post(f"/plans/cases/{pw.woman.pk}/do/referral/", {
        "referral-service": pw.services["psychological_care"].pk, "referral-provider": pw.health_provider.pk,
        "referral-reason": "Nightmares since return", "referral-shared_fields": ["date_of_birth"],
    })
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == "draft" and referral.shared_fields == ["name", "date_of_birth"]
    assert referral.shared == {}  # nothing is copied until it is sent


@pytest.mark.django_db
def test_a_reader_of_the_programme_may_not_make_a_referral(pw):
    response = client_for(pw.social).post(f"/plans/cases/{pw.woman.pk}/do/referral/", {
        "referral-service": pw.services["psychological_care"].pk, "referral-provider": pw.health_provider.pk,
        "referral-reason": "x",
    })
    assert response.status_code == 404
    with pytest.raises(AccessDenied):
        S.referral_create(actor=pw.social, case=pw.woman, service=pw.services["mentoring"],
                          provider=pw.ngo_provider, reason="x")
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_provider_must_offer_the_service(pw):
    with pytest.raises(S.PlansInputError) as err:
        S.referral_create(actor=pw.coordinator, case=pw.woman, service=pw.services["mentoring"],
                          provider=pw.health_provider, reason="x")
    assert err.value.field == "provider"
    response = client_for(pw.coordinator).post(f"/plans/cases/{pw.woman.pk}/do/referral/", {
        "referral-service": pw.services["mentoring"].pk, "referral-provider": pw.health_provider.pk,
        "referral-reason": "x",
    })
    assert response.status_code == 422 and "does not offer" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_api_creates_and_refuses(pw):
    url = f"/api/v1/plans/cases/{pw.woman.pk}/referrals"
    payload = {"service": "mentoring", "provider_id": pw.ngo_provider.pk, "reason": "A mentor",
               "shared_fields": ["municipality"]}
    made = api(pw.coordinator, "post", url, payload)
    assert made.status_code == 200 and made.json()["status"] == "draft"
    assert api(pw.police, "post", url, payload).status_code == 404
    assert api(pw.social, "post", url, payload).status_code == 404
    bad = api(pw.coordinator, "post", url, {**payload, "shared_fields": ["health_notes"]})
    assert bad.status_code == 422 and bad.json()["field"] == "shared_fields"
    assert Referral.objects.count() == 1
