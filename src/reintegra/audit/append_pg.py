"""Appending one event on PostgreSQL in a single statement.

Why: every append locks the head row, and the lock is held until the transaction's
commit record is on disk. Done from Python, the lock was held over four round trips
(SELECT ... FOR UPDATE, INSERT, UPDATE, COMMIT) plus the flush, and with eight clients
searching and reading case pages every request queued behind it (bench/RESULTS.md,
"Foundation"). Here the database advances the head and inserts the event in one
statement; outside a caller's transaction that statement is its own transaction, so the
lock is held for one statement and its commit.

The hash is the same as Python's (`chain.event_hash`): Python writes the canonical JSON
around the two values only the locked head knows (the previous hash and the sequence
number, `BatchHasher.parts`), and PostgreSQL's `sha256` hashes the assembled text. The
head keeps the hash it replaced (`prev_hash`) because an UPDATE's RETURNING sees only
the new row, and the event must name its predecessor.
"""

from functools import cache

from django.db import connections

from .chain import HASHED_FIELDS
from .models import AuditEvent, AuditHead

# The event's own columns (the hashed ones but its place in the chain, which the head
# gives), in the order the statement's parameters give them.
_VALUE_COLUMNS = tuple(name for name in HASHED_FIELDS if name not in ("seq", "prev_hash"))


@cache
def _statement(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    head, event = quote(AuditHead._meta.db_table), quote(AuditEvent._meta.db_table)
    values = ", ".join("%s::jsonb" if name in ("compartments", "detail") else "%s" for name in _VALUE_COLUMNS)
    columns = ", ".join(quote(name) for name in ("seq", *_VALUE_COLUMNS, "prev_hash", "hash"))
    return (
        f"WITH head AS ("
        f" UPDATE {head} SET prev_hash = last_hash, last_seq = last_seq + 1,"
        f" last_hash = encode(sha256(convert_to(%s || last_hash || %s || (last_seq + 1)::text || %s, 'UTF8')), 'hex')"
        f" WHERE id = 1 RETURNING last_seq, prev_hash, last_hash)"
        f" INSERT INTO {event} ({columns})"
        f" SELECT head.last_seq, {values}, head.prev_hash, head.last_hash FROM head"
        f" RETURNING id, seq, prev_hash, hash"
    )


def append_one(alias: str, *, parts: tuple[str, str, str], values: dict) -> tuple[int, int, str, str] | None:
    """Append one event; returns (id, seq, prev_hash, hash), or None when there is no head
    row yet (a flushed test database), for the caller to create it the slow way."""
    params = [*parts, *(values[name] for name in _VALUE_COLUMNS)]
    with connections[alias].cursor() as cursor:
        cursor.execute(_statement(alias), params)
        return cursor.fetchone()
