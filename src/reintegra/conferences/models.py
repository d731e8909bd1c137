"""Multi-agency case conferences: agenda, per-participant summaries, decisions, actions, minutes.

A conference is planned (agenda and participants may change), then its minutes are
written (discussion, decisions and actions per case), then the chair approves them: the
actions become tasks on their owners' working lists and the conference is locked.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.access.compartments import Compartment


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    LOCKED = "locked", _("Minutes approved and locked")


class Conference(models.Model):
    title = models.CharField(_("title"), max_length=200)
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_conferences",
                              verbose_name=_("chair"))
    invited_agencies = models.ManyToManyField("access.Agency", related_name="conferences_invited", blank=True,
                                              verbose_name=_("agencies invited"))
    present_agencies = models.ManyToManyField("access.Agency", related_name="conferences_present", blank=True,
                                              verbose_name=_("agencies present"))
    status = models.CharField(_("status"), max_length=20, choices=ConferenceStatus.choices,
                              default=ConferenceStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField()
    approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["held_at"])]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")

    def __str__(self) -> str:
        return self.title

    @property
    def locked(self) -> bool:
        return self.status == ConferenceStatus.LOCKED


class Participant(models.Model):
    """A user invited to the conference; `present` is recorded at the meeting."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conference_seats")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "user"], name="unique_conference_participant")]
        indexes = [models.Index(fields=["user", "conference"])]


class AgendaItem(models.Model):
    """One case on the agenda, and its minutes."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="conference_items")
    position = models.PositiveIntegerField(default=0)
    discussion = models.TextField(_("discussion"), blank=True)
    # When the case should come back to a conference (a "review due" reason after it).
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["conference", "case"], name="unique_agenda_case")]
        indexes = [models.Index(fields=["case", "next_review_on"])]


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class Action(models.Model):
    """Work agreed at the conference; becomes a `cases.Task` when the minutes are approved."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("owner"))
    owner_agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("owner agency"))
    due_at = models.DateTimeField(_("due"))
    # The part of the file the task belongs to: only readers of it see the task.
    compartment = models.CharField(_("part of the file"), max_length=30, choices=Compartment.choices,
                                   default=Compartment.IDENTITY)
    task = models.OneToOneField("cases.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_user__isnull=False) | models.Q(owner_agency__isnull=False),
                name="conference_action_has_an_owner",
            )
        ]

    @property
    def owner_label(self) -> str:
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.get_username()
        return str(self.owner_agency)
