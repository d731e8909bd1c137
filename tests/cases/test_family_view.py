"""The family of a case: relatives with and without cases, linked only where readable."""

from datetime import date

import pytest
from django.test import Client

from reintegra.people.services import relationship_add
from tests import factories


@pytest.fixture
def family(world):
    mother = world.case_in.person
    child = factories.person("Amina", "Thaçi", born=date(2016, 1, 1), precision="year")
    child_case = factories.case(child, team=[world.social])
    grandmother = factories.person("Shqipe", "Thaçi", born=date(1958, 1, 1), precision="year")
    relationship_add(actor=None, from_person=mother, to_person=child, kind="mother")
    relationship_add(actor=None, from_person=grandmother, to_person=mother, kind="mother")
    return world, child_case, grandmother


@pytest.mark.django_db
def test_social_worker_sees_the_family_together(family):
    world, child_case, grandmother = family
    client = Client()
    client.force_login(world.social)
    html = client.get(f"/cases/{world.case_in.pk}/family/").content.decode()
    assert "Amina Thaçi" in html and "Shqipe Thaçi" in html
    assert f"/cases/{child_case.pk}/" in html  # the child's case is readable: linked
    assert f"/people/{grandmother.pk}/" in html  # the grandmother has no case: her page
    page = client.get(f"/people/{grandmother.pk}/")
    assert page.status_code == 200 and ">Relative<" in page.content.decode()


@pytest.mark.django_db
def test_relatives_without_family_rights_are_not_found(family):
    world, _child_case, grandmother = family
    client = Client()
    client.force_login(world.school)  # school may not read the family compartment
    assert client.get(f"/cases/{world.case_in.pk}/family/").status_code == 404
    assert client.get(f"/people/{grandmother.pk}/").status_code == 404
