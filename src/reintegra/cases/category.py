"""A returnee's category, derived from sex and age on a date; never typed."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.people.dates import age_on

ADULT_AGE = 18


class Category(models.TextChoices):
    ADULT_MAN = "adult_man", _("Adult man")
    ADULT_WOMAN = "adult_woman", _("Adult woman")
    MINOR = "minor", _("Minor")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
    UNKNOWN = "unknown", _("Unknown (no date of birth)")


def category_on(*, sex: str, birth_date, precision: str, on: date, unaccompanied: bool = False) -> str:
    age = age_on(birth_date, precision, on)
    if age is None:
        return Category.UNKNOWN
    if age < ADULT_AGE:
        return Category.UNACCOMPANIED_MINOR if unaccompanied else Category.MINOR
    if sex == "M":
        return Category.ADULT_MAN
    if sex == "F":
        return Category.ADULT_WOMAN
    return Category.UNKNOWN


def case_category(case, on: date | None = None) -> str:
    person = case.person
    return category_on(
        sex=person.sex,
        birth_date=person.birth_date,
        precision=person.birth_date_precision,
        on=on or date.today(),
        unaccompanied=case.unaccompanied_minor,
    )
