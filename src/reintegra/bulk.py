"""Fast multi-row INSERTs for the bulk services (a manifest of 10,000 people, its steps and
their audit events: hundreds of thousands of rows in one transaction).

Django's `bulk_create` prepares every value of every row through the field API and, on
SQLite, sends at most 999 parameters per statement; for a few hundred thousand rows that
costs more than the database work. `insert_objects` does what `bulk_create` does for the
plain field types used here (text, numbers, booleans, dates, datetimes, JSON, foreign
keys): one converter per column, chosen once, and statements as large as the database
allows, with the new primary keys set on the objects (INSERT ... RETURNING, SQLite 3.35+
and PostgreSQL). `insert_rows` takes rows already in column order, for callers that build
no model instances at all. Neither sends signals or calls `save()`, like `bulk_create`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router
from django.utils import timezone

_PREPARED_BY_FIELD = {"DecimalField", "UUIDField", "TimeField", "BinaryField", "DurationField"}


def _max_params(connection) -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def _converter(field, connection) -> Callable | None:
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "JSONField":
        return json_text
    if kind in _PREPARED_BY_FIELD:
        return lambda value, field=field: field.get_db_prep_save(value, connection)
    return None


def json_text(value) -> str:
    """A JSON column's value as `insert_rows` takes it: JSON text (cast on PostgreSQL)."""
    return json.dumps(value, cls=DjangoJSONEncoder)


def columns_of(model, names: Sequence[str] | None = None) -> list:
    """The concrete fields written for `model` (all but an automatic primary key), or the named ones."""
    if names is not None:
        return [model._meta.get_field(name) for name in names]
    automatic = ("AutoField", "BigAutoField", "SmallAutoField")
    return [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() in automatic)]


def insert_rows(model, fields: list, rows: list[tuple], *, returning: bool = False, convert: bool = True) -> list:
    """INSERT `rows` (tuples of Python values in the order of `fields`) into the model's
    table (COPY on PostgreSQL); with `returning`, the new primary keys in row order.

    `convert=False`: the rows already hold database values (datetimes adapted by the
    backend's `ops.adapt_datetimefield_value`, JSON as `json_text`)."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    if convert:
        converters = [_converter(f, connection) for f in fields]
        if any(converters):
            rows = [tuple(v if c is None else c(v) for v, c in zip(row, converters, strict=True)) for row in rows]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return _copy_postgresql(connection, model, fields, rows, returning)
    # The driver's own cursor, with its own placeholder: Django's SQLite wrapper rewrites
    # every "%s" of a statement with a regular expression, which for statements of
    # thousands of rows costs more than the insert.
    per_row = "(" + ", ".join(["?"] * len(fields)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    batch = max(1, min(_max_params(connection) // len(fields), 5000))
    keys: list = []
    cursor = connection.connection.cursor()
    try:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([per_row] * len(chunk)) + tail, params)
            if returning:
                keys.extend(r[0] for r in cursor.fetchall())
    finally:
        cursor.close()
    return keys


def _copy_postgresql(connection, model, fields: list, rows: list[tuple], returning: bool) -> list:
    """COPY the rows in (PostgreSQL's bulk path); new keys are drawn from the table's
    sequence first, so they are known without RETURNING."""
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    columns = [f.column for f in fields]
    keys: list = []
    with connection.connection.cursor() as cursor:
        if returning:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(table), pk, len(rows)])
            keys = [r[0] for r in cursor.fetchall()]
            columns = [pk, *columns]
            rows = [(key, *row) for key, row in zip(keys, rows, strict=True)]
        with cursor.copy(f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return keys


def insert_objects(objs: list) -> list:
    """`bulk_create` for plain models, faster: sets `auto_now`/`auto_now_add` fields and
    the new primary keys on the objects, and returns them."""
    if not objs:
        return objs
    model = type(objs[0])
    fields = columns_of(model)
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    attnames = [f.attname for f in fields]
    rows = [tuple(getattr(obj, name) for name in attnames) for obj in objs]
    keys = insert_rows(model, fields, rows, returning=True)
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = router.db_for_write(model)
    return objs
