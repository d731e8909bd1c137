"""The coordinating unit's operation pages: create, upload a manifest (errors listed, nothing
written), arrive, team; others get 404."""

from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reintegra.people.models import Person
from reintegra.reception.models import Operation, Step
from reintegra.reception.synthetic import to_csv

from .helpers import family_rows


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_create_an_operation_upload_a_manifest_and_arrive(world):
    client = _client(world.coordinator)
    assert client.get("/reception/operations/").status_code == 200
    response = client.post("/reception/operations/", {"name": "Flight 2", "arrival_at": "2030-05-01T06:00",
                                                      "protocol": "kosovo", "municipality": "Prishtinë"})
    operation = Operation.objects.get(name="Flight 2")
    assert response.status_code == 302 and operation.status == "planned"
    assert operation.arrival_at == datetime.fromisoformat("2030-05-01T06:00+02:00")  # typed in the user's zone
    bad = family_rows()
    bad[1]["sex"] = "W"
    bad[2]["notes"] = "=cmd"
    before = Person.objects.count()
    page = client.post(f"/reception/operations/{operation.pk}/",
                       {"file": SimpleUploadedFile("m.csv", to_csv(bad), "text/csv")})
    assert page.status_code == 422
    text = page.content.decode()
    assert "nothing was imported" in text and "“W” is not a sex" in text and "a spreadsheet formula" in text
    assert Person.objects.count() == before
    ok = client.post(f"/reception/operations/{operation.pk}/",
                     {"file": SimpleUploadedFile("m.csv", to_csv(family_rows()), "text/csv")})
    assert ok.status_code == 302 and Person.objects.count() == before + 3
    assert not Step.objects.exists()  # planned: no steps before the arrival
    assert "Teuta Morina" in client.get(f"/reception/operations/{operation.pk}/").content.decode()
    client.post(f"/reception/operations/{operation.pk}/team/", {"username": "sw"})
    client.post(f"/reception/operations/{operation.pk}/status/", {"status": "arrived"})
    assert Step.objects.filter(member__operation=operation).count() > 0
    assert world.social.case_teams.filter(case__operation_members__operation=operation).count() == 3


@pytest.mark.django_db
def test_operation_pages_are_the_coordinating_units(world):
    client = _client(world.coordinator)
    client.post("/reception/operations/", {"name": "F", "arrival_at": "2030-05-01T06:00", "protocol": "kosovo"})
    operation = Operation.objects.get(name="F")
    for user in (world.social, world.police, world.dpo):
        other = _client(user)
        assert other.get(f"/reception/operations/{operation.pk}/").status_code == 404
        assert other.post("/reception/operations/", {"name": "G", "arrival_at": "2030-05-01T06:00",
                                                     "protocol": "kosovo"}).status_code == 404
        assert other.get("/reception/abroad/").status_code == 404
    assert not Operation.objects.filter(name="G").exists()
    response = client.post("/reception/operations/", {"name": "F", "arrival_at": "2030-05-01T06:00", "protocol": "kosovo"})
    assert "exists already" in response.content.decode()


@pytest.mark.django_db
def test_the_operations_api(world):
    from tests.factories import api_token

    client = _client(world.coordinator)
    client.post("/reception/operations/", {"name": "F", "arrival_at": "2030-05-01T06:00", "protocol": "kosovo"})
    coordinator = Client().get("/api/v1/reception/operations", HTTP_AUTHORIZATION=f"Bearer {api_token('coord')}")
    assert [o["name"] for o in coordinator.json()] == ["F"]
    social = Client().get("/api/v1/reception/operations", HTTP_AUTHORIZATION=f"Bearer {api_token('sw')}")
    assert social.json() == []
