"""Capacity planning: the Kosovo 2019 check, the arithmetic, the page and the API."""

import pytest
from django.test import Client

from reintegra.reception.capacity import RosterError, capacity_plan, parse_roster
from reintegra.reception.protocols import get_protocol
from tests.factories import api_token

KOSOVO_2019 = {"adult_man": 4, "adult_woman": 32, "minor": 74}


def _need(plan, profession, window):
    return next(n for n in plan.needs if n.profession == profession and n.window == window)


def test_kosovo_2019_110_people_16_psychiatrists_4_psychologists_72_hours():
    plan = capacity_plan(get_protocol("kosovo"), KOSOVO_2019, parse_roster("psychiatrist=16x8, psychologist=4x8"))
    assert plan.people == 110
    psychiatrists = _need(plan, "psychiatrist", "PT72H")
    psychologists = _need(plan, "psychologist", "PT72H")
    # The psychological assessment: 150 psychiatrist-minutes and 60 psychologist-minutes each.
    assert psychiatrists.needed_hours == pytest.approx(110 * 150 / 60)  # 275 h
    assert psychiatrists.available_hours == pytest.approx(16 * 8 * 3)  # 384 h
    assert not psychiatrists.short
    assert psychologists.needed_hours == pytest.approx(110 * 60 / 60)  # 110 h
    assert psychologists.available_hours == pytest.approx(4 * 8 * 3)  # 96 h
    assert psychologists.shortfall_hours == pytest.approx(14)
    assert psychologists.staff_needed == 5  # 110 h / 24 h each
    # On the 15-hour shifts the team actually worked, the psychologists just cover it.
    long_shifts = capacity_plan(get_protocol("kosovo"), KOSOVO_2019, parse_roster("psychiatrist=16x15, psychologist=4x15"))
    assert not _need(long_shifts, "psychologist", "PT72H").short
    # Needs are cumulative: by 24 hours, the check-ups of all 110 and none of the assessments.
    physicians = _need(plan, "physician", "PT24H")
    assert physicians.needed_hours == pytest.approx(110 * 30 / 60) and physicians.staff == 0 and physicians.short
    assert not any(n.profession == "psychiatrist" and n.window_hours < 72 for n in plan.needs)


def test_roster_errors_are_named():
    with pytest.raises(RosterError, match="not a roster line"):
        parse_roster("psychiatrists sixteen")
    with pytest.raises(RosterError, match="twice"):
        parse_roster("nurse=1, nurse=2")
    with pytest.raises(RosterError, match="between 0 and 24"):
        parse_roster("nurse=1x30")
    assert parse_roster("nurse=3")[0].hours_per_day == 8


@pytest.mark.django_db
def test_the_capacity_page_and_api(world):
    client = Client()
    client.force_login(world.coordinator)
    page = client.get("/reception/capacity/", {"protocol": "kosovo", "adult_man": 4, "adult_woman": 32, "minor": 74,
                                               "roster": "psychiatrist=16x8, psychologist=4x8"})
    assert page.status_code == 200 and "falls short" in page.content.decode()
    bad = client.get("/reception/capacity/", {"protocol": "kosovo", "roster": "sixteen psychiatrists"})
    assert "not a roster line" in bad.content.decode()
    client.force_login(world.social)
    assert client.get("/reception/capacity/").status_code == 404
    api = client.get("/api/v1/reception/capacity", {"protocol": "kosovo", "adult_man": 4, "adult_woman": 32,
                                                    "minor": 74, "roster": "psychologist=4x8"},
                     HTTP_AUTHORIZATION=f"Bearer {api_token('coord')}")
    assert api.status_code == 200
    row = next(r for r in api.json() if r["profession"] == "psychologist" and r["window"] == "PT72H")
    assert row["shortfall_hours"] == pytest.approx(14)
    denied = client.get("/api/v1/reception/capacity", {"protocol": "kosovo"}, HTTP_AUTHORIZATION=f"Bearer {api_token('sw')}")
    assert denied.status_code == 404
    unknown = client.get("/api/v1/reception/capacity", {"protocol": "atlantis"}, HTTP_AUTHORIZATION=f"Bearer {api_token('coord')}")
    assert unknown.status_code == 422
