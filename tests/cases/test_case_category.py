"""A case's category comes from sex and age on a date."""

from datetime import date

import pytest

from reintegra.cases.category import category_on


@pytest.mark.parametrize(
    "sex,born,precision,on,unaccompanied,expected",
    [
        ("M", date(1985, 3, 1), "day", date(2019, 4, 20), False, "adult_man"),
        ("F", date(1990, 1, 1), "year", date(2019, 4, 20), False, "adult_woman"),
        ("F", date(2015, 1, 1), "year", date(2019, 4, 20), False, "minor"),
        ("M", date(2015, 1, 1), "year", date(2019, 4, 20), True, "unaccompanied_minor"),
        ("M", date(2001, 1, 1), "year", date(2019, 6, 1), False, "minor"),  # maybe born in December
        ("M", date(2001, 4, 20), "day", date(2019, 4, 20), False, "adult_man"),  # 18th birthday
        ("U", None, "unknown", date(2019, 4, 20), False, "unknown"),
    ],
)
def test_category(sex, born, precision, on, unaccompanied, expected):
    assert category_on(sex=sex, birth_date=born, precision=precision, on=on, unaccompanied=unaccompanied) == expected
