"""Reads of persons, always scoped by the access policy."""

from dataclasses import dataclass

from django.db.models import QuerySet

from reintegra.access import policy
from reintegra.linkage.folding import fold_for_search

from .models import NameToken, Person


def _prefix_range(token: str) -> tuple[str, str]:
    # Folded tokens are lowercase ASCII, so "the next string after every word that starts
    # with `token`" is `token` with its last letter raised by one. A range on the B-tree
    # index is fast on both SQLite and PostgreSQL, where LIKE 'x%' is not always.
    return token, token[:-1] + chr(ord(token[-1]) + 1)


# A name search is for finding someone, not for listing the registry: past this many
# matches the user is asked to type more, and the database never sorts more than this.
MAX_RESULTS = 1000


def person_search(user, query: str) -> QuerySet[Person]:
    """Persons the user may see with a name or alias whose words start with each word typed.

    Case, diacritics and script do not matter: "hodzic" finds Hodžić and Хоџић.
    """
    words = fold_for_search(query).split()[:6]
    if not words:
        return Person.objects.none()
    people = policy.persons_visible(user)
    for word in words:
        low, high = _prefix_range(word[:100])
        matching = NameToken.objects.filter(token__gte=low, token__lt=high).values("person_id")
        people = people.filter(pk__in=matching)
    return people.order_by("display_name", "pk")


@dataclass
class SearchResult:
    ids: list[int]  # every match, in display order, at most MAX_RESULTS
    truncated: bool  # there were more than MAX_RESULTS

    @property
    def count(self) -> int:
        return len(self.ids)


def person_search_ids(user, query: str, *, limit: int = MAX_RESULTS) -> SearchResult:
    """One pass over the matches: their ids, enough to count and to page through.

    Counting and then fetching a page would evaluate the access filter twice.
    """
    ids = list(person_search(user, query).values_list("pk", flat=True)[: limit + 1])
    return SearchResult(ids=ids[:limit], truncated=len(ids) > limit)


def persons_for_display(user, ids: list[int]) -> list[Person]:
    """The persons with these ids (found through the policy), in that order.

    `case_or_none` is their case when the user may open it: a relative seen through a
    family tab does not reveal a case the user may not read.
    """
    from reintegra.cases.selectors import case_of

    by_id = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("case")}
    people = [by_id[i] for i in ids if i in by_id]
    cases = {p.pk: case_of(p) for p in people}
    case_ids = [c.pk for c in cases.values() if c is not None]
    readable = set(policy.cases_readable(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    for person in people:
        case = cases[person.pk]
        person.case_or_none = case if case is not None and case.pk in readable else None
    return people


def person_get_visible(user, person_id: int) -> Person | None:
    return policy.persons_visible(user).filter(pk=person_id).first()
