"""Rehabilitation and reintegration plans, pathways, goals, services, providers, referrals and sessions.

The catalogue (services, providers, what each provider offers) is reference data. A
case has one current plan (earlier versions are kept, superseded); a plan holds goals
by pathway and steps under each goal. A referral sends a case to a provider for a
service and shares a chosen, minimal set of facts with it (a frozen copy, taken when it
is sent): the provider's users read that and never the case file.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# --- The catalogue ---------------------------------------------------------------------


class ServiceKind(models.TextChoices):
    PSYCHOLOGICAL = "psychological", _("Psychological and trauma care")
    ART_PLAY_THERAPY = "art_play_therapy", _("Art and play therapy")
    PSYCHIATRIC = "psychiatric", _("Psychiatric care")
    RELIGIOUS_COUNSELLING = "religious_counselling", _("Religious counselling (approved imams and female preachers)")
    VOCATIONAL = "vocational", _("Vocational course")
    PARENTING = "parenting", _("Parenting classes")
    CATCH_UP = "catch_up", _("Catch-up classes")
    LEGAL_AID = "legal_aid", _("Legal aid and documents")
    HOUSING = "housing", _("Housing support")
    EMPLOYMENT = "employment", _("Employment support")
    MENTORING = "mentoring", _("Mentoring by former returnees")
    HELPLINE = "helpline", _("24/7 helpline")


class Service(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=ServiceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    consent_required = models.BooleanField(
        _("consent required"), default=True,
        help_text=_("A referral to this service is sent only with the person's consent to be referred."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class ProviderKind(models.TextChoices):
    PUBLIC = "public", _("Public agency")
    NGO = "ngo", _("NGO")
    RELIGIOUS = "religious", _("Religious community")
    DONOR_PROJECT = "donor_project", _("Donor-funded project")


class Provider(models.Model):
    """An organisation that delivers services. Its users are the staff of its agency."""

    agency = models.OneToOneField("access.Agency", on_delete=models.PROTECT, related_name="provider",
                                  verbose_name=_("agency"))
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    services = models.ManyToManyField(Service, through="Offer", related_name="providers")

    class Meta:
        ordering = ["agency__name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.agency.name


class Offer(models.Model):
    """A provider offers a service: where, for whom, with what capacity."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offers")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="offers")
    # Empty: everywhere in the provider's country.
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    # Case categories (cases.category.Category) served; empty: everyone.
    categories = models.JSONField(_("for whom"), default=list, blank=True)
    # How many people at once; empty: no fixed limit.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["service__name", "provider__agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "service", "municipality"], name="one_offer_per_place")
        ]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.service} · {self.provider}"


# --- Referrals -------------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent, awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
CLOSED_STATUSES = (ReferralStatus.DECLINED, ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN)


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Goals achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    DROPPED_OUT = "dropped_out", _("The person stopped coming")


class Referral(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("service"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="referrals",
                                 verbose_name=_("provider"))
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.DRAFT)
    reason = models.TextField(_("what the referral is for"))
    # What the provider may read: the keys chosen (plans.sharing.SHAREABLE) and, once
    # sent, their values as they were then.
    shared_fields = models.JSONField(_("shared with the provider"), default=list)
    shared = models.JSONField(default=dict, blank=True)
    consent = models.ForeignKey("people.Consent", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    consent_override_reason = models.TextField(_("why it is sent without consent"), blank=True)
    consent_override_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    decline_reason = models.TextField(_("why it is declined"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    feedback = models.TextField(_("feedback to the key worker"), blank=True)
    # The last time the referral moved (sent, answered, a session): stalls count from it.
    moved_at = models.DateTimeField(null=True, blank=True)
    # Set by the periodic check while the referral is stalled; cleared when it moves.
    stalled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    stalled_reason = models.CharField(max_length=40, blank=True)  # "no_answer" or "no_sessions"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["provider", "status", "response_due_at"]),
            models.Index(fields=["status", "moved_at"]),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.service} → {self.provider}"


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")


class Session(models.Model):
    """A session the provider held (or that did not take place). The note is the
    provider's and is never passed on as a compliance fact."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sessions")
    at = models.DateTimeField(_("when"))
    attendance = models.CharField(_("attendance"), max_length=20, choices=Attendance.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"])]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")


# --- Plans -----------------------------------------------------------------------------


class Framework(models.TextChoices):
    PATHWAYS = "pathways", _("Reintegration pathways")
    CHILD_PILLARS = "child_pillars", _("Four pillars for a child")


class Pathway(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation")
    HEALTH = "health", _("Health and mental health")
    EDUCATION_WORK = "education_work", _("Education, training and work")
    FINANCE = "finance", _("Finance, benefits and identity documents")
    FAMILY = "family", _("Family and relationships")
    COMMUNITY = "community", _("Community and belonging")
    ATTITUDES = "attitudes", _("Attitudes and thinking")
    LEGAL = "legal", _("Legal")
    # The four Dutch pillars, for a child.
    CUSTODY = "custody", _("Custody")
    SECURITY_RISK = "security_risk", _("Security risk")
    CARE = "care", _("Care")
    EDUCATION = "education", _("Education")


PATHWAYS_OF = {
    Framework.PATHWAYS: [Pathway.ACCOMMODATION, Pathway.HEALTH, Pathway.EDUCATION_WORK, Pathway.FINANCE,
                         Pathway.FAMILY, Pathway.COMMUNITY, Pathway.ATTITUDES, Pathway.LEGAL],
    Framework.CHILD_PILLARS: [Pathway.CUSTODY, Pathway.SECURITY_RISK, Pathway.CARE, Pathway.EDUCATION],
}


class Agreement(models.TextChoices):
    NOT_ASKED = "not_asked", _("Not yet asked")
    AGREED = "agreed", _("Agrees")
    PARTLY = "partly", _("Partly agrees")
    DISAGREES = "disagrees", _("Does not agree")


class Plan(models.Model):
    """One version of a case's plan. Exactly one version per case is current."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(_("version"))
    current = models.BooleanField(default=True)
    framework = models.CharField(_("framework"), max_length=20, choices=Framework.choices)
    summary = models.TextField(_("summary"), blank=True)
    agreement = models.CharField(_("the person's agreement"), max_length=20, choices=Agreement.choices,
                                 default=Agreement.NOT_ASKED)
    agreement_words = models.TextField(_("in their words"), blank=True)
    agreement_at = models.DateTimeField(null=True, blank=True)
    review_due_at = models.DateTimeField(_("review due"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    change_reason = models.CharField(_("why a new version"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="plan_version_unique"),
            models.UniqueConstraint(fields=["case"], condition=models.Q(current=True), name="one_current_plan"),
        ]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.case} v{self.version}"


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    pathway = models.CharField(_("pathway"), max_length=30, choices=Pathway.choices)
    text = models.CharField(_("goal"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class Actor(models.TextChoices):
    PERSON = "person", _("The person themselves")
    KEY_WORKER = "key_worker", _("The key worker")
    AGENCY = "agency", _("An agency")
    PROVIDER = "provider", _("A provider")
    FAMILY = "family", _("A family member")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Cannot be done yet")
    NOT_NEEDED = "not_needed", _("No longer needed")


OPEN_STEP_STATUSES = (StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS, StepStatus.BLOCKED)


class Step(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("step"), max_length=300)
    actor = models.CharField(_("who is responsible"), max_length=20, choices=Actor.choices)
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("agency"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("provider"))
    family_member = models.CharField(_("family member"), max_length=200, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices,
                              default=StepStatus.NOT_STARTED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    @property
    def actor_label(self) -> str:
        if self.actor == Actor.AGENCY and self.agency_id:
            return self.agency.name
        if self.actor == Actor.PROVIDER and self.provider_id:
            return self.provider.agency.name
        if self.actor == Actor.FAMILY and self.family_member:
            return self.family_member
        return str(self.get_actor_display())


class ReviewReason(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled review")
    STAGE_CHANGE = "stage_change", _("Change of stage")
    OTHER = "other", _("Other")


class PlanReview(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reason = models.CharField(_("why"), max_length=20, choices=ReviewReason.choices)
    reviewed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("what was discussed"), blank=True)
    # What moved since the last review: [{"step": id, "text": ..., "from": status, "to": status}]
    moved = models.JSONField(default=list)
    # Each step's status at the review ({step id: status}), for the next review's "moved".
    statuses = models.JSONField(default=dict)
    next_review_at = models.DateTimeField(_("next review"))

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    @property
    def moved_labels(self) -> list[tuple[str, str, str]]:
        """(step, from, to) with the statuses' labels, for the page."""
        label = dict(StepStatus.choices)
        return [(m["text"], label.get(m["from"], m["from"]), label.get(m["to"], m["to"])) for m in self.moved]
