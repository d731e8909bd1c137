"""The reception API, mounted at /api/v1/reception/."""

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from reintegra.access import policy
from reintegra.cases.selectors import NotFound

from . import selectors, services
from .capacity import RosterError, capacity_plan, parse_roster
from .protocols import ProtocolError, get_protocol

router = Router(tags=["reception"])


class OperationOut(Schema):
    id: int
    name: str
    arrival_at: datetime
    protocol: str
    status: str
    people: int


@router.get("/operations", response=list[OperationOut])
def operations(request):
    """Operations (the coordinating unit's); others see none here and use the board."""
    return [
        {"id": o.pk, "name": o.name, "arrival_at": o.arrival_at, "protocol": o.protocol, "status": o.status,
         "people": o.members.count()}
        for o in selectors.operations_list(request.user).order_by("-arrival_at")
    ]


class StepOut(Schema):
    id: int
    case_id: int
    case_reference: str
    person: str
    manifest_ref: str
    key: str
    title: str
    compartment: str
    agency: str | None
    agency_type: str
    due_at: datetime
    status: str  # open, done, waived, overdue (as of now)
    closed_at: datetime | None
    outcome: str


def _step_out(step, status: str) -> dict:
    return {
        "id": step.pk, "case_id": step.case_id, "case_reference": step.case.reference,
        "person": step.case.person.display_name, "manifest_ref": step.member.ref, "key": step.key,
        "title": step.title, "compartment": step.compartment,
        "agency": step.agency.name if step.agency_id else None, "agency_type": step.agency_type,
        "due_at": step.due_at, "status": status, "closed_at": step.closed_at, "outcome": step.outcome,
    }


class BoardQuery(Schema):
    by: Literal["person", "agency"] = "person"
    window: Literal["all", "overdue", "6h", "24h", "72h"] = "all"


@router.get("/operations/{operation_id}/steps", response=list[StepOut])
def operation_steps(request, operation_id: int, filters: Query[BoardQuery]):
    """The steps of an operation the caller may read, as on the protocol board."""
    try:
        operation = selectors.operation_get(request.user, operation_id, manage=False)
    except NotFound as exc:
        raise Http404 from exc
    board = selectors.board(request.user, operation, by=filters.by, window=filters.window)
    selectors.board_read(request.user, board, request=request, channel="api")
    return [_step_out(s, s.current) for _label, steps in board.groups for s in steps]


class StepDone(Schema):
    findings: str = ""
    outcome: str = ""
    checklist: list[str] = []
    document_number: str = ""
    done_at: datetime | None = None


class StepWaive(Schema):
    reason: str


def _act(request, step_id: int, action):
    try:
        step = selectors.step_get_for_action(request.user, step_id)
        step = action(step)
    except (NotFound, policy.AccessDenied) as exc:
        raise Http404 from exc
    except services.ReceptionError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(200, _step_out(step, step.status))


@router.post("/steps/{step_id}/complete", response={200: StepOut, 422: dict})
def step_complete(request, step_id: int, payload: StepDone):
    return _act(request, step_id, lambda step: services.step_complete(
        actor=request.user, step=step, findings=payload.findings, outcome=payload.outcome,
        checklist=payload.checklist, document_number=payload.document_number, done_at=payload.done_at,
        request=request, channel="api",
    ))


@router.post("/steps/{step_id}/waive", response={200: StepOut, 422: dict})
def step_waive(request, step_id: int, payload: StepWaive):
    return _act(request, step_id, lambda step: services.step_waive(
        actor=request.user, step=step, reason=payload.reason, request=request, channel="api",
    ))


class CapacityQuery(Schema):
    protocol: str = Field(..., max_length=50)
    adult_man: int = Field(0, ge=0, le=100_000)
    adult_woman: int = Field(0, ge=0, le=100_000)
    minor: int = Field(0, ge=0, le=100_000)
    unaccompanied_minor: int = Field(0, ge=0, le=100_000)
    roster: str = Field("", max_length=2000, description="profession=staff x hours a day, comma-separated")


class NeedOut(Schema):
    window: str
    window_hours: float
    profession: str
    needed_hours: float
    staff: int
    available_hours: float
    shortfall_hours: float
    staff_needed: int


@router.get("/capacity", response={200: list[NeedOut], 422: dict})
def capacity(request, filters: Query[CapacityQuery]):
    """Staff-hours per profession within each deadline of a protocol, against a roster."""
    if not selectors.may_manage(request.user):
        raise Http404
    try:
        protocol = get_protocol(filters.protocol)
        roster = parse_roster(filters.roster)
    except (ProtocolError, RosterError) as exc:
        return Status(422, {"detail": str(exc)})
    counts = {k: getattr(filters, k) for k in ("adult_man", "adult_woman", "minor", "unaccompanied_minor")}
    plan = capacity_plan(protocol, counts, roster)
    return Status(200, [
        {"window": n.window, "window_hours": n.window_hours, "profession": n.profession,
         "needed_hours": n.needed_hours, "staff": n.staff, "available_hours": n.available_hours,
         "shortfall_hours": n.shortfall_hours, "staff_needed": n.staff_needed}
        for n in plan.needs
    ])
