"""The service catalogue: shipped by a data migration, shown to any signed-in user."""

import pytest

from reintegra.plans.models import Service, ServiceKind

from .conftest import client_for


@pytest.mark.django_db
def test_every_kind_of_service_is_in_the_catalogue():
    kinds = set(Service.objects.values_list("kind", flat=True))
    assert kinds == set(ServiceKind.values)
    assert not Service.objects.get(code="helpline").consent_required


@pytest.mark.django_db
def test_catalogue_page_lists_providers_where_and_capacity(pw):
    response = client_for(pw.social).get("/plans/services/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mental Health Test" in body and "20" in body and "Mentoring by former returnees" in body


@pytest.mark.django_db
def test_catalogue_page_needs_a_login(client):
    assert client.get("/plans/services/").status_code == 302
