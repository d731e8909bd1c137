"""Every demo role against every compartment of a case in and out of its caseload,
through the pages and the API. The expected table is written out here from the table in
domain.md, independently of the policy file, so a wrong rule in the file fails a test."""

import pytest
from django.db.models import Exists, OuterRef
from django.test import Client

from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.cases.models import Case, CaseTeamMember
from tests.factories import api_token

ALL = set(ALL_COMPARTMENTS)

# What each role reads on a case it works on (in its caseload, agency or jurisdiction).
EXPECTED_IN = {
    "coordinator": ALL - {"security"},  # the whole case, never raw intelligence
    "police": {"identity", "family", "security", "justice"},  # never therapy notes
    "intelligence": {"identity", "family", "security"},
    "prosecutor": {"identity", "family", "security", "justice"},  # never health, education
    "court": {"identity", "justice"},  # the proceedings it tries
    "prison": {"identity", "family", "security", "justice", "programme"},  # never school records
    "probation": {"identity", "family", "justice", "social_support", "programme"},
    "social": {"identity", "family", "child_protection", "education", "social_support", "programme"},
    "health": {"identity", "family", "health", "child_protection"},  # never security
    "school": {"identity", "education"},  # almost nothing else
    "ngo": {"identity", "programme"},  # only the service it delivers
    "dpo": set(),  # the audit trail, never case content
    "admin": set(),
}
# On a case outside their reach, only the national roles read anything.
EXPECTED_OUT = {role: set() for role in EXPECTED_IN} | {
    "coordinator": EXPECTED_IN["coordinator"],
    "intelligence": EXPECTED_IN["intelligence"],
}


def _in_case(username: str) -> Case:
    if username in ("dpo", "admin", "intelligence", "coordinator"):
        return Case.objects.filter(team__user__username="police", municipality="Prishtinë").first()
    return Case.objects.filter(team__user__username=username, municipality="Prishtinë").order_by("pk").first()


def _out_case(username: str) -> Case:
    from reintegra.access.models import StaffProfile

    agency = StaffProfile.objects.get(user__username=username).agency
    agency_on_team = CaseTeamMember.objects.filter(case=OuterRef("pk"), user__staff__agency=agency)
    return (
        Case.objects.exclude(municipality="Prishtinë")
        .exclude(key_worker__staff__agency=agency)
        .exclude(Exists(agency_on_team))
        .order_by("pk")
        .first()
    )






@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED_IN))
@pytest.mark.parametrize("where", ["in", "out"])
def test_role_reads_exactly_its_compartments(demo_world, username, where):
    case = _in_case(username) if where == "in" else _out_case(username)
    assert case is not None, f"the demo data has no {where} case for {username}"
    expected = (EXPECTED_IN if where == "in" else EXPECTED_OUT)[username]
    client = _force_client(username)

    # Pages: each compartment's tab answers 200 exactly when allowed, 404 otherwise.
    for compartment in ALL_COMPARTMENTS:
        response = client.get(f"/cases/{case.pk}/{compartment}/")
        assert response.status_code == (200 if compartment in expected else 404), (username, where, compartment)
    # The case page shows the allowed tabs and no others (absent, not greyed).
    response = client.get(f"/cases/{case.pk}/")
    if expected:
        assert response.status_code == 200
        html = response.content.decode()
        shown = {c for c in ALL_COMPARTMENTS if f'data-tab="{c}"' in html}
        assert shown == expected
    else:
        assert response.status_code == 404

    # API: the same set under `compartments`, or a 404 like a case that does not exist.
    token = api_token(username)
    response = Client().get(f"/api/v1/cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    if expected:
        assert response.status_code == 200
        assert set(response.json()["compartments"]) == expected
    else:
        assert response.status_code == 404
        missing = Client().get("/api/v1/cases/999999999", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert missing.status_code == 404 and missing.json() == response.json()


def _force_client(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_search_lists_are_filtered_in_the_database(demo_world):
    """The school sees only children on its caseload; the coordinator sees everyone."""
    from django.contrib.auth import get_user_model

    from reintegra.access import policy

    school = get_user_model().objects.get(username="school")
    visible = policy.cases_readable(school)
    assert visible.count() == Case.objects.filter(team__user=school).count()
    assert "WHERE" in str(visible.query)  # the filter is SQL, not Python
    coordinator = get_user_model().objects.get(username="coordinator")
    assert policy.cases_readable(coordinator).count() == Case.objects.count()
