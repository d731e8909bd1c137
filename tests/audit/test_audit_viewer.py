"""The data-protection officer's viewer, on the page and in the API; nobody else's."""

import pytest
from django.test import Client

from reintegra.audit.services import audit_record
from tests.factories import api_token


@pytest.mark.django_db
def test_dpo_filters_the_log_by_user_and_kind(world):
    audit_record(user=world.school, action="read", object_type="case", case_id=world.case_in.pk,
                 person_id=world.case_in.person_id, compartments=["education"])
    audit_record(user=world.social, action="create", object_type="case_note", case_id=world.case_in.pk)
    client = Client()
    client.force_login(world.dpo)
    html = client.get("/audit/", {"username": "teacher", "action": "read"}).content.decode()
    assert "teacher" in html and "Education Prishtinë" in html and ">sw<" not in html
    html = client.get("/audit/", {"person": world.case_in.person_id}).content.decode()
    assert "teacher" in html


@pytest.mark.django_db
def test_dpo_rejects_a_bad_filter(world):
    client = Client()
    client.force_login(world.dpo)
    response = client.get("/audit/", {"since": "not-a-date"})
    assert response.status_code == 200 and "Enter a valid date" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator", "school", "police"])
def test_others_do_not_get_the_viewer(world, who):
    client = Client()
    client.force_login(getattr(world, who))
    assert client.get("/audit/").status_code == 404


@pytest.mark.django_db
def test_api_audit_for_the_dpo_names_user_and_agency(world):
    audit_record(user=world.school, action="read", object_type="case", case_id=world.case_in.pk)
    response = Client().get("/api/v1/audit", {"username": "teacher"}, HTTP_AUTHORIZATION=f"Bearer {api_token('privacy')}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1
    assert {(e["username"], e["agency"]) for e in body["items"]} == {("teacher", "Education Prishtinë")}


@pytest.mark.django_db
def test_api_audit_is_refused_to_others(world):
    response = Client().get("/api/v1/audit", HTTP_AUTHORIZATION=f"Bearer {api_token('coord')}")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_api_audit_bad_input_says_which_field(world):
    response = Client().get("/api/v1/audit", {"limit": "many"}, HTTP_AUTHORIZATION=f"Bearer {api_token('privacy')}")
    assert response.status_code == 422
    assert any(e["field"] == "limit" for e in response.json()["errors"])


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"until": "9999-12-31"}, {"since": "0001-01-01"}])
def test_out_of_range_dates_are_a_form_error_not_a_crash(world, params):
    client = Client()
    client.force_login(world.dpo)
    response = client.get("/audit/", params)
    assert response.status_code == 200 and "between the years 2000 and 2999" in response.content.decode()


@pytest.mark.django_db
def test_api_audit_huge_offset_is_refused(world):
    response = Client().get("/api/v1/audit", {"offset": 2**63}, HTTP_AUTHORIZATION=f"Bearer {api_token('privacy')}")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "offset"
