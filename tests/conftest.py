"""Shared fixtures. Every test runs on SQLite, and on PostgreSQL in CI (DATABASE_URL)."""

import copy

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import db_snapshot, factories

# Two xdist workers share the machine's two cores with whatever else runs there; a starved
# worker once took 1.6 s to draw two dates and Hypothesis failed the test as "too slow".
# How fast examples are generated is not what any test here checks; every assertion stands.
hypothesis_settings.register_profile("reintegra", suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("reintegra")


@pytest.fixture
def world(db):
    """A small world: two agencies' staff, two municipalities, cases in and out of reach."""
    return factories.small_world()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The full synthetic demo cohort, seeded once per test session by `seed_demo` and kept
    as a snapshot of the whole database (tests/db_snapshot.py). The database is given back
    as it was; `demo_world` and `demo_committed` put the snapshot in. Under pytest-xdist
    the first worker to need it seeds and saves it; the others load that file.
    tests/demo/test_seed_demo_command.py still runs the command itself, end to end."""
    import fcntl
    import os
    import pickle

    from django.db import connection

    from reintegra.demo.seed import reset_demo_data, seed_demo

    def seed_and_take():
        before = db_snapshot.take()
        try:
            reset_demo_data()
            seeder = seed_demo(password=factories.PASSWORD)
            snapshot = db_snapshot.take()
        finally:
            db_snapshot.restore(before)
        return seeder, snapshot

    with django_db_blocker.unblock():
        if not os.environ.get("PYTEST_XDIST_WORKER"):
            return seed_and_take()
        shared = tmp_path_factory.getbasetemp().parent / f"demo-snapshot-{connection.vendor}"
        with open(f"{shared}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not (shared / "done").exists():
                seeder, snapshot = seed_and_take()
                shared.mkdir(exist_ok=True)
                db_snapshot.save(snapshot, shared / "database")
                (shared / "seeder.pickle").write_bytes(pickle.dumps(seeder))
                (shared / "done").touch()
                return seeder, snapshot
        seeder = pickle.loads((shared / "seeder.pickle").read_bytes())
        return seeder, db_snapshot.load(shared / "database", connection.vendor)


@pytest.fixture(scope="module")
def demo_world(demo_snapshot, django_db_blocker):
    """The full synthetic demo cohort, put in once per module and removed afterwards (each
    test still runs in its own rolled-back transaction)."""
    seeder, snapshot = demo_snapshot
    with django_db_blocker.unblock():
        before = db_snapshot.take()
        db_snapshot.restore(snapshot)
    yield copy.deepcopy(seeder)
    with django_db_blocker.unblock():
        db_snapshot.restore(before)


@pytest.fixture
def demo_committed(demo_snapshot, transactional_db):
    """The demo cohort committed, for a transactional test (browser tests: the live server's
    thread reads it). pytest-django flushes every table at the test's end, as before."""
    seeder, snapshot = demo_snapshot
    db_snapshot.restore(snapshot)
    return copy.deepcopy(seeder)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """No persistent connections in tests: the live server's thread would otherwise keep
    one open and PostgreSQL could not drop the test database at the end."""
    import os
    import tempfile

    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Argon2 is deliberately slow; tests create thousands of accounts, so they hash with
    # MD5 (Django's advice for test runs). tests/access/test_password_hashing.py checks
    # that the shipped settings still put Argon2 first.
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # A file, not Django's shared in-memory database: browser tests have the live
        # server and the test write at once, and only a file gives SQLite's real write
        # lock (BEGIN IMMEDIATE); shared-cache memory let two audit appends read the
        # same chain head.
        folder = tempfile.mkdtemp(prefix="reintegra-test-")
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = os.path.join(folder, "test.sqlite3")


@pytest.fixture(autouse=True)
def _policy_after_flush(request, _django_db_marker):
    """A transactional test (live server, on-commit callbacks) ends by flushing every table,
    the access policy the migrations loaded included. The next one loads it again, as the
    migrations did, so browser tests see the shipped roles, rules and permissions."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.conf import settings

    from reintegra.access.models import Role
    from reintegra.access.policy_data import policy_load

    if not Role.objects.exists():
        policy_load(path=settings.REINTEGRA_POLICY_FILE)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (plain database tests, then transactional ones, then the
    rest), the tests that seed or read the demo cohort go first among the plain ones: the
    command's own end-to-end seeding first, then the tests of the shared snapshot. Under
    pytest-xdist one worker then seeds the command's demo while the other seeds the shared
    snapshot, instead of one waiting for the other's snapshot. Only the order changes."""

    def rank(item) -> int:
        marker = item.get_closest_marker("django_db")
        if marker is None or marker.kwargs.get("transaction") or "live_server" in item.fixturenames:
            return 2
        if item.nodeid.startswith("tests/demo/test_seed_demo_command.py"):
            return 0
        return 1 if "demo_world" in item.fixturenames else 2

    first = sorted((item for item in items if rank(item) < 2), key=rank)  # stable: module order kept
    items[:] = first + [item for item in items if rank(item) == 2]
