"""People still abroad, repatriation operations, manifests, country reception protocols and
their steps, carer screenings and placements.

A protocol itself is data (`protocols/*.yaml`, read by `reception.protocols`); what is
stored here is what happened: who came on which operation, which steps each person got
with which deadline, and what became of each step.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.access.compartments import Compartment

# --- People still abroad -------------------------------------------------------------------


class AbroadStatus(models.TextChoices):
    HELD = "held", _("Held")
    MISSING = "missing", _("Missing")
    PRESUMED_DEAD = "presumed_dead", _("Presumed dead")
    CONFIRMED_DEAD = "confirmed_dead", _("Confirmed dead")
    RETURNED_ON_OWN = "returned_on_own", _("Returned on their own")


class AbroadPlace(models.TextChoices):
    CAMP = "camp", _("Camp")
    PRISON = "prison", _("Prison")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other place")


class YesNoUnknown(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_APPLICABLE = "n/a", _("Not applicable")


class PersonAbroad(models.Model):
    """A national known to be abroad: where, since when, in what state, who is in touch."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="abroad")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    place_kind = models.CharField(_("kind of place"), max_length=20, choices=AbroadPlace.choices,
                                  default=AbroadPlace.UNKNOWN)
    place = models.CharField(_("where"), max_length=200, blank=True, help_text=_("e.g. al-Hol, Roj"))
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("SY, IQ ..."))
    since = models.DateField(_("there since"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AbroadStatus.choices, default=AbroadStatus.HELD)
    family_contact = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("relative in contact"),
    )
    family_contact_note = models.CharField(_("contact with the family"), max_length=300, blank=True)
    mother_consent = models.CharField(
        _("mother's consent to the children's return"), max_length=10, choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    birth_record = models.CharField(
        _("the child has a birth record"), max_length=10, choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")

    class Meta:
        ordering = ["status", "place", "id"]
        verbose_name = _("person abroad")
        verbose_name_plural = _("people abroad")


# --- Operations and manifests --------------------------------------------------------------


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ARRIVED = "arrived", _("Arrived")
    CLOSED = "closed", _("Closed")


class Operation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    arrival_at = models.DateTimeField(_("arrival"))
    protocol = models.CharField(_("country protocol"), max_length=50)
    status = models.CharField(_("status"), max_length=20, choices=OperationStatus.choices,
                              default=OperationStatus.PLANNED)
    country = models.CharField(_("country"), max_length=2, default="XK")
    # Where the people are received: their cases are followed there until placed.
    municipality = models.CharField(_("municipality of reception"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    arrived_at = models.DateTimeField(_("steps assigned at"), null=True, blank=True)

    class Meta:
        ordering = ["-arrival_at", "id"]
        verbose_name = _("repatriation operation")
        verbose_name_plural = _("repatriation operations")

    def __str__(self) -> str:
        return self.name


class OperationTeamMember(models.Model):
    """Staff who work the reception: on arrival they join the case team of everyone on the
    operation, so the policy's agency scope lets them see the steps their agency owns."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role_in_case = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["operation", "user"], name="unique_operation_team_member")]


class ManifestImport(models.Model):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]


class OperationMember(models.Model):
    """One row of a manifest: a person on the operation, with their case."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="members")
    manifest = models.ForeignKey(ManifestImport, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="operations")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="operation_members")
    ref = models.CharField(_("manifest reference"), max_length=64)
    row = models.PositiveIntegerField(_("manifest row"), null=True, blank=True)
    family_ref = models.CharField(_("family"), max_length=64, blank=True)
    mother_ref = models.CharField(_("mother's reference"), max_length=64, blank=True)
    held_at = models.CharField(_("held at"), max_length=200, blank=True)
    citizenship_claim = models.CharField(_("citizenship claim"), max_length=100, blank=True)
    birth_record = models.CharField(_("birth record"), max_length=10, choices=YesNoUnknown.choices,
                                    default=YesNoUnknown.UNKNOWN)
    notes = models.TextField(_("notes"), blank=True)
    # The category the protocol was applied for, on the day of arrival.
    category = models.CharField(_("category"), max_length=30, blank=True)

    class Meta:
        ordering = ["operation_id", "row", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "ref"], name="unique_manifest_ref"),
            models.UniqueConstraint(fields=["operation", "person"], name="unique_operation_person"),
        ]
        verbose_name = _("person on an operation")
        verbose_name_plural = _("people on an operation")


class CandidateReason(models.TextChoices):
    EXACT = "exact", _("Same name as written and a compatible date of birth")
    FOLDED = "folded", _("Same folded name and a compatible date of birth")


class RegistryCandidate(models.Model):
    """A person already on the registry who may be the one a manifest row created.

    Listed for review; never merged here (the linkage review queue decides)."""

    member = models.ForeignKey(OperationMember, on_delete=models.CASCADE, related_name="candidates")
    candidate = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=CandidateReason.choices)
    reviewed = models.BooleanField(default=False)

    class Meta:
        ordering = ["member_id", "reason", "candidate_id"]
        constraints = [models.UniqueConstraint(fields=["member", "candidate"], name="unique_candidate")]


# --- Protocol steps ----------------------------------------------------------------------------


class StepStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived")


class Step(models.Model):
    """One step of a country protocol for one person of an operation."""

    member = models.ForeignKey(OperationMember, on_delete=models.CASCADE, related_name="steps")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="protocol_steps")
    protocol = models.CharField(max_length=50)
    key = models.CharField(max_length=80)
    phase = models.CharField(max_length=80)
    title = models.CharField(_("step"), max_length=200)
    compartment = models.CharField(_("compartment"), max_length=30, choices=Compartment.choices)
    agency_type = models.CharField(_("owned by"), max_length=40)
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="protocol_steps", verbose_name=_("agency"))
    records = models.CharField(max_length=20)
    due_at = models.DateTimeField(_("deadline"))
    depends_on = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN)
    closed_at = models.DateTimeField(_("done at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    findings = models.TextField(_("what was found"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=50, blank=True)
    checklist = models.JSONField(default=list, blank=True)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    waive_reason = models.TextField(_("reason for waiving"), blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["case", "compartment"]),
        ]
        constraints = [models.UniqueConstraint(fields=["member", "key"], name="unique_step_per_member")]
        verbose_name = _("protocol step")
        verbose_name_plural = _("protocol steps")

    def __str__(self) -> str:
        return self.title


# --- Family reunification and placement --------------------------------------------------------


class ScreeningOutcome(models.TextChoices):
    SUITABLE = "suitable", _("Suitable")
    SUITABLE_WITH_CONDITIONS = "suitable_conditions", _("Suitable with conditions")
    NOT_SUITABLE = "not_suitable", _("Not suitable")


class CarerScreening(models.Model):
    """A recorded screening of a carer before a child is placed with them."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="carer_screenings")
    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("carer"))
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    screened_at = models.DateTimeField(_("screened at"))
    outcome = models.CharField(_("outcome"), max_length=30, choices=ScreeningOutcome.choices)
    notes = models.TextField(_("notes and conditions"), blank=True)
    # An assessment with the carer-suitability instrument (assessments app), when one was made.
    assessment_id = models.PositiveIntegerField(_("assessment"), null=True, blank=True)

    class Meta:
        ordering = ["-screened_at", "-id"]


class PlacementKind(models.TextChoices):
    PARENT = "parent", _("With a parent")
    RELATIVE = "relative", _("With a relative")
    GUARDIAN = "guardian", _("With a guardian")
    FOSTER = "foster", _("With a foster family")
    CARE = "care", _("In a care institution")


class Placement(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="care_placements")
    kind = models.CharField(_("placement"), max_length=20, choices=PlacementKind.choices)
    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("carer"))
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    screening = models.ForeignKey(CarerScreening, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="placements")
    placed_at = models.DateTimeField(_("placed at"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
