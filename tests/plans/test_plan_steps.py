"""Goals and steps: who is responsible, due date, status; the person's agreement."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reintegra.cases import worklist
from reintegra.cases.attention import cases_needing_attention
from reintegra.plans import services as S
from reintegra.plans.models import Step

from .conftest import client_for


@pytest.fixture
def plan(pw):
    return S.plan_create(actor=pw.coordinator, case=pw.woman)


@pytest.mark.django_db
def test_goal_and_step_on_the_page(pw, plan):
    client = client_for(pw.coordinator)
    assert client.post(f"/plans/cases/{pw.woman.pk}/do/goal/", {"goal-pathway": "accommodation",
                                                                 "goal-text": "A flat of her own"}).status_code == 302
    goal = plan.goals.get()
    due = date.today() + timedelta(days=30)
    response = client.post(f"/plans/cases/{pw.woman.pk}/do/step/", {
        "step-goal": goal.pk, "step-text": "Apply for social housing", "step-actor_kind": "agency",
        "step-due_on": due.isoformat()})
    assert response.status_code == 422  # an agency step names the agency
    response = client.post(f"/plans/cases/{pw.woman.pk}/do/step/", {
        "step-goal": goal.pk, "step-text": "Apply for social housing", "step-actor_kind": "provider",
        "step-provider": pw.ngo_provider.pk, "step-due_on": due.isoformat()})
    assert response.status_code == 302
    step = Step.objects.get()
    assert step.actor_label == "Open Doors Test" and timezone.localdate(step.due_at) == due
    assert client.post(f"/plans/cases/{pw.woman.pk}/do/step_status/", {
        "step_status-step": step.pk, "step_status-status": "blocked"}).status_code == 302
    step.refresh_from_db()
    assert step.status == "blocked" and step.get_status_display() == "Cannot be done yet"


@pytest.mark.django_db
def test_steps_denied_to_readers(pw, plan):
    goal = S.goal_add(actor=pw.coordinator, plan=plan, pathway="legal", text="Documents")
    response = client_for(pw.social).post(f"/plans/cases/{pw.woman.pk}/do/step/", {
        "step-goal": goal.pk, "step-text": "x", "step-actor_kind": "person"})
    assert response.status_code == 404
    assert not Step.objects.exists()


@pytest.mark.django_db
def test_agreement_in_the_persons_words(pw, plan):
    with pytest.raises(S.PlansInputError):
        S.plan_agreement_record(actor=pw.coordinator, plan=plan, agreement="partly", words="")
    client = client_for(pw.coordinator)
    response = client.post(f"/plans/cases/{pw.woman.pk}/do/agreement/", {
        "agreement-agreement": "partly", "agreement-words": "Yes to work, not to the imam"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.agreement == "partly" and "not to the imam" in plan.agreement_words
    assert client_for(pw.social).post(f"/plans/cases/{pw.woman.pk}/do/agreement/", {
        "agreement-agreement": "agreed"}).status_code == 404


@pytest.mark.django_db
def test_overdue_steps_on_the_working_list_and_attention(pw, plan):
    goal = S.goal_add(actor=pw.coordinator, plan=plan, pathway="legal", text="Documents")
    S.step_add(actor=pw.coordinator, goal=goal, text="Ask for an ID card", actor_kind="key_worker",
               due_at=timezone.now() - timedelta(days=2))
    S.step_add(actor=pw.coordinator, goal=goal, text="Birth certificate", actor_kind="key_worker",
               due_at=timezone.now() - timedelta(days=2))
    done = S.step_add(actor=pw.coordinator, goal=goal, text="Photo", actor_kind="key_worker",
                      due_at=timezone.now() - timedelta(days=2))
    S.step_status_set(actor=pw.coordinator, step=done, status="done")
    items = worklist.work_items(pw.coordinator, worklist.Query(due_before=timezone.now()), only_kinds=["plan_step"])
    assert {i.title for i in items} == {"Ask for an ID card", "Birth certificate"}
    assert ("plan_steps_overdue", "2 overdue plan steps.") in cases_needing_attention(pw.coordinator)[pw.woman.pk]
    assert pw.woman.pk not in cases_needing_attention(pw.police)
