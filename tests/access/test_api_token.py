"""POST /api/v1/auth/token: a bearer token for the right password, a clear 401 otherwise."""

import pytest
from django.test import Client

from reintegra.audit.models import AuditEvent
from tests.factories import PASSWORD


def _post(body):
    return Client().post("/api/v1/auth/token", body, content_type="application/json")


@pytest.mark.django_db
def test_token_is_issued_and_works(world):
    response = _post({"username": "coord", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    ok = Client().get(f"/api/v1/cases/{world.case_in.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ok.status_code == 200 and ok.json()["reference"] == world.case_in.reference


@pytest.mark.django_db
def test_wrong_password_is_401_and_audited(world):
    response = _post({"username": "coord", "password": "nope"})
    assert response.status_code == 401 and "Wrong username or password" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="login_failed", username="coord", channel="api").exists()


@pytest.mark.django_db
def test_missing_fields_name_the_field(world):
    response = _post({"username": "coord"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"


@pytest.mark.django_db
def test_bad_or_missing_token_is_401(world):
    assert Client().get(f"/api/v1/cases/{world.case_in.pk}").status_code == 401
    response = Client().get(f"/api/v1/cases/{world.case_in.pk}", HTTP_AUTHORIZATION="Bearer forged")
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post({"username": "coord", "password": "nope"})
    response = _post({"username": "coord", "password": PASSWORD})
    assert response.status_code == 429 and "locked" in response.json()["detail"]


@pytest.mark.django_db
def test_openapi_is_published():
    spec = Client().get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/v1/persons" in spec["paths"]


@pytest.mark.django_db
def test_a_password_change_ends_earlier_tokens(world):
    token = _post({"username": "coord", "password": PASSWORD}).json()["token"]
    world.coordinator.set_password("another-long-password-2026")
    world.coordinator.save()
    response = Client().get(f"/api/v1/cases/{world.case_in.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
