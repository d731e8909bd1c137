"""Reads of the education track, scoped by the access policy; the page reads are audited as
reads of the `education` compartment. Registers the case tab part, the working-list
source of IEP reviews due, the timeline and the seam of the education placement profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.access import policy
from reintegra.assessments.consequences import on_locked
from reintegra.audit.services import audit_record
from reintegra.cases import timeline, worklist
from reintegra.cases.compartments import contributes
from reintegra.cases.models import Case
from reintegra.cases.selectors import NotFound, _live_glass_reason, case_get

from . import placement
from .models import Attendance, EducationPlan, Enrolment
from .services import COMPARTMENT, _on_profile_locked

on_locked("education-profile")(_on_profile_locked)


@dataclass
class EducationFile:
    case: Case
    access: policy.CaseAccess
    grade_for_age: placement.GradeForAge | None
    benchmark: placement.SixMonths
    enrolments: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    plans: list = field(default_factory=list)

    @property
    def can_write(self) -> bool:
        return COMPARTMENT in self.access.writable

    @property
    def current(self):
        return next((e for e in self.enrolments if e.left_on is None), None)

    @property
    def open_plan(self):
        return next((p for p in self.plans if p.closed_on is None), None)


def _facts(case: Case, enrolments: list[Enrolment]):
    person = case.person
    grade = placement.grade_for_age(person.birth_date, person.birth_date_precision)
    first = min((e.enrolled_on for e in enrolments), default=None)
    return grade, placement.six_months(placement.return_date(case), first, school_age_on=placement.school_age_from(
        person.birth_date, person.birth_date_precision))


def education_file(user, case_id: int, *, request=None, channel: str = "page") -> EducationFile:
    """The education file of a case, audited as a read of `education`."""
    case, access = case_get(user, case_id)
    if COMPARTMENT not in access.readable:
        raise NotFound
    enrolments = list(Enrolment.objects.filter(case=case))
    grade, benchmark = _facts(case, enrolments)
    found = EducationFile(
        case=case, access=access, grade_for_age=grade, benchmark=benchmark, enrolments=enrolments,
        attendance=list(Attendance.objects.filter(enrolment__case=case).select_related("enrolment")),
        plans=list(EducationPlan.objects.filter(case=case).select_related("responsible", "assessment")
                   .prefetch_related("goals", "reviews")),
    )
    with transaction.atomic():
        audit_record(user=user, action="read", request=request, channel=channel, object_type="education_file",
                     object_id=case.pk, case_id=case.pk, person_id=case.person_id, compartments=[COMPARTMENT],
                     reason=_live_glass_reason(user, case) if access.by_break_glass else "")
    return found


def case_for_write(user, case_id: int) -> Case:
    case, access = case_get(user, case_id)
    if COMPARTMENT not in access.readable:
        raise NotFound
    return case


# --- The overview for the education authority -------------------------------------------------------


@dataclass
class Overview:
    children: int = 0  # school-age children (grade for age in the school range) among readable cases
    unknown_age: int = 0
    counts: dict = field(default_factory=dict)  # benchmark status -> count
    rows: list = field(default_factory=list)


def overview(user, *, request=None, channel: str = "page") -> Overview:
    """School-age children among the cases whose education the user may read, and how many
    entered school within six months of return. Audited (which cases were counted)."""
    from reintegra.reception.models import OperationMember

    cases = list(policy.cases_readable(user, compartment=COMPARTMENT).exclude(stage="closed")
                 .select_related("person").annotate(first_school=Min("enrolments__enrolled_on")))
    arrivals = dict(OperationMember.objects.filter(case__in=[c.pk for c in cases]).values("case_id")
                    .annotate(first=Min("operation__arrival_at")).values_list("case_id", "first"))
    found = Overview(counts={s: 0 for s in placement.Benchmark.LABELS})
    for case in cases:
        grade = placement.grade_for_age(case.person.birth_date, case.person.birth_date_precision)
        if grade is None:
            if case.person.birth_date is None or case.person.birth_date_precision == "unknown":
                found.unknown_age += 1
            continue
        if not grade.school_age:
            continue
        returned = timezone.localtime(arrivals.get(case.pk) or case.opened_at).date()
        bench = placement.six_months(returned, case.first_school, school_age_on=placement.school_age_from(
            case.person.birth_date, case.person.birth_date_precision))
        found.children += 1
        found.counts[bench.status] += 1
        found.rows.append((case, grade, bench))
    found.rows.sort(key=lambda r: (r[2].status != placement.Benchmark.MISSED, r[0].reference))
    with transaction.atomic():
        audit_record(user=user, action="read", request=request, channel=channel, object_type="education_overview",
                     compartments=[COMPARTMENT] if found.rows else [],
                     detail={"cases": [c.pk for c, _g, _b in found.rows]})
    return found


# --- The case tab -----------------------------------------------------------------------------------


@contributes("education")
def _education_tab(case, *, viewer) -> dict:
    enrolments = list(Enrolment.objects.filter(case=case))
    grade, bench = _facts(case, enrolments)
    current = next((e for e in enrolments if e.left_on is None), None)
    plan = EducationPlan.objects.filter(case=case, closed_on__isnull=True).prefetch_related("goals").first()
    return {"school": {
        "url": reverse("education:case", args=[case.pk]),
        "grade_for_age": str(grade) if grade is not None else None,
        "school": current.school if current else None,
        "grade": current.grade if current else None,
        "catch_up": current.catch_up_detail or (_("yes") if current.catch_up else "") if current else "",
        "benchmark": bench.status, "benchmark_label": bench.label,
        "returned_on": bench.returned_on.isoformat(), "entered_on": bench.entered_on.isoformat()
        if bench.entered_on else None,
        "plan": {"started_on": plan.started_on.isoformat(), "next_review_on": plan.next_review_on.isoformat(),
                 "goals": [{"domain": g.domain, "domain_label": g.get_domain_display(), "text": g.text,
                            "status": g.status, "status_label": g.get_status_display()} for g in plan.goals.all()]}
        if plan else None,
    }}


# --- Working list: IEP reviews due -------------------------------------------------------------------


@worklist.source("iep_review", gettext_lazy("Education plan review"))
def _review_items(user, query: worklist.Query) -> list[worklist.WorkItem]:
    allowed = policy.case_filter(user, compartment=COMPARTMENT, write=True, prefix="case__")
    if allowed is None:
        return []
    subj = policy.subject(user)
    mine = Q(responsible_id=subj.user_id)
    agency = Q(responsible__staff__agency=subj.agency) if subj.agency is not None else Q(pk__isnull=True)
    whose = {worklist.Whose.MINE: mine, worklist.Whose.AGENCY: agency}.get(query.whose, mine | agency)
    plans = EducationPlan.objects.filter(allowed, whose, closed_on__isnull=True)
    if query.case_id is not None:
        plans = plans.filter(case_id=query.case_id)
    if query.due_before is not None:
        plans = plans.filter(next_review_on__lt=timezone.localtime(query.due_before).date())
    items = []
    for plan in plans.select_related("case__person", "responsible").order_by("next_review_on", "pk")[: query.limit]:
        due = timezone.make_aware(datetime.combine(plan.next_review_on, time(23, 59)))
        items.append(worklist.WorkItem(
            kind="iep_review", title=_("Review the education plan of %(name)s") % {"name": plan.case.person.display_name},
            due_at=due, url=reverse("education:case", args=[plan.case_id]), case_id=plan.case_id,
            case_reference=plan.case.reference, person_name=plan.case.person.display_name,
            owner=(plan.responsible.get_full_name() or plan.responsible.get_username()) if plan.responsible_id else "",
        ))
    return items


# --- Timeline ------------------------------------------------------------------------------------------


@timeline.source("education")
def _education_events(case, *, viewer) -> list[timeline.Event]:
    url = reverse("education:case", args=[case.pk])
    events = []
    for e in Enrolment.objects.filter(case=case):
        events.append(timeline.Event(at=e.enrolled_on, title=_("Entered %(school)s, grade %(grade)s")
                                     % {"school": e.school, "grade": e.grade}, compartment=COMPARTMENT,
                                     kind="enrolment", url=url))
    today = timezone.localdate()
    for plan in EducationPlan.objects.filter(case=case).prefetch_related("reviews"):
        events.append(timeline.Event(at=plan.started_on, title=_("Individual education plan started"),
                                     compartment=COMPARTMENT, kind="iep", url=url))
        for r in plan.reviews.all():
            events.append(timeline.Event(at=r.reviewed_on, title=_("Education plan reviewed"), detail=r.progress[:200],
                                         compartment=COMPARTMENT, kind="iep", url=url))
        if plan.closed_on is None:
            events.append(timeline.Event(at=plan.next_review_on, title=_("Education plan review due"),
                                         compartment=COMPARTMENT, kind="iep", url=url,
                                         planned=plan.next_review_on >= today))
    return events


