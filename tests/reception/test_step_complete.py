"""Marking a step done or waived: who may, what is recorded, what follows."""

import pytest
from django.test import Client

from reintegra.audit.models import AuditEvent
from reintegra.cases.models import Stage, Task
from reintegra.people.models import IdentityDocument
from reintegra.reception import services, step_actions
from reintegra.reception.models import Step, StepStatus
from tests.factories import api_token

from .helpers import family_rows, hours_after, operation_with, reception_world


def _step(key: str, ref: str = "1") -> Step:
    return Step.objects.select_related("case__person", "member__operation").get(key=key, member__ref=ref)


@pytest.fixture
def rw(world):
    rw = reception_world(world)
    operation_with(rw, family_rows())
    return rw


@pytest.mark.django_db
def test_steps_are_owned_by_resolved_agencies(rw):
    assert _step("security_screening").agency.name == "Police Prishtinë"  # the case's municipality
    assert _step("medical_checkup").agency == rw.health_agency  # on the case team
    assert _step("family_notified", "2").agency.name == "Coordination"  # national
    assert _step("identity_documents").agency is None  # no municipality office in this world


@pytest.mark.django_db
def test_the_owning_agency_marks_a_decision_and_the_case_moves(rw):
    step = _step("arrest_on_arrival")
    with pytest.raises(services.ReceptionError, match="Choose the outcome"):
        services.step_complete(actor=rw.world.police, step=step)
    done = services.step_complete(actor=rw.world.police, step=step, outcome="arrested", findings="No resistance",
                                  done_at=hours_after(1))
    assert done.status == StepStatus.DONE and done.closed_by == rw.world.police and done.closed_at == hours_after(1)
    step.case.refresh_from_db()
    assert step.case.stage == Stage.CUSTODY
    assert AuditEvent.objects.filter(object_type="protocol_step", object_id=str(step.pk), action="update").exists()
    with pytest.raises(services.ReceptionError, match="already closed"):
        services.step_complete(actor=rw.world.police, step=step, outcome="arrested")


@pytest.mark.django_db
def test_others_may_not_act(rw):
    step = _step("security_screening")
    # The social worker may not read security at all; the health worker neither.
    for user in (rw.world.social, rw.health, rw.world.coordinator):
        with pytest.raises(services.policy.AccessDenied):
            services.step_complete(actor=user, step=step, checklist=[])
    # The coordinator may write social support but is not the owner... and holds step_any.
    accommodation = _step("accommodation", "2")
    with pytest.raises(services.ReceptionError, match="First finish"):
        services.step_complete(actor=rw.world.coordinator, step=accommodation, outcome="released_to_family")


@pytest.mark.django_db
def test_a_document_step_issues_the_document_and_an_assessment_step_makes_a_task(rw):
    police = rw.world.police
    services.step_complete(actor=police, step=_step("security_screening"), checklist=["Belongings searched"])
    services.step_complete(actor=police, step=_step("citizenship_verification"), outcome="citizen")
    docs = _step("identity_documents")
    with pytest.raises(services.ReceptionError, match="number of the document"):
        services.step_complete(actor=rw.world.coordinator, step=docs)
    services.step_complete(actor=rw.world.coordinator, step=docs, document_number="KS-123")
    assert IdentityDocument.objects.filter(person=docs.case.person, number="KS-123", kind="id_card").exists()
    psych = _step("psychological_assessment")
    services.step_complete(actor=rw.health, step=psych)
    task = Task.objects.get(source_type="reception.step", source_id=str(psych.pk))
    assert task.assigned_agency == rw.health_agency and "mental_health_initial" in task.title


@pytest.mark.django_db
def test_a_registered_handler_starts_the_assessment_instead(rw, monkeypatch):
    calls = []
    monkeypatch.setitem(step_actions._HANDLERS, "assessment", lambda **kw: calls.append(kw) or "assessment:9")
    psych = _step("psychological_assessment")
    services.step_complete(actor=rw.health, step=psych)
    assert calls and calls[0]["spec"].assessment == "mental_health_initial"
    assert not Task.objects.filter(source_type="reception.step").exists()


@pytest.mark.django_db
def test_waiving_needs_a_reason_and_no_future_times(rw):
    step = _step("medical_checkup")
    with pytest.raises(services.ReceptionError, match="Say why"):
        services.step_waive(actor=rw.health, step=step, reason=" ")
    from django.utils import timezone

    with pytest.raises(services.ReceptionError, match="future"):
        services.step_complete(actor=rw.health, step=step, done_at=timezone.now() + timezone.timedelta(hours=1))
    waived = services.step_waive(actor=rw.health, step=step, reason="Seen at the hospital")
    assert waived.status == StepStatus.WAIVED and waived.waive_reason == "Seen at the hospital"


@pytest.mark.django_db
def test_the_step_page_allowed_and_denied(rw):
    step = _step("medical_checkup")
    client = Client()
    client.force_login(rw.health)
    assert client.get(f"/reception/steps/{step.pk}/").status_code == 200
    response = client.post(f"/reception/steps/{step.pk}/", {"done": "1", "findings": "Healthy",
                                                           "checklist": ["Dental examination"]})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE and step.checklist == ["Dental examination"]
    client.force_login(rw.world.social)  # social work may not read health
    assert client.get(f"/reception/steps/{step.pk}/").status_code == 404
    assert client.post(f"/reception/steps/{step.pk}/", {"waive": "1", "reason": "x"}).status_code == 404


@pytest.mark.django_db
def test_the_api_allowed_denied_and_bad_input(rw):
    step = _step("security_screening")
    police = {"HTTP_AUTHORIZATION": f"Bearer {api_token('officer')}"}
    doctor = {"HTTP_AUTHORIZATION": f"Bearer {api_token('doctor')}"}
    client = Client()
    url = f"/api/v1/reception/steps/{step.pk}/complete"
    assert client.post(url, {}, content_type="application/json", **doctor).json() == {"detail": "Not found."}
    bad = client.post(url, {"checklist": ["Not an item"]}, content_type="application/json", **police)
    assert bad.status_code == 422 and "checklist" in bad.json()["detail"]
    ok = client.post(url, {"checklist": ["Belongings searched"], "findings": "Nothing"},
                     content_type="application/json", **police)
    assert ok.status_code == 200 and ok.json()["status"] == "done"
    waive = client.post(f"/api/v1/reception/steps/{_step('medical_checkup').pk}/waive", {"reason": ""},
                        content_type="application/json", **doctor)
    assert waive.status_code == 422
