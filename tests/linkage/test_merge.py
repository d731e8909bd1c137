"""Merging two records of one person: every row of the absorbed person is repointed to
the kept one, in one audited transaction; refused when both have a case or for someone
without the permission."""

from datetime import date

import pytest

from reintegra.access.policy import AccessDenied
from reintegra.audit.models import AuditEvent
from reintegra.audit.verify import audit_chain_verify
from reintegra.cases.models import Case
from reintegra.linkage import services
from reintegra.linkage.models import CandidatePair, Merge, PairStatus
from reintegra.people.models import (
    Consent,
    HouseholdMember,
    IdentityDocument,
    NameToken,
    PersonName,
    Relationship,
)
from reintegra.people.selectors import person_search_ids
from tests import factories

from .review_helpers import duplicate_with_everything, pair_of


@pytest.mark.django_db
def test_same_person_moves_every_row_to_the_kept_person(world):
    kept, other, child = duplicate_with_everything(world)
    pair = pair_of(kept, other)
    name_ids = set(other.names.values_list("pk", flat=True))
    token_ids = set(NameToken.objects.filter(person=other).values_list("pk", flat=True))

    services.pair_decide(actor=world.coordinator, pair=pair, decision="same")

    pair.refresh_from_db()
    assert pair.status == PairStatus.SAME and pair.decided_by == world.coordinator
    merge = Merge.objects.get(pair=pair)
    assert (merge.kept, merge.absorbed) == (kept, other)  # the one with the case is kept
    # Names (the primary one becomes another spelling), tokens, document, relationship,
    # consents (given by and given for), household: all on the kept person now.
    assert set(kept.names.values_list("pk", flat=True)) >= name_ids
    assert not other.names.exists()
    assert PersonName.objects.get(pk=merge.renamed[0]).kind == "spelling"
    assert kept.names.filter(kind="primary").count() == 1
    assert set(NameToken.objects.filter(pk__in=token_ids).values_list("person_id", flat=True)) == {kept.pk}
    assert set(NameToken.objects.filter(person=kept).values_list("sort_name", flat=True)) == {kept.display_name}
    assert IdentityDocument.objects.get(number="ETD-0042").person == kept
    assert Relationship.objects.get(to_person=child).from_person == kept
    assert Consent.objects.get(person=child).given_by == kept
    assert Consent.objects.get(purpose="Data sharing with the NGO").person == kept
    assert HouseholdMember.objects.get(household__name="Camp tent 12", role="mother").person == kept
    assert Case.objects.get(person=kept) == world.case_in
    # Every moved row is on the merge record, by table and field.
    assert set(merge.moved["people.PersonName.person"]) == name_ids
    assert set(merge.moved["people.NameToken.person"]) == token_ids
    assert merge.absorbed_state["birth_date_precision"] == "year"
    # Search finds the kept person by the Cyrillic name the absorbed one had.
    assert person_search_ids(world.coordinator, "Тачи Дрите").ids == [kept.pk]
    # Audited in the same transaction: the decision and the merge on both persons.
    events = AuditEvent.objects.filter(object_type="person", action="update", detail__merge=merge.pk)
    assert set(events.values_list("person_id", flat=True)) == {kept.pk, other.pk}
    assert events.first().detail["moved"] == merge.moved
    assert AuditEvent.objects.filter(object_type="candidate_pair", action="review", object_id=str(pair.pk)).count() == 2
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_the_case_moves_when_only_the_absorbed_person_has_one(world):
    registry_only = factories.person("Drite", "Thaci", born=date(1990, 5, 17))
    with_case = world.case_in.person
    merge = services.person_merge(actor=world.coordinator, kept=registry_only, absorbed=with_case)
    assert Case.objects.get(pk=world.case_in.pk).person == registry_only
    assert merge.moved["cases.Case.person"] == [world.case_in.pk]


@pytest.mark.django_db
def test_merge_refused_when_both_have_a_case(world):
    twin = factories.person("Drite", "Thaci", born=date(1990, 5, 17))
    factories.case(twin)
    pair = pair_of(world.case_in.person, twin)
    before = AuditEvent.objects.count()
    with pytest.raises(services.LinkageError, match="Both persons have a case"):
        services.pair_decide(actor=world.coordinator, pair=pair, decision="same")
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING
    assert not Merge.objects.exists()
    assert twin.names.count() == 1
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_a_row_that_would_point_to_one_person_twice_stays(world):
    kept = world.case_in.person
    other = factories.person("Drite", "Thaci", born=None)
    rel = Relationship.objects.create(from_person=other, to_person=kept, kind="sibling")
    merge = services.pair_decide(actor=world.coordinator, pair=pair_of(kept, other), decision="same").merges.get()
    rel.refresh_from_db()
    assert (rel.from_person, rel.to_person) == (other, kept)
    assert merge.kept_back == {"people.Relationship.from_person": [rel.pk]}


@pytest.mark.django_db
def test_different_people_are_remembered(world):
    other = factories.person("Drite", "Thaci", born=date(1990, 1, 1), precision="year")
    pair = pair_of(world.case_in.person, other)
    services.pair_decide(actor=world.coordinator, pair=pair, decision="different")
    pair.refresh_from_db()
    assert pair.status == PairStatus.DIFFERENT
    assert other.names.count() == 1 and not Merge.objects.exists()
    made = services.pairs_propose(actor=None, source="find_duplicates", pairs=[
        services.ProposedPair(other.pk, world.case_in.person.pk, 0.99, 9.0)])
    assert made == []
    assert CandidatePair.objects.filter(status="pending").count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["social", "school", "police", "dpo"])
def test_only_reviewers_may_decide(world, username):
    other = factories.person("Drite", "Thaci", born=None)
    pair = pair_of(world.case_in.person, other)
    with pytest.raises(AccessDenied):
        services.pair_decide(actor=getattr(world, username), pair=pair, decision="same")
    with pytest.raises(AccessDenied):
        services.person_merge(actor=getattr(world, username), kept=world.case_in.person, absorbed=other)
    assert not Merge.objects.exists()


@pytest.mark.django_db
def test_bad_decisions_are_refused(world):
    other = factories.person("Drite", "Thaci", born=None)
    pair = pair_of(world.case_in.person, other)
    with pytest.raises(services.LinkageError, match="same' or 'different"):
        services.pair_decide(actor=world.coordinator, pair=pair, decision="maybe")
    with pytest.raises(services.LinkageError, match="one of the two"):
        services.pair_decide(actor=world.coordinator, pair=pair, decision="same", keep=world.case_out.person.pk)
    services.pair_decide(actor=world.coordinator, pair=pair, decision="different")
    with pytest.raises(services.LinkageError, match="already decided"):
        services.pair_decide(actor=world.coordinator, pair=pair, decision="same")
    with pytest.raises(services.LinkageError, match="themselves"):
        services.person_merge(actor=world.coordinator, kept=other, absorbed=other)


@pytest.mark.django_db
def test_every_link_to_person_is_discovered():
    keys = {services._key(model, fk) for model, fk in services.person_links()}
    assert {"people.PersonName.person", "people.NameToken.person", "people.IdentityDocument.person",
            "people.Relationship.from_person", "people.Relationship.to_person", "people.HouseholdMember.person",
            "people.Consent.person", "people.Consent.given_by", "cases.Case.person",
            "reception.RegistryCandidate.candidate", "reception.OperationMember.person"} <= keys
    assert not any(k.startswith("linkage.") for k in keys)
