"""The append-only, hash-chained audit log.

Each event stores the hash of the one before it, so an edited or removed row breaks the
chain and `reintegra audit_verify` names it. `AuditHead` holds the newest hash: it is
the row writers lock to append one at a time, and it catches a removed tail.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .chain import GENESIS_HASH


class Action(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    LOGIN = "login", _("Sign-in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Sign-out")
    EXPORT = "export", _("Export")
    SEARCH = "search", _("Search")
    BREAK_GLASS = "break_glass", _("Break-glass access")
    REVIEW = "review", _("Review")


class AuditEvent(models.Model):
    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False,
        null=True, blank=True, related_name="+",
    )
    # Copied at write time: the log must still say who it was after a user is renamed.
    username = models.CharField(max_length=150, blank=True)
    agency = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    compartments = models.JSONField(default=list, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    channel = models.CharField(max_length=10, blank=True)  # page, api, cli
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["user", "seq"]),
            models.Index(fields=["agency", "seq"]),
            models.Index(fields=["action", "seq"]),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")


class AuditHead(models.Model):
    """A single row: the newest event's sequence number and hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    # The hash `last_hash` replaced: PostgreSQL's one-statement append (`append_pg`) reads
    # it back as the new event's predecessor.
    prev_hash = models.CharField(max_length=64, default=GENESIS_HASH)
