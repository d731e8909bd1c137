"""Pre-release work: opened once when a custodial sentence enters the window (on
recording or by the periodic job), tasks for the coordinating unit, probation and
police, `releases_due`, the release plan and its notices."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from reintegra.cases.models import Notification, Task
from reintegra.justice import services as S
from reintegra.justice.dates import term_between
from reintegra.justice.models import ReleasePlan
from tests.factories import api_token

from .conftest import convict


def _due_in(jw, days: int):
    """A prison sentence whose latest (and next) release is `days` from today."""
    today = timezone.localdate()
    verdict_on = today - timedelta(days=400)
    term = term_between(verdict_on, today + timedelta(days=days))
    return convict(jw, jw.man, term=term, verdict_on=verdict_on, arrest=None)[2]


@pytest.mark.django_db
def test_a_sentence_recorded_inside_the_window_opens_the_work_at_once(jw):
    sentence = _due_in(jw, 60)
    # Half the term has passed (no parole): the next release is the latest, in 60 days.
    assert sentence.earliest_release_on < timezone.localdate() < sentence.latest_release_on
    tasks = Task.objects.filter(source_type="justice.release", source_id=str(sentence.pk))
    assert {t.assigned_agency.type for t in tasks} == {"coordinating_unit", "probation", "police"}
    assert all(timezone.localtime(t.due_at).date() == sentence.latest_release_on for t in tasks)
    assert ReleasePlan.objects.filter(sentence=sentence, completed_at__isnull=True).exists()
    assert Notification.objects.filter(user=jw.police, case=jw.man, compartment="justice").exists()
    # Idempotent: the job does nothing more.
    assert S.pre_release_run(timezone.now()) == 0
    assert tasks.count() == 3


@pytest.mark.django_db
def test_the_job_opens_the_work_when_the_window_comes(jw):
    sentence = _due_in(jw, 200)
    assert not Task.objects.exists()
    assert S.pre_release_run(timezone.now()) == 0
    later = timezone.now() + timedelta(days=115)  # 85 days before release
    assert S.pre_release_run(later) == 1
    assert S.pre_release_run(later) == 0
    assert Task.objects.filter(source_id=str(sentence.pk)).count() == 3
    out = StringIO()
    call_command("run_periodic", "--only", "pre_release", stdout=out)
    assert "pre_release: 0" in out.getvalue()


@pytest.mark.django_db
@override_settings(REINTEGRA_PRE_RELEASE_DAYS=30)
def test_the_window_is_configurable(jw):
    _due_in(jw, 60)
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_releases_due_command_lists_them(jw):
    sentence = _due_in(jw, 60)
    out = StringIO()
    call_command("releases_due", "--within", "90d", stdout=out)
    text = out.getvalue()
    assert "Releases due within 90 days" in text and jw.man.reference in text and "incomplete" in text
    assert sentence.latest_release_on.isoformat() in text
    out = StringIO()
    call_command("releases_due", "--within", "4w", stdout=out)
    assert ": 0" in out.getvalue().splitlines()[0]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="number of days or weeks"):
        call_command("releases_due", "--within", "soon")


@pytest.mark.django_db
def test_releases_due_page_and_api_are_filtered_by_the_policy(jw):
    _due_in(jw, 60)
    for user, expected in ((jw.coordinator, True), (jw.prison, True), (jw.health, False), (jw.school, False)):
        client = Client()
        client.force_login(user)
        html = client.get("/justice/releases-due/?within=90").content.decode()
        assert (jw.man.reference in html) is expected, user
        token = api_token(user.get_username())
        rows = Client().get("/api/v1/justice/releases-due?within=90", HTTP_AUTHORIZATION=f"Bearer {token}").json()
        assert bool(rows) is expected
        if expected:
            assert rows[0]["release_plan"] == "incomplete"


@pytest.mark.django_db
def test_release_plan_names_agencies_who_are_told(jw):
    sentence = _due_in(jw, 60)
    from reintegra.access.models import Agency

    health = Agency.objects.get(type="health")
    plan = S.release_plan_update(actor=jw.probation, sentence=sentence, residence="With his parents, Prishtinë",
                                 met_by="Probation officer", continuing="Vocational training",
                                 agencies=[health], complete=True)
    assert plan.complete
    assert Notification.objects.filter(user=jw.health, message__contains="release plan").exists()
    with pytest.raises(S.JusticeInputError) as exc:
        S.release_plan_update(actor=jw.probation, sentence=sentence, residence="", met_by="x", complete=True)
    assert exc.value.field == "residence"
    from reintegra.access.policy import AccessDenied

    for user in (jw.prosecutor, jw.coordinator, jw.health):
        with pytest.raises(AccessDenied):
            S.release_plan_update(actor=user, sentence=sentence, residence="x")


@pytest.mark.django_db
def test_release_without_a_plan_is_flagged_and_police_told(jw):
    sentence = _due_in(jw, 60)
    today = timezone.localdate()
    release = S.release_record(actor=jw.prison, sentence=sentence, released_on=today, kind="end_of_term")
    assert release.without_plan
    assert jw.man.flags.filter(compartment="justice", label="Released without a release plan").exists()
    assert Notification.objects.filter(user=jw.police, message__contains="was released").exists()
    assert not Task.objects.filter(source_id=str(sentence.pk), status="open").exists()  # closed by the release
    with pytest.raises(S.JusticeInputError, match="already recorded"):
        S.release_record(actor=jw.prison, sentence=sentence, released_on=today, kind="end_of_term")


@pytest.mark.django_db
def test_release_with_a_complete_plan_is_not_flagged(jw):
    sentence = _due_in(jw, 60)
    S.release_plan_update(actor=jw.prison, sentence=sentence, residence="Family home", met_by="His brother",
                          complete=True)
    release = S.release_record(actor=jw.prison, sentence=sentence, released_on=timezone.localdate(),
                               kind="end_of_term")
    assert not release.without_plan and not jw.man.flags.exists()


@pytest.mark.django_db
def test_release_is_recorded_by_the_prison_service_when_it_happened(jw):
    from reintegra.access.policy import AccessDenied

    sentence = _due_in(jw, 60)
    with pytest.raises(AccessDenied):
        S.release_record(actor=jw.probation, sentence=sentence, released_on=timezone.localdate(), kind="other")
    with pytest.raises(S.JusticeInputError, match="has happened"):
        S.release_record(actor=jw.prison, sentence=sentence,
                         released_on=timezone.localdate() + timedelta(days=1), kind="end_of_term")


@pytest.mark.django_db
def test_attention_reasons_for_a_release_without_a_plan(jw):
    from reintegra.cases.attention import cases_needing_attention

    _due_in(jw, 60)
    reasons = cases_needing_attention(jw.coordinator)
    assert [k for k, _r in reasons[jw.man.pk]] == ["release_without_plan"]
    assert jw.man.pk not in cases_needing_attention(jw.health)


@pytest.mark.django_db
def test_release_page_shows_the_dates_and_the_plan_form(jw):
    sentence = _due_in(jw, 60)
    client = Client()
    client.force_login(jw.probation)
    html = client.get(f"/justice/cases/{jw.man.pk}/release/").content.decode()
    assert sentence.latest_release_on.isoformat() in html and "Release plan" in html
    assert "Record the release" not in html  # the prison records it
    response = client.post(f"/justice/cases/{jw.man.pk}/do/release_plan/", {
        "release_plan-sentence": sentence.pk, "release_plan-residence": "Family home",
        "release_plan-met_by": "Probation officer", "release_plan-complete": "on"})
    assert response.status_code == 302
    assert ReleasePlan.objects.get(sentence=sentence).complete
