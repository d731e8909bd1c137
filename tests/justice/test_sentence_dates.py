"""Date arithmetic of sentences (justice/dates.py): terms on the calendar, month ends and
leap years, credit for detention, release windows."""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reintegra.justice.dates import (
    Term,
    add_term,
    detention_days,
    release_dates,
    term_between,
    term_days,
    term_end,
)


@pytest.mark.parametrize(
    "start,term,end",
    [
        (date(2020, 3, 10), Term(years=1), date(2021, 3, 10)),  # released the day after the last day served
        (date(2021, 1, 31), Term(months=1), date(2021, 2, 28)),  # no 31 February: the month's last day
        (date(2024, 1, 31), Term(months=1), date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), Term(years=1), date(2025, 2, 28)),
        (date(2024, 2, 29), Term(years=4), date(2028, 2, 29)),
        (date(2019, 4, 20), Term(years=3, months=6), date(2022, 10, 20)),
        (date(2019, 12, 31), Term(months=2), date(2020, 2, 29)),
        (date(2020, 1, 31), Term(months=1, days=1), date(2020, 3, 1)),  # months first, then days
        (date(2020, 5, 1), Term(days=30), date(2020, 5, 31)),
        (date(2019, 4, 20), Term(years=2, months=6), date(2021, 10, 20)),  # the women's typical term
    ],
)
def test_terms_are_added_on_the_calendar(start, term, end):
    assert term_end(start, term) == end == add_term(start, term)


def test_term_length_in_days_counts_leap_days():
    assert term_days(date(2023, 3, 1), Term(years=1)) == 366  # crosses 29 February 2024
    assert term_days(date(2022, 3, 1), Term(years=1)) == 365
    assert term_days(date(2020, 1, 1), Term(years=3, months=6)) == 1277


def test_negative_terms_are_refused():
    with pytest.raises(ValueError):
        Term(years=-1)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
       st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)))
def test_term_between_is_the_inverse_of_term_end(a, b):
    start, end = min(a, b), max(a, b)
    assert term_end(start, term_between(start, end)) == end


@pytest.mark.parametrize(
    "periods,before,days",
    [
        ([(date(2019, 5, 1), date(2019, 5, 3))], date(2020, 1, 1), 3),  # inclusive
        ([(date(2019, 5, 1), date(2019, 5, 1))], date(2020, 1, 1), 1),  # a one-day arrest
        # arrest then detention overlapping on the day of transfer: counted once
        ([(date(2019, 4, 20), date(2019, 4, 21)), (date(2019, 4, 21), date(2019, 6, 30))], date(2020, 1, 1), 72),
        # an open detention counts up to the day before the sentence starts
        ([(date(2019, 4, 20), None)], date(2019, 4, 30), 10),
        # a period after the start does not count; one straddling it counts up to it
        ([(date(2020, 2, 1), date(2020, 3, 1)), (date(2019, 12, 30), date(2020, 1, 5))], date(2020, 1, 1), 2),
        ([(date(2020, 2, 28), date(2020, 3, 1))], date(2021, 1, 1), 3),  # through 29 February
        ([], date(2020, 1, 1), 0),
    ],
)
def test_detention_credit(periods, before, days):
    assert detention_days(periods, before) == days


def test_release_dates_with_credit_and_half_term():
    # 3 years 6 months from 1 January 2020 (1277 days), 100 days credited, parole after half.
    result = release_dates(date(2020, 1, 1), Term(3, 6), credit_days=100, conditional_after=Fraction(1, 2))
    assert result.term_end == date(2023, 7, 1)
    assert result.latest == date(2023, 3, 23)  # 100 days before the term's end
    # half of 1277 days is 638.5 -> 639 days (a part day is rounded up), less 100
    assert result.earliest == date(2021, 6, 23)


def test_credit_never_moves_release_before_the_start():
    result = release_dates(date(2020, 6, 1), Term(months=6), credit_days=400, conditional_after=Fraction(2, 3))
    assert result.latest == result.earliest == date(2020, 6, 1)


def test_earliest_is_never_after_latest():
    result = release_dates(date(2020, 1, 1), Term(days=3), credit_days=2, conditional_after=Fraction(1, 1))
    assert result.earliest <= result.latest == date(2020, 1, 2)
