"""Family reunification and placement: a carer who is not a parent is screened first."""

import pytest
from django.test import Client

from reintegra.cases import attention
from reintegra.people import services as people_services
from reintegra.reception import services
from reintegra.reception.models import Placement
from tests import factories

from .helpers import family_rows, operation_with, reception_world, row


@pytest.fixture
def rw(world):
    rw = reception_world(world)
    rows = [*family_rows(), row(ref="9", given_name="Omar", family_name="Gashi", sex="M", date_of_birth="2015")]
    operation_with(rw, rows)
    return rw


def _case(ref):
    from reintegra.reception.models import OperationMember

    return OperationMember.objects.select_related("case__person").get(ref=ref).case


@pytest.mark.django_db
def test_an_unaccompanied_child_is_flagged_until_placed_with_a_screened_relative(rw):
    child = _case("9")
    assert child.unaccompanied_minor
    grandmother = factories.person("Lirije", "Gashi", born=None)
    people_services.relationship_add(actor=None, from_person=grandmother, to_person=child.person, kind="grandparent")
    social = rw.world.social
    flagged = attention.cases_needing_attention(social)
    assert any(k == "unplaced_minor" for k, _r in flagged[child.pk])
    with pytest.raises(services.ReceptionError, match="Record a screening"):
        services.placement_record(actor=social, case=child, kind="relative", carer=grandmother)
    services.carer_screening_record(actor=social, case=child, carer=grandmother, outcome="not_suitable",
                                    notes="No room")
    with pytest.raises(services.ReceptionError, match="not suitable"):
        services.placement_record(actor=social, case=child, kind="relative", carer=grandmother)
    with pytest.raises(services.ReceptionError, match="Write the conditions"):
        services.carer_screening_record(actor=social, case=child, carer=grandmother, outcome="suitable_conditions")
    services.carer_screening_record(actor=social, case=child, carer=grandmother, outcome="suitable_conditions",
                                    notes="Monthly home visits", assessment_id=12)
    placement = services.placement_record(actor=social, case=child, kind="relative", carer=grandmother)
    assert placement.screening.outcome == "suitable_conditions"
    assert "unplaced_minor" not in {k for k, _r in attention.cases_needing_attention(social).get(child.pk, [])}


@pytest.mark.django_db
def test_a_parent_needs_no_screening_but_must_be_the_parent(rw):
    child, mother, stranger = _case("3"), _case("2").person, _case("1").person
    services.placement_record(actor=rw.world.social, case=child, kind="parent", carer=mother)
    with pytest.raises(services.ReceptionError, match="not recorded as a parent"):
        services.placement_record(actor=rw.world.social, case=child, kind="parent", carer=stranger)
    with pytest.raises(services.ReceptionError, match="Name the care institution"):
        services.placement_record(actor=rw.world.social, case=child, kind="care")
    services.placement_record(actor=rw.world.social, case=child, kind="care", institution="Children's home")
    assert Placement.objects.filter(case=child, ended_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_who_may_record(rw):
    child = _case("9")
    grandmother = factories.person("Lirije", "Gashi", born=None)
    for user in (rw.world.police, rw.world.school, rw.health):  # health reads child protection, writes not
        with pytest.raises(services.policy.AccessDenied):
            services.carer_screening_record(actor=user, case=child, carer=grandmother, outcome="suitable")


@pytest.mark.django_db
def test_the_placement_page_allowed_and_denied(rw):
    child = _case("3")
    mother = _case("2").person
    client = Client()
    client.force_login(rw.world.social)
    page = client.get(f"/reception/cases/{child.pk}/placement/")
    assert page.status_code == 200 and "Teuta Morina" in page.content.decode()
    response = client.post(f"/reception/cases/{child.pk}/placement/", {"place": "1", "kind": "relative",
                                                                       "carer": mother.pk})
    assert response.status_code == 422 and "Record a screening" in response.content.decode()
    response = client.post(f"/reception/cases/{child.pk}/placement/", {"place": "1", "kind": "parent", "carer": mother.pk})
    assert response.status_code == 302 and Placement.objects.filter(case=child).exists()
    client.force_login(rw.world.police)
    assert client.get(f"/reception/cases/{child.pk}/placement/").status_code == 404
    client.force_login(rw.health)  # reads child protection, may not write
    assert client.get(f"/reception/cases/{child.pk}/placement/").status_code == 200
    assert client.post(f"/reception/cases/{child.pk}/placement/", {"place": "1", "kind": "care",
                                                                  "institution": "X"}).status_code == 404
