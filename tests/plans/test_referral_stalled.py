"""A referral waiting past its deadline, or whose sessions stop, raises an alert to the
key worker and the coordinating unit; it clears when the referral moves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reintegra.cases import periodic, worklist
from reintegra.cases.attention import cases_needing_attention
from reintegra.cases.models import Notification
from reintegra.plans import services as S
from reintegra.plans.models import Referral

from .conftest import accepted, client_for, sent


def _stall_notes(referral):
    return Notification.objects.filter(dedupe_key=f"referral:{referral.pk}:stalled")


@pytest.mark.django_db
def test_no_answer_by_the_deadline_raises_the_alert_and_accepting_clears_it(pw):
    referral = sent(pw)
    run = periodic.jobs()["referrals_stalled"]
    assert run(timezone.now()) == 0  # not yet due
    later = referral.response_due_at + timedelta(hours=1)
    assert run(later) == 1
    assert run(later) == 0  # idempotent
    referral.refresh_from_db()
    assert referral.stalled_at == later and referral.stalled_reason == "no_answer"
    told = set(_stall_notes(referral).values_list("user__username", flat=True))
    assert told == {"coord", "coord2"}  # the key worker and the coordinating unit
    reasons = cases_needing_attention(pw.coordinator)[pw.woman.pk]
    assert ("referral_stalled", "Stalled referral (Psychological and trauma care): no answer by the deadline.") in reasons
    items = worklist.work_items(pw.coordinator, worklist.Query(), only_kinds=["referral_stalled"])
    assert [i.url for i in items] == [f"/plans/referrals/{referral.pk}/"]
    assert "stalled" in client_for(pw.coordinator).get(f"/plans/cases/{pw.woman.pk}/").content.decode()

    S.referral_accept(actor=pw.health, referral=referral)
    referral.refresh_from_db()
    assert referral.stalled_at is None
    assert not _stall_notes(referral).filter(read_at__isnull=True).exists()
    assert pw.woman.pk not in cases_needing_attention(pw.coordinator)
    assert worklist.work_items(pw.coordinator, worklist.Query(), only_kinds=["referral_stalled"]) == []


@pytest.mark.django_db
def test_sessions_that_stop_raise_the_alert_and_a_session_clears_it(pw):
    referral = accepted(pw)
    S.session_record(actor=pw.health, referral=referral, at=timezone.now() - timedelta(hours=1), attendance="attended")
    run = periodic.jobs()["referrals_stalled"]
    assert run(timezone.now() + timedelta(days=S.stall_days() - 1)) == 0
    assert run(timezone.now() + timedelta(days=S.stall_days() + 1)) == 1
    referral.refresh_from_db()
    assert referral.stalled_reason == "no_sessions"
    assert "sessions have stopped" in cases_needing_attention(pw.coordinator)[pw.woman.pk][0][1]
    S.session_record(actor=pw.health, referral=referral, at=timezone.now(), attendance="missed")
    referral.refresh_from_db()
    assert referral.stalled_at is None


@pytest.mark.django_db
def test_stall_days_follow_the_setting(pw, settings):
    settings.REINTEGRA_REFERRAL_STALL_DAYS = 3
    referral = accepted(pw)
    assert periodic.jobs()["referrals_stalled"](timezone.now() + timedelta(days=4)) == 1
    assert Referral.objects.get(pk=referral.pk).stalled_at is not None


@pytest.mark.django_db
def test_closed_referrals_never_stall(pw):
    referral = accepted(pw)
    S.referral_complete(actor=pw.health, referral=referral, outcome="achieved", feedback="fine")
    assert periodic.jobs()["referrals_stalled"](timezone.now() + timedelta(days=400)) == 0


@pytest.mark.django_db
def test_provider_answer_list(pw):
    referral = sent(pw)
    items = worklist.work_items(pw.health, worklist.Query(), only_kinds=["referral_answer"])
    assert [i.url for i in items] == [f"/plans/referrals/{referral.pk}/"]
    assert items[0].case_reference == ""  # the provider is not told the case reference
    assert worklist.work_items(pw.ngo, worklist.Query(), only_kinds=["referral_answer"]) == []
