"""Locking sets off consequences: the education profile starts an individual education
plan (a task for the education agency, or a hook the education app registers); the carer
screening's outcome is read by the placement check."""

import pytest

from reintegra.assessments import consequences, selectors, services
from reintegra.cases.models import Task

from .conftest import lock


@pytest.mark.django_db
def test_the_education_profile_asks_the_education_agency_for_an_individual_plan(aw):
    # Without a hook that handles it (the education app's is taken out for this test).
    hooks = consequences.hooks_for("education-profile")
    for hook in hooks:
        consequences.unregister("education-profile", hook)
    try:
        profile = services.assessment_start(actor=aw.school, case=aw.child_case, instrument_code="education-profile")
        lock(profile, aw.school, aw.pedagogue, level="lower_grade")
    finally:
        for hook in hooks:
            consequences.on_locked("education-profile")(hook)
    task = Task.objects.get(kind="education_plan")
    assert task.assigned_agency == aw.school.staff.agency and task.compartment == "education"
    assert task.case == aw.child_case and "individual education plan" in task.title
    assert "A lower grade for a time" in task.detail


@pytest.mark.django_db
def test_a_registered_hook_replaces_the_default_task(aw):
    seen = []

    def start_plan(*, assessment, actor):
        seen.append((assessment.pk, actor))
        return True

    consequences.on_locked("education-profile")(start_plan)
    try:
        profile = services.assessment_start(actor=aw.school, case=aw.child_case, instrument_code="education-profile")
        lock(profile, aw.school, aw.pedagogue)
    finally:
        consequences.unregister("education-profile", start_plan)
    assert seen == [(profile.pk, aw.pedagogue)] and not Task.objects.exists()


@pytest.mark.django_db
def test_the_carer_screening_outcome_is_there_for_the_placement_check(aw):
    assert selectors.carer_screening_outcome(person_id=aw.grandmother.pk, child_case=aw.child_case) is None
    screening = services.assessment_start(actor=aw.social, case=aw.child_case, instrument_code="carer-suitability",
                                          subject_person=aw.grandmother)
    lock(screening, aw.social, aw.coordinator, level="suitable_with_support")
    outcome = selectors.carer_screening_outcome(person_id=aw.grandmother.pk, child_case=aw.child_case)
    assert outcome["outcome"] == "suitable_with_support" and outcome["suitable"] is True
    assert outcome["label"] == "Suitable with support and conditions"
    # Scoped to a user, only for those who may read the child-protection compartment.
    assert selectors.carer_screening_outcome(person_id=aw.grandmother.pk, child_case=aw.child_case,
                                             user=aw.school) is None
    assert selectors.carer_screening_outcome(person_id=aw.grandmother.pk, child_case=aw.child_case,
                                             user=aw.coordinator)["outcome"] == "suitable_with_support"


@pytest.mark.django_db
def test_a_protocol_step_starts_an_assessment_without_an_assessor_once(aw):
    # What reception's protocol step handler calls: the coordinator cannot write security,
    # the step's own access check stands, and a second call returns the same assessment.
    first = services.assessment_start(actor=aw.coordinator, case=aw.adult_case, instrument_code="VERA-2R",
                                      reason="72-hour plan: risk screening", source="protocol",
                                      source_ref="reception.step:7")
    again = services.assessment_start(actor=aw.coordinator, case=aw.adult_case, instrument_code="VERA-2R",
                                      reason="72-hour plan: risk screening", source="protocol",
                                      source_ref="reception.step:7")
    assert first == again and first.assessor is None and first.source == "protocol"
    aw.adult_case.key_worker = aw.coordinator
    aw.adult_case.save(update_fields=["key_worker"])
    services.assessment_assign(actor=aw.coordinator, assessment=first, assessor=aw.police)
    first.refresh_from_db()
    assert first.assessor == aw.police
    assert aw.police.notifications.filter(message__contains="VERA-2R").exists()
    with pytest.raises(services.AssessmentInputError, match="no training record"):
        services.assessment_assign(actor=aw.coordinator, assessment=first, assessor=aw.coordinator)
