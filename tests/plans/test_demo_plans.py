"""The demo gains services, providers, plans, referrals in every state and sessions."""

import pytest
from django.test import Client

from reintegra.cases.attention import cases_needing_attention
from reintegra.cases.models import Case
from reintegra.plans.models import Plan, Referral, ReferralStatus, Session


def _login(username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_demo_has_the_whole_flow(demo_world):
    states = set(Referral.objects.values_list("status", flat=True))
    assert states == set(ReferralStatus.values)
    flight = Case.objects.filter(reference__lte="RKS-0110")
    assert Plan.objects.filter(case__in=flight, current=True).count() >= 60
    assert Plan.objects.filter(framework="child_pillars").exists()
    stalled = Referral.objects.get(stalled_at__isnull=False)
    coordinator = demo_world.users["coordinator"]
    assert any(kind == "referral_stalled" for kind, _r in cases_needing_attention(coordinator)[stalled.case_id])


@pytest.mark.django_db
def test_demo_women_on_suspended_sentences_have_treatment_sessions(demo_world):
    treated = Referral.objects.filter(service__code="psychological_care", status="accepted",
                                      case__stage="supervision", case__person__sex="F")
    assert treated.count() == 32
    assert Session.objects.filter(referral__in=treated, attendance="attended").count() > 32 * 8
    case = treated.first().case
    page = _login("probation").get(f"/justice/cases/{case.pk}/supervision/").content.decode()
    assert "Session attended" in page and "Mental Health Centre Prishtinë" in page


@pytest.mark.django_db
def test_demo_ngo_user_sees_its_referrals_but_not_the_cases(demo_world):
    client = _login("ngo")
    inbox = client.get("/plans/referrals/")
    assert inbox.status_code == 200 and "Sent, awaiting answer" in inbox.content.decode()
    referral = Referral.objects.filter(provider__agency__name="Open Doors Reintegration Network",
                                       status="sent").exclude(case__team__user__username="ngo").first()
    assert client.get(f"/plans/referrals/{referral.pk}/").status_code == 200
    assert client.get(f"/cases/{referral.case_id}/").status_code == 404
