"""The case timeline shows the conferences a case was discussed at (identity readers)."""

import pytest

from reintegra.conferences import services

from .conftest import client_for, plan


@pytest.mark.django_db
def test_the_timeline_shows_the_conference(cw):
    conference, items = plan(cw, cases=[cw.case])
    services.decision_add(actor=cw.coordinator, item=items[0], text="Continue.")
    services.minutes_approve(actor=cw.coordinator, conference=conference)
    html = client_for(cw.social).get(f"/cases/{cw.case.pk}/timeline/").content.decode()
    assert "Case conference: Monthly case conference" in html and "1 decision" in html
    assert f"/conferences/{conference.pk}/items/{items[0].pk}/" in html
