"""The education API, mounted at /api/v1/education/. Filtered by the policy: a case whose
education compartment the caller may not read (or write, for changes) answers 404; bad
input 422 naming the field."""

from datetime import date

from django.http import Http404
from ninja import Router, Schema

from reintegra.access.policy import AccessDenied
from reintegra.cases.selectors import NotFound

from . import selectors, services

router = Router(tags=["education"])


class Problem(Schema):
    detail: str
    field: str | None = None


class Created(Schema):
    id: int


def _case(request, case_id):
    try:
        return selectors.case_for_write(request.user, case_id)
    except NotFound as exc:
        raise Http404 from exc


def _created(fn):
    try:
        made = fn()
    except AccessDenied as exc:
        raise Http404 from exc
    except services.EducationInputError as exc:
        return 422, {"detail": str(exc), "field": exc.field}
    return 201, {"id": made.pk}


@router.get("/overview", response=dict)
def overview(request):
    """School-age children the caller may read and the six-months benchmark, as counts."""
    found = selectors.overview(request.user, request=request, channel="api")
    return {"children": found.children, "unknown_age": found.unknown_age, "counts": found.counts}


@router.get("/cases/{case_id}", response=dict)
def education_file(request, case_id: int):
    try:
        ef = selectors.education_file(request.user, case_id, request=request, channel="api")
    except NotFound as exc:
        raise Http404 from exc
    b = ef.benchmark
    return {
        "case_id": ef.case.pk,
        "grade_for_age": {"low": ef.grade_for_age.low, "high": ef.grade_for_age.high,
                          "label": str(ef.grade_for_age)} if ef.grade_for_age else None,
        "six_months": {"status": b.status, "returned_on": b.returned_on, "deadline": b.deadline,
                       "entered_on": b.entered_on, "months_to_school": b.months_to_school},
        "enrolments": [{"id": e.pk, "school": e.school, "grade": e.grade, "enrolled_on": e.enrolled_on,
                        "left_on": e.left_on, "catch_up": e.catch_up, "catch_up_detail": e.catch_up_detail}
                       for e in ef.enrolments],
        "attendance": [{"enrolment_id": a.enrolment_id, "period_start": a.period_start, "period_end": a.period_end,
                        "days_expected": a.days_expected, "days_attended": a.days_attended} for a in ef.attendance],
        "plans": [{"id": p.pk, "started_on": p.started_on, "next_review_on": p.next_review_on,
                   "closed_on": p.closed_on, "assessment_id": p.assessment_id,
                   "goals": [{"id": g.pk, "domain": g.domain, "text": g.text, "status": g.status}
                             for g in p.goals.all()],
                   "reviews": [{"reviewed_on": r.reviewed_on, "progress": r.progress} for r in p.reviews.all()]}
                  for p in ef.plans],
    }


class EnrolmentIn(Schema):
    school: str
    grade: int
    enrolled_on: date
    catch_up: bool = False
    catch_up_detail: str = ""


@router.post("/cases/{case_id}/enrolments", response={201: Created, 404: Problem, 422: Problem})
def enrolment_record(request, case_id: int, payload: EnrolmentIn):
    case = _case(request, case_id)
    return _created(lambda: services.enrolment_record(actor=request.user, case=case, request=request, channel="api",
                                                      **payload.dict()))


class AttendanceIn(Schema):
    period_start: date
    period_end: date
    days_expected: int
    days_attended: int


@router.post("/cases/{case_id}/attendance", response={201: Created, 404: Problem, 422: Problem})
def attendance_record(request, case_id: int, payload: AttendanceIn):
    case = _case(request, case_id)
    enrolment = case.enrolments.filter(left_on__isnull=True).first()
    if enrolment is None:
        return 422, {"detail": "The child is not enrolled.", "field": None}
    return _created(lambda: services.attendance_record(actor=request.user, enrolment=enrolment, request=request,
                                                       channel="api", **payload.dict()))


class GoalIn(Schema):
    domain: str
    text: str


class PlanIn(Schema):
    goals: list[GoalIn]


@router.post("/cases/{case_id}/plans", response={201: Created, 404: Problem, 422: Problem})
def plan_start(request, case_id: int, payload: PlanIn):
    case = _case(request, case_id)
    return _created(lambda: services.plan_start(actor=request.user, case=case, request=request, channel="api",
                                                goals=[(g.domain, g.text) for g in payload.goals]))


class ReviewIn(Schema):
    reviewed_on: date
    progress: str
    next_review_on: date
    goals_met: list[int] = []


@router.post("/cases/{case_id}/reviews", response={201: Created, 404: Problem, 422: Problem})
def review_record(request, case_id: int, payload: ReviewIn):
    case = _case(request, case_id)
    plan = case.education_plans.filter(closed_on__isnull=True).first()
    if plan is None:
        return 422, {"detail": "There is no open individual education plan.", "field": None}
    return _created(lambda: services.review_record(actor=request.user, plan=plan, request=request, channel="api",
                                                   **payload.dict()))
