"""The seam of assessments.consequences: locking an education placement profile starts the
IEP, with a goal for each domain where the profile found a need for support."""

from datetime import date

import pytest

from reintegra.assessments import services as assessment_services
from reintegra.assessments.models import Instrument
from reintegra.cases.models import Task
from reintegra.education import services
from reintegra.education.models import EducationPlan
from tests.assessments.conftest import lock, train


@pytest.fixture
def trained(ew):
    assessment_services.instruments_sync()
    assert Instrument.objects.filter(code="education-profile").exists()
    train(ew.school, "education-profile", since=date(2020, 1, 1))
    train(ew.pedagogue, "education-profile", since=date(2020, 1, 1))
    return ew


@pytest.mark.django_db
def test_locking_the_profile_starts_the_plan_with_goals_from_its_domains(trained):
    ew = trained
    profile = assessment_services.assessment_start(actor=ew.school, case=ew.child, instrument_code="education-profile")
    lock(profile, ew.school, ew.pedagogue, rating="age_appropriate",
         changes={"LIT.1": ("substantial_support", "Does not yet read letters."),
                  "SPC.1": ("some_support", "Understands simple instructions in Albanian.")})
    plan = EducationPlan.objects.get()
    assert plan.assessment == profile and plan.case == ew.child and plan.responsible == ew.school
    goals = {g.domain: g.text for g in plan.goals.all()}
    assert set(goals) == {"LIT", "SPC"}
    assert goals["LIT"].startswith("Literacy: substantial support with")
    assert goals["SPC"].startswith("Speech and communication: some support with")
    # The hook handled it: no fallback task from the assessments app.
    assert not Task.objects.filter(kind="education_plan").exists()


@pytest.mark.django_db
def test_a_child_with_an_open_plan_gets_the_default_task_instead(trained):
    ew = trained
    services.plan_start(actor=ew.school, case=ew.child, goals=[("LIT", "Reads")])
    profile = assessment_services.assessment_start(actor=ew.school, case=ew.child, instrument_code="education-profile")
    lock(profile, ew.school, ew.pedagogue)
    assert EducationPlan.objects.count() == 1
    assert Task.objects.filter(kind="education_plan", case=ew.child).exists()
