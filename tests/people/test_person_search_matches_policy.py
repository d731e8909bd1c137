"""Search finds its first matches in one query that walks the name-token index in name
order and asks the policy only about the candidates it needs. These tests prove it finds
exactly what the plain statement finds (`person_search`: the policy's `persons_visible`
queryset filtered by name words and sorted), the same people in the same order with the
same cut, for every demo role (caseload, agency, jurisdiction, all, none), with
break-glass and relatives seen through a family compartment, and again after each change
that moves what someone may see or how a name sorts."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reintegra.access import policy
from reintegra.access.models import BreakGlassGrant, PolicyRule
from reintegra.cases.models import Case, CaseTeamMember
from reintegra.cases.selectors import case_of
from reintegra.demo.seed import DEMO_USERS
from reintegra.people.models import NameToken, Person, PersonName, Relationship
from reintegra.people.selectors import person_search, person_search_ids, persons_for_display
from tests import factories

LIMITS = (1, 25, 100)


def _queries() -> list[str]:
    """Whole names, prefixes of one to four letters, two words, in both scripts."""
    rows = list(PersonName.objects.order_by("pk").values_list("given_name", "family_name")[:400:23])
    queries = {"a", "b", "k", "zz", "hodzic", "хоџ", "abu hamza", "nobody"}
    for i, (first, family) in enumerate(rows):
        if family:
            queries.add((family, family[:1], family[:2], family[:4])[i % 4])
        if first and family:
            queries.add(f"{first} {family}" if i % 2 else f"{family[:3]} {first[:2]}")
    return sorted(queries)


def _assert_same(usernames=None, queries=None) -> None:
    users = get_user_model().objects.filter(username__in=usernames or list(DEMO_USERS)).order_by("username")
    for user in users:
        for query in queries or _queries():
            reference = list(person_search(user, query).values_list("pk", flat=True))
            for limit in LIMITS:
                found = person_search_ids(user, query, limit=limit)
                assert (found.ids, found.truncated) == (reference[:limit], len(reference) > limit), (
                    user.username, query, limit,
                )
            _assert_listed_cases_are_readable(user, reference[:25])


def _assert_listed_cases_are_readable(user, ids) -> None:
    """A listed person links to their case exactly when the policy lets the user open it."""
    by_id = Person.objects.select_related("case").in_bulk(ids)
    for listed in persons_for_display(user, ids):
        case = case_of(by_id[listed.pk])
        expected = case.pk if case is not None and policy.case_access(user, case).visible else None
        assert listed.case_id == expected, (user.username, listed.display_name)


def _assert_visible_is_identity_or_family(usernames=None) -> None:
    """persons_visible, against its definition written out from case-level answers: the
    returnees whose identity the user may read, and everyone related (either way round)
    to a returnee whose family compartment the user may read."""
    users = get_user_model().objects.filter(username__in=usernames or list(DEMO_USERS))
    for user in users:
        identity = set(policy.cases_readable(user, compartment="identity").values_list("person_id", flat=True))
        family = set(policy.cases_readable(user, compartment="family").values_list("person_id", flat=True))
        expected = set(identity)
        for a, b in Relationship.objects.values_list("from_person_id", "to_person_id"):
            if b in family:
                expected.add(a)
            if a in family:
                expected.add(b)
        assert set(policy.persons_visible(user).values_list("pk", flat=True)) == expected, user.username


def _sort_names_follow_display_names() -> None:
    assert not NameToken.objects.exclude(sort_name=F("person__display_name")).exists()


@pytest.mark.django_db
def test_every_role_finds_what_the_policy_lets_it_see(demo_world):
    # Some users see hundreds of the demo's people, some a handful, some none: every cut.
    counts = {
        user.username: person_search(user, "a").count()
        for user in get_user_model().objects.filter(username__in=list(DEMO_USERS))
    }
    assert counts["coordinator"] > 25 and 0 < counts["school"] < counts["police"] and counts["dpo"] == 0
    _assert_same()
    _assert_visible_is_identity_or_family()
    _sort_names_follow_display_names()


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(alphabet="abcdeghijklmnoprstuvxyzçëđšžćč -'хоџићабв", min_size=1, max_size=12),
    username=st.sampled_from(["coordinator", "police", "prosecutor", "school", "health"]),
)
def test_any_typed_text_finds_the_same(demo_world, query, username):
    _assert_same([username], [query])


def _user(username):
    return get_user_model().objects.get(username=username)


def _relative_without_case() -> Person:
    return Person.objects.filter(case__isnull=True, relationships_from__isnull=False).order_by("pk").first()


def _case_outside(municipality="Prishtinë") -> Case:
    return Case.objects.exclude(municipality=municipality).order_by("pk").first()


def _open_case_for_relative():
    return factories.case(_relative_without_case(), municipality="Prishtinë").person


def _add_to_team():
    from reintegra.cases.services import case_team_add

    case = _case_outside()
    case_team_add(actor=None, case=case, user=_user("school"))
    return case.person


def _remove_from_team():
    member = CaseTeamMember.objects.filter(user=_user("school")).select_related("case__person").order_by("pk").first()
    member.delete()
    return member.case.person


def _change_key_worker():
    case = _case_outside()
    case.key_worker = _user("ngo")
    case.save(update_fields=["key_worker"])
    return case.person


def _move_case():
    case = Case.objects.filter(municipality="Prishtinë").order_by("pk").first()
    case.municipality = "Prizren"
    case.save(update_fields=["municipality"])
    return case.person


def _add_relationship():
    from reintegra.people.services import relationship_add

    inside = Case.objects.filter(municipality="Prishtinë").order_by("pk").first().person
    outside = _case_outside().person
    relationship_add(actor=None, from_person=inside, to_person=outside, kind="sibling")
    return outside


def _break_glass():
    from reintegra.access.services import break_glass_open

    case = _case_outside()
    break_glass_open(user=_user("police"), case=case, reason="Urgent: the person is at the border now")
    return case.person


def _expired_break_glass():
    person = _break_glass()
    BreakGlassGrant.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    return person


def _change_policy_rule():
    PolicyRule.objects.filter(role__code="police", compartment="identity").update(scope="all")
    PolicyRule.objects.filter(role__code="school", compartment="identity").update(scope="agency")
    return _case_outside().person


def _add_alias():
    from reintegra.people.services import NameInput, person_name_add

    person = Person.objects.filter(case__municipality="Prishtinë").order_by("pk").first()
    person_name_add(actor=None, person=person, name=NameInput(full_text="Abu Zaid al-Kosovi", kind="kunya"))
    return person


def _create_person():
    return factories.case(factories.person("Arbëresha", "Aaaberisha"), municipality="Prishtinë").person


CHANGES = {
    "case opened for a relative": _open_case_for_relative,
    "case team member added": _add_to_team,
    "case team member removed": _remove_from_team,
    "key worker changed": _change_key_worker,
    "case moved to another municipality": _move_case,
    "relationship added": _add_relationship,
    "break-glass grant opened": _break_glass,
    "break-glass grant expired": _expired_break_glass,
    "policy rule changed": _change_policy_rule,
    "alias added": _add_alias,
    "person created": _create_person,
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_search_follows_every_change(demo_world, change):
    person = CHANGES[change]()  # someone whose visibility (or name) the change moves
    for user in get_user_model().objects.all():
        # Forget per-request caches, as the next request would.
        if hasattr(user, "_reintegra_subject"):
            del user._reintegra_subject
    _assert_same(
        ["coordinator", "police", "school", "ngo", "prosecutor", "social"],
        [person.display_name, person.display_name[:2], "abu zaid", *_queries()[::4]],
    )
    _assert_visible_is_identity_or_family(["coordinator", "police", "school", "ngo", "prosecutor", "social"])
    _sort_names_follow_display_names()


@pytest.mark.django_db
def test_a_rule_or_jurisdiction_change_reaches_the_next_search(demo_world):
    """The policy keeps the compiled condition per process: the next request after a
    change to the rules or to the agency's jurisdiction must not see the old one."""
    from reintegra.access.models import Agency

    def search(query="a"):
        police = _user("police")  # a fresh user object: a new request
        return person_search_ids(police, query, limit=1000).ids, list(
            person_search(police, query).values_list("pk", flat=True)
        )

    before, reference = search()
    assert before == reference
    PolicyRule.objects.filter(role__code="police", compartment__in=["identity", "family"]).update(scope="all")
    after, reference = search()
    assert after == reference and len(after) > len(before)
    PolicyRule.objects.filter(role__code="police", compartment__in=["identity", "family"]).update(scope="jurisdiction")
    assert search()[0] == before
    Agency.objects.filter(staff__user__username="police").update(municipality="Prizren")
    moved, reference = search()
    assert moved == reference and moved != before
