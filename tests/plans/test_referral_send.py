"""Sending a referral: consent first, or a recorded override by a role allowed to."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reintegra.access.policy import AccessDenied
from reintegra.cases.models import Notification
from reintegra.people import services as people_services
from reintegra.plans import services as S

from .conftest import api, client_for, draft


@pytest.mark.django_db
def test_sent_with_consent_copies_only_the_chosen_facts(pw):
    referral = S.referral_send(actor=pw.coordinator, referral=draft(pw))
    assert referral.status == "sent" and referral.consent is not None
    assert set(referral.shared) == {"name", "date_of_birth"}
    assert referral.shared["name"] == pw.woman.person.display_name
    assert referral.response_due_at.utcoffset() == timedelta(0)
    assert referral.response_due_at - referral.sent_at == timedelta(days=S.response_days())
    assert Notification.objects.filter(user=pw.health, url__contains=f"/plans/referrals/{referral.pk}/").exists()


@pytest.mark.django_db
def test_refused_without_consent(pw):
    referral = draft(pw, case=pw.child, provider=pw.ngo_provider, service="art_play_therapy")
    with pytest.raises(S.ConsentMissing):
        S.referral_send(actor=pw.coordinator, referral=referral)
    referral.refresh_from_db()
    assert referral.status == "draft" and referral.shared == {}
    response = client_for(pw.coordinator).post(f"/plans/referrals/{referral.pk}/do/send/", {})
    assert response.status_code == 422 and "No consent" in response.content.decode()


@pytest.mark.django_db
def test_withdrawn_consent_does_not_count(pw):
    consent = pw.woman.person.consents.get()
    people_services.consent_withdraw(actor=None, consent=consent, withdrawn_at=timezone.now())
    with pytest.raises(S.ConsentMissing):
        S.referral_send(actor=pw.coordinator, referral=draft(pw))


@pytest.mark.django_db
def test_override_by_the_permitted_role_is_recorded(pw):
    referral = draft(pw, case=pw.child, provider=pw.ngo_provider, service="art_play_therapy")
    response = client_for(pw.coordinator).post(f"/plans/referrals/{referral.pk}/do/send/", {
        "send-override_reason": "Urgent: child in distress, guardian unreachable for a week"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "sent" and referral.consent is None
    assert referral.consent_override_by == pw.coordinator and "Urgent" in referral.consent_override_reason


@pytest.mark.django_db
def test_override_refused_for_a_role_without_the_permission(pw):
    referral = S.referral_create(actor=pw.probation, case=pw.woman,
                                 service=pw.services["psychological_care"], provider=pw.health_provider, reason="x")
    pw.woman.person.consents.all().delete()
    with pytest.raises(S.ConsentMissing) as err:
        S.referral_send(actor=pw.probation, referral=referral, override_reason="I think it is fine")
    assert "may not" in str(err.value)
    referral.refresh_from_db()
    assert referral.status == "draft"


@pytest.mark.django_db
def test_a_service_without_consent_requirement_is_sent(pw):
    referral = draft(pw, case=pw.child, provider=pw.ngo_provider, service="helpline")
    assert S.referral_send(actor=pw.coordinator, referral=referral).status == "sent"


@pytest.mark.django_db
def test_send_denied_to_others(pw):
    referral = draft(pw)
    with pytest.raises(AccessDenied):
        S.referral_send(actor=pw.social, referral=referral)
    assert client_for(pw.health).post(f"/plans/referrals/{referral.pk}/do/send/", {}).status_code == 404
    assert api(pw.police, "post", f"/api/v1/plans/referrals/{referral.pk}/send", {}).status_code == 404
    ok = api(pw.coordinator, "post", f"/api/v1/plans/referrals/{referral.pk}/send", {})
    assert ok.status_code == 200 and ok.json()["status"] == "sent"


@pytest.mark.django_db
def test_api_send_without_consent_names_the_field(pw):
    referral = draft(pw, case=pw.child, provider=pw.ngo_provider, service="art_play_therapy")
    response = api(pw.coordinator, "post", f"/api/v1/plans/referrals/{referral.pk}/send", {})
    assert response.status_code == 422 and response.json()["field"] == "override_reason"
