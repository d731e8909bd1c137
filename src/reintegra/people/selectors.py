"""Reads of persons, always scoped by the access policy."""

from django.db.models import OuterRef, QuerySet, Subquery

from reintegra.access import policy
from reintegra.linkage.folding import fold_for_search

from .models import NameToken, Person


def _prefix_range(token: str) -> tuple[str, str]:
    # Folded tokens are lowercase ASCII, so "the next string after every word that starts
    # with `token`" is `token` with its last letter raised by one. A range on the B-tree
    # index is fast on both SQLite and PostgreSQL, where LIKE 'x%' is not always.
    return token, token[:-1] + chr(ord(token[-1]) + 1)


def person_search(user, query: str) -> QuerySet[Person]:
    """Persons the user may see with a name or alias whose words start with each word typed.

    Case, diacritics and script do not matter: "hodzic" finds Hodžić and Хоџић.
    """
    from reintegra.cases.models import Case

    words = fold_for_search(query).split()[:6]
    if not words:
        return Person.objects.none()
    people = policy.persons_visible(user)
    for word in words:
        low, high = _prefix_range(word[:100])
        matching = NameToken.objects.filter(token__gte=low, token__lt=high).values("person_id")
        people = people.filter(pk__in=matching)
    case_id = Case.objects.filter(person=OuterRef("pk")).values("pk")[:1]
    case_ref = Case.objects.filter(person=OuterRef("pk")).values("reference")[:1]
    return people.annotate(case_id=Subquery(case_id), case_reference=Subquery(case_ref)).order_by(
        "display_name", "pk"
    )


def person_get_visible(user, person_id: int) -> Person | None:
    return policy.persons_visible(user).filter(pk=person_id).first()
