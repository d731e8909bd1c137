"""The overall level of a risk instrument sets the supervision level, which sets the contact
frequency and when the next assessment is due; changing the level changes the schedule."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.assessments import schedule, services
from reintegra.assessments.models import Assessment, Source, Supervision, SupervisionChange
from reintegra.cases import attention, worklist

from .conftest import lock, lock_risk


@pytest.mark.django_db
def test_changing_the_level_changes_the_schedule(aw):
    at = datetime(2024, 1, 31, 9, 0, tzinfo=UTC)
    lock_risk(aw, level="high", at=at)
    s = Supervision.objects.get(case=aw.adult_case)
    assert (s.level, s.contact_every_days, s.jurisdiction) == ("high", 7, "XK")
    assert s.next_assessment_due == datetime(2024, 4, 30, 9, 0, tzinfo=UTC)  # 3 months (30 April: no 31st)

    lock_risk(aw, level="low", at=at + timedelta(days=90), code="ERG22+")
    s.refresh_from_db()
    assert (s.level, s.contact_every_days) == ("low", 30)
    assert s.next_assessment_due == datetime(2025, 4, 30, 9, 0, tzinfo=UTC)  # 12 months

    lock_risk(aw, level="moderate", at=at + timedelta(days=200))
    s.refresh_from_db()
    assert (s.level, s.contact_every_days) == ("moderate", 14)
    assert s.next_assessment_due == schedule.add_months(at + timedelta(days=200), 6)
    history = list(SupervisionChange.objects.filter(case=aw.adult_case).order_by("set_at"))
    assert [(c.previous_level, c.level) for c in history] == [("", "high"), ("high", "low"), ("low", "moderate")]
    assert history[-1].raised and not history[1].raised
    assert all(c.assessment_id for c in history)


@pytest.mark.django_db
def test_the_schedule_is_configurable_per_jurisdiction(aw, tmp_path, settings):
    path = tmp_path / "schedules.yaml"
    path.write_text(
        "default: XK\njurisdictions:\n"
        "  XK:\n    high: {reassess_months: 2, contact_every_days: 3}\n"
        "    moderate: {reassess_months: 4, contact_every_days: 10}\n"
        "    low: {reassess_months: 9, contact_every_days: 60}\n", encoding="utf-8")
    settings.REINTEGRA_SUPERVISION_SCHEDULES = path
    schedule.clear_cache()
    try:
        at = datetime(2024, 3, 10, tzinfo=UTC)
        lock_risk(aw, level="high", at=at)
        s = Supervision.objects.get(case=aw.adult_case)
        assert (s.contact_every_days, s.next_assessment_due) == (3, datetime(2024, 5, 10, tzinfo=UTC))
        path.write_text(path.read_text(encoding="utf-8").replace("reassess_months: 2", "reassess_months: 0"),
                        encoding="utf-8")
        schedule.clear_cache()
        with pytest.raises(schedule.ScheduleFileError, match=r"schedules.yaml:4: XK high: 'reassess_months'"):
            schedule.interval_for(country="XK", level="high")
    finally:
        schedule.clear_cache()


@pytest.mark.django_db
def test_a_second_rating_or_a_non_risk_instrument_does_not_set_the_level(aw):
    a = services.assessment_start(actor=aw.probation, case=aw.adult_case, instrument_code="needs-pathways")
    lock(a, aw.probation, aw.coordinator, level="high")
    assert not Supervision.objects.exists()


@pytest.mark.django_db
def test_due_and_overdue_assessments_are_on_the_key_workers_list(aw):
    case = aw.adult_case
    case.key_worker = aw.coordinator
    case.save(update_fields=["key_worker"])
    lock_risk(aw, level="high", at=timezone.now() - timedelta(days=120))  # due 30 days ago
    items = worklist.work_items(aw.coordinator, worklist.Query(whose=worklist.Whose.MINE))
    due = [i for i in items if i.kind == "assessment_due"]
    assert len(due) == 1 and due[0].overdue and due[0].case_id == case.pk
    assert "Reassessment due" in due[0].title
    overdue = worklist.work_items(aw.coordinator, worklist.Query(due_before=worklist.due_before("overdue")))
    assert any(i.kind == "assessment_due" for i in overdue)
    # Not on the list of someone who is not the key worker.
    assert not [i for i in worklist.work_items(aw.social, worklist.Query()) if i.kind == "assessment_due"]
    page = Client()
    page.force_login(aw.coordinator)
    assert "Reassessment due" in page.get("/work/").content.decode()
    reasons = attention.cases_needing_attention(aw.coordinator)
    assert any(kind == "assessment_overdue" for kind, _r in reasons[case.pk])


@pytest.mark.django_db
def test_a_raised_level_is_a_reason_for_attention_and_the_key_worker_is_told(aw):
    case = aw.adult_case
    case.key_worker = aw.coordinator
    case.save(update_fields=["key_worker"])
    lock_risk(aw, level="low", at=timezone.now() - timedelta(days=5))
    lock_risk(aw, level="high", at=timezone.now() - timedelta(days=1), code="ERG22+")
    reasons = dict(attention.cases_needing_attention(aw.coordinator)[case.pk])
    assert reasons["supervision_raised"] == "Supervision level raised from Low to High"
    assert aw.coordinator.notifications.filter(message__contains="raised to High").exists()


@pytest.mark.django_db
def test_the_periodic_job_starts_a_reassessment_once(aw):
    lock_risk(aw, level="high", at=timezone.now() - timedelta(days=80))  # due in about 10 days
    now = timezone.now()
    assert services.reassessments_start_due(now) == 1
    assert services.reassessments_start_due(now) == 0  # idempotent
    again = Assessment.objects.get(source=Source.REASSESSMENT)
    assert again.assessor == aw.police and again.instrument.code == "VERA-2R"
    assert again.due_at == Supervision.objects.get().next_assessment_due
    mine = worklist.work_items(aw.police, worklist.Query(whose=worklist.Whose.MINE))
    assert any(i.kind == "assessment_due" and "Complete: VERA-2R" in i.title for i in mine)


@pytest.mark.django_db
def test_the_identity_summary_says_a_risk_assessment_exists_never_what_it_found(aw):
    from reintegra.assessments.selectors import supervision_summary

    empty = supervision_summary(aw.adult_case)
    assert (empty["level"], empty["risk_assessment_exists"], empty["risk_assessment_open"]) == ("", False, False)
    assert empty["last_risk_assessment_at"] is None
    first = datetime(2024, 1, 31, 9, 0, tzinfo=UTC)
    lock_risk(aw, level="high", at=first)
    lock_risk(aw, level="low", at=first + timedelta(days=40), code="ERG22+")
    services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="VERA-2R")  # still open
    summary = supervision_summary(aw.adult_case)
    assert (summary["level"], summary["risk_assessment_exists"], summary["risk_assessment_open"]) == (
        "low", True, True)
    assert summary["last_risk_assessment_at"] == first + timedelta(days=40)
    # The child's screening is not a risk assessment: nothing to say on the child's case.
    assert supervision_summary(aw.child_case)["risk_assessment_exists"] is False
    assert not any(key.startswith(("rating", "item", "overall")) for key in summary)
