"""The conferences API, mounted at /api/v1/conferences/. Every answer is filtered by the
policy: a conference the caller may not read, and a change they may not make, answer 404;
bad input 422 naming the field; a change to locked minutes 409."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.http import Http404
from ninja import Router, Schema

from reintegra.access.models import Agency
from reintegra.access.policy import AccessDenied, cases_readable
from reintegra.cases.selectors import NotFound

from . import selectors, services

router = Router(tags=["conferences"])


class Problem(Schema):
    detail: str
    field: str | None = None


class Created(Schema):
    id: int


class ConferenceOut(Schema):
    id: int
    title: str
    held_at: datetime
    place: str
    chair: str
    status: str


def _out(c) -> dict:
    return {"id": c.pk, "title": c.title, "held_at": c.held_at, "place": c.place,
            "chair": c.chair.get_username(), "status": c.status}


def _write(fn):
    """Run one service call: 404 when refused, 409 on locked minutes, 422 on bad input."""
    try:
        return fn()
    except AccessDenied as exc:
        raise Http404 from exc
    except services.ConferenceLocked as exc:
        return 409, {"detail": str(exc), "field": None}
    except services.ConferenceInputError as exc:
        return 422, {"detail": str(exc), "field": exc.field}


def _conference(request, conference_id):
    try:
        return selectors.conference_get(request.user, conference_id)
    except NotFound as exc:
        raise Http404 from exc


def _item(request, conference_id, item_id):
    try:
        return selectors.item_for_write(request.user, conference_id, item_id)
    except NotFound as exc:
        raise Http404 from exc


@router.get("/", response=list[ConferenceOut])
def conference_list(request):
    """The conferences the caller may read, latest first."""
    return [_out(c) for c in selectors.conference_list(request.user)[:200]]


class ConferenceIn(Schema):
    title: str
    held_at: datetime
    chair: str  # username
    place: str = ""
    invited_agency_ids: list[int] = []
    participants: list[str] = []  # usernames


def _users(names):
    found = {u.get_username(): u for u in get_user_model().objects.filter(username__in=names, is_active=True)}
    missing = [n for n in names if n not in found]
    return [found[n] for n in names if n in found], missing


@router.post("/", response={201: Created, 404: Problem, 422: Problem})
def conference_create(request, payload: ConferenceIn):
    chairs, _missing = _users([payload.chair])
    people, missing = _users(payload.participants)
    if missing:
        return 422, {"detail": f"Unknown user: {missing[0]}", "field": "participants"}
    agencies = list(Agency.objects.filter(pk__in=payload.invited_agency_ids))
    if len(agencies) != len(set(payload.invited_agency_ids)):
        return 422, {"detail": "Unknown agency.", "field": "invited_agency_ids"}

    def run():
        made = services.conference_create(
            actor=request.user, title=payload.title, held_at=payload.held_at, chair=chairs[0] if chairs else None,
            place=payload.place, invited_agencies=agencies, participants=people, request=request, channel="api")
        return 201, {"id": made.pk}
    return _write(run)


def _item_out(item) -> dict:
    return {
        "id": item.pk, "case_id": item.case_id, "case_reference": item.case.reference,
        "person": item.case.person.display_name, "discussion": item.discussion,
        "next_review_on": item.next_review_on,
        "decisions": [d.text for d in item.decisions.all()],
        "actions": [{"id": a.pk, "title": a.title, "owner_user": a.owner_user.get_username() if a.owner_user_id else None,
                     "owner_agency_id": a.owner_agency_id, "due_at": a.due_at, "compartment": a.compartment,
                     "task_id": a.task_id} for a in item.actions.all()],
    }


@router.get("/{conference_id}", response=dict)
def conference_detail(request, conference_id: int):
    """The conference, with the agenda cases the caller may see (audited)."""
    try:
        view = selectors.conference_read(request.user, conference_id, request=request, channel="api")
    except NotFound as exc:
        raise Http404 from exc
    c = view.conference
    return {
        **_out(c),
        "invited_agency_ids": [a.pk for a in view.invited_agencies],
        "present_agency_ids": [a.pk for a in view.present_agencies],
        "participants": [{"user": p.user.get_username(), "present": p.present} for p in view.participants],
        "agenda": [_item_out(i) for i in view.items],
        "hidden_items": view.hidden_items,
        "approved_at": c.approved_at,
    }


@router.get("/{conference_id}/proposal", response=list[dict])
def proposal(request, conference_id: int):
    """Cases proposed for the agenda, with the reasons the caller may read (audited)."""
    conference = _conference(request, conference_id)
    try:
        rows = selectors.agenda_proposal(request.user, conference, request=request, channel="api")
    except NotFound as exc:
        raise Http404 from exc
    return [{"case_id": p.case.pk, "case_reference": p.case.reference,
             "reasons": [{"kind": k, "reason": r} for k, r in p.reasons]} for p in rows]


class AgendaIn(Schema):
    case_id: int


@router.post("/{conference_id}/agenda", response={201: Created, 404: Problem, 409: Problem, 422: Problem})
def agenda_add(request, conference_id: int, payload: AgendaIn):
    conference = _conference(request, conference_id)
    case = cases_readable(request.user).filter(pk=payload.case_id).first()
    if case is None:
        raise Http404

    def run():
        return 201, {"id": services.agenda_add(actor=request.user, conference=conference, case=case,
                                               request=request, channel="api").pk}
    return _write(run)


@router.get("/{conference_id}/items/{item_id}", response=dict)
def item_detail(request, conference_id: int, item_id: int):
    """One agenda case: the caller's own summary (only the compartments they may read;
    audited as a read of them), the discussion, decisions and actions."""
    try:
        view = selectors.item_read(request.user, conference_id, item_id, request=request, channel="api")
    except NotFound as exc:
        raise Http404 from exc
    return {**_item_out(view.item),
            "summary": {code: data for code, _label, data, _t in view.summary.compartments},
            "reasons": [{"kind": k, "reason": r} for k, r in view.summary.reasons]}


class MinutesIn(Schema):
    discussion: str = ""
    next_review_on: date | None = None


@router.put("/{conference_id}/items/{item_id}/minutes", response={200: Created, 404: Problem, 409: Problem,
                                                                  422: Problem})
def minutes_write(request, conference_id: int, item_id: int, payload: MinutesIn):
    item = _item(request, conference_id, item_id)
    return _write(lambda: (200, {"id": services.minutes_write(
        actor=request.user, item=item, discussion=payload.discussion, next_review_on=payload.next_review_on,
        request=request, channel="api").pk}))


class DecisionIn(Schema):
    text: str


@router.post("/{conference_id}/items/{item_id}/decisions",
             response={201: Created, 404: Problem, 409: Problem, 422: Problem})
def decision_add(request, conference_id: int, item_id: int, payload: DecisionIn):
    item = _item(request, conference_id, item_id)
    return _write(lambda: (201, {"id": services.decision_add(
        actor=request.user, item=item, text=payload.text, request=request, channel="api").pk}))


class ActionIn(Schema):
    title: str
    due_at: datetime
    owner_user: str | None = None  # username
    owner_agency_id: int | None = None
    compartment: str = "identity"


@router.post("/{conference_id}/items/{item_id}/actions",
             response={201: Created, 404: Problem, 409: Problem, 422: Problem})
def action_add(request, conference_id: int, item_id: int, payload: ActionIn):
    item = _item(request, conference_id, item_id)
    owner_user = owner_agency = None
    if payload.owner_user:
        found, _missing = _users([payload.owner_user])
        if not found:
            return 422, {"detail": f"Unknown user: {payload.owner_user}", "field": "owner_user"}
        owner_user = found[0]
    if payload.owner_agency_id is not None:
        owner_agency = Agency.objects.filter(pk=payload.owner_agency_id).first()
        if owner_agency is None:
            return 422, {"detail": "Unknown agency.", "field": "owner_agency_id"}
    return _write(lambda: (201, {"id": services.action_add(
        actor=request.user, item=item, title=payload.title, due_at=payload.due_at, owner_user=owner_user,
        owner_agency=owner_agency, compartment=payload.compartment, request=request, channel="api").pk}))


@router.post("/{conference_id}/approve", response={200: Created, 404: Problem, 409: Problem, 422: Problem})
def approve(request, conference_id: int):
    """The chair approves the minutes: actions become tasks, the conference is locked."""
    conference = _conference(request, conference_id)
    return _write(lambda: (200, {"id": services.minutes_approve(
        actor=request.user, conference=conference, request=request, channel="api").pk}))
