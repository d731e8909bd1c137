"""The demo's justice data: Kosovo's proportions, stages that are true today, and
`releases_due` with its pre-release tasks."""

from datetime import timedelta
from io import StringIO
from statistics import mean

import pytest
from django.core.management import call_command
from django.utils import timezone

from reintegra.cases.models import Case, Stage, Task
from reintegra.justice.models import Placement, Release, Sentence, Supervision


@pytest.mark.django_db
def test_men_mostly_convicted_average_three_and_a_half_years(demo_world):
    men = Case.objects.filter(person__sex="M", proceedings__isnull=False).distinct()
    convicted = men.filter(proceedings__verdicts__outcome="convicted").distinct()
    assert convicted.count() > 0.75 * men.count()
    terms = [s.term.in_months / 12 for s in Sentence.objects.filter(kind="prison", case__person__sex="M")]
    assert 3.0 <= mean(terms) <= 4.0


@pytest.mark.django_db
def test_april_men_convicted_and_held_one_released_within_90_days(demo_world):
    today = timezone.localdate()
    men = Case.objects.filter(reference__lte="RKS-0110", person__sex="M", stage=Stage.CUSTODY)
    assert men.count() == 4
    sentences = Sentence.objects.filter(case__in=men, kind="prison", release__isnull=True)
    assert sentences.count() == 4
    assert Placement.objects.filter(case__in=men, ends_on__isnull=True, unit__separated=True).count() == 4
    soon = [s for s in sentences if s.latest_release_on <= today + timedelta(days=90)]
    assert len(soon) == 1
    tasks = Task.objects.filter(source_type="justice.release", source_id=str(soon[0].pk), status="open")
    assert {t.assigned_agency.type for t in tasks} == {"coordinating_unit", "probation", "police"}


@pytest.mark.django_db
def test_april_women_on_suspended_sentences_with_treatment_under_supervision(demo_world):
    women = Case.objects.filter(reference__lte="RKS-0110", person__sex="F", stage=Stage.SUPERVISION)
    assert women.count() == 32
    sentences = Sentence.objects.filter(case__in=women)
    assert sentences.count() == 32 and set(sentences.values_list("kind", flat=True)) == {"suspended"}
    assert all(24 <= s.term.in_months <= 36 for s in sentences)
    assert sentences.filter(conditions__kind="psychological_treatment").count() == 32
    assert sum(1 for s in sentences if s.term.in_months == 30) > 16  # most two years and a half
    open_supervision = Supervision.objects.filter(case__in=women, ended_on__isnull=True,
                                                  officer__username="probation")
    assert open_supervision.count() == 32


@pytest.mark.django_db
def test_stages_are_true_today(demo_world):
    today = timezone.localdate()
    held = Case.objects.filter(stage=Stage.CUSTODY, proceedings__isnull=False).distinct()
    assert held.count() > 10
    for case in held:
        assert Placement.objects.filter(case=case, ends_on__isnull=True).exists(), case
        assert Sentence.objects.filter(case=case, kind="prison", release__isnull=True,
                                       latest_release_on__gte=today).exists(), case
    supervised = Case.objects.filter(stage=Stage.SUPERVISION, proceedings__isnull=False).distinct()
    assert all(Supervision.objects.filter(case=c, ended_on__isnull=True).exists() for c in supervised)
    community = Case.objects.filter(stage__in=[Stage.COMMUNITY, Stage.CLOSED], proceedings__isnull=False)
    assert not Placement.objects.filter(case__in=community, ends_on__isnull=True).exists()
    assert Release.objects.filter(without_plan=True).exists()  # releases of years past, flagged
    assert all(r.case.flags.filter(compartment="justice").exists() for r in Release.objects.filter(without_plan=True))


@pytest.mark.django_db
def test_releases_due_on_the_demo(demo_world):
    out = StringIO()
    call_command("releases_due", "--within", "90d", stdout=out)
    lines = out.getvalue().splitlines()
    count = int(lines[0].rsplit(":", 1)[1])
    assert count >= 1
    # Every sentence listed has its pre-release work open (the job ran in the seed).
    due = Sentence.objects.filter(kind="prison", release__isnull=True, pre_release_opened_at__isnull=False)
    assert due.count() >= 1
    assert all(Task.objects.filter(source_id=str(s.pk), source_type="justice.release").count() == 3 for s in due)
    out = StringIO()
    call_command("run_periodic", "--only", "pre_release", stdout=out)
    assert out.getvalue().strip() == "pre_release: 0"  # idempotent
