"""Reads of persons, always scoped by the access policy."""

from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import BigIntegerField, Exists, F, Func, OuterRef, Q, QuerySet

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
    has the second word (it cannot tell which is smaller). PostgreSQL, which hashes the
    second word's people either way, reads it as the plain value."""

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


# No cap on the candidates: the LIMIT only keeps the subquery whole and in order (SQLite
# drops the ORDER BY of a subquery without one, and neither database may then merge it
# into the outer query).
_ALL_CANDIDATES = 10**12


def _visible_in_order(user, matches: QuerySet, limit: int) -> list[int]:
    """The first `limit` person ids of `matches` (in their order) that the policy lets
    the user see.

    One query: the matches, sorted first, then joined one by one to the person row on
    which the policy's own condition (`policy.persons_visible_condition`) is evaluated,
    until `limit` have passed. The database checks the policy for the candidates it
    needs instead of for every namesake before sorting them.

    PostgreSQL reads the ordered subquery in a nested loop and sees that it already
    satisfies the ORDER BY. SQLite (3.40) would sort again after checking every
    candidate, so there the ORDER BY is left out and the order is the subquery's: a
    CROSS JOIN is SQLite's documented way to fix the outer loop, and the equivalence
    tests check the order on both databases.
    """
    connection = connections[matches.db]
    condition = policy.persons_visible_condition(user, connection)
    if condition is None:
        return []
    where, where_params = condition
    matches_sql, matches_params = matches[:_ALL_CANDIDATES].query.sql_with_params()
    quote = connection.ops.quote_name
    person, pk = quote(Person._meta.db_table), quote(Person._meta.pk.column)
    order = "" if connection.vendor == "sqlite" else " ORDER BY found.sort_name, found.person_id"
    sql = (
        f"SELECT {person}.{pk} FROM ({matches_sql}) found CROSS JOIN {person} "
        f"WHERE {person}.{pk} = found.person_id AND ({where}){order} LIMIT %s"
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


@dataclass(frozen=True)
class ListedPerson:
    """What a list of search results shows of one person."""

    pk: int
    display_name: str
    sex: str
    birth_date: date | None
    birth_date_precision: str
    case_id: int | None  # their case, only when the user may open it
    case_reference: str


def persons_for_display(user, ids: list[int]) -> list[ListedPerson]:
    """The persons with these ids (found through the policy), in that order, as a list
    shows them; one query.

    A relative seen through a family tab does not reveal a case the user may not read:
    `case_id` is set only when the policy lets the user read the case.
    """
    readable = policy.cases_readable(user)
    rows = Person.objects.filter(pk__in=ids).values(
        "pk", "display_name", "sex", "birth_date", "birth_date_precision", "case__pk", "case__reference"
    )
    if not readable.query.is_empty():
        rows = rows.annotate(case_readable=Exists(readable.filter(pk=OuterRef("case__pk"))))
    by_id = {row["pk"]: row for row in rows}
    listed = []
    for pk in ids:
        row = by_id.get(pk)
        if row is None:
            continue
        shown = row["case__pk"] is not None and row.get("case_readable", False)
        listed.append(ListedPerson(
            pk=pk, display_name=row["display_name"], sex=row["sex"], birth_date=row["birth_date"],
            birth_date_precision=row["birth_date_precision"], case_id=row["case__pk"] if shown else None,
            case_reference=row["case__reference"] if shown else "",
        ))
    return listed


def person_get_visible(user, person_id: int) -> Person | None:
    return policy.persons_visible(user).filter(pk=person_id).first()
