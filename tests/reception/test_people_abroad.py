"""People still abroad: recorded by the coordinating unit with a case at the abroad stage."""

import pytest
from django.test import Client

from reintegra.audit.models import AuditEvent
from reintegra.cases.models import Stage
from reintegra.reception import services
from reintegra.reception.models import PersonAbroad


@pytest.mark.django_db
def test_record_and_list_people_abroad(world):
    client = Client()
    client.force_login(world.coordinator)
    response = client.post("/reception/abroad/", {
        "given_name": "Hana", "family_name": "Shala", "sex": "F", "date_of_birth": "1994", "place_kind": "camp",
        "place": "Roj", "country": "sy", "since": "2019-03-01", "status": "held",
        "family_contact_note": "Her brother calls monthly", "mother_consent": "yes", "birth_record": "n/a",
        "municipality": "Prishtinë",
    })
    assert response.status_code == 302
    abroad = PersonAbroad.objects.select_related("case", "person").get()
    assert abroad.case.stage == Stage.ABROAD and abroad.country == "SY" and abroad.person.birth_date_precision == "year"
    page = client.get("/reception/abroad/")
    assert "Hana Shala" in page.content.decode() and "Roj" in page.content.decode()
    assert AuditEvent.objects.filter(object_type="people_abroad", action="read").exists()
    bad = client.post("/reception/abroad/", {"given_name": "X", "family_name": "Y", "sex": "F",
                                             "date_of_birth": "1994-13", "place_kind": "camp", "status": "held",
                                             "mother_consent": "unknown", "birth_record": "unknown"})
    assert "is not a date" in bad.content.decode()


@pytest.mark.django_db
def test_only_the_coordinating_unit_records(world):
    with pytest.raises(services.policy.AccessDenied):
        services.abroad_create(actor=world.social, given_name="A", family_name="B", sex="F")
    abroad = services.abroad_create(actor=world.coordinator, given_name="A", family_name="B", sex="F")
    services.abroad_update(actor=world.coordinator, abroad=abroad, status="returned_on_own")
    assert AuditEvent.objects.filter(object_type="person_abroad", action="update", detail__changed=["status"]).exists()
