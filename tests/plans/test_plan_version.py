"""Plans are versioned: a new version copies goals and steps; the old one stays as it was."""

import pytest

from reintegra.access.policy import AccessDenied
from reintegra.plans import services as S
from reintegra.plans.models import Plan, Step

from .conftest import client_for


@pytest.mark.django_db
def test_new_version_keeps_the_old_one(pw):
    v1 = S.plan_create(actor=pw.coordinator, case=pw.woman)
    goal = S.goal_add(actor=pw.coordinator, plan=v1, pathway="education_work", text="A job")
    step = S.step_add(actor=pw.coordinator, goal=goal, text="Vocational course", actor_kind="person")
    S.plan_agreement_record(actor=pw.coordinator, plan=v1, agreement="agreed")
    response = client_for(pw.coordinator).post(f"/plans/cases/{pw.woman.pk}/do/version/",
                                               {"version-reason": "Released from supervision"})
    assert response.status_code == 302
    v1.refresh_from_db()
    v2 = Plan.objects.get(case=pw.woman, current=True)
    assert (v1.current, v2.version, v2.change_reason) == (False, 2, "Released from supervision")
    assert v2.agreement == "not_asked"  # the person is asked again
    assert [s.text for s in Step.objects.filter(goal__plan=v2)] == ["Vocational course"]
    S.step_status_set(actor=pw.coordinator, step=Step.objects.get(goal__plan=v2), status="done")
    step.refresh_from_db()
    assert step.status == "not_started"  # the earlier version is unchanged
    with pytest.raises(S.PlansInputError):
        S.step_status_set(actor=pw.coordinator, step=step, status="done")
    page = client_for(pw.coordinator).get(f"/plans/cases/{pw.woman.pk}/?version=1").content.decode()
    assert "earlier version" in page and "Record" not in page.split("Referrals")[-1]


@pytest.mark.django_db
def test_new_version_needs_a_reason_and_a_writer(pw):
    v1 = S.plan_create(actor=pw.coordinator, case=pw.woman)
    with pytest.raises(S.PlansInputError):
        S.plan_new_version(actor=pw.coordinator, plan=v1, reason="")
    with pytest.raises(AccessDenied):
        S.plan_new_version(actor=pw.social, plan=v1, reason="x")
    assert client_for(pw.social).post(f"/plans/cases/{pw.woman.pk}/do/version/",
                                      {"version-reason": "x"}).status_code == 404
    assert Plan.objects.filter(case=pw.woman).count() == 1
