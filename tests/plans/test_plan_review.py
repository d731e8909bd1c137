"""Reviews: on a schedule and at every change of stage; each records what moved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reintegra.cases import periodic, worklist
from reintegra.cases.attention import cases_needing_attention
from reintegra.cases.services import case_stage_change
from reintegra.plans import services as S

from .conftest import client_for


@pytest.mark.django_db
def test_review_records_what_moved(pw):
    plan = S.plan_create(actor=pw.coordinator, case=pw.woman)
    goal = S.goal_add(actor=pw.coordinator, plan=plan, pathway="health", text="Sleep")
    a = S.step_add(actor=pw.coordinator, goal=goal, text="Therapy", actor_kind="person")
    S.step_add(actor=pw.coordinator, goal=goal, text="Doctor", actor_kind="person")
    S.step_status_set(actor=pw.coordinator, step=a, status="in_progress")
    first = S.plan_review_record(actor=pw.coordinator, plan=plan, reason="scheduled", notes="Going well")
    assert [(m["text"], m["from"], m["to"]) for m in first.moved] == [("Therapy", "not_started", "in_progress")]
    S.step_status_set(actor=pw.coordinator, step=a, status="done")
    response = client_for(pw.coordinator).post(f"/plans/cases/{pw.woman.pk}/do/review/", {
        "review-reason": "other", "review-notes": "After the conference",
        "review-next_review_on": (timezone.localdate() + timedelta(days=60)).isoformat()})
    assert response.status_code == 302
    second = plan.reviews.order_by("-pk").first()
    assert [(m["from"], m["to"]) for m in second.moved] == [("in_progress", "done")]
    plan.refresh_from_db()
    assert timezone.localdate(plan.review_due_at) == timezone.localdate() + timedelta(days=60)


@pytest.mark.django_db
def test_review_due_on_the_list_and_in_attention(pw):
    plan = S.plan_create(actor=pw.coordinator, case=pw.woman, review_due_at=timezone.now() - timedelta(days=1))
    assert any(kind == "plan_review_due" for kind, _r in cases_needing_attention(pw.coordinator)[pw.woman.pk])
    items = worklist.work_items(pw.coordinator, worklist.Query(due_before=timezone.now()), only_kinds=["plan_review"])
    assert [i.case_id for i in items] == [pw.woman.pk]
    S.plan_review_record(actor=pw.coordinator, plan=plan, reason="scheduled")
    assert pw.woman.pk not in cases_needing_attention(pw.coordinator)


@pytest.mark.django_db
def test_a_change_of_stage_makes_the_review_due(pw):
    plan = S.plan_create(actor=pw.coordinator, case=pw.woman)
    run = periodic.jobs()["plan_reviews_on_stage_change"]
    assert run(timezone.now()) == 0
    case_stage_change(actor=pw.coordinator, case=pw.woman, stage="community")
    assert run(timezone.now()) == 1
    assert run(timezone.now()) == 0  # idempotent
    plan.refresh_from_db()
    assert plan.review_due_at <= timezone.now()
    S.plan_review_record(actor=pw.coordinator, plan=plan, reason="stage_change")
    assert run(timezone.now()) == 0


@pytest.mark.django_db
def test_review_denied_and_bad_input(pw):
    plan = S.plan_create(actor=pw.coordinator, case=pw.woman)
    assert client_for(pw.social).post(f"/plans/cases/{pw.woman.pk}/do/review/",
                                      {"review-reason": "scheduled"}).status_code == 404
    with pytest.raises(S.PlansInputError):
        S.plan_review_record(actor=pw.coordinator, plan=plan, reason="scheduled",
                             next_review_at=timezone.now() - timedelta(days=1))
    assert not plan.reviews.exists()
