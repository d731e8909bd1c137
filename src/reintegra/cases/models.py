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
