"""The assessment pages: who may open, rate, countersign; denied looks like not found."""

import pytest
from django.test import Client

from reintegra.assessments import services
from reintegra.assessments.models import Assessment, Status
from reintegra.audit.models import AuditEvent

from .conftest import complete, lock_risk


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_police_starts_rates_and_submits_a_risk_assessment_through_the_pages(aw):
    client = _client(aw.police)
    page = client.get(f"/assessments/cases/{aw.adult_case.pk}/start/")
    assert page.status_code == 200 and "VERA-2R" in page.content.decode()
    response = client.post(f"/assessments/cases/{aw.adult_case.pk}/start/", {"instrument": "VERA-2R", "reason": "Arrival"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response.url == f"/assessments/{assessment.pk}/"
    html = client.get(response.url).content.decode()
    assert 'name="rating-BA.1"' in html and "(wording not loaded)" in html and "Licensed instrument" in html
    data = {f"rating-{code}": "moderate" for code in ("BA.1", "BA.2")}
    data.update({"evidence-BA.1": "Said so in the interview.", "evidence-BA.2": "Letters home.",
                 "overall_level": "moderate", "overall_justification": "The whole picture.", "submit": "1"})
    response = client.post(f"/assessments/{assessment.pk}/rate/", data, follow=True)
    html = response.content.decode()
    assert "SCI.1 is not rated." in html  # refused with what is missing, the draft kept
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT and assessment.ratings.get(item_code="BA.1").rating == "moderate"
    read = AuditEvent.objects.filter(action="read", object_type="assessment").last()
    assert read.compartments == ["security"] and read.username == "officer"


@pytest.mark.django_db
def test_roles_without_the_compartment_get_not_found(aw):
    risk = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="VERA-2R")
    screening = services.assessment_start(actor=aw.health, case=aw.child_case, instrument_code="child-wellbeing")
    # The coordinator reads health but never security; the school neither; the police no health.
    for user, assessment, status in [
        (aw.coordinator, risk, 404), (aw.school, risk, 404), (aw.world.dpo, risk, 404),
        (aw.police, screening, 404), (aw.school, screening, 404),
        (aw.coordinator, screening, 200), (aw.analyst, risk, 200), (aw.psychologist, screening, 200),
    ]:
        assert _client(user).get(f"/assessments/{assessment.pk}/").status_code == status, (user, assessment)
    # Writing actions are refused the same way.
    assert _client(aw.coordinator).post(f"/assessments/{risk.pk}/rate/", {}).status_code == 404
    assert _client(aw.school).post(f"/assessments/{risk.pk}/countersign/", {}).status_code == 404
    assert _client(aw.world.social).get(f"/assessments/cases/{aw.adult_case.pk}/start/").status_code in (200, 404)
    assert _client(aw.world.dpo).get(f"/assessments/cases/{aw.adult_case.pk}/start/").status_code == 404


@pytest.mark.django_db
def test_the_security_tab_lists_risk_assessments_and_identity_shows_only_the_level(aw):
    risk = lock_risk(aw, level="high")
    security = _client(aw.police).get(f"/cases/{aw.adult_case.pk}/security/").content.decode()
    assert "VERA-2R" in security and "High" in security
    identity = _client(aw.coordinator).get(f"/cases/{aw.adult_case.pk}/identity/").content.decode()
    assert "Supervision level" in identity and "High" in identity and "exists, last locked" in identity
    assert f"/assessments/{risk.pk}/" not in identity  # the existence, not the content
    history = _client(aw.coordinator).get(f"/assessments/cases/{aw.adult_case.pk}/").content.decode()
    assert "VERA-2R" not in history and "No assessment you may read yet." in history


@pytest.mark.django_db
def test_countersigning_through_the_page_locks(aw):
    risk = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="ERG22+")
    complete(risk, aw.police)
    services.assessment_submit(actor=aw.police, assessment=risk)
    assert "Countersign and lock" not in _client(aw.police).get(f"/assessments/{risk.pk}/").content.decode()
    client = _client(aw.analyst)
    assert "Countersign and lock" in client.get(f"/assessments/{risk.pk}/").content.decode()
    client.post(f"/assessments/{risk.pk}/countersign/", {"note": "Agreed."})
    risk.refresh_from_db()
    assert risk.status == Status.LOCKED and risk.countersign_note == "Agreed."


@pytest.mark.django_db
def test_training_records_are_kept_by_the_coordinating_unit_only(aw):
    client = _client(aw.coordinator)
    response = client.post("/assessments/training/", {
        "user": aw.world.police.pk, "instrument_code": "needs-pathways", "valid_from": "2024-01-01",
        "note": "Induction, January 2024"})
    assert response.status_code == 302
    assert aw.world.police.assessment_training.filter(instrument_code="needs-pathways").exists()
    response = client.post("/assessments/training/", {
        "user": aw.world.police.pk, "instrument_code": "needs-pathways", "valid_from": "2024-01-01",
        "valid_until": "2023-01-01"})
    assert "cannot end before it starts" in response.content.decode()
    assert _client(aw.police).post("/assessments/training/", {"user": aw.police.pk}).status_code == 404
    assert "Record training" not in _client(aw.police).get("/assessments/training/").content.decode()
