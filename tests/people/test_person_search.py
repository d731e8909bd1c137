"""Search by any name or alias regardless of case, diacritics and script; policy applied."""

import pytest
from django.test import Client

from reintegra.people.models import NameKind
from reintegra.people.selectors import person_search
from reintegra.people.services import NameInput
from tests import factories
from tests.factories import api_token


@pytest.fixture
def named(world):
    people = {
        "hodzic_latin": factories.person("Emir", "Hodžić", sex="M"),
        "hodzic_cyrillic": factories.person("Аднан", "Хоџић", sex="M"),
        "djulic": factories.person("Senad", "Đulić", sex="M"),
        "kunya": factories.person("Valon", "Berisha", sex="M",
                                  aliases=[NameInput(full_text="Abu Hamza al-Kosovi", kind=NameKind.KUNYA)]),
    }
    for p in people.values():
        factories.case(p)
    return world, people


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ("hodzic", {"Emir Hodžić", "Аднан Хоџић"}),
        ("HODŽIĆ", {"Emir Hodžić", "Аднан Хоџић"}),
        ("Хоџић", {"Emir Hodžić", "Аднан Хоџић"}),
        ("drite", {"Dritë Thaçi"}),
        ("thaci", {"Dritë Thaçi"}),
        ("djulic", {"Senad Đulić"}),
        ("Ђулић", {"Senad Đulić"}),
        ("abu hamza", {"Valon Berisha"}),
        ("hod emi", {"Emir Hodžić"}),  # word prefixes, in any order
        ("nobody", set()),
    ],
)
def test_folded_search_finds_every_spelling(named, query, expected):
    world, _ = named
    found = {p.display_name for p in person_search(world.coordinator, query)}
    assert found == expected


@pytest.mark.django_db
def test_search_respects_the_policy(named):
    world, _ = named
    # The school's caseload holds only case_in (Dritë Thaçi).
    assert {p.display_name for p in person_search(world.school, "hodzic")} == set()
    assert {p.display_name for p in person_search(world.school, "drite")} == {"Dritë Thaçi"}


@pytest.mark.django_db
def test_search_page_renders_results_and_an_empty_state(named):
    world, _ = named
    client = Client()
    client.force_login(world.coordinator)
    html = client.get("/people/", {"q": "hodzic"}).content.decode()
    assert "Emir Hodžić" in html and "Аднан Хоџић" in html
    html = client.get("/people/", {"q": "nobody"}).content.decode()
    assert "No one you may see has that name." in html
    partial = client.get("/people/", {"q": "hodzic"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Emir Hodžić" in partial


@pytest.mark.django_db
def test_search_page_needs_sign_in(named):
    response = Client().get("/people/", {"q": "hodzic"})
    assert response.status_code == 302 and "/login/" in response["Location"]




@pytest.mark.django_db
def test_api_search_is_paginated_with_case_ids(named):
    world, people = named
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('coord')}"}
    body = Client().get("/api/v1/persons", {"q": "hodzic", "limit": 1}, **auth).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert body["items"][0]["case_id"] == people[body["items"][0]["display_name"] == "Emir Hodžić" and "hodzic_latin" or "hodzic_cyrillic"].case.pk
    second = Client().get("/api/v1/persons", {"q": "hodzic", "limit": 1, "offset": 1}, **auth).json()
    assert second["items"][0]["id"] != body["items"][0]["id"]


@pytest.mark.django_db
def test_api_search_bad_input(named):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('coord')}"}
    response = Client().get("/api/v1/persons", {"q": ""}, **auth)
    assert response.status_code == 400 and "q" in response.json()["detail"]
    response = Client().get("/api/v1/persons", {"q": "x", "limit": 1000}, **auth)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "limit"
    assert Client().get("/api/v1/persons", {"q": "hodzic"}).status_code == 401


@pytest.mark.django_db
def test_api_person_read_is_audited_and_scoped(named):
    from reintegra.audit.models import AuditEvent

    world, people = named
    person = people["djulic"]
    ok = Client().get(f"/api/v1/persons/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {api_token('coord')}")
    assert ok.status_code == 200 and ok.json()["case_id"] == person.case.pk
    assert {n["as_written"] for n in ok.json()["names"]} == {"Senad Đulić"}
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.person_id, event.channel) == ("read", person.pk, "api")
    denied = Client().get(f"/api/v1/persons/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {api_token('teacher')}")
    missing = Client().get("/api/v1/persons/99999999", HTTP_AUTHORIZATION=f"Bearer {api_token('teacher')}")
    assert denied.status_code == missing.status_code == 404 and denied.json() == missing.json()


@pytest.mark.django_db
def test_a_relative_found_through_family_does_not_reveal_their_case(world):
    from reintegra.people.selectors import person_search_ids, persons_for_display
    from reintegra.people.services import relationship_add

    # Police read the family of Prishtinë cases; Besa Gashi's own case is in Prizren.
    relationship_add(actor=None, from_person=world.case_in.person, to_person=world.case_out.person, kind="sibling")
    found = person_search_ids(world.police, "besa gashi")
    people = persons_for_display(world.police, found.ids)
    assert [p.display_name for p in people] == ["Besa Gashi"]
    assert people[0].case_id is None and people[0].case_reference == ""
    client = Client()
    client.force_login(world.police)
    html = client.get("/people/", {"q": "besa"}).content.decode()
    assert "Besa Gashi" in html and world.case_out.reference not in html


@pytest.mark.django_db
def test_too_many_matches_are_cut_and_said(named):
    from reintegra.people.selectors import person_search_ids

    world, _ = named
    result = person_search_ids(world.coordinator, "hodzic", limit=1)
    assert result.count == 1 and result.truncated


@pytest.mark.django_db
def test_searches_are_audited_and_not_cached(named):
    from reintegra.audit.models import AuditEvent

    world, _ = named
    client = Client()
    client.force_login(world.police)
    response = client.get("/people/", {"q": "hodzic"})
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.username, event.detail["q"], event.channel) == ("search", "officer", "hodzic", "page")
    Client().get("/api/v1/persons", {"q": "drite"}, HTTP_AUTHORIZATION=f"Bearer {api_token('coord')}")
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.detail, event.channel) == ("search", {"q": "drite", "found": 1}, "api")


@pytest.mark.django_db
def test_api_shows_a_relative_with_an_unreadable_case_as_the_page_does(world):
    from reintegra.people.services import relationship_add

    relationship_add(actor=None, from_person=world.case_in.person, to_person=world.case_out.person, kind="sibling")
    response = Client().get(f"/api/v1/persons/{world.case_out.person_id}", HTTP_AUTHORIZATION=f"Bearer {api_token('officer')}")
    body = response.json()
    assert response.status_code == 200 and body["display_name"] == "Besa Gashi" and body["case_id"] is None


@pytest.mark.django_db
def test_past_the_limit_the_page_says_more_matched(named, monkeypatch):
    from reintegra.audit.models import AuditEvent
    from reintegra.people import selectors

    world, _ = named
    monkeypatch.setattr(selectors, "MAX_RESULTS", 1)
    client = Client()
    client.force_login(world.coordinator)
    html = client.get("/people/", {"q": "hodzic"}).content.decode()
    assert "More than 1 person found: the first is listed, in name order." in html
    assert html.count("Hodžić") + html.count("Хоџић") == 1  # only the first is listed
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.detail == {"q": "hodzic", "found": 1, "more": True}
    monkeypatch.setattr(selectors, "MAX_RESULTS", 2)
    html = client.get("/people/", {"q": "hodzic"}).content.decode()
    assert "2 people found" in html and "More than" not in html
