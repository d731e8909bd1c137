"""The assessments API, mounted at /api/v1/assessments/."""

from datetime import datetime
from functools import wraps

from django.http import Http404
from ninja import Field, Router, Schema

from . import selectors, services

router = Router(tags=["assessments"])


def _not_found(fn):
    @wraps(fn)
    def wrapped(request, *args, **kwargs):
        try:
            return fn(request, *args, **kwargs)
        except selectors.NotFound as exc:
            raise Http404 from exc

    return wrapped


class Problem(Schema):
    detail: str
    problems: list[str] = []


def _problem(exc: services.AssessmentInputError):
    return 422, {"detail": str(exc), "problems": getattr(exc, "problems", None) or [str(exc)]}


class InstrumentOut(Schema):
    code: str
    version: int
    title: str
    purpose: str
    compartment: str
    licensed: bool
    wording_loaded: bool
    validation_status: str


@router.get("/instruments", response=list[InstrumentOut])
def instruments(request):
    """The latest version of every instrument (structure only: no case data)."""
    return [selectors.instrument_view(i) for i in selectors.instruments_latest()]


class SummaryOut(Schema):
    id: int
    instrument: str
    version: int
    title: str
    compartment: str
    status: str
    source: str
    subject: str
    assessor: str
    started_at: datetime
    due_at: datetime | None
    locked_at: datetime | None
    overall_level: str
    second_rating: bool


@router.get("/cases/{case_id}", response=list[SummaryOut])
@_not_found
def case_assessments(request, case_id: int):
    """The case's assessments in the compartments the caller may read."""
    _case, items = selectors.case_assessments_read(request.user, case_id, request=request, channel="api")
    return items


class StartIn(Schema):
    instrument: str
    reason: str = Field("", max_length=2000)
    carer_person_id: int | None = None


@router.post("/cases/{case_id}/start", response={201: SummaryOut, 422: Problem})
@_not_found
def start(request, case_id: int, payload: StartIn):
    case, _access = selectors.case_get(request.user, case_id)
    carer = None
    if payload.carer_person_id is not None:
        carer = selectors.carer_candidates(request.user, case).filter(pk=payload.carer_person_id).first()
        if carer is None:
            raise Http404
    try:
        made = services.assessment_start(actor=request.user, case=case, instrument_code=payload.instrument,
                                         reason=payload.reason, subject_person=carer, request=request, channel="api")
    except services.AssessmentInputError as exc:
        return _problem(exc)
    return 201, selectors.assessment_summary(made)


class RatingOut(Schema):
    code: str
    domain: str
    label: str
    rating: str
    evidence: str


class AssessmentOut(SummaryOut):
    overall_justification: str
    ratings_hidden: bool
    ratings: list[RatingOut]
    can_rate: bool
    can_countersign: bool


def _detail(page: selectors.AssessmentPage) -> dict:
    a = page.assessment
    return {
        **selectors.assessment_summary(a),
        "overall_level": "" if page.hidden else a.overall_level,
        "overall_justification": "" if page.hidden else a.overall_justification,
        "ratings_hidden": page.hidden,
        "ratings": [{"code": i["code"], "domain": d["code"], "label": i["label"], "rating": i["rating"],
                     "evidence": i["evidence"]} for d in page.rows for i in d["items"]],
        "can_rate": page.can_rate,
        "can_countersign": page.can_countersign,
    }


@router.get("/{assessment_id}", response=AssessmentOut)
@_not_found
def detail(request, assessment_id: int):
    return _detail(selectors.assessment_read(request.user, assessment_id, request=request, channel="api"))


class RatingIn(Schema):
    rating: str = Field("", max_length=40)
    evidence: str = Field("", max_length=10000)


class RatingsIn(Schema):
    ratings: dict[str, RatingIn] = {}
    overall_level: str | None = Field(None, max_length=40)
    overall_justification: str | None = Field(None, max_length=10000)


@router.put("/{assessment_id}/ratings", response={200: SummaryOut, 422: Problem})
@_not_found
def rate(request, assessment_id: int, payload: RatingsIn):
    assessment = selectors.assessment_get(request.user, assessment_id)
    try:
        services.assessment_rate(
            actor=request.user, assessment=assessment,
            ratings={code: (r.rating, r.evidence) for code, r in payload.ratings.items()},
            overall_level=payload.overall_level, overall_justification=payload.overall_justification,
            request=request, channel="api",
        )
    except services.AssessmentInputError as exc:
        return _problem(exc)
    return selectors.assessment_summary(assessment)


@router.post("/{assessment_id}/submit", response={200: SummaryOut, 422: Problem})
@_not_found
def submit(request, assessment_id: int):
    assessment = selectors.assessment_get(request.user, assessment_id)
    try:
        services.assessment_submit(actor=request.user, assessment=assessment, request=request, channel="api")
    except services.AssessmentInputError as exc:
        return _problem(exc)
    return selectors.assessment_summary(assessment)


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


@router.post("/{assessment_id}/countersign", response={200: SummaryOut, 422: Problem})
@_not_found
def countersign(request, assessment_id: int, payload: NoteIn):
    assessment = selectors.assessment_get(request.user, assessment_id)
    try:
        services.assessment_countersign(actor=request.user, assessment=assessment, note=payload.note,
                                        request=request, channel="api")
    except services.AssessmentInputError as exc:
        return _problem(exc)
    return selectors.assessment_summary(assessment)


class DiffOut(Schema):
    code: str
    label: str
    before: str
    after: str
    changed: bool


class SupervisionOut(Schema):
    level: str
    contact_every_days: int | None
    next_assessment_due: datetime | None
    overdue: bool
    risk_assessment_exists: bool
    last_risk_assessment_at: datetime | None


class HistoryOut(Schema):
    instrument: str
    assessments: list[SummaryOut]
    diff: list[DiffOut]
    chart: dict | None = Field(None, description="a Vega-Lite spec of levels and domain profiles over time")
    supervision: SupervisionOut


@router.get("/cases/{case_id}/history", response=HistoryOut)
@_not_found
def history(request, case_id: int, instrument: str = ""):
    found = selectors.history_read(request.user, case_id, instrument_code=instrument, request=request, channel="api")
    return {"instrument": found.selected, "assessments": found.assessments, "diff": found.diff,
            "chart": found.chart, "supervision": found.supervision}

