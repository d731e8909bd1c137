"""Reads of persons, always scoped by the access policy."""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import BigIntegerField, F, Func, Q, QuerySet

from reintegra.access import policy
from reintegra.linkage.folding import fold_for_search

from .models import NameToken, Person


def _prefix_range(token: str) -> tuple[str, str]:
    # Folded tokens are lowercase ASCII, so "the next string after every word that starts
    # with `token`" is `token` with its last letter raised by one. A range on the B-tree
    # index is fast on both SQLite and PostgreSQL, where LIKE 'x%' is not always.
    return token, token[:-1] + chr(ord(token[-1]) + 1)


# A name search is for finding someone, not for listing the registry: the page counts
# and lists at most this many matches, and past it asks the user to type more. Finding
# the first page's matches costs the same whatever the surname; counting thousands of
# namesakes through the access policy would not.
MAX_RESULTS = 100


def _words(query: str) -> list[str]:
    return [word[:100] for word in fold_for_search(query).split()[:6]]


def _token_q(word: str) -> Q:
    low, high = _prefix_range(word)
    return Q(token__gte=low, token__lt=high)


def person_search(user, query: str) -> QuerySet[Person]:
    """Persons the user may see with a name or alias whose words start with each word typed.

    Case, diacritics and script do not matter: "hodzic" finds Hodžić and Хоџић.
    This is the plain statement of what a search finds; `person_search_ids` finds the
    same people, in the same order, faster.
    """
    words = _words(query)
    if not words:
        return Person.objects.none()
    people = policy.persons_visible(user)
    for word in words:
        people = people.filter(pk__in=NameToken.objects.filter(_token_q(word)).values("person_id"))
    return people.order_by("display_name", "pk")


class _NoIndex(Func):
    """`+column`: the same value, which SQLite will not look up through an index. Keeps
    SQLite scanning the first word's token range instead of probing every person who
    has the second word (it cannot tell which is smaller)."""

    template = "(+%(expressions)s)"


def _matches_in_name_order(words: list[str]) -> QuerySet:
    """(sort_name, person_id) of everyone with a name word starting with each word typed,
    in display order, read from the name-token index alone. NOT scoped by the policy:
    only `_visible_in_order` reads it, and keeps the rows the policy lets through."""
    first, *rest = sorted(words, key=len, reverse=True)  # the longest word is usually the rarest
    tokens = NameToken.objects.filter(_token_q(first))
    if rest:
        tokens = tokens.alias(pid=_NoIndex(F("person_id"), output_field=BigIntegerField()))
        for word in rest:
            tokens = tokens.filter(pid__in=NameToken.objects.filter(_token_q(word)).values("person_id"))
    return tokens.values_list("sort_name", "person_id").distinct().order_by("sort_name", "person_id")


def _visible_in_order(user, matches: QuerySet, limit: int) -> list[int]:
    """The first `limit` person ids of `matches` (in their order) that the policy lets
    the user see.

    One query: the matches, already in name order, joined to the person row that the
    policy's own condition (`policy.persons_visible`) is evaluated on, row by row, until
    `limit` have passed. The database checks the policy only for the candidates it needs
    instead of for every namesake before sorting them.
    """
    visible = policy.persons_visible(user)
    connection = connections[visible.db]
    try:
        where, where_params = visible.query.get_compiler(connection=connection).compile(visible.query.where)
    except EmptyResultSet:
        return []
    except FullResultSet:
        where, where_params = "1 = 1", []
    if set(visible.query.alias_map) != {Person._meta.db_table}:
        # The condition is written against the person row and may not need a join.
        raise RuntimeError("persons_visible() joins other tables; search cannot reuse its condition")
    matches_sql, matches_params = matches.query.sql_with_params()
    quote = connection.ops.quote_name
    person, pk = quote(Person._meta.db_table), quote(Person._meta.pk.column)
    sql = (
        f"SELECT {person}.{pk} FROM ({matches_sql}) found "
        f"INNER JOIN {person} ON {person}.{pk} = found.person_id "
        f"WHERE {where} ORDER BY found.sort_name, found.person_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*matches_params, *where_params, limit))
        return [row[0] for row in cursor.fetchall()]


@dataclass
class SearchResult:
    ids: list[int]  # the first matches in display order, at most the limit asked for
    truncated: bool  # more than that matched

    @property
    def count(self) -> int:
        return len(self.ids)


def person_search_ids(user, query: str, *, limit: int | None = None) -> SearchResult:
    """The ids `person_search` finds, in its order: the first `limit` (default
    MAX_RESULTS) of them, in one query. `truncated` says more matched.

    Counting and then fetching a page would evaluate the access filter twice.
    """
    limit = MAX_RESULTS if limit is None else limit
    words = _words(query)
    if not words:
        return SearchResult(ids=[], truncated=False)
    ids = _visible_in_order(user, _matches_in_name_order(words), limit + 1)
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
