"""One assessment of each shipped instrument is started, rated, submitted, countersigned
and locked; an assessor without training is refused; countersigning needs a second,
trained person with the permission."""

import pytest

from reintegra.access.policy import AccessDenied
from reintegra.assessments import services
from reintegra.assessments.models import Assessment, Status
from reintegra.audit.models import AuditEvent

from .conftest import complete

# instrument -> (case attribute, assessor, countersigner, carer?)
ONE_OF_EACH = {
    "VERA-2R": ("adult_case", "police", "analyst", False),
    "ERG22+": ("adult_case", "analyst", "police", False),
    "needs-pathways": ("adult_case", "probation", "coordinator", False),
    "family-biography": ("adult_case", "social", "coordinator", False),
    "child-wellbeing": ("child_case", "health", "psychologist", False),
    "education-profile": ("child_case", "school", "pedagogue", False),
    "carer-suitability": ("child_case", "social", "coordinator", True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(ONE_OF_EACH))
def test_each_instrument_is_rated_submitted_countersigned_and_locked(aw, code):
    case_attr, assessor_attr, signer_attr, carer = ONE_OF_EACH[code]
    case, assessor, signer = getattr(aw, case_attr), getattr(aw, assessor_attr), getattr(aw, signer_attr)
    assessment = services.assessment_start(
        actor=assessor, case=case, instrument_code=code, reason="First assessment",
        subject_person=aw.grandmother if carer else None,
    )
    assert (assessment.status, assessment.assessor, assessment.instrument.version) == (Status.DRAFT, assessor, 1)
    assert assessment.compartment == assessment.instrument.compartment
    complete(assessment, assessor)
    services.assessment_submit(actor=assessor, assessment=assessment)
    services.assessment_countersign(actor=signer, assessment=assessment, note="Agreed.")
    assessment.refresh_from_db()
    assert assessment.status == Status.LOCKED and assessment.locked_at and assessment.countersigned_by == signer
    items = sum(len(d["items"]) for d in assessment.instrument.definition["domains"])
    assert assessment.ratings.count() == items
    with pytest.raises(services.AssessmentInputError, match="Only a draft"):
        complete(assessment, assessor)
    events = AuditEvent.objects.filter(object_type="assessment", object_id=str(assessment.pk))
    assert all(e.compartments == [assessment.compartment] for e in events)
    assert events.count() >= 4  # start, rate, submit, countersign


@pytest.mark.django_db
def test_an_assessor_without_training_is_refused(aw):
    # The pedagogue may write education but, once their training record is gone, may not
    # assess; the coordinator may not even write security.
    from .conftest import train

    aw.pedagogue.assessment_training.all().delete()
    with pytest.raises(services.AssessmentInputError, match="no training record"):
        services.assessment_start(actor=aw.pedagogue, case=aw.child_case, instrument_code="education-profile")
    with pytest.raises(AccessDenied):
        services.assessment_start(actor=aw.coordinator, case=aw.adult_case, instrument_code="VERA-2R")
    # Training that has ended, or covers other versions, does not count.
    from datetime import date

    train(aw.pedagogue, "education-profile", since=date(2020, 1, 1), until=date(2021, 1, 1))
    train(aw.pedagogue, "education-profile", min_version=2)
    with pytest.raises(services.AssessmentInputError, match="no training record"):
        services.assessment_start(actor=aw.pedagogue, case=aw.child_case, instrument_code="education-profile")
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_countersigning_needs_a_second_trained_person_with_the_permission(aw):
    assessment = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="VERA-2R")
    complete(assessment, aw.police, level="high")
    services.assessment_submit(actor=aw.police, assessment=assessment)
    with pytest.raises(services.AssessmentInputError, match="second person"):
        services.assessment_countersign(actor=aw.police, assessment=assessment)
    aw.analyst.assessment_training.all().delete()
    with pytest.raises(services.AssessmentInputError, match="needs training"):
        services.assessment_countersign(actor=aw.analyst, assessment=assessment)
    with pytest.raises(AccessDenied):  # a teacher holds the permission but may not write security
        services.assessment_countersign(actor=aw.school, assessment=assessment)
    with pytest.raises(AccessDenied):  # the DPO holds no permission at all
        services.assessment_countersign(actor=aw.world.dpo, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


@pytest.mark.django_db
def test_an_incomplete_assessment_is_not_submitted_and_says_what_is_missing(aw):
    assessment = services.assessment_start(actor=aw.health, case=aw.child_case, instrument_code="child-wellbeing")
    services.assessment_rate(actor=aw.health, assessment=assessment,
                             ratings={"SAFE.1": ("none", ""), "SAFE.2": ("unknown", "")})
    with pytest.raises(services.AssessmentIncomplete) as caught:
        services.assessment_submit(actor=aw.health, assessment=assessment)
    problems = caught.value.problems
    assert "SAFE.1: write the evidence for the rating." in problems
    assert not any(p.startswith("SAFE.2") for p in problems)  # "cannot rate" needs no evidence
    assert "TRA.1 is not rated." in problems and "Make the overall judgement." in problems
    with pytest.raises(services.AssessmentInputError, match="not on its scale"):
        services.assessment_rate(actor=aw.health, assessment=assessment, ratings={"SAFE.1": ("high", "x")})
    with pytest.raises(services.AssessmentInputError, match="not an item"):
        services.assessment_rate(actor=aw.health, assessment=assessment, ratings={"BA.1": ("none", "x")})
    with pytest.raises(services.AssessmentInputError, match="not an overall level"):
        services.assessment_rate(actor=aw.health, assessment=assessment, overall_level="high")
    with pytest.raises(AccessDenied):  # only the assessor rates
        services.assessment_rate(actor=aw.psychologist, assessment=assessment, ratings={"SAFE.1": ("none", "x")})


@pytest.mark.django_db
def test_the_overall_judgement_is_the_assessors_and_must_be_justified(aw):
    assessment = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="VERA-2R")
    # Every indicator rated low, yet the assessor judges the risk high: the judgement is
    # theirs, never a sum of the ratings, but it must be justified.
    complete(assessment, aw.police, rating="low", level="high")
    services.assessment_rate(actor=aw.police, assessment=assessment, overall_justification="")
    with pytest.raises(services.AssessmentIncomplete, match="Justify the overall judgement"):
        services.assessment_submit(actor=aw.police, assessment=assessment)
    services.assessment_rate(actor=aw.police, assessment=assessment,
                             overall_justification="Recent threats reported by the family outweigh the indicators.")
    services.assessment_submit(actor=aw.police, assessment=assessment)
    services.assessment_countersign(actor=aw.analyst, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.overall_level == "high"


@pytest.mark.django_db
def test_instruments_apply_only_to_whom_they_are_for(aw):
    with pytest.raises(services.AssessmentInputError, match="does not apply"):
        services.assessment_start(actor=aw.police, case=aw.child_case, instrument_code="VERA-2R",
                                  check_access=False, assessor=None)
    with pytest.raises(services.AssessmentInputError, match="does not apply"):
        services.assessment_start(actor=aw.health, case=aw.adult_case, instrument_code="child-wellbeing")
    with pytest.raises(services.AssessmentInputError, match="which carer"):
        services.assessment_start(actor=aw.social, case=aw.child_case, instrument_code="carer-suitability")


@pytest.mark.django_db
def test_a_countersigner_returns_an_assessment_with_a_note(aw):
    assessment = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="ERG22+")
    complete(assessment, aw.police)
    services.assessment_submit(actor=aw.police, assessment=assessment)
    with pytest.raises(services.AssessmentInputError, match="Say what"):
        services.assessment_return(actor=aw.analyst, assessment=assessment, note=" ")
    services.assessment_return(actor=aw.analyst, assessment=assessment, note="ERG.3: the evidence is hearsay.")
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT and "hearsay" in assessment.returned_note
    services.assessment_withdraw(actor=aw.police, assessment=assessment, reason="Started twice.")
    assessment.refresh_from_db()
    assert assessment.status == Status.WITHDRAWN
