"""Dates of birth with their precision."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reintegra.people.dates import PartialDateError, age_on, format_partial_date, parse_partial_date


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2015", (date(2015, 1, 1), "year")),
        ("2015-06", (date(2015, 6, 1), "month")),
        ("2015-06-17", (date(2015, 6, 17), "day")),
        ("", (None, "unknown")),
        ("  ", (None, "unknown")),
    ],
)
def test_parse(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["2015-13", "2015-02-30", "17.06.2015", "15", "2015-6-1", "abcd"])
def test_bad_dates_are_refused_with_the_value(text):
    with pytest.raises(PartialDateError, match="is not a date"):
        parse_partial_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(["day", "month", "year"]))
def test_format_then_parse_round_trips(value, precision):
    parsed = parse_partial_date(format_partial_date(value, precision))
    assert parsed[1] == precision
    assert format_partial_date(*parsed) == format_partial_date(value, precision)


def test_age_gives_the_benefit_of_the_doubt_to_youth():
    # "Born in 2001": possibly on 31 December 2001, so still 17 on 1 June 2019.
    assert age_on(date(2001, 1, 1), "year", date(2019, 6, 1)) == 17
    assert age_on(date(2001, 1, 1), "day", date(2019, 6, 1)) == 18
    assert age_on(date(2001, 5, 1), "month", date(2019, 5, 31)) == 18
    assert age_on(date(2001, 5, 1), "month", date(2019, 5, 30)) == 17
    assert age_on(None, "unknown", date(2019, 6, 1)) is None
