"""The case timeline: events of the readable compartments only, and the read audited."""

from datetime import date

import pytest

from reintegra.audit.models import AuditEvent
from reintegra.cases import services, timeline


@pytest.fixture
def security_source():
    @timeline.source("security")
    def screening(case, *, viewer):
        return [timeline.Event(at=date(2019, 4, 20), title="Security screening", compartment="security")]

    yield
    timeline._SOURCES["security"].remove(screening)


@pytest.mark.django_db
def test_stage_changes_and_other_sources_in_order(client, world, security_source):
    services.case_stage_change(actor=world.coordinator, case=world.case_in, stage="community",
                               reason="Released to the family")
    client.force_login(world.police)
    page = client.get(f"/cases/{world.case_in.pk}/timeline/").content.decode()
    assert "Security screening" in page and "Released to the family" in page
    assert page.index("Security screening") < page.index("Released to the family")
    event = AuditEvent.objects.filter(object_type="case_timeline").latest("seq")
    assert event.compartments == ["identity", "security"] and event.user_id == world.police.pk


@pytest.mark.django_db
def test_a_reader_without_the_compartment_does_not_see_its_events(client, world, security_source):
    client.force_login(world.school)
    page = client.get(f"/cases/{world.case_in.pk}/timeline/").content.decode()
    assert "Security screening" not in page
    assert AuditEvent.objects.filter(object_type="case_timeline").latest("seq").compartments == ["identity"]


@pytest.mark.django_db
def test_outside_the_policy_is_not_found(client, world):
    client.force_login(world.school)
    assert client.get(f"/cases/{world.case_out.pk}/timeline/").status_code == 404
    assert client.get("/cases/999999/timeline/").status_code == 404
    assert not AuditEvent.objects.filter(object_type="case_timeline").exists()


@pytest.mark.django_db
def test_htmx_gets_only_the_body(client, world):
    client.force_login(world.coordinator)
    response = client.get(f"/cases/{world.case_in.pk}/timeline/", headers={"HX-Request": "true", "HX-Target": "case-body"})
    body = response.content.decode()
    assert "<html" not in body and 'data-tab="timeline"' in body
