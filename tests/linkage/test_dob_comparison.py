"""Dates of birth with precision: parsing, and how the model compares them."""

import re

import pytest

from reintegra.linkage.dates import Dob, DobError, parse_dob
from reintegra.linkage.engine import explain_pair

# ------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("written", "iso", "precision"),
    [
        ("1990", "1990", "year"),
        ("1990-05", "1990-05", "month"),
        ("05.1990", "1990-05", "month"),
        ("1990-05-17", "1990-05-17", "day"),
        ("1990-5-7", "1990-05-07", "day"),
        ("17.05.1990", "1990-05-17", "day"),
        ("17.05.1990.", "1990-05-17", "day"),  # Bosnian/Serbian style, trailing dot
        ("17/05/1990", "1990-05-17", "day"),
        ("19900517", "1990-05-17", "day"),
        ("1990-00-00", "1990", "year"),  # zeros written for "unknown"
        ("1990-05-00", "1990-05", "month"),
        ("1990-17-05", "1990-05-17", "day"),  # month 17 can only be a swapped day
        ("05/17/1990", "1990-05-17", "day"),  # the same repair for a US-style date
    ],
)
def test_parse_dob_keeps_precision(written, iso, precision):
    dob = parse_dob(written)
    assert dob.iso() == iso
    assert dob.precision == precision


@pytest.mark.parametrize("written", ["", "  ", "unknown", "?", "N/A", "-", None])
def test_unknown_dates_are_missing_not_errors(written):
    assert parse_dob(written) is None


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1990-02-30", "day 30 does not exist in month 2 in '1990-02-30'"),
        ("30.02.1990", "day 30 does not exist in month 2"),
        ("1990-13-13", "month 13 out of range in '1990-13-13'"),
        ("1850", "year 1850 out of range"),
        ("May 1990", "unrecognised date 'May 1990'"),
    ],
)
def test_unreadable_dates_raise_with_the_reason(written, message):
    with pytest.raises(DobError, match=re.escape(message)):
        parse_dob(written)


def test_lenient_parsing_turns_errors_into_missing():
    assert parse_dob("1990-02-30", strict=False) is None
    assert parse_dob("rubbish", strict=False) is None


def test_first_of_january_is_flagged_not_dropped():
    dob = parse_dob("1985-01-01")
    assert dob == Dob(1985, 1, 1)
    assert dob.precision == "day" and dob.is_first_of_january
    assert not parse_dob("1985-01-02").is_first_of_january


# ------------------------------------------------------------- model comparison

PERSON = {"given_name": "Arben", "family_name": "Morina", "father_name": "Ilir"}


def _dob_level(left_dob, right_dob):
    result = explain_pair(
        {"record_id": "a", **PERSON, "date_of_birth": left_dob},
        {"record_id": "b", **PERSON, "date_of_birth": right_dob},
    )
    return result["comparisons"]["date_of_birth"]


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        ("1990-05-17", "17.05.1990", "same full date"),
        ("1990-05-17", "1990-17-05", "same full date"),  # repaired while parsing
        ("1990-05-07", "1990-07-05", "day and month swapped"),
        ("1990-05-17", "1990", "same year, day or month unknown on one side"),
        ("1990", "1990", "same year, day or month unknown on one side"),
        ("1990-05-17", "1990-01-01", "same year, day or month unknown on one side"),
        ("1990-01-01", "1990-01-01", "same year, day or month unknown on one side"),
        ("1990-05-17", "1990-05", "same year, day or month unknown on one side"),
        ("1990-05-17", "1990-05-18", "one digit differs"),
        ("1990-05-17", "1991-05-17", "one digit differs"),
        ("1990-05-03", "1990-05-28", "same year and month"),
        ("1990-05-17", "1991", "year within one, day unknown on one side"),
        ("1990-01-01", "1989-06-30", "year within one, day unknown on one side"),
        ("1990-05-17", "1991-08-02", "year within one"),
        ("1990-05-17", "1990-06", "year within one"),
        ("1990-05-17", "1975-05-17", "All other comparisons"),
        ("1990", "1992", "All other comparisons"),
        ("1990-05-17", "", "missing"),
    ],
)
def test_dob_levels_understand_precision(left, right, level):
    assert _dob_level(left, right)["level"] == level


def test_dob_weights_are_ordered_by_how_much_they_say():
    exact = _dob_level("1990-05-17", "1990-05-17")["match_weight"]
    year_only = _dob_level("1990-05-17", "1990")["match_weight"]
    jan_first = _dob_level("1990-05-17", "1990-01-01")["match_weight"]
    different = _dob_level("1990-05-17", "1962-11-03")["match_weight"]
    missing = _dob_level("1990-05-17", "")["match_weight"]
    # A year agrees by chance far more often than a full date.
    assert exact > year_only > 0
    # 1 January is treated like an unknown day, not as a disagreement.
    assert jan_first == year_only
    assert missing == 0
    assert different < -2
