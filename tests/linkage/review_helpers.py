"""Builders for the duplicate review tests (synthetic names only)."""

from datetime import UTC, date, datetime

from reintegra.linkage.models import CandidatePair, PairSource
from reintegra.people import services as people_services
from reintegra.people.models import Household, HouseholdMember
from reintegra.people.services import NameInput
from tests import factories


def pair_of(a, b, *, probability: float = 0.97, source: str = PairSource.FIND_DUPLICATES) -> CandidatePair:
    first, second = sorted([a.pk, b.pk])
    pair, _created = CandidatePair.objects.update_or_create(
        person_a_id=first, person_b_id=second,
        defaults={
            "match_probability": probability, "match_weight": 5.0, "source": source,
            "explanation": {"comparisons": {
                "given_name": {"level": "same name, other transliteration", "match_weight": 6.5,
                               "bayes_factor": 90.5, "agrees": True},
                "family_name": {"level": "same name, other transliteration", "match_weight": 8.1,
                                "bayes_factor": 274.4, "agrees": True},
                "date_of_birth": {"level": "same year, day or month unknown on one side", "match_weight": 6.0,
                                  "bayes_factor": 64.0, "agrees": True},
                "father_name": {"level": "missing", "match_weight": 0.0, "bayes_factor": 1.0, "agrees": False},
            }, "method": "model"},
        },
    )
    return pair


def duplicate_with_everything(world):
    """The returnee of world.case_in (kept: has the case) and the same woman entered again
    by the camp list in Cyrillic, year of birth only, with an alias, a document, a relative,
    a consent and a household of her own."""
    kept = world.case_in.person
    other = people_services.person_create(
        actor=None, names=[NameInput(given_name="Дрите", family_name="Тачи"),
                           NameInput(full_text="Umm Ahmed", kind="kunya")],
        sex="F", birth_date=date(1990, 1, 1), birth_date_precision="year",
    )
    child = factories.person("Ardit", "Thaçi", sex="M", born=date(2016, 3, 1))
    people_services.document_add(actor=None, person=other, kind="travel_document", number="ETD-0042",
                                 issuing_country="XK")
    people_services.relationship_add(actor=None, from_person=other, to_person=child, kind="mother")
    people_services.consent_record(actor=None, person=child, purpose="Repatriation of the child",
                                   given_by=other, given_at=datetime(2019, 4, 1, tzinfo=UTC))
    people_services.consent_record(actor=None, person=other, purpose="Data sharing with the NGO",
                                   given_at=datetime(2019, 4, 2, tzinfo=UTC))
    household = Household.objects.create(name="Camp tent 12")
    HouseholdMember.objects.create(household=household, person=other, role="mother")
    HouseholdMember.objects.create(household=household, person=child)
    return kept, other, child
