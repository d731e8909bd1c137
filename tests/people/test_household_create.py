"""Households: a family seen together; bad input refused whole."""

import pytest

from reintegra.audit.models import AuditEvent
from reintegra.people.models import Household
from reintegra.people.services import PersonInputError, household_create
from tests import factories


@pytest.mark.django_db
def test_household_groups_a_family_and_is_audited():
    mother = factories.person("Besa", "Gashi")
    child = factories.person("Amina", "Gashi")
    household = household_create(actor=None, name="Gashi household", members=[(mother, "mother"), (child, "child")])
    assert set(household.members.values_list("display_name", flat=True)) == {"Besa Gashi", "Amina Gashi"}
    assert AuditEvent.objects.filter(object_type="household_member", compartments=["family"]).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name,twice,message", [("", False, "needs a name"), ("Gashi", True, "listed twice")])
def test_bad_household_is_refused(name, twice, message):
    mother = factories.person("Besa", "Gashi")
    members = [(mother, "mother"), (mother, "mother")] if twice else [(mother, "mother")]
    with pytest.raises(PersonInputError, match=message):
        household_create(actor=None, name=name, members=members)
    assert not Household.objects.exists()
