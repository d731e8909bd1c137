"""Every write of the education track: enrolments, attendance, individual education plans
(IEPs) with goals and progress reviews. Each checks that the actor may write the
`education` compartment of the case and writes its audit event in the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.audit.services import audit_record
from reintegra.cases.models import Case

from .models import Attendance, Domain, EducationPlan, Enrolment, Goal, GoalStatus, Review

COMPARTMENT = "education"
REVIEW_EVERY_DAYS = 90
LAST_GRADE = 12


class EducationInputError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _audit(actor, action, obj, case, *, request=None, channel="page", detail=None):
    audit_record(
        user=actor, action=action, request=request, channel=channel,
        object_type=f"education_{type(obj).__name__.lower()}", object_id=obj.pk, case_id=case.pk,
        person_id=case.person_id, compartments=[COMPARTMENT], detail=detail or {},
    )


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise EducationInputError(_("The date is in the future."), field)


def enrolment_record(*, actor, case: Case, school: str, grade: int, enrolled_on: date, catch_up: bool = False,
                     catch_up_detail: str = "", request=None, channel: str = "page") -> Enrolment:
    policy.require_write(actor, case, COMPARTMENT)
    if not school.strip():
        raise EducationInputError(_("Name the school."), "school")
    if not 1 <= grade <= LAST_GRADE:
        raise EducationInputError(_("A grade is between 1 and %(n)s.") % {"n": LAST_GRADE}, "grade")
    _not_future(enrolled_on, "enrolled_on")
    with transaction.atomic():
        current = Enrolment.objects.select_for_update().filter(case=case, left_on__isnull=True).first()
        if current is not None:
            if enrolled_on < current.enrolled_on:
                raise EducationInputError(_("The child is enrolled at %(school)s since %(day)s.")
                                          % {"school": current.school, "day": current.enrolled_on.isoformat()},
                                          "enrolled_on")
            current.left_on = enrolled_on
            current.save(update_fields=["left_on"])
        enrolment = Enrolment.objects.create(
            case=case, school=school.strip()[:200], grade=grade, enrolled_on=enrolled_on, catch_up=catch_up,
            catch_up_detail=catch_up_detail.strip()[:300], created_by=_user(actor), created_at=timezone.now())
        _audit(actor, "create", enrolment, case, request=request, channel=channel,
               detail={"grade": grade, "catch_up": catch_up})
    return enrolment


def attendance_record(*, actor, enrolment: Enrolment, period_start: date, period_end: date, days_expected: int,
                      days_attended: int, request=None, channel: str = "page") -> Attendance:
    case = enrolment.case
    policy.require_write(actor, case, COMPARTMENT)
    if period_end < period_start:
        raise EducationInputError(_("The end date is before the start date."), "period_end")
    if period_start < enrolment.enrolled_on:
        raise EducationInputError(_("The period starts before the child entered this school."), "period_start")
    if days_expected <= 0:
        raise EducationInputError(_("Give the number of school days."), "days_expected")
    if not 0 <= days_attended <= days_expected:
        raise EducationInputError(_("Days attended are between 0 and the school days."), "days_attended")
    with transaction.atomic():
        record = Attendance.objects.create(enrolment=enrolment, period_start=period_start, period_end=period_end,
                                           days_expected=days_expected, days_attended=days_attended,
                                           created_at=timezone.now())
        _audit(actor, "create", record, case, request=request, channel=channel,
               detail={"days_expected": days_expected, "days_attended": days_attended})
    return record


def plan_start(*, actor, case: Case, goals: list[tuple[str, str]], started_on: date | None = None,
               responsible=None, assessment=None, request=None, channel: str = "page",
               check_access: bool = True) -> EducationPlan:
    """Start an individual education plan with goals [(domain code, text)]. A case has one
    open plan at a time."""
    if check_access:
        policy.require_write(actor, case, COMPARTMENT)
    started_on = started_on or timezone.localdate()
    for domain, text in goals:
        if domain not in Domain.values:
            raise EducationInputError(_("Unknown domain: %(d)s.") % {"d": domain}, "domain")
        if not text.strip():
            raise EducationInputError(_("A goal needs a text."), "text")
    with transaction.atomic():
        if EducationPlan.objects.select_for_update().filter(case=case, closed_on__isnull=True).exists():
            raise EducationInputError(_("This child already has an open individual education plan."))
        plan = EducationPlan.objects.create(
            case=case, started_on=started_on, assessment=assessment, responsible=responsible or _user(actor),
            next_review_on=started_on + timedelta(days=REVIEW_EVERY_DAYS), created_at=timezone.now())
        Goal.objects.bulk_create(Goal(plan=plan, domain=d, text=t.strip()) for d, t in goals)
        _audit(actor, "create", plan, case, request=request, channel=channel,
               detail={"goals": [d for d, _t in goals], "assessment": getattr(assessment, "pk", None)})
    return plan


def goal_add(*, actor, plan: EducationPlan, domain: str, text: str, request=None, channel: str = "page") -> Goal:
    policy.require_write(actor, plan.case, COMPARTMENT)
    if plan.closed_on:
        raise EducationInputError(_("The plan is closed."))
    if domain not in Domain.values:
        raise EducationInputError(_("Unknown domain: %(d)s.") % {"d": domain}, "domain")
    if not text.strip():
        raise EducationInputError(_("A goal needs a text."), "text")
    with transaction.atomic():
        goal = Goal.objects.create(plan=plan, domain=domain, text=text.strip())
        _audit(actor, "create", goal, plan.case, request=request, channel=channel, detail={"domain": domain})
    return goal


def review_record(*, actor, plan: EducationPlan, reviewed_on: date, progress: str, next_review_on: date,
                  goals_met: list[int] = (), request=None, channel: str = "page") -> Review:
    """A progress review: what moved, goals met, and when the next review is due."""
    case = plan.case
    policy.require_write(actor, case, COMPARTMENT)
    if plan.closed_on:
        raise EducationInputError(_("The plan is closed."))
    if not progress.strip():
        raise EducationInputError(_("Say what moved since the last review."), "progress")
    _not_future(reviewed_on, "reviewed_on")
    if reviewed_on < plan.started_on:
        raise EducationInputError(_("The review is before the plan started."), "reviewed_on")
    if next_review_on <= reviewed_on:
        raise EducationInputError(_("The next review comes after this one."), "next_review_on")
    with transaction.atomic():
        review = Review.objects.create(plan=plan, reviewed_on=reviewed_on, progress=progress.strip(),
                                       reviewed_by=_user(actor), created_at=timezone.now())
        met = plan.goals.filter(pk__in=list(goals_met), status=GoalStatus.OPEN).update(status=GoalStatus.MET)
        plan.next_review_on = next_review_on
        plan.save(update_fields=["next_review_on"])
        _audit(actor, "create", review, case, request=request, channel=channel,
               detail={"goals_met": met, "next_review_on": next_review_on.isoformat()})
    return review


# --- The education placement profile starts the plan ------------------------------------------------


NEEDS_SUPPORT = ("some_support", "substantial_support")


def iep_start_from_profile(*, actor, assessment, request=None) -> EducationPlan:
    """Start the IEP from a locked education placement profile: one goal for each domain
    where the profile found a need for support (every domain when it found none rated),
    prefilled with the items rated and left for the school to make concrete."""
    from reintegra.assessments.instruments import localized

    instrument = assessment.instrument.definition
    ratings = dict(assessment.ratings.values_list("item_code", "rating"))
    goals = []
    for domain in instrument.get("domains", ()):
        code = domain["code"]
        if code not in Domain.values:
            continue
        needing = [item for item in domain.get("items", ()) if ratings.get(item["code"]) in NEEDS_SUPPORT]
        if not needing:
            continue
        substantial = any(ratings.get(i["code"]) == "substantial_support" for i in needing)
        title = str(Domain(code).label)
        text = (_("%(domain)s: substantial support with %(items)s.") if substantial
                else _("%(domain)s: some support with %(items)s.")) % {
            "domain": title, "items": "; ".join(localized(i.get("label") or i["code"]).lower() for i in needing)}
        goals.append((code, text))
    if not goals:
        goals = [(code, _("%(domain)s: keep up with the class.") % {"domain": str(label)})
                 for code, label in Domain.choices]
    return plan_start(actor=actor, case=assessment.case, goals=goals,
                      started_on=timezone.localdate(assessment.locked_at) if assessment.locked_at else None,
                      responsible=assessment.assessor or _user(actor), assessment=assessment, request=request,
                      check_access=False)


def _on_profile_locked(*, assessment, actor) -> bool:
    """The seam of `assessments.consequences`: locking an education placement profile of
    the case's child starts the IEP. When the child already has an open plan, the
    assessments app's default (a task to the education agency) runs instead."""
    if assessment.subject_person_id != assessment.case.person_id:
        return False
    if EducationPlan.objects.filter(case=assessment.case, closed_on__isnull=True).exists():
        return False
    iep_start_from_profile(actor=actor, assessment=assessment)
    return True
