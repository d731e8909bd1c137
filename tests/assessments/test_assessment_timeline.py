"""Submitted and locked assessments and supervision changes on the case timeline, each in
its own compartment: the timeline never shows more than the tabs do."""

import pytest
from django.test import Client

from .conftest import lock_risk


@pytest.mark.django_db
def test_timeline_events_follow_the_compartments(aw):
    lock_risk(aw, level="moderate")
    police, coordinator = Client(), Client()
    police.force_login(aw.police)
    coordinator.force_login(aw.coordinator)
    seen_by_police = police.get(f"/cases/{aw.adult_case.pk}/timeline/").content.decode()
    assert "Assessment countersigned and locked: VERA-2R" in seen_by_police
    assert "Supervision level: Moderate" in seen_by_police and "Next assessment due" in seen_by_police
    seen_by_coordinator = coordinator.get(f"/cases/{aw.adult_case.pk}/timeline/").content.decode()
    assert "VERA-2R" not in seen_by_coordinator and "Supervision level: Moderate" in seen_by_coordinator
