"""The plans API, mounted at /api/v1/plans/. Every answer is filtered by the policy;
denied and absent look the same (404). A provider's users read a referral as its
provider sees it: what it shares and its sessions, never the case."""

from datetime import datetime

from django.http import Http404
from ninja import Router, Schema, Status

from reintegra.access.policy import AccessDenied
from reintegra.cases.selectors import NotFound

from . import selectors, services
from .models import Provider, Service

router = Router(tags=["plans"])


class Problem(Schema):
    detail: str
    field: str | None = None


class Done(Schema):
    id: int
    status: str = ""


def _iso(value):
    return value.isoformat() if value else None


def _run(write):
    """Run one service call: 200 with the id (and status), 422 naming the field, 404 when denied."""
    try:
        made = write()
    except AccessDenied as exc:
        raise Http404 from exc
    except services.PlansInputError as exc:
        return Status(422, {"detail": str(exc), "field": exc.field})
    return Status(200, {"id": made.pk, "status": getattr(made, "status", "")})


def _referral(request, referral_id: int):
    try:
        return selectors.referral_get(request.user, referral_id)
    except NotFound as exc:
        raise Http404 from exc


@router.get("/cases/{case_id}", response=dict)
def programme(request, case_id: int):
    """The case's current plan (pathways, goals, steps, agreement, reviews) and referrals."""
    try:
        pf = selectors.programme_read(request.user, case_id, request=request, channel="api")
    except NotFound as exc:
        raise Http404 from exc
    plan = pf.plan
    return {
        "case_id": pf.case.pk,
        "plan": {
            "id": plan.pk, "version": plan.version, "framework": plan.framework, "summary": plan.summary,
            "agreement": plan.agreement, "agreement_words": plan.agreement_words,
            "review_due_at": _iso(plan.review_due_at),
            "versions": [v.version for v in pf.versions],
            "pathways": [
                {"pathway": code, "goals": [
                    {"id": g.pk, "text": g.text, "steps": [
                        {"id": s.pk, "text": s.text, "actor": s.actor, "actor_label": s.actor_label,
                         "due_at": _iso(s.due_at), "status": s.status} for s in g.steps.all()]}
                    for g in goals]}
                for code, _label, goals in pf.pathways
            ],
            "reviews": [{"reviewed_at": _iso(r.reviewed_at), "reason": r.reason, "moved": r.moved,
                         "next_review_at": _iso(r.next_review_at)} for r in pf.reviews],
        } if plan else None,
        "referrals": [
            {"id": r.pk, "service": r.service.code, "provider": r.provider.agency.name, "status": r.status,
             "response_due_at": _iso(r.response_due_at), "sessions": r.session_count, "attended": r.attended,
             "stalled": r.stalled_at is not None}
            for r in pf.referrals
        ],
    }


class ReferralIn(Schema):
    service: str  # the service code
    provider_id: int
    reason: str
    shared_fields: list[str] = []


@router.post("/cases/{case_id}/referrals", response={200: Done, 422: Problem})
def referral_create(request, case_id: int, payload: ReferralIn):
    """A draft referral (send it with .../send)."""
    try:
        case = selectors.case_for_write(request.user, case_id)
    except NotFound as exc:
        raise Http404 from exc
    service = Service.objects.filter(code=payload.service).first()
    provider = Provider.objects.filter(pk=payload.provider_id).first()
    if service is None:
        return Status(422, {"detail": "unknown service", "field": "service"})
    if provider is None:
        return Status(422, {"detail": "unknown provider", "field": "provider_id"})
    return _run(lambda: services.referral_create(
        actor=request.user, case=case, service=service, provider=provider, reason=payload.reason,
        shared_fields=payload.shared_fields, request=request, channel="api"))


@router.get("/referrals", response=list[dict])
def provider_referrals(request, status: str | None = None):
    """Referrals sent to the caller's organisation as provider, with what each shares."""
    return [
        {"id": r.pk, "service": r.service.code, "status": r.status, "shared": r.shared,
         "response_due_at": _iso(r.response_due_at), "sessions": r.session_count}
        for r in selectors.provider_referrals_read(request.user, status=status, request=request, channel="api")
    ]


@router.get("/referrals/{referral_id}", response=dict)
def referral_read(request, referral_id: int):
    try:
        view = selectors.referral_read(request.user, referral_id, request=request, channel="api")
    except NotFound as exc:
        raise Http404 from exc
    r = view.referral
    body = {
        "id": r.pk, "service": r.service.code, "provider": r.provider.agency.name, "status": r.status,
        "reason": r.reason, "shared": r.shared, "response_due_at": _iso(r.response_due_at),
        "decline_reason": r.decline_reason, "outcome": r.outcome, "feedback": r.feedback,
        "sessions": [{"at": _iso(s.at), "attendance": s.attendance, **({"note": s.note} if view.as_provider else {})}
                     for s in view.sessions],
    }
    if view.case_side:
        body.update({"case_id": r.case_id, "shared_fields": r.shared_fields,
                     "consent_id": r.consent_id, "consent_override_reason": r.consent_override_reason})
    return body


class SendIn(Schema):
    override_reason: str = ""


@router.post("/referrals/{referral_id}/send", response={200: Done, 422: Problem})
def referral_send(request, referral_id: int, payload: SendIn):
    """Send a draft. Refused (422, field override_reason) without consent, unless a role
    allowed to override gives a reason."""
    ref = _referral(request, referral_id)
    return _run(lambda: services.referral_send(actor=request.user, referral=ref,
                                               override_reason=payload.override_reason,
                                               request=request, channel="api"))


@router.post("/referrals/{referral_id}/accept", response={200: Done, 422: Problem})
def referral_accept(request, referral_id: int):
    ref = _referral(request, referral_id)
    return _run(lambda: services.referral_accept(actor=request.user, referral=ref, request=request, channel="api"))


class ReasonIn(Schema):
    reason: str


@router.post("/referrals/{referral_id}/decline", response={200: Done, 422: Problem})
def referral_decline(request, referral_id: int, payload: ReasonIn):
    ref = _referral(request, referral_id)
    return _run(lambda: services.referral_decline(actor=request.user, referral=ref, reason=payload.reason,
                                                  request=request, channel="api"))


class SessionIn(Schema):
    at: datetime
    attendance: str
    note: str = ""


@router.post("/referrals/{referral_id}/sessions", response={200: Done, 422: Problem})
def session_record(request, referral_id: int, payload: SessionIn):
    """Record a session (attended, missed, cancelled, refused); `at` with its zone."""
    ref = _referral(request, referral_id)
    return _run(lambda: services.session_record(actor=request.user, referral=ref, at=payload.at,
                                                attendance=payload.attendance, note=payload.note,
                                                request=request, channel="api"))


class CompleteIn(Schema):
    outcome: str
    feedback: str


@router.post("/referrals/{referral_id}/complete", response={200: Done, 422: Problem})
def referral_complete(request, referral_id: int, payload: CompleteIn):
    ref = _referral(request, referral_id)
    return _run(lambda: services.referral_complete(actor=request.user, referral=ref, outcome=payload.outcome,
                                                   feedback=payload.feedback, request=request, channel="api"))
