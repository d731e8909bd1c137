"""Case files: one per returnee, with key worker, team, stage, notes and flags."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.access.compartments import Compartment


class Stage(models.TextChoices):
    ABROAD = "abroad", _("Abroad")
    RECEPTION = "reception", _("Reception")
    CUSTODY = "custody", _("Custody")
    SUPERVISION = "supervision", _("Supervision")
    COMMUNITY = "community", _("Community")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="case")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.ABROAD)
    stage_reason = models.CharField(_("reason for the stage"), max_length=300, blank=True)
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_cases",
        verbose_name=_("key worker"),
    )
    # Where the case is followed; the "jurisdiction" scope of the policy compares these.
    country = models.CharField(_("country"), max_length=2, default="XK")
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    orphan = models.BooleanField(_("orphan"), default=False)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        indexes = [models.Index(fields=["country", "municipality"])]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference


class CaseTeamMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_teams")
    role_in_case = models.CharField(_("role in the case"), max_length=100, blank=True)
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_team_member")]
        indexes = [models.Index(fields=["user", "case"])]


class StageChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    reason = models.CharField(max_length=300, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]


class CaseNote(models.Model):
    """A note belongs to one compartment and is read only by those who may read it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    compartment = models.CharField(max_length=30, choices=Compartment.choices)
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "compartment"])]


class CaseFlag(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    compartment = models.CharField(max_length=30, choices=Compartment.choices)
    label = models.CharField(_("flag"), max_length=120)
    detail = models.TextField(_("detail"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["case", "compartment"])]


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    """A piece of work someone must do by a date: a conference action, pre-release work...

    Items that already have a deadline of their own (a protocol step, a referral, an
    assessment falling due) are not copied here: they reach the working list through
    `cases.worklist` sources. A task is for work that exists only as a task.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks")
    # Only those who may read this compartment of the case see the task.
    compartment = models.CharField(_("compartment"), max_length=30, choices=Compartment.choices)
    kind = models.CharField(_("kind"), max_length=40, default="task")
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    assigned_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="assigned_tasks", verbose_name=_("assigned to"),
    )
    assigned_agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, null=True, blank=True,
        related_name="tasks", verbose_name=_("agency responsible"),
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    # Where to act: a path inside the application (the case tab when empty).
    url = models.CharField(max_length=300, blank=True)
    # What made the task, for the app that made it ("conferences.action", "42").
    source_type = models.CharField(max_length=50, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["assigned_user", "status", "due_at"]),
            models.Index(fields=["assigned_agency", "status", "due_at"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assigned_user__isnull=False) | models.Q(assigned_agency__isnull=False),
                name="task_has_an_owner",
            )
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    """A message in the application for one user. Shown only while the user may still read
    the compartment of the case it is about."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    compartment = models.CharField(max_length=30, choices=Compartment.choices, blank=True)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # The same event is notified once: e.g. "referral 12 stalled" until it is cleared.
    dedupe_key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["user", "dedupe_key"]),
        ]
