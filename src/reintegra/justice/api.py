"""The justice API, mounted at /api/v1/justice/. Every answer is filtered by the policy;
denied and absent look the same (404)."""

from datetime import date

from django.http import Http404
from ninja import Field, Query, Router, Schema

from reintegra.access.policy import AccessDenied
from reintegra.cases.selectors import NotFound

from . import selectors, services
from .models import Condition, Proceeding, Unit

router = Router(tags=["justice"])


def _iso(day):
    return day.isoformat() if day else None


class ReleaseDueOut(Schema):
    case_id: int
    case_reference: str
    person: str
    sentence_id: int
    earliest_release_on: date | None
    latest_release_on: date | None
    release_plan: str  # none, incomplete, complete


class DueQuery(Schema):
    within: int | None = Field(None, ge=1, le=3650)


@router.get("/releases-due", response=list[ReleaseDueOut])
def releases_due(request, filters: Query[DueQuery]):
    """Prison sentences whose release may come within `within` days (default: the
    pre-release window), for the cases whose justice compartment the caller may read."""
    rows = selectors.releases_due_read(request.user, within_days=filters.within or services.pre_release_days(),
                                       request=request, channel="api")
    return [
        {"case_id": s.case_id, "case_reference": s.case.reference, "person": s.case.person.display_name,
         "sentence_id": s.pk, "earliest_release_on": s.earliest_release_on, "latest_release_on": s.latest_release_on,
         "release_plan": "none" if not hasattr(s, "release_plan") else ("complete" if s.release_plan.complete
                                                                        else "incomplete")}
        for s in rows
    ]


def _condition(c) -> dict:
    return {
        "id": c.pk, "kind": c.kind, "detail": c.detail,
        "evidence": [{"on": _iso(e.on), "kind": e.kind, "complied": e.complied, "source": e.source}
                     for e in c.compliance.all()],
        "sessions": [{"on": _iso(f.on), "attended": f.attended, "provider": f.provider, "source": f.source}
                     for f in getattr(c, "registered_facts", [])],
    }


@router.get("/cases/{case_id}", response=dict)
def justice_file(request, case_id: int):
    """The whole justice file of a case: proceedings, sentences and release dates,
    placements, programmes, supervision with conditions and evidence (no session notes)."""
    try:
        jf = selectors.justice_file_read(request.user, case_id, section=selectors.ALL, request=request,
                                         channel="api")
    except NotFound as exc:
        raise Http404 from exc
    return {
        "case_id": jf.case.pk,
        "proceedings": [
            {"id": p.pk, "reference": p.reference, "jurisdiction": p.jurisdiction,
             "investigation_opened_on": _iso(p.investigation_opened_on),
             "investigation_closed_on": _iso(p.investigation_closed_on),
             "investigation_outcome": p.investigation_outcome, "indicted_on": _iso(p.indicted_on),
             "plea_agreed_on": _iso(p.plea_agreed_on),
             "charges": [{"offence": c.offence.code, "name": c.offence.name} for c in p.charges.all()],
             "measures": [{"id": m.pk, "kind": m.kind, "starts_on": _iso(m.starts_on), "ends_on": _iso(m.ends_on)}
                          for m in p.measures.all()],
             "hearings": [{"at": h.at.isoformat(), "purpose": h.purpose, "outcome": h.outcome} for h in p.hearings.all()],
             "verdicts": [{"id": v.pk, "decided_on": _iso(v.decided_on), "outcome": v.outcome,
                           "appeals": [{"filed_on": _iso(a.filed_on), "filed_by": a.filed_by, "outcome": a.outcome}
                                       for a in v.appeals.all()]} for v in p.verdicts.all()]}
            for p in jf.proceedings
        ],
        "sentences": [
            {"id": s.pk, "kind": s.kind, "years": s.years, "months": s.months, "days": s.days,
             "starts_on": _iso(s.starts_on), "credit_days": s.credit_days,
             "earliest_release_on": _iso(s.earliest_release_on), "latest_release_on": _iso(s.latest_release_on),
             "ends_on": _iso(s.ends_on), "conditions": [c.kind for c in s.conditions.all()],
             "released_on": _iso(s.release.released_on) if hasattr(s, "release") else None,
             "release_without_plan": s.release.without_plan if hasattr(s, "release") else None}
            for s in jf.sentences
        ],
        "placements": [
            {"id": p.pk, "facility": p.unit.facility.name, "unit": p.unit.name,
             "security_category": p.security_category, "starts_on": _iso(p.starts_on), "ends_on": _iso(p.ends_on),
             "overridden_rules": p.overridden_rules}
            for p in jf.placements
        ],
        "programmes": [{"programme": r.programme, "status": r.status, "on": _iso(r.on)} for r in jf.programmes],
        "supervisions": [
            {"id": sv.pk, "basis": sv.basis, "officer": sv.officer.get_username(), "starts_on": _iso(sv.starts_on),
             "planned_end_on": _iso(sv.planned_end_on), "ended_on": _iso(sv.ended_on),
             "conditions": [_condition(c) for c in sv.sentence.conditions.all()],
             "meetings": [{"at": m.at.isoformat(), "status": m.status} for m in sv.meetings.all()],
             "breaches": [{"occurred_on": _iso(b.occurred_on), "description": b.description, "outcome": b.outcome}
                          for b in sv.breaches.all()]}
            for sv in jf.supervisions
        ],
    }


class Problem(Schema):
    detail: str
    field: str | None = None
    violations: list[str] = []


def _problem(exc: services.JusticeInputError):
    return 422, {"detail": str(exc), "field": exc.field,
                 "violations": [v.rule for v in getattr(exc, "violations", [])]}


def _created(write):
    """Run one service call: 201 with the new id, 422 naming the field, 404 when denied."""
    try:
        made = write()
    except AccessDenied as exc:
        raise Http404 from exc
    except services.JusticeInputError as exc:
        return _problem(exc)
    return 201, {"id": made.pk}


def _case(request, case_id: int):
    try:
        return selectors.case_for_write(request.user, case_id)
    except NotFound as exc:
        raise Http404 from exc


class PlacementIn(Schema):
    unit_id: int
    security_category: str
    reason: str
    starts_on: date
    override_reason: str = ""


class Created(Schema):
    id: int


@router.post("/cases/{case_id}/placements", response={201: Created, 422: Problem})
def placement_make(request, case_id: int, payload: PlacementIn):
    """Place the person. A placement that breaks a separation rule answers 422 naming the
    rules, unless `override_reason` is given by a user allowed to override."""
    case = _case(request, case_id)
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        return 422, {"detail": "Unknown unit.", "field": "unit_id"}
    return _created(lambda: services.placement_make(
        actor=request.user, case=case, unit=unit, security_category=payload.security_category,
        reason=payload.reason, starts_on=payload.starts_on, override_reason=payload.override_reason,
        sentence=case.sentences.filter(kind="prison", release__isnull=True).order_by("-starts_on").first(),
        request=request, channel="api"))


class MeasureIn(Schema):
    proceeding_id: int
    kind: str
    starts_on: date
    ends_on: date | None = None
    ordered_by: str = ""


@router.post("/cases/{case_id}/measures", response={201: Created, 422: Problem})
def measure_add(request, case_id: int, payload: MeasureIn):
    case = _case(request, case_id)
    proceeding = Proceeding.objects.filter(pk=payload.proceeding_id, case=case).first()
    if proceeding is None:
        raise Http404
    return _created(lambda: services.measure_add(
        actor=request.user, proceeding=proceeding, kind=payload.kind, starts_on=payload.starts_on,
        ends_on=payload.ends_on, ordered_by=payload.ordered_by, request=request, channel="api"))


class ComplianceIn(Schema):
    condition_id: int
    on: date
    kind: str
    source: str = ""


@router.post("/cases/{case_id}/compliance", response={201: Created, 422: Problem})
def compliance_record(request, case_id: int, payload: ComplianceIn):
    case = _case(request, case_id)
    condition = Condition.objects.filter(pk=payload.condition_id, sentence__case=case).first()
    if condition is None:
        raise Http404
    return _created(lambda: services.compliance_record(
        actor=request.user, condition=condition, on=payload.on, kind=payload.kind, source=payload.source,
        request=request, channel="api"))
