"""School enrolment, grade placement, catch-up support, attendance and individual education plans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    """The domains of the education placement profile (assessments/instruments/education-profile.yaml)."""

    COG = "COG", _("Thinking skills")
    SPC = "SPC", _("Speech and communication")
    MOT = "MOT", _("Physical and motor development")
    EMD = "EMD", _("Emotional development")
    LIT = "LIT", _("Literacy")


class Enrolment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="enrolments")
    school = models.CharField(_("school"), max_length=200)
    grade = models.PositiveSmallIntegerField(_("grade"))
    enrolled_on = models.DateField(_("entered school on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    catch_up = models.BooleanField(_("catch-up support"), default=False)
    catch_up_detail = models.CharField(_("catch-up support: what"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-enrolled_on", "-id"]
        indexes = [models.Index(fields=["case", "enrolled_on"])]


class Attendance(models.Model):
    """Attendance over a period (a month, a term), as the school reports it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    days_expected = models.PositiveSmallIntegerField(_("school days"))
    days_attended = models.PositiveSmallIntegerField(_("days attended"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "-id"]

    @property
    def rate(self) -> int | None:
        return round(100 * self.days_attended / self.days_expected) if self.days_expected else None


class EducationPlan(models.Model):
    """The individual education plan (IEP)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="education_plans")
    started_on = models.DateField(_("started on"))
    # The locked education placement profile it started from, when it did.
    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="education_plan")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="education_plans", verbose_name=_("responsible"))
    next_review_on = models.DateField(_("next review"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["next_review_on", "closed_on"])]


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    MET = "met", _("Met")
    DROPPED = "dropped", _("No longer needed")


class Goal(models.Model):
    plan = models.ForeignKey(EducationPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=3, choices=Domain.choices)
    text = models.TextField(_("goal"))
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    class Meta:
        ordering = ["domain", "id"]


class Review(models.Model):
    """A progress review of the plan."""

    plan = models.ForeignKey(EducationPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    progress = models.TextField(_("progress"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
