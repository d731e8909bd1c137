"""One plan per case: pathways for an adult, the four pillars for a child."""

import pytest

from reintegra.access.policy import AccessDenied
from reintegra.plans import services as S
from reintegra.plans.models import Plan

from .conftest import api, client_for


@pytest.mark.django_db
def test_key_worker_starts_a_plan_on_the_page(pw):
    client = client_for(pw.coordinator)
    assert client.post(f"/plans/cases/{pw.woman.pk}/do/plan/", {"plan-summary": "Home, work, health"}).status_code == 302
    plan = Plan.objects.get(case=pw.woman)
    assert plan.version == 1 and plan.current and plan.framework == "pathways"
    assert plan.review_due_at is not None and plan.review_due_at.utcoffset() is not None
    page = client.get(f"/plans/cases/{pw.woman.pk}/").content.decode()
    assert "Accommodation" in page and "Attitudes and thinking" in page


@pytest.mark.django_db
def test_a_child_gets_the_four_pillars(pw):
    plan = S.plan_create(actor=pw.coordinator, case=pw.child)
    assert plan.framework == "child_pillars"
    page = client_for(pw.coordinator).get(f"/plans/cases/{pw.child.pk}/").content.decode()
    for pillar in ("Custody", "Security risk", "Care", "Education"):
        assert pillar in page
    with pytest.raises(S.PlansInputError):
        S.goal_add(actor=pw.coordinator, plan=plan, pathway="accommodation", text="A flat")


@pytest.mark.django_db
def test_only_one_plan_per_case(pw):
    S.plan_create(actor=pw.coordinator, case=pw.woman)
    with pytest.raises(S.PlansInputError):
        S.plan_create(actor=pw.coordinator, case=pw.woman)
    assert Plan.objects.filter(case=pw.woman).count() == 1


@pytest.mark.django_db
def test_plan_denied_to_readers_and_outsiders(pw):
    with pytest.raises(AccessDenied):
        S.plan_create(actor=pw.social, case=pw.woman)
    assert client_for(pw.social).post(f"/plans/cases/{pw.woman.pk}/do/plan/", {}).status_code == 404
    assert client_for(pw.police).get(f"/plans/cases/{pw.woman.pk}/").status_code == 404
    assert client_for(pw.social).get(f"/plans/cases/{pw.woman.pk}/").status_code == 200  # a reader reads
    assert "Start the plan" not in client_for(pw.social).get(f"/plans/cases/{pw.woman.pk}/").content.decode()


@pytest.mark.django_db
def test_api_reads_the_plan(pw):
    plan = S.plan_create(actor=pw.coordinator, case=pw.woman)
    goal = S.goal_add(actor=pw.coordinator, plan=plan, pathway="health", text="Sleep through the night")
    S.step_add(actor=pw.coordinator, goal=goal, text="See a therapist", actor_kind="person")
    body = api(pw.social, "get", f"/api/v1/plans/cases/{pw.woman.pk}").json()
    health = next(p for p in body["plan"]["pathways"] if p["pathway"] == "health")
    assert health["goals"][0]["steps"][0]["text"] == "See a therapist"
    assert api(pw.police, "get", f"/api/v1/plans/cases/{pw.woman.pk}").status_code == 404
    assert api(pw.ngo, "get", f"/api/v1/plans/cases/{pw.woman.pk}").status_code == 404
