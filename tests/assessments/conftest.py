"""An assessment world on top of the small world: trained assessors and countersigners
for each instrument, an adult's case and a child's case in Prishtinë."""

from dataclasses import dataclass
from datetime import date

import pytest

from reintegra.assessments import services
from reintegra.assessments.models import Instrument
from reintegra.people import services as people_services
from tests import factories


@dataclass
class AssessmentWorld:
    world: object
    police: object  # assesses risk (security rw in Prishtinë)
    analyst: object  # intelligence: countersigns risk
    health: object
    psychologist: object
    school: object
    pedagogue: object
    social: object
    coordinator: object
    probation: object
    adult_case: object
    child_case: object
    grandmother: object  # a relative of the child, screened as carer


def train(user, code: str, *, since=date(2020, 1, 1), until=None, min_version=None, max_version=None):
    from django.utils import timezone

    from reintegra.assessments.models import TrainingRecord

    return TrainingRecord.objects.create(
        user=user, instrument_code=code, valid_from=since, valid_until=until, min_version=min_version,
        max_version=max_version, recorded_at=timezone.now(),
    )


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; a request in another language earlier in the same
    thread must not leak into the next test."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def aw(world):
    services.instruments_sync()
    assert Instrument.objects.count() == 7
    intel = factories.agency("Intelligence", "intelligence")
    health = factories.agency("Mental health Prishtinë", "health", "Prishtinë")
    edu = world.school.staff.agency
    analyst = factories.user("analyst", "intelligence", intel)
    health1 = factories.user("doctor", "health", health)
    psychologist = factories.user("psychologist", "health", health)
    pedagogue = factories.user("pedagogue", "school", edu)
    probation = factories.user("probation", "probation", factories.agency("Probation", "probation"))
    child = factories.person("Arta", "Thaçi", sex="F", born=date(2015, 3, 2))
    child_case = factories.case(child, team=[world.school, pedagogue, health1, psychologist, world.social])
    grandmother = factories.person("Shpresa", "Thaçi", sex="F", born=date(1958, 6, 1))
    people_services.relationship_add(actor=None, from_person=grandmother, to_person=child, kind="grandparent")
    factories.case_services.case_team_add(actor=None, case=world.case_in, user=health1)
    factories.case_services.case_team_add(actor=None, case=world.case_in, user=psychologist)
    factories.case_services.case_team_add(actor=None, case=world.case_in, user=probation)
    train(probation, "needs-pathways")
    for code in ("VERA-2R", "ERG22+"):
        train(world.police, code)
        train(analyst, code)
    for user in (health1, psychologist):
        train(user, "child-wellbeing")
    for user in (world.school, pedagogue):
        train(user, "education-profile")
    for user in (world.social, world.coordinator):
        for code in ("carer-suitability", "family-biography", "needs-pathways"):
            train(user, code)
    return AssessmentWorld(
        world=world, police=world.police, analyst=analyst, health=health1, psychologist=psychologist,
        school=world.school, pedagogue=pedagogue, social=world.social, coordinator=world.coordinator, probation=probation,
        adult_case=world.case_in, child_case=child_case, grandmother=grandmother,
    )


def complete(assessment, actor, *, level=None, rating=None, evidence="Seen at the interview on 3 May."):
    """Rate every item (the first option on its scale unless `rating` is given) with
    evidence, and make the overall judgement."""
    from reintegra.assessments import selectors

    items = selectors.items_of(assessment.instrument)
    scales = assessment.instrument.definition["scales"]
    ratings = {code: (rating or scales[item["scale"]][0]["value"], evidence) for code, item in items.items()}
    levels = [lv["value"] for lv in assessment.instrument.definition["overall_levels"]]
    return services.assessment_rate(
        actor=actor, assessment=assessment, ratings=ratings, overall_level=level or levels[0],
        overall_justification="Judged on the whole picture, not on a count of items.",
    )


def lock(assessment, assessor, signer, *, level=None, rating=None, changes=None, at=None):
    """Complete, submit and countersign an assessment (at a given time, for histories)."""
    complete(assessment, assessor, level=level, rating=rating)
    if changes:
        services.assessment_rate(actor=assessor, assessment=assessment, ratings=changes)
    services.assessment_submit(actor=assessor, assessment=assessment, at=at)
    return services.assessment_countersign(actor=signer, assessment=assessment, at=at)


def lock_risk(aw, *, level, at=None, rating=None, changes=None, code="VERA-2R"):
    """A risk assessment of the adult case by the police, countersigned by the analyst."""
    assessment = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code=code, at=at)
    return lock(assessment, aw.police, aw.analyst, level=level, rating=rating, changes=changes, at=at)
