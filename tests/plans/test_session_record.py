"""Sessions recorded by the provider, with attendance."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from reintegra.access.policy import AccessDenied
from reintegra.plans import services as S
from reintegra.plans.models import Session

from .conftest import accepted, api, client_for, sent


@pytest.mark.django_db
def test_provider_records_each_kind_of_attendance(pw):
    referral = accepted(pw)
    for kind in ("attended", "missed", "cancelled", "refused"):
        S.session_record(actor=pw.health, referral=referral, at=timezone.now() - timedelta(hours=2), attendance=kind)
    assert sorted(Session.objects.values_list("attendance", flat=True)) == ["attended", "cancelled", "missed", "refused"]


@pytest.mark.django_db
def test_session_on_the_page_and_bad_input(pw):
    referral = accepted(pw)
    client = client_for(pw.health)
    when = timezone.localtime() - timedelta(hours=1)
    ok = client.post(f"/plans/referrals/{referral.pk}/do/session/", {
        "session-at": when.strftime("%Y-%m-%dT%H:%M"), "session-attendance": "attended"})
    assert ok.status_code == 302
    bad = client.post(f"/plans/referrals/{referral.pk}/do/session/", {
        "session-at": when.strftime("%Y-%m-%dT%H:%M"), "session-attendance": "asleep"})
    assert bad.status_code == 422
    future = client.post(f"/plans/referrals/{referral.pk}/do/session/", {
        "session-at": (when + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"), "session-attendance": "attended"})
    assert future.status_code == 422
    assert Session.objects.count() == 1
    assert Session.objects.get().at.utcoffset() == timedelta(0) or timezone.is_aware(Session.objects.get().at)


@pytest.mark.django_db
def test_no_session_before_acceptance_nor_by_others(pw):
    referral = sent(pw)
    with pytest.raises(S.PlansInputError):
        S.session_record(actor=pw.health, referral=referral, at=timezone.now(), attendance="attended")
    S.referral_accept(actor=pw.health, referral=referral)
    with pytest.raises(AccessDenied):
        S.session_record(actor=pw.coordinator, referral=referral, at=timezone.now(), attendance="attended")
    with pytest.raises(S.PlansInputError):
        S.session_record(actor=pw.health, referral=referral, at=datetime(2026, 1, 1, 10), attendance="attended")
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_api_session(pw):
    referral = accepted(pw)
    url = f"/api/v1/plans/referrals/{referral.pk}/sessions"
    at = (timezone.now() - timedelta(hours=1)).isoformat()
    assert api(pw.health, "post", url, {"at": at, "attendance": "missed"}).status_code == 200
    assert api(pw.coordinator, "post", url, {"at": at, "attendance": "missed"}).status_code == 404
    bad = api(pw.health, "post", url, {"at": at, "attendance": "late"})
    assert bad.status_code == 422 and bad.json()["field"] == "attendance"
