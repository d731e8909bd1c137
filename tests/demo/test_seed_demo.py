"""The demo cohort: its shape, the search examples, the refusal on a used database."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reintegra.access.models import Agency, AgencyType
from reintegra.audit.verify import audit_chain_verify
from reintegra.cases.category import case_category
from reintegra.cases.models import Case
from reintegra.demo.seed import DEMO_USERS
from reintegra.people.dates import age_on
from reintegra.people.selectors import person_search
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_the_april_2019_cohort_has_its_shape(demo_world):
    flight = list(Case.objects.filter(reference__lte="RKS-0110").select_related("person"))
    on_arrival = [case_category(c, date(2019, 4, 20)) for c in flight]
    assert len(flight) == 110
    assert on_arrival.count("adult_man") == 4 and on_arrival.count("adult_woman") == 32
    children = [c for c in flight if c.person.sex and case_category(c, date(2019, 4, 20)) not in ("adult_man", "adult_woman")]
    assert len(children) == 74
    ages = [age_on(c.person.birth_date, c.person.birth_date_precision, date(2019, 4, 20)) for c in children]
    assert sum(1 for a in ages if a is not None and a < 6) > 74 / 2  # most under six
    assert sum(1 for c in children if c.orphan) >= 1
    linked = sum(1 for c in children if c.person.relationships_to.filter(kind__in=["mother", "grandparent"]).exists())
    assert linked == 74
    assert Case.objects.count() - 110 >= 130
    assert set(Agency.objects.values_list("type", flat=True)) >= set(AgencyType.values) - {"court"} | {"court"}


@pytest.mark.django_db
def test_every_search_example_finds_someone(demo_world):
    from django.contrib.auth import get_user_model

    coordinator = get_user_model().objects.get(username="coordinator")
    hodzic = {p.display_name for p in person_search(coordinator, "hodzic")}
    assert any("Hodžić" in n for n in hodzic) and any("Хоџић" in n for n in hodzic)
    for query in ("drite", "thaci", "djulic"):
        assert person_search(coordinator, query).exists(), query


@pytest.mark.django_db
def test_demo_users_sign_in_with_the_given_password(demo_world):
    from django.contrib.auth import get_user_model

    for username in DEMO_USERS:
        assert get_user_model().objects.get(username=username).check_password(PASSWORD)
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_refuses_a_database_with_data_unless_reset(demo_world, settings):
    settings.DEBUG = True  # --reset is for demo databases only
    count = Case.objects.count()  # the demo `seed_demo` wrote (tests/conftest.py)
    assert count
    with pytest.raises(CommandError, match="already holds data"):
        call_command("seed_demo", "--password", PASSWORD)
    call_command("seed_demo", "--keep-existing")
    assert Case.objects.count() == count
    call_command("seed_demo", "--password", PASSWORD, "--reset")
    assert Case.objects.count() == count


@pytest.mark.django_db
def test_reset_is_refused_in_production(demo_world, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo", "--password", PASSWORD, "--reset")
