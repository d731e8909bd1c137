"""Shared fixtures. Every test runs on SQLite, and on PostgreSQL in CI (DATABASE_URL)."""

import pytest

from tests import factories


@pytest.fixture
def world(db):
    """A small world: two agencies' staff, two municipalities, cases in and out of reach."""
    return factories.small_world()


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The full synthetic demo cohort, seeded once per module and removed afterwards."""
    from reintegra.demo.seed import reset_demo_data, seed_demo

    with django_db_blocker.unblock():
        reset_demo_data()
        seeder = seed_demo(password=factories.PASSWORD)
    yield seeder
    with django_db_blocker.unblock():
        reset_demo_data()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """No persistent connections in tests: the live server's thread would otherwise keep
    one open and PostgreSQL could not drop the test database at the end."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
