"""The individual education plan: goals in the profile's domains, progress reviews, the
working list of reviews due; the school writes it, others may not."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.cases import worklist
from reintegra.education import services
from reintegra.education.models import EducationPlan, Goal, GoalStatus
from tests.factories import api_token

from .conftest import client_for


@pytest.mark.django_db
def test_the_school_starts_a_plan_adds_goals_and_reviews(ew):
    client = client_for(ew.school)
    base = f"/education/cases/{ew.child.pk}/do"
    assert client.post(f"{base}/plan/", {"plan-domain": "LIT", "plan-text": "Reads short texts aloud"}).status_code == 302
    assert client.post(f"{base}/goal/", {"goal-domain": "SPC", "goal-text": "Asks for help in class"}).status_code == 302
    plan = EducationPlan.objects.get()
    goal = plan.goals.get(domain="LIT")
    response = client.post(f"{base}/review/", {
        "review-reviewed_on": timezone.localdate().isoformat(), "review-progress": "Reads with support.",
        "review-next_review_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "review-goals_met": [goal.pk]})
    assert response.status_code == 302
    goal.refresh_from_db()
    plan.refresh_from_db()
    assert goal.status == GoalStatus.MET and plan.reviews.count() == 1
    assert plan.next_review_on == timezone.localdate() + timedelta(days=60)


@pytest.mark.django_db
def test_one_open_plan_and_known_domains(ew):
    services.plan_start(actor=ew.school, case=ew.child, goals=[("LIT", "Reads")])
    with pytest.raises(services.EducationInputError, match="already has an open"):
        services.plan_start(actor=ew.school, case=ew.child, goals=[("LIT", "Reads")])
    response = client_for(ew.school).post(f"/education/cases/{ew.child.pk}/do/goal/",
                                          {"goal-domain": "XXX", "goal-text": "x"})
    assert response.status_code == 422 and Goal.objects.count() == 1


@pytest.mark.django_db
def test_a_review_must_come_before_the_next(ew):
    plan = services.plan_start(actor=ew.school, case=ew.child, goals=[("LIT", "Reads")])
    with pytest.raises(services.EducationInputError) as err:
        services.review_record(actor=ew.school, plan=plan, reviewed_on=timezone.localdate(), progress="ok",
                               next_review_on=timezone.localdate())
    assert err.value.field == "next_review_on" and not plan.reviews.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["social", "police"])
def test_others_may_not_write_the_plan(ew, role):
    response = client_for(getattr(ew, role)).post(f"/education/cases/{ew.child.pk}/do/plan/",
                                                  {"plan-domain": "LIT", "plan-text": "x"})
    assert response.status_code == 404 and not EducationPlan.objects.exists()
    token = api_token({"social": "sw", "police": "officer"}[role])
    api = Client().post(f"/api/v1/education/cases/{ew.child.pk}/plans", {"goals": [{"domain": "LIT", "text": "x"}]},
                        content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 404 and not EducationPlan.objects.exists()


@pytest.mark.django_db
def test_reviews_due_are_on_the_working_list(ew):
    plan = services.plan_start(actor=ew.school, case=ew.child, goals=[("LIT", "Reads")],
                               started_on=timezone.localdate() - timedelta(days=100))
    assert plan.next_review_on < timezone.localdate()
    items = worklist.work_items(ew.school, worklist.Query(due_before=timezone.now()), only_kinds=["iep_review"])
    assert [i.case_id for i in items] == [ew.child.pk] and items[0].overdue
    # A colleague of the same agency sees it as the agency's; the social worker (reads only) does not.
    assert worklist.work_items(ew.pedagogue, worklist.Query(whose="agency"), only_kinds=["iep_review"])
    assert not worklist.work_items(ew.social, worklist.Query(), only_kinds=["iep_review"])
    assert "Review the education plan" in client_for(ew.school).get("/work/").content.decode()


@pytest.mark.django_db
def test_the_api_starts_a_plan_and_reviews(ew):
    school = {"Authorization": f"Bearer {api_token('teacher')}"}
    client = Client()
    made = client.post(f"/api/v1/education/cases/{ew.child.pk}/plans",
                       {"goals": [{"domain": "COG", "text": "Counts to 100"}]}, content_type="application/json",
                       headers=school)
    assert made.status_code == 201
    bad = client.post(f"/api/v1/education/cases/{ew.child.pk}/reviews", {
        "reviewed_on": timezone.localdate().isoformat(), "progress": "", "next_review_on":
        (timezone.localdate() + timedelta(days=30)).isoformat()}, content_type="application/json", headers=school)
    assert bad.status_code == 422 and bad.json()["field"] == "progress"
