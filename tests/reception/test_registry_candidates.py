"""A manifest row that may be someone already on the registry is created as a new person
and listed for review: exact or folded name with a compatible date of birth."""

from datetime import date

import pytest

from reintegra.people.models import Person
from reintegra.reception.models import RegistryCandidate
from reintegra.reception.selectors import candidates_for_review
from tests import factories

from .helpers import operation_with, reception_world, row


@pytest.mark.django_db
def test_candidates_are_listed_never_merged(world):
    exact = factories.person("Teuta", "Morina", born=date(1992, 5, 3))
    folded = factories.person("Teuta", "Morína", born=None)  # another spelling, no date known
    factories.person("Teuta", "Morina", born=date(1970, 1, 1))  # same name, another generation
    cyrillic = factories.person("Адnan", "Хоџић", sex="M", born=date(1988, 1, 1), precision="year")
    rw = reception_world(world)
    before = Person.objects.count()
    operation_with(rw, [
        row(ref="1", given_name="Teuta", family_name="Morina", sex="F", date_of_birth="1992"),
        row(ref="2", given_name="Adnan", family_name="Hodzic", sex="M", date_of_birth="1988-06"),
        row(ref="3", given_name="Nobody", family_name="Known", sex="M"),
    ])
    assert Person.objects.count() == before + 3  # every row is a new person
    found = {(c.member.ref, c.candidate_id, c.reason) for c in RegistryCandidate.objects.select_related("member")}
    assert found == {("1", exact.pk, "exact"), ("1", folded.pk, "folded"), ("2", cyrillic.pk, "folded")}
    assert candidates_for_review(rw.operation).count() == 3
