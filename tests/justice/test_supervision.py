"""Probation and supervision: the officer, conditions with evidence of compliance (and
the sessions another app reports, without notes), meetings, breaches, the end."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.access.policy import AccessDenied
from reintegra.cases import worklist
from reintegra.cases.attention import cases_needing_attention
from reintegra.cases.services import case_note_add
from reintegra.justice import compliance
from reintegra.justice import services as S
from reintegra.justice.dates import Term

from .conftest import convict


def _suspended(jw):
    today = timezone.localdate()
    _p, _v, sentence = convict(jw, jw.woman, kind="suspended", term=Term(2, 6), verdict_on=today - timedelta(days=200),
                               arrest=None, conditions=["psychological_treatment", "reporting"])
    return sentence


@pytest.fixture
def supervised(jw):
    sentence = _suspended(jw)
    sv = S.supervision_start(actor=jw.probation, sentence=sentence, officer=jw.probation,
                             starts_on=sentence.starts_on)
    return sentence, sv


@pytest.mark.django_db
def test_probation_supervises_a_suspended_sentence(jw, supervised):
    sentence, sv = supervised
    assert sv.basis == "suspended" and sv.planned_end_on == sentence.ends_on
    treatment = sentence.conditions.get(kind="psychological_treatment")
    record = S.compliance_record(actor=jw.probation, condition=treatment, on=timezone.localdate() - timedelta(days=3),
                                 kind="session_attended", source="Mental Health Centre")
    assert record.complied
    meeting = S.meeting_schedule(actor=jw.probation, supervision=sv, at=timezone.now() + timedelta(days=3))
    with pytest.raises(S.JusticeInputError, match="once its time has come"):
        S.meeting_record(actor=jw.probation, meeting=meeting, status="held")
    breach = S.breach_record(actor=jw.probation, supervision=sv, occurred_on=timezone.localdate(),
                             description="Missed two sessions", condition=treatment)
    assert cases_needing_attention(jw.coordinator)[jw.woman.pk] == [
        ("breach_open", f"Breach of supervision on {timezone.localdate().isoformat()} waits for an outcome.")]
    S.breach_decide(actor=jw.probation, breach=breach, outcome="warning", outcome_on=timezone.localdate())
    assert jw.woman.pk not in cases_needing_attention(jw.coordinator)
    S.supervision_end(actor=jw.probation, supervision=sv, ended_on=timezone.localdate(), reason="Term served")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["prosecutor", "court", "prison", "coordinator", "police", "health", "school"])
def test_only_probation_writes_supervision(jw, role):
    sentence = _suspended(jw)
    with pytest.raises(AccessDenied):
        S.supervision_start(actor=getattr(jw, role), sentence=sentence, officer=jw.probation,
                            starts_on=sentence.starts_on)


@pytest.mark.django_db
def test_the_officer_must_be_a_probation_officer_and_the_sentence_supervisable(jw):
    sentence = _suspended(jw)
    with pytest.raises(S.JusticeInputError) as exc:
        S.supervision_start(actor=jw.probation, sentence=sentence, officer=jw.police, starts_on=sentence.starts_on)
    assert exc.value.field == "officer"
    _p, _v, prison = convict(jw, jw.man)
    with pytest.raises(S.JusticeInputError, match="conditional release"):
        S.supervision_start(actor=jw.probation, sentence=prison, officer=jw.probation, starts_on=date(2021, 1, 1))


@pytest.mark.django_db
def test_scheduled_meetings_are_on_the_officers_working_list(jw, supervised):
    _sentence, sv = supervised
    S.meeting_schedule(actor=jw.probation, supervision=sv, at=timezone.now() + timedelta(days=2), place="Office")
    items = worklist.work_items(jw.probation, worklist.Query(whose=worklist.Whose.MINE),
                                only_kinds=["supervision_meeting"])
    assert len(items) == 1 and items[0].case_id == jw.woman.pk
    assert worklist.work_items(jw.probation, worklist.Query(due_before=timezone.now() + timedelta(days=1)),
                               only_kinds=["supervision_meeting"]) == []
    assert worklist.work_items(jw.health, worklist.Query(), only_kinds=["supervision_meeting"]) == []
    assert worklist.work_items(jw.coordinator, worklist.Query(whose=worklist.Whose.MINE),
                               only_kinds=["supervision_meeting"]) == []


@pytest.mark.django_db
def test_probation_sees_whether_sessions_happened_never_the_therapists_notes(jw, supervised):
    sentence, _sv = supervised
    treatment = sentence.conditions.get(kind="psychological_treatment")
    case_note_add(actor=jw.health, case=jw.woman, compartment="health", text="THERAPIST NOTE: talked about her father")

    @compliance.provider("test.sessions")
    def sessions(condition):
        if condition.kind != "psychological_treatment":
            return []
        return [compliance.SessionFact(on=date(2026, 1, 5), attended=True, provider="Dr. Test Clinic"),
                compliance.SessionFact(on=date(2026, 1, 12), attended=False, provider="Dr. Test Clinic")]

    try:
        client = Client()
        client.force_login(jw.probation)
        html = client.get(f"/justice/cases/{jw.woman.pk}/supervision/").content.decode()
        assert "2026-01-05" in html and "2026-01-12" in html and "Dr. Test Clinic" in html and "test.sessions" in html
        assert "THERAPIST NOTE" not in html
        assert client.get(f"/cases/{jw.woman.pk}/health/").status_code == 404
        assert [f.attended for f in compliance.facts_for(treatment)] == [True, False]
    finally:
        compliance.unregister("test.sessions")


@pytest.mark.django_db
def test_supervision_page_forms_for_probation_only(jw, supervised):
    _sentence, sv = supervised
    client = Client()
    client.force_login(jw.probation)
    response = client.post(f"/justice/cases/{jw.woman.pk}/do/meeting/", {
        "meeting-supervision": sv.pk, "meeting-at": (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "meeting-place": "Probation office"})
    assert response.status_code == 302
    assert sv.meetings.count() == 1
    response = client.post(f"/justice/cases/{jw.woman.pk}/do/breach/", {
        "breach-supervision": sv.pk, "breach-occurred_on": "2026-01-01", "breach-description": ""})
    assert response.status_code == 422
    coordinator = Client()
    coordinator.force_login(jw.coordinator)
    html = coordinator.get(f"/justice/cases/{jw.woman.pk}/supervision/").content.decode()
    assert "Mandatory psychological treatment" in html and "Schedule a meeting" not in html
    response = coordinator.post(f"/justice/cases/{jw.woman.pk}/do/meeting/", {"meeting-supervision": sv.pk})
    assert response.status_code == 404
