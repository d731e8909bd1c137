"""Proceedings, measures, sentences, custody and placements, release planning, probation and supervision.

Everything here belongs to the `justice` compartment of a case: who may read or write it
is decided by `access.policy` (the compartment rule, and a named permission per kind of
work: see `permissions.py`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import Term, term_label

# --- Reference data ------------------------------------------------------------------------


class Offence(models.Model):
    """An offence as a jurisdiction's law names it, with the sentence range it carries.
    Shipped per jurisdiction in `offences/<country>.yaml`."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=2)
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=300)
    law = models.CharField(_("law"), max_length=300, blank=True)
    min_months = models.PositiveIntegerField(_("minimum (months)"), default=0)
    max_months = models.PositiveIntegerField(_("maximum (months)"), null=True, blank=True)
    # Convicts are kept apart from other prisoners (separation rule in custody).
    terrorism = models.BooleanField(_("terrorism-related"), default=False)

    class Meta:
        ordering = ["jurisdiction", "name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "code"], name="one_offence_code_per_jurisdiction")]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")

    def __str__(self) -> str:
        return self.name

    @property
    def range_label(self) -> str:
        low = term_label(Term(self.min_months // 12, self.min_months % 12))
        if self.max_months is None:
            return _("from %(low)s") % {"low": low}
        high = term_label(Term(self.max_months // 12, self.max_months % 12))
        return _("%(low)s to %(high)s") % {"low": low, "high": high}


class FacilityKind(models.TextChoices):
    PRISON = "prison", _("Prison")
    HIGH_SECURITY = "high_security", _("High-security prison")
    DETENTION = "detention", _("Detention centre")
    WOMEN = "women", _("Facility for women")
    JUVENILE = "juvenile", _("Juvenile facility")


class SecurityCategory(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


CATEGORY_RANK = {SecurityCategory.LOW: 1, SecurityCategory.MEDIUM: 2, SecurityCategory.HIGH: 3}


class Facility(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="facilities",
                               verbose_name=_("prison service"))
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A pavilion or wing. A separated unit holds only terrorism convicts and suspects."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=100)
    separated = models.BooleanField(_("separated unit for terrorism cases"), default=False)
    max_category = models.CharField(_("highest security category"), max_length=10,
                                    choices=SecurityCategory.choices, default=SecurityCategory.MEDIUM)

    class Meta:
        ordering = ["facility__name", "name"]
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="unique_unit_name")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.facility.name}, {self.name}"


# --- Proceedings ------------------------------------------------------------------------------


class InvestigationOutcome(models.TextChoices):
    INDICTED = "indicted", _("Indicted")
    DROPPED = "dropped", _("Dropped")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")


class Proceeding(models.Model):
    """One criminal matter against a person: investigation, indictment, trial, sentence."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proceedings")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, default="XK")
    reference = models.CharField(_("file number"), max_length=60, blank=True)
    investigation_opened_on = models.DateField(_("investigation opened on"))
    investigating_agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("investigated by"),
    )
    investigation_closed_on = models.DateField(_("investigation closed on"), null=True, blank=True)
    investigation_outcome = models.CharField(_("outcome of the investigation"), max_length=30,
                                             choices=InvestigationOutcome.choices, blank=True)
    indicted_on = models.DateField(_("indicted on"), null=True, blank=True)
    plea_agreed_on = models.DateField(_("plea agreement on"), null=True, blank=True)
    plea_terms = models.TextField(_("plea agreement terms"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["investigation_opened_on", "id"]
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"


class MeasureKind(models.TextChoices):
    ARREST = "arrest", _("Arrest")
    PRE_TRIAL_DETENTION = "pre_trial_detention", _("Pre-trial detention")
    HOUSE_ARREST = "house_arrest", _("House arrest")
    REPORTING_DUTY = "reporting_duty", _("Duty to report")


# Measures whose days are credited against a custodial term (dates.py, rule 3).
CREDITED_MEASURES = (MeasureKind.ARREST, MeasureKind.PRE_TRIAL_DETENTION, MeasureKind.HOUSE_ARREST)


class Measure(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    ordered_by = models.CharField(_("ordered by"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m-%d}"


class Charge(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="charges")
    offence = models.ForeignKey(Offence, on_delete=models.PROTECT, related_name="charges")
    particulars = models.TextField(_("particulars"), blank=True)

    class Meta:
        ordering = ["id"]


class Hearing(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="hearings")
    at = models.DateTimeField(_("when"))
    purpose = models.CharField(_("purpose"), max_length=200)
    court = models.CharField(_("court"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")
    RETRIAL = "retrial", _("Retrial ordered")


class Verdict(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="verdicts")
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=VerdictOutcome.choices)
    court = models.CharField(_("court"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_on:%Y-%m-%d}"


class SentenceKind(models.TextChoices):
    PRISON = "prison", _("Prison")
    SUSPENDED = "suspended", _("Suspended sentence")
    CONDITIONAL = "conditional", _("Conditional sentence")
    FINE = "fine", _("Fine")
    AMNESTY = "amnesty", _("Amnesty")


CUSTODIAL = (SentenceKind.PRISON,)
SUPERVISED = (SentenceKind.SUSPENDED, SentenceKind.CONDITIONAL)


class Sentence(models.Model):
    """The sentence of a conviction. For a prison term the release dates are computed
    (dates.py) and stored, so lists of releases due are database queries."""

    verdict = models.OneToOneField(Verdict, on_delete=models.CASCADE, related_name="sentence")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sentences")
    kind = models.CharField(_("sentence"), max_length=20, choices=SentenceKind.choices)
    years = models.PositiveSmallIntegerField(_("years"), default=0)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    fine_amount = models.DecimalField(_("fine (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(_("runs from"))
    credit_days = models.PositiveIntegerField(_("days credited for detention"), default=0)
    earliest_release_on = models.DateField(_("earliest release"), null=True, blank=True, db_index=True)
    latest_release_on = models.DateField(_("latest release"), null=True, blank=True, db_index=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)  # a suspended term's end
    outside_range_reason = models.CharField(_("why the term is outside the offence's range"), max_length=300, blank=True)
    pre_release_opened_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.term_label} ({self.starts_on:%Y-%m-%d})"

    @property
    def term(self) -> Term:
        return Term(self.years, self.months, self.days)

    @property
    def term_label(self) -> str:
        return term_label(self.term)

    @property
    def custodial(self) -> bool:
        return self.kind in CUSTODIAL


class ConditionKind(models.TextChoices):
    PSYCHOLOGICAL_TREATMENT = "psychological_treatment", _("Mandatory psychological treatment")
    RELIGIOUS_COUNSELLING = "religious_counselling", _("Religious counselling")
    REPORTING = "reporting", _("Reporting")
    NO_CONTACT = "no_contact", _("No contact")
    OTHER = "other", _("Other")


class Condition(models.Model):
    """A condition the court set with the sentence (or the parole decision)."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("condition"), max_length=30, choices=ConditionKind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class AppealOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    UPHELD = "upheld", _("Upheld")
    MODIFIED = "modified", _("Sentence modified")
    OVERTURNED = "overturned", _("Overturned")
    RETRIAL = "retrial", _("Retrial ordered")


class Appeal(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="appeals")
    filed_on = models.DateField(_("filed on"))
    filed_by = models.CharField(_("filed by"), max_length=20,
                                choices=[("defence", _("Defence")), ("prosecution", _("Prosecution"))])
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=AppealOutcome.choices, blank=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_filed_by_display()} {self.filed_on:%Y-%m-%d}"


# --- Custody ---------------------------------------------------------------------------------


class Placement(models.Model):
    """Where a person is held, from when to when. A transfer ends one placement and
    starts the next (`transferred_from`)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="custody_placements")
    sentence = models.ForeignKey(Sentence, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements")
    security_category = models.CharField(_("security category"), max_length=10, choices=SecurityCategory.choices)
    reason = models.CharField(_("reason"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    transferred_from = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True,
                                            related_name="transferred_to")
    # Separation rules broken on purpose, and why (empty when none was broken).
    overridden_rules = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(_("reason for overriding"), blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    placed_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["case", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.unit} ({self.starts_on:%Y-%m-%d})"


class ProgrammeKind(models.TextChoices):
    VOCATIONAL = "vocational", _("Vocational training")
    COGNITIVE = "cognitive_skills", _("Cognitive skills")
    RELIGIOUS = "religious_lectures", _("Religious lectures by approved imams")
    PSYCHOLOGICAL = "psychological", _("Psychological sessions")
    EDUCATION = "education", _("Education")


class ParticipationStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    REFUSED = "refused", _("Refused")
    ENROLLED = "enrolled", _("Taking part")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped out")


class ProgrammeParticipation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="prison_programmes")
    placement = models.ForeignKey(Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="programmes")
    programme = models.CharField(_("programme"), max_length=30, choices=ProgrammeKind.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ParticipationStatus.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["on", "id"]


# --- Release ------------------------------------------------------------------------------------


class ReleasePlan(models.Model):
    """Where the person will live, who meets them, what continues; the agencies named
    here are told of the release."""

    sentence = models.OneToOneField(Sentence, on_delete=models.CASCADE, related_name="release_plan")
    residence = models.CharField(_("where the person will live"), max_length=300, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    met_by = models.CharField(_("who meets them on release"), max_length=300, blank=True)
    continuing = models.TextField(_("what continues after release"), blank=True)
    agencies = models.ManyToManyField("access.Agency", blank=True, related_name="+",
                                      verbose_name=_("agencies to notify"))
    opened_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    @property
    def complete(self) -> bool:
        return self.completed_at is not None


class ReleaseKind(models.TextChoices):
    END_OF_TERM = "end_of_term", _("End of the term")
    CONDITIONAL = "conditional", _("Conditional release (parole)")
    OTHER = "other", _("Other (pardon, court order)")


class Release(models.Model):
    sentence = models.OneToOneField(Sentence, on_delete=models.CASCADE, related_name="release")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="releases")
    released_on = models.DateField(_("released on"))
    kind = models.CharField(_("kind of release"), max_length=20, choices=ReleaseKind.choices)
    # Nobody is released "without notice" again: a release with no complete plan is flagged.
    without_plan = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField()


# --- Probation and supervision ----------------------------------------------------------------------


class SupervisionBasis(models.TextChoices):
    SUSPENDED = "suspended", _("Suspended sentence")
    CONDITIONAL = "conditional", _("Conditional sentence")
    PAROLE = "parole", _("Conditional release (parole)")


class Supervision(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="supervisions")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="supervisions")
    basis = models.CharField(_("basis"), max_length=20, choices=SupervisionBasis.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions",
                                verbose_name=_("supervising officer"))
    starts_on = models.DateField(_("from"))
    planned_end_on = models.DateField(_("planned end"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} ({self.starts_on:%Y-%m-%d})"


class EvidenceKind(models.TextChoices):
    SESSION_ATTENDED = "session_attended", _("Session attended")
    SESSION_MISSED = "session_missed", _("Session missed")
    REPORTING_KEPT = "reporting_kept", _("Reported as required")
    REPORTING_MISSED = "reporting_missed", _("Failed to report")
    OTHER = "other", _("Other evidence")


COMPLIANT_EVIDENCE = (EvidenceKind.SESSION_ATTENDED, EvidenceKind.REPORTING_KEPT)


class ComplianceRecord(models.Model):
    """Evidence that a condition was (or was not) kept: who says so, when, from what source.
    Never the content of a session."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="compliance")
    on = models.DateField(_("date"))
    kind = models.CharField(_("evidence"), max_length=30, choices=EvidenceKind.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "id"]

    @property
    def complied(self) -> bool:
        return self.kind in COMPLIANT_EVIDENCE


class BreachOutcome(models.TextChoices):
    OPEN = "", _("Open")
    NO_ACTION = "no_action", _("No action")
    WARNING = "warning", _("Warning")
    CONDITIONS_CHANGED = "conditions_changed", _("Conditions changed")
    REFERRED_TO_COURT = "referred_to_court", _("Referred to the court")
    REVOKED = "revoked", _("Suspension or release revoked")


class Breach(models.Model):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="breaches")
    condition = models.ForeignKey(Condition, on_delete=models.SET_NULL, null=True, blank=True, related_name="breaches")
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("what happened"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=30, choices=BreachOutcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d}: {self.description}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class SupervisionMeeting(models.Model):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="meetings")
    at = models.DateTimeField(_("when"))
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    place = models.CharField(_("where"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["status", "at"])]

    def __str__(self) -> str:
        from django.utils import timezone

        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.place}".strip()
