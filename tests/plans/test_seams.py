"""The seams plans plugs into: reception's "referral to make" step and justice's
compliance facts (sessions: date, attended, provider; never notes)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from reintegra.cases.models import Task
from reintegra.justice import compliance
from reintegra.plans import services as S
from reintegra.plans.models import Referral
from reintegra.reception import step_actions

from .conftest import accepted


def _step(pw, case):
    return SimpleNamespace(pk=991, case=case, agency=None, title="Referral to community services",
                           compartment="programme")


@pytest.mark.django_db
def test_referral_step_makes_a_draft_referral(pw):
    assert step_actions.handler_for("referral") is not None
    note = step_actions.run(step=_step(pw, pw.woman), spec=SimpleNamespace(records="referral", referral="mentoring"),
                            actor=pw.coordinator)
    referral = Referral.objects.get()
    assert note == f"referral:{referral.pk}"
    assert referral.status == "draft" and referral.provider == pw.ngo_provider and referral.shared_fields == ["name"]


@pytest.mark.django_db
def test_a_protocol_referral_name_is_read_as_its_kind_of_service(pw):
    # Kosovo's protocol says "community_reintegration"; the catalogue calls it mentoring.
    note = step_actions.run(step=_step(pw, pw.woman),
                            spec=SimpleNamespace(records="referral", referral="community_reintegration"),
                            actor=pw.coordinator)
    referral = Referral.objects.get()
    assert note == f"referral:{referral.pk}" and referral.service.kind == "mentoring"


@pytest.mark.django_db
def test_referral_step_without_a_provider_makes_a_task(pw):
    note = step_actions.run(step=_step(pw, pw.woman),
                            spec=SimpleNamespace(records="referral", referral="social_assistance"),
                            actor=pw.coordinator)
    task = Task.objects.get()
    assert note == f"task:{task.pk}" and "social_assistance" in task.title
    assert task.assigned_agency == pw.coordinator.staff.agency and task.compartment == "programme"
    assert not Referral.objects.exists()


def _condition(case, kind):
    return SimpleNamespace(kind=kind, sentence=SimpleNamespace(case_id=case.pk, case=case))


@pytest.mark.django_db
def test_sessions_are_compliance_facts_without_notes(pw):
    referral = accepted(pw)
    now = timezone.now()
    S.session_record(actor=pw.health, referral=referral, at=now - timedelta(days=2), attendance="attended",
                     note="SECRET NOTE")
    S.session_record(actor=pw.health, referral=referral, at=now - timedelta(days=1), attendance="missed")
    S.session_record(actor=pw.health, referral=referral, at=now - timedelta(hours=1), attendance="cancelled")
    facts = compliance.facts_for(_condition(pw.woman, "psychological_treatment"))
    assert [(f.attended, f.provider, f.source) for f in facts] == [
        (True, "Mental Health Test", "plans.sessions"), (False, "Mental Health Test", "plans.sessions")]
    assert "SECRET" not in repr(facts)
    assert compliance.facts_for(_condition(pw.woman, "religious_counselling")) == []
    assert compliance.facts_for(_condition(pw.woman, "reporting")) == []
