"""Reads of the review queue, scoped by the access policy.

The queue shows the names, dates of birth, documents and cases of people whoever's
caseload they are on: only holders of `linkage.review` see any of it (the coordinator
by default); for anyone else the queue is empty and a pair is not found (404).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, QuerySet

from reintegra.access import policy
from reintegra.audit.services import AuditEntry, audit_record_many
from reintegra.people.dates import format_partial_date
from reintegra.people.models import Person

from .models import CandidatePair, Merge, PairStatus
from .services import REVIEW_PERMISSION, absorbed_ids


def may_review(user) -> bool:
    return policy.has_permission(user, REVIEW_PERMISSION)


def pairs_visible(user, *, status: str = PairStatus.PENDING) -> QuerySet[CandidatePair]:
    """Pairs of this status the user may review, filtered in the database: pending ones
    best first, decided ones latest first. Pending pairs with a person merged into
    another (and so empty) are left out until that merge is undone."""
    if not may_review(user):
        return CandidatePair.objects.none()
    pairs = CandidatePair.objects.filter(status=status)
    if status == PairStatus.PENDING:
        active = Merge.objects.filter(undone_at__isnull=True).values("absorbed_id")
        pairs = pairs.exclude(person_a_id__in=active).exclude(person_b_id__in=active)
    # Unscored pairs (from an arrival check) after the scored ones, on both databases.
    order = ([F("match_probability").desc(nulls_last=True), "-created_at", "id"] if status == PairStatus.PENDING
             else [F("decided_at").desc(nulls_last=True), "-id"])
    return pairs.select_related("person_a", "person_b").order_by(*order)


def pair_get(user, pair_id: int) -> CandidatePair | None:
    if not may_review(user):
        return None
    return CandidatePair.objects.select_related("person_a", "person_b").filter(pk=pair_id).first()


def merge_get(user, merge_id: int) -> Merge | None:
    if not may_review(user):
        return None
    return Merge.objects.filter(pk=merge_id).first()


def _side(person: Person) -> dict:
    from reintegra.cases.models import Case

    case = Case.objects.filter(person=person).values("pk", "reference", "stage", "municipality").first()
    relationships = list(person.relationships_from.values_list("kind", "to_person__display_name")) + [
        (kind, name) for kind, name in person.relationships_to.values_list("kind", "from_person__display_name")
    ]
    return {
        "id": person.pk,
        "display_name": person.display_name,
        "sex": person.sex,
        "date_of_birth": format_partial_date(person.birth_date, person.birth_date_precision),
        "date_of_birth_precision": person.birth_date_precision,
        "place_of_birth": person.place_of_birth,
        "citizenship_status": person.citizenship_status,
        "names": [
            {"id": n.pk, "kind": n.kind, "script": n.script, "as_written": n.as_written(),
             "given_name": n.given_name, "family_name": n.family_name, "father_name": n.father_name}
            for n in person.names.order_by("id")
        ],
        "documents": [
            {"kind": d.kind, "number": d.number, "issuing_country": d.issuing_country}
            for d in person.documents.order_by("kind", "id")
        ],
        "case": case,
        "relationships": [{"kind": kind, "person": name} for kind, name in relationships],
        "households": list(person.households.order_by("id").values_list("name", flat=True)),
    }


def explanation_rows(pair: CandidatePair) -> list[dict]:
    """The comparisons of a pair as the page shows them: field, level, agrees, weight."""
    rows = []
    for name, found in (pair.explanation or {}).get("comparisons", {}).items():
        weight = found.get("match_weight")
        rows.append({
            "field": name,
            "level": found.get("level", ""),
            "agrees": found.get("agrees", weight is not None and weight > 0),
            "missing": found.get("level") == "missing",
            "match_weight": weight,
            "bayes_factor": found.get("bayes_factor"),
        })
    return rows


def pair_detail(user, pair: CandidatePair, *, request=None, channel: str = "page") -> dict:
    """Both persons side by side with why the model proposes them. Reading it is an
    audited read of both persons' identity."""
    merges = list(Merge.objects.filter(pair=pair).order_by("-merged_at"))
    active_merge = next((m for m in merges if m.undone_at is None), None)
    with transaction.atomic():
        detail = {
            "pair": pair,
            "a": _side(pair.person_a),
            "b": _side(pair.person_b),
            "explanation": explanation_rows(pair),
            "merge": active_merge,
            "blocked": bool({pair.person_a_id, pair.person_b_id} & set(absorbed_ids())) and active_merge is None,
        }
        audit_record_many(user=user, request=request, channel=channel, events=[
            AuditEntry(action="read", object_type="person", object_id=pk, person_id=pk,
                       compartments=["identity"], detail={"candidate_pair": pair.pk})
            for pk in (pair.person_a_id, pair.person_b_id)
        ])
    return detail
