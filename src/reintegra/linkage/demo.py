"""Duplicates for the demo: a few returnees entered again by other agencies, and a filled
review queue.

For some adult returnees the registry gets a second record, as other lists write them:
the camp list drawn up by foreign authorities, in Cyrillic, with the year of birth only;
a police list in Latin without diacritics ("Thaçi" as "Thaci"), with the father's name.
One namesake born another year is added too, a pair a reviewer should call "different
people". Then the registry is scored as `reintegra find_duplicates` does. All synthetic.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from reintegra.cases.models import Case
from reintegra.demo import names as N
from reintegra.people import services as people_services
from reintegra.people.models import DatePrecision
from reintegra.people.services import NameInput, PersonInput


def _plain(text: str) -> str:
    """Diacritics dropped, as a clerk without the keyboard writes a name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def seed_demo(seeder) -> None:
    adults = list(
        Case.objects.select_related("person").filter(person__birth_date__year__lt=2000)
        .order_by("pk").values_list("person__pk", flat=True)[:40:8]
    )
    people = []
    for i, pk in enumerate(adults):
        person = Case.objects.get(person_id=pk).person
        primary = person.names.get(kind="primary")
        born = person.birth_date
        if i % 2 == 0 and born is not None:
            # The camp list: Cyrillic, year of birth only.
            people.append(PersonInput(
                names=[NameInput(given_name=N.to_cyrillic(_plain(primary.given_name)),
                                 family_name=N.to_cyrillic(_plain(primary.family_name)))],
                sex=person.sex, birth_date=date(born.year, 1, 1), birth_date_precision=DatePrecision.YEAR,
            ))
        else:
            # A police list: Latin without diacritics, the day and month swapped.
            day = born
            if born is not None and born.day <= 12 and person.birth_date_precision == DatePrecision.DAY:
                day = date(born.year, born.day, born.month)
            people.append(PersonInput(
                names=[NameInput(given_name=_plain(primary.given_name), family_name=_plain(primary.family_name),
                                 father_name=_plain(primary.father_name))],
                sex=person.sex, birth_date=day,
                birth_date_precision=person.birth_date_precision if day else DatePrecision.UNKNOWN,
                place_of_birth=person.place_of_birth,
            ))
        if i == 1 and born is not None:
            # A namesake a generation older: not the same person.
            people.append(PersonInput(
                names=[NameInput(given_name=primary.given_name, family_name=primary.family_name)],
                sex=person.sex, birth_date=date(born.year - 30, 3, 9), birth_date_precision=DatePrecision.DAY,
            ))
    seeder.person_count += len(people)
    people_services.persons_create_bulk(actor=None, people=people, channel="cli")
    try:
        from .registry import duplicates_find
    except ImportError:  # the matching libraries are the optional extra reintegra[linkage]
        return
    duplicates_find(actor=None)


def reset_demo() -> None:
    from .models import CandidatePair, Merge

    Merge.objects.all().delete()
    CandidatePair.objects.all().delete()
