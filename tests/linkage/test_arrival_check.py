"""New people are checked against the registry as they arrive: by hand (a cheap check
on folded name words and year of birth) and through a manifest (reception's candidates)."""

from datetime import date

import pytest

from reintegra.linkage import services
from reintegra.linkage.models import CandidatePair, PairStatus
from reintegra.reception.models import RegistryCandidate
from tests import factories
from tests.reception.helpers import operation_with, reception_world, row


@pytest.mark.django_db
def test_a_person_entered_by_hand_is_checked(world):
    registry = world.case_in.person  # Dritë Thaçi, 1990-05-17
    cyrillic = factories.person("Дрите", "Тачи", born=date(1990, 1, 1), precision="year")
    pair = CandidatePair.objects.get(person_b=cyrillic)
    assert pair.person_a == registry and pair.source == "new_person" and pair.status == PairStatus.PENDING
    assert pair.match_probability is None  # no model run on a save
    assert pair.explanation["comparisons"]["family_name"]["agrees"]


@pytest.mark.django_db
def test_another_year_or_another_name_is_not_proposed(world):
    factories.person("Dritë", "Thaçi", born=date(1971, 2, 2))  # another generation
    factories.person("Dritë", "Krasniqi", born=date(1990, 5, 17))  # another family
    factories.person("Besa", "Thaçi", born=date(1990, 5, 17))  # another given name
    assert not CandidatePair.objects.exists()


@pytest.mark.django_db
def test_an_unknown_date_does_not_rule_a_match_out(world):
    undated = factories.person("Drite", "Thaci", born=None)
    assert CandidatePair.objects.filter(person_b=undated).exists()


@pytest.mark.django_db
def test_manifest_candidates_go_to_the_queue_and_are_marked_reviewed_when_decided(world):
    teuta = factories.person("Teuta", "Morina", born=date(1992, 5, 3))
    rw = reception_world(world)
    operation_with(rw, [
        row(ref="1", given_name="Teuta", family_name="Morina", sex="F", date_of_birth="1992"),
        row(ref="2", given_name="Nobody", family_name="Known", sex="M"),
    ])
    candidate = RegistryCandidate.objects.get()
    pair = CandidatePair.objects.get(source="manifest")
    assert {pair.person_a_id, pair.person_b_id} == {teuta.pk, candidate.member.person_id}
    assert pair.explanation["reason"] == "exact"
    services.pair_decide(actor=world.coordinator, pair=pair, decision="different")
    candidate.refresh_from_db()
    assert candidate.reviewed
