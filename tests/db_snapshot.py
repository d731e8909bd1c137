"""Whole-database snapshots for tests: take the test database's content, put it back later.

Seeding the synthetic demo takes about a minute (every write goes through the services and
is audited, and the linkage demo scores the registry). Many tests read the demo, so the
session seeds it once (tests/conftest.py `demo_snapshot`), snapshots the database, and puts
the snapshot back wherever a test needs the demo: seconds instead of a minute, and the very
rows `seed_demo` wrote, ids, audit chain and sequences included.

- SQLite: the online backup API copies the database, page for page, into memory and back.
- PostgreSQL: every table is copied out and in with COPY (binary), in one transaction after
  a TRUNCATE of every table (Django's foreign keys are deferred, so the order does not
  matter); each sequence is set back to where it stood.

Both restore the whole database, not only the demo's tables, so a restore gives exactly
the state the snapshot saw. Only for test databases. `save` and `load` pass a snapshot
between pytest-xdist workers (each has its own test database, all of the same schema).
"""

from __future__ import annotations

import pickle
import sqlite3
from dataclasses import dataclass, field

from django.db import connection, transaction


@dataclass
class Snapshot:
    vendor: str
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] = field(default_factory=dict)
    sequences: list[tuple[str, int | None]] = field(default_factory=list)


def _assert_test_database() -> None:
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return  # the test database is a temporary file (tests/conftest.py)
    if not name.startswith("test_"):
        raise RuntimeError(f"Refusing to snapshot or overwrite a non-test database: {name}")


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def take() -> Snapshot:
    """The whole test database's content, now."""
    _assert_test_database()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(memory)
        return Snapshot(vendor="sqlite", sqlite=memory)
    if connection.vendor != "postgresql":
        raise NotImplementedError(connection.vendor)
    snapshot = Snapshot(vendor="postgresql")
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for table in connection.introspection.table_names(cursor):
            with raw.copy(f"COPY {_quote(table)} TO STDOUT (FORMAT binary)") as copy:
                snapshot.tables[table] = b"".join(bytes(chunk) for chunk in copy)
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences WHERE schemaname = current_schema()"
        )
        snapshot.sequences = list(cursor.fetchall())
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """Make the test database hold exactly what it held when the snapshot was taken."""
    _assert_test_database()
    if connection.in_atomic_block:
        raise RuntimeError("A snapshot is restored outside a transaction (committed for every connection).")
    connection.ensure_connection()
    if snapshot.vendor == "sqlite":
        snapshot.sqlite.backup(connection.connection)
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            tables = connection.introspection.table_names(cursor)
            missing = set(snapshot.tables) ^ set(tables)
            if missing:
                raise RuntimeError(f"The schema changed since the snapshot: {sorted(missing)}")
            cursor.execute("TRUNCATE " + ", ".join(_quote(t) for t in tables))
            for table, data in snapshot.tables.items():
                if data:
                    with raw.copy(f"COPY {_quote(table)} FROM STDIN (FORMAT binary)") as copy:
                        copy.write(data)
            for sequence, last_value in snapshot.sequences:
                if last_value is None:
                    cursor.execute("SELECT setval(%s, 1, false)", [sequence])
                else:
                    cursor.execute("SELECT setval(%s, %s, true)", [sequence, last_value])
    _clear_process_caches()


def _clear_process_caches() -> None:
    """Caches of rows this process read before the restore (ids may differ now)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


def save(snapshot: Snapshot, path) -> None:
    """Write the snapshot to a file another process (an xdist worker) can `load`."""
    if snapshot.vendor == "sqlite":
        target = sqlite3.connect(str(path))
        try:
            snapshot.sqlite.backup(target)
        finally:
            target.close()
    else:
        with open(path, "wb") as out:
            pickle.dump((snapshot.vendor, snapshot.tables, snapshot.sequences), out)


def load(path, vendor: str) -> Snapshot:
    if vendor == "sqlite":
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        source = sqlite3.connect(str(path))
        try:
            source.backup(memory)
        finally:
            source.close()
        return Snapshot(vendor="sqlite", sqlite=memory)
    with open(path, "rb") as src:
        saved_vendor, tables, sequences = pickle.load(src)
    return Snapshot(vendor=saved_vendor, tables=tables, sequences=sequences)
