"""A protocol step "assessment to start", marked done, starts the instrument its
protocol name stands for (reception's step seam), or leaves a task when none fits."""

from types import SimpleNamespace

import pytest

from reintegra.assessments.models import Assessment
from reintegra.cases.models import Task
from reintegra.reception import step_actions


def _step(case, agency, pk=4242):
    return SimpleNamespace(pk=pk, case=case, agency=agency, title="Security screening", compartment="security")


def _run(aw, case, name, actor=None):
    actor = actor or aw.coordinator
    return step_actions.run(step=_step(case, actor.staff.agency), spec=SimpleNamespace(records="assessment", assessment=name),
                            actor=actor)


@pytest.mark.django_db
def test_a_protocol_name_starts_its_instrument_unassigned(aw):
    note = _run(aw, aw.adult_case, "security_risk")
    assessment = Assessment.objects.get()
    assert note == f"assessment:{assessment.pk}"
    assert assessment.instrument.code == "VERA-2R" and assessment.assessor is None
    assert assessment.source == "protocol" and assessment.source_ref == "reception.step:4242"


@pytest.mark.django_db
def test_the_same_step_twice_does_not_start_a_second_assessment(aw):
    first = _run(aw, aw.adult_case, "reception_needs")
    second = _run(aw, aw.adult_case, "reception_needs")
    assert first == second and Assessment.objects.filter(instrument__code="needs-pathways").count() == 1


@pytest.mark.django_db
def test_an_instrument_code_is_accepted_as_it_is(aw):
    _run(aw, aw.child_case, "child-wellbeing")
    assert Assessment.objects.get().instrument.code == "child-wellbeing"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["mental_health_initial", "carer_suitability", "no_such_assessment"])
def test_a_name_without_an_instrument_becomes_a_task(aw, name):
    note = _run(aw, aw.adult_case, name)
    task = Task.objects.get()
    assert note == f"task:{task.pk}" and name in task.title
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_an_instrument_that_does_not_apply_becomes_a_task(aw):
    # The child wellbeing screening is for ages 2 to 17; the adult gets a task instead.
    note = _run(aw, aw.adult_case, "child_welfare")
    assert note.startswith("task:") and not Assessment.objects.exists()
