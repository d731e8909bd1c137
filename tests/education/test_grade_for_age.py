"""The grade a child's age suggests, from a date of birth that may be partial; with the
default settings a child who is 6 by 31 August enters grade 1 that September."""

from datetime import date

import pytest

from reintegra.education.placement import grade_for_age


@pytest.mark.parametrize(
    ("born", "precision", "on", "expected"),
    [
        (date(2015, 3, 2), "day", date(2023, 10, 1), "3"),  # 8 on 31 Aug 2023: grade 3
        (date(2015, 3, 2), "day", date(2024, 6, 1), "3"),  # same school year until September
        (date(2015, 3, 2), "day", date(2024, 9, 2), "4"),
        (date(2015, 8, 31), "day", date(2021, 9, 1), "1"),  # 6 exactly on the cut-off day
        (date(2015, 9, 1), "day", date(2021, 9, 1), "not yet school age"),  # one day late
        (date(2015, 8, 1), "month", date(2023, 10, 1), "3"),  # August: all before the cut-off
        (date(2015, 1, 1), "year", date(2023, 10, 1), "2–3"),  # born Jan (grade 3) to Dec (grade 2)
        (date(2004, 1, 1), "year", date(2023, 10, 1), "past school age"),
    ],
)
def test_grade_for_age(born, precision, on, expected):
    assert str(grade_for_age(born, precision, on=on)) == expected


def test_an_unknown_date_gives_no_grade():
    assert grade_for_age(None, "unknown") is None
    assert grade_for_age(date(2015, 1, 1), "unknown") is None


def test_school_age_covers_a_range_touching_the_school_grades():
    assert grade_for_age(date(2017, 1, 1), "year", on=date(2023, 10, 1)).school_age  # grade 0–1
    assert not grade_for_age(date(2020, 1, 1), "day", on=date(2023, 10, 1)).school_age


def test_the_settings_change_the_entry_age(settings):
    settings.REINTEGRA_SCHOOL_ENTRY_AGE = 7
    assert str(grade_for_age(date(2015, 3, 2), "day", on=date(2023, 10, 1))) == "2"
