"""Unmerge restores every row a merge moved, audited; the pair goes back to the queue."""

from datetime import date

import pytest

from reintegra.access.policy import AccessDenied
from reintegra.audit.models import AuditEvent
from reintegra.audit.verify import audit_chain_verify
from reintegra.cases.models import Case
from reintegra.linkage import services
from reintegra.linkage.models import Merge, PairStatus
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


def _snapshot(person) -> dict:
    return {
        "names": set(PersonName.objects.filter(person=person).values_list("pk", "kind")),
        "tokens": set(NameToken.objects.filter(person=person).values_list("pk", "sort_name")),
        "documents": set(IdentityDocument.objects.filter(person=person).values_list("pk", flat=True)),
        "relationships": set(Relationship.objects.filter(from_person=person).values_list("pk", flat=True)),
        "consents": set(Consent.objects.filter(person=person).values_list("pk", flat=True)),
        "given": set(Consent.objects.filter(given_by=person).values_list("pk", flat=True)),
        "households": set(HouseholdMember.objects.filter(person=person).values_list("pk", flat=True)),
        "case": set(Case.objects.filter(person=person).values_list("pk", flat=True)),
    }


@pytest.mark.django_db
def test_unmerge_restores_every_moved_row(world):
    kept, other, _child = duplicate_with_everything(world)
    before = {"kept": _snapshot(kept), "other": _snapshot(other)}
    pair = pair_of(kept, other)
    services.pair_decide(actor=world.coordinator, pair=pair, decision="same")
    merge = Merge.objects.get(pair=pair)
    assert _snapshot(other)["names"] == set()

    services.person_unmerge(actor=world.coordinator, merge=merge)

    assert {"kept": _snapshot(kept), "other": _snapshot(other)} == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == world.coordinator
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING and pair.decided_at is None
    # Search finds each by their own names again.
    assert person_search_ids(world.coordinator, "Тачи Дрите").ids == []  # the absorbed one has no case
    events = AuditEvent.objects.filter(object_type="person", action="update", detail__unmerge=merge.pk)
    assert set(events.values_list("person_id", flat=True)) == {kept.pk, other.pk}
    assert events.first().detail["moved"] == merge.moved
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_rows_added_after_the_merge_stay_with_the_kept_person(world):
    other = factories.person("Drite", "Thaci", born=None)
    kept = world.case_in.person
    merge = services.person_merge(actor=world.coordinator, kept=kept, absorbed=other)
    factories.people_services.document_add(actor=None, person=kept, kind="passport", number="P-77",
                                           issuing_country="XK")
    services.person_unmerge(actor=world.coordinator, merge=merge)
    assert IdentityDocument.objects.get(number="P-77").person == kept
    assert other.names.get().kind == "primary"


@pytest.mark.django_db
def test_unmerge_twice_and_unmerge_under_a_later_merge_are_refused(world):
    a = factories.person("Drite", "Thaci", born=date(1990, 5, 17))
    b = factories.person("Dritë", "Thaçi", born=None)
    first = services.person_merge(actor=world.coordinator, kept=a, absorbed=b)
    with pytest.raises(services.LinkageError, match="already holds the records"):
        services.person_merge(actor=world.coordinator, kept=world.case_in.person, absorbed=a)
    with pytest.raises(services.LinkageError, match="already merged"):
        services.person_merge(actor=world.coordinator, kept=world.case_in.person, absorbed=b)
    services.person_unmerge(actor=world.coordinator, merge=first)
    with pytest.raises(services.LinkageError, match="already undone"):
        services.person_unmerge(actor=world.coordinator, merge=first)
    # a merged into the returnee; then the old merge cannot be replayed under it.
    second = services.person_merge(actor=world.coordinator, kept=a, absorbed=b)
    services.person_unmerge(actor=world.coordinator, merge=second)
    services.person_merge(actor=world.coordinator, kept=world.case_in.person, absorbed=a)
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_only_reviewers_may_unmerge(world):
    other = factories.person("Drite", "Thaci", born=None)
    merge = services.person_merge(actor=world.coordinator, kept=world.case_in.person, absorbed=other)
    with pytest.raises(AccessDenied):
        services.person_unmerge(actor=world.social, merge=merge)
    merge.refresh_from_db()
    assert merge.undone_at is None
