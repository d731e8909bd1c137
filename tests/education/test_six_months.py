"""Whether the child entered school within six months of return (the Kosovo benchmark):
the return is the arrival of the operation that brought the child, else the case's opening."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from reintegra.education import placement, services
from reintegra.education.selectors import overview
from reintegra.reception.models import Operation, OperationMember


@pytest.mark.parametrize(
    ("returned", "entered", "today", "status", "months"),
    [
        (date(2019, 4, 20), date(2019, 9, 2), date(2020, 1, 1), "within", 4),
        (date(2019, 4, 20), date(2019, 10, 20), date(2020, 1, 1), "within", 6),  # the last day counts
        (date(2019, 4, 20), date(2019, 10, 21), date(2020, 1, 1), "later", 6),
        (date(2019, 4, 20), date(2020, 9, 1), date(2021, 1, 1), "later", 16),
        (date(2019, 4, 20), None, date(2019, 8, 1), "waiting", None),
        (date(2019, 4, 20), None, date(2019, 12, 1), "missed", None),
        (date(2019, 8, 31), None, date(2020, 2, 29), "waiting", None),  # six months end on 29 Feb
    ],
)
def test_the_benchmark(returned, entered, today, status, months):
    found = placement.six_months(returned, entered, today=today)
    assert (found.status, found.months_to_school) == (status, months)


@pytest.mark.django_db
def test_the_return_is_the_operations_arrival(ew):
    assert placement.return_date(ew.child) == timezone.localdate(ew.child.opened_at)
    operation = Operation.objects.create(name="Test operation", arrival_at=datetime(2019, 4, 20, 9, tzinfo=UTC),
                                         protocol="XK", created_at=timezone.now())
    OperationMember.objects.create(operation=operation, person=ew.child.person, case=ew.child, ref="A1")
    assert placement.return_date(ew.child) == date(2019, 4, 20)


@pytest.mark.django_db
def test_the_case_tab_and_the_overview_show_it(ew):
    from .conftest import client_for

    ew.child.opened_at = timezone.now() - timedelta(days=400)
    ew.child.save(update_fields=["opened_at"])
    html = client_for(ew.social).get(f"/cases/{ew.child.pk}/education/").content.decode()
    assert "Not in school six months after return" in html
    services.enrolment_record(actor=ew.school, case=ew.child, school="Shkolla Test", grade=3,
                              enrolled_on=timezone.localdate() - timedelta(days=30))
    html = client_for(ew.social).get(f"/cases/{ew.child.pk}/education/").content.decode()
    assert "Entered school later than six months after return" in html and "Shkolla Test" in html
    found = overview(ew.coordinator)
    assert found.counts["later"] == 1 and found.children == 2
    assert overview(ew.police).children == 0


@pytest.mark.django_db
def test_an_unknown_date_of_birth_says_unknown(ew):
    from tests import factories

    from .conftest import client_for

    person = factories.person("Nora", "Krasniqi", born=None)
    case = factories.case(person, team=[ew.school])
    html = client_for(ew.school).get(f"/education/cases/{case.pk}/").content.decode()
    assert '<dd id="grade-for-age">unknown</dd>' in html
    assert overview(ew.coordinator).unknown_age == 1


def test_a_child_too_young_on_return_is_counted_from_school_age():
    # Born March 2016: of age for grade 1 in September 2022; returned April 2019.
    start = placement.school_age_from(date(2016, 3, 1), "month")
    assert start == date(2022, 9, 1)
    found = placement.six_months(date(2019, 4, 20), date(2022, 9, 5), school_age_on=start, today=date(2023, 1, 1))
    assert (found.status, found.months_to_school, found.deadline) == ("within", 0, date(2023, 3, 1))
    # Year only: the youngest the record allows (born December 2016) starts in 2023.
    assert placement.school_age_from(date(2016, 1, 1), "year") == date(2023, 9, 1)
    assert placement.school_age_from(None, "unknown") is None
