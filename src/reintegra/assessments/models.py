"""Instruments as versioned data, structured professional judgement assessments, supervision levels.

An `Instrument` row is one version of one instrument file (code + version unique); an
`Assessment` points at the exact version it was made with, and its `ItemRating`s are
stored per item code of that version, so a new version never changes an old assessment.
Licensed wording (VERA-2R, ERG22+) lives only in `InstrumentText`, loaded by a licensed
user into the database, never in the repository.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.access.compartments import Compartment


class Instrument(models.Model):
    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    purpose = models.CharField(_("purpose"), max_length=30)
    compartment = models.CharField(_("compartment"), max_length=30, choices=Compartment.choices)
    subject = models.CharField(max_length=20, default="person")
    licensed = models.BooleanField(_("licensed"), default=False)
    sets_supervision = models.BooleanField(default=False)
    # The validated file as plain data (titles, scales, domains, items, overall levels...).
    definition = models.JSONField()
    source_file = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique")]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class InstrumentText(models.Model):
    """Licensed wording of one item, loaded by a licensed user (`load_instrument_text`)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="texts")
    item_code = models.CharField(max_length=40)
    language = models.CharField(max_length=10, default="en")
    label = models.TextField()
    guidance = models.TextField(blank=True)
    loaded_at = models.DateTimeField()
    source_sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument", "item_code", "language"], name="instrument_text_unique")
        ]


class TrainingRecord(models.Model):
    """Who is trained on which instrument (optionally which versions), from when, until when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_training")
    instrument_code = models.CharField(_("instrument"), max_length=40)
    min_version = models.PositiveIntegerField(_("from version"), null=True, blank=True)
    max_version = models.PositiveIntegerField(_("up to version"), null=True, blank=True)
    valid_from = models.DateField(_("trained since"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("course or certificate"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["user_id", "instrument_code", "-valid_from"]
        indexes = [models.Index(fields=["user", "instrument_code"])]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting countersignature")
    LOCKED = "locked", _("Countersigned and locked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED)


class Source(models.TextChoices):
    MANUAL = "manual", _("Started by hand")
    PROTOCOL = "protocol", _("Protocol step")
    REASSESSMENT = "reassessment", _("Reassessment due")
    SECOND_RATING = "second_rating", _("Independent second rating")


class Assessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    # Whom the assessment is about: the case's person, or (carer screening) a carer.
    subject_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    # Copied from the instrument so lists filter by the policy in the database.
    compartment = models.CharField(max_length=30, choices=Compartment.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("started by"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="assessments_made", verbose_name=_("assessor"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    # A second assessor's independent rating of the same person with the same version.
    independent_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="second_ratings"
    )
    overall_level = models.CharField(_("overall judgement"), max_length=40, blank=True)
    overall_justification = models.TextField(_("justification"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_note = models.TextField(blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersign_note = models.TextField(blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["case", "compartment"]),
            models.Index(fields=["assessor", "status"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["subject_person", "status"]),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.instrument} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ItemRating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    item_code = models.CharField(max_length=40)
    rating = models.CharField(max_length=40, blank=True)
    evidence = models.TextField(blank=True)
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item_code"], name="one_rating_per_item")]


class SupervisionLevel(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


LEVEL_RANK = {SupervisionLevel.LOW: 0, SupervisionLevel.MODERATE: 1, SupervisionLevel.HIGH: 2}


class Supervision(models.Model):
    """A case's current support and supervision level and what follows from it."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="supervision")
    level = models.CharField(_("supervision level"), max_length=20, choices=SupervisionLevel.choices)
    contact_every_days = models.PositiveIntegerField(_("contact every (days)"))
    next_assessment_due = models.DateTimeField(_("next assessment due"))
    jurisdiction = models.CharField(max_length=20)
    set_at = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["next_assessment_due"])]


class SupervisionChange(models.Model):
    """The history of a case's supervision level: who or which assessment set it, when."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="supervision_changes")
    level = models.CharField(max_length=20, choices=SupervisionLevel.choices)
    previous_level = models.CharField(max_length=20, choices=SupervisionLevel.choices, blank=True)
    contact_every_days = models.PositiveIntegerField()
    next_assessment_due = models.DateTimeField()
    jurisdiction = models.CharField(max_length=20)
    set_at = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["case", "set_at"])]

    @property
    def raised(self) -> bool:
        return bool(self.previous_level) and LEVEL_RANK[self.level] > LEVEL_RANK[self.previous_level]
