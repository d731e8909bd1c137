"""The review queue in the API: list (paginated), read, decide, unmerge; 404 for anyone
without `linkage.review`; bad input 422, a decision that cannot be made 409."""

from datetime import date

import pytest
from django.test import Client

from reintegra.audit.models import AuditEvent
from reintegra.linkage.models import CandidatePair, Merge, PairStatus
from tests import factories

from .review_helpers import duplicate_with_everything, pair_of


def _api(username: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {factories.api_token(username)}"})


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.mark.django_db
def test_list_is_paginated_like_the_persons_api(world):
    people = [factories.person("Drita", f"Gashi{i}", born=None) for i in range(3)]
    for i, p in enumerate(people):
        pair_of(world.case_in.person, p, probability=0.6 + i / 10)
    client = _api("coord")
    body = client.get("/api/v1/linkage/duplicates?limit=2").json()
    assert body["count"] == 3 and len(body["items"]) == 2
    assert [i["match_probability"] for i in body["items"]] == pytest.approx([0.8, 0.7])
    assert body["items"][0]["person_a"]["display_name"] == "Dritë Thaçi"
    body = client.get("/api/v1/linkage/duplicates?limit=2&offset=2").json()
    assert len(body["items"]) == 1
    assert client.get("/api/v1/linkage/duplicates?limit=0").status_code == 422


@pytest.mark.django_db
def test_read_decide_same_and_unmerge(world):
    kept, other, _child = duplicate_with_everything(world)
    pair = pair_of(kept, other)
    client = _api("coord")
    body = client.get(f"/api/v1/linkage/duplicates/{pair.pk}").json()
    assert body["b"]["names"][0]["as_written"] == "Дрите Тачи"
    assert {c["field"] for c in body["comparisons"]} >= {"given_name", "family_name", "date_of_birth"}
    assert AuditEvent.objects.filter(action="read", channel="api", person_id=other.pk).exists()

    response = _post(client, f"/api/v1/linkage/duplicates/{pair.pk}/decide", {"decision": "same"})
    assert response.status_code == 200, response.content
    merge = Merge.objects.get(pair=pair)
    assert response.json() == {"id": pair.pk, "status": "same", "merge_id": merge.pk}
    assert not other.names.exists()
    response = _post(client, f"/api/v1/linkage/duplicates/{pair.pk}/decide", {"decision": "different"})
    assert response.status_code == 409 and "already decided" in response.json()["detail"]

    response = _post(client, f"/api/v1/linkage/merges/{merge.pk}/unmerge", {})
    assert response.status_code == 200 and response.json()["pair_id"] == pair.pk
    assert other.names.count() == 2
    assert _post(client, f"/api/v1/linkage/merges/{merge.pk}/unmerge", {}).status_code == 409


@pytest.mark.django_db
def test_decide_different(world):
    other = factories.person("Dritë", "Thaçi", born=date(1990, 1, 1), precision="year")
    pair = pair_of(world.case_in.person, other)
    response = _post(_api("coord"), f"/api/v1/linkage/duplicates/{pair.pk}/decide", {"decision": "different"})
    assert response.json()["status"] == "different"
    assert CandidatePair.objects.get(pk=pair.pk).status == PairStatus.DIFFERENT


@pytest.mark.django_db
def test_bad_input(world):
    other = factories.person("Drite", "Thaci", born=None)
    pair = pair_of(world.case_in.person, other)
    client = _api("coord")
    url = f"/api/v1/linkage/duplicates/{pair.pk}/decide"
    response = _post(client, url, {"decision": "maybe"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "decision"
    assert _post(client, url, {}).status_code == 422
    response = _post(client, url, {"decision": "same", "keep": world.case_out.person.pk})
    assert response.status_code == 409 and "one of the two" in response.json()["detail"]
    assert _post(client, "/api/v1/linkage/duplicates/999999/decide", {"decision": "same"}).status_code == 404
    assert CandidatePair.objects.get(pk=pair.pk).status == PairStatus.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["sw", "teacher", "officer", "privacy"])
def test_others_get_404(world, username):
    other = factories.person("Drite", "Thaci", born=None)
    pair = pair_of(world.case_in.person, other)
    merge = Merge.objects.create(kept=world.case_in.person, absorbed=other, merged_at=pair.created_at)
    client = _api(username)
    assert client.get("/api/v1/linkage/duplicates").status_code == 404
    assert client.get(f"/api/v1/linkage/duplicates/{pair.pk}").status_code == 404
    assert _post(client, f"/api/v1/linkage/duplicates/{pair.pk}/decide", {"decision": "same"}).status_code == 404
    assert _post(client, f"/api/v1/linkage/merges/{merge.pk}/unmerge", {}).status_code == 404
    assert Client().get("/api/v1/linkage/duplicates").status_code == 401
