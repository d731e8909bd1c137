"""Every read of the reception app, scoped by the access policy.

A user sees a protocol step when they may read its compartment on the case; the board,
the working list, the timeline and the attention reasons all ask the database the same
way (`cases.selectors._compartment_scoped`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.access import policy
from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.audit.services import audit_record
from reintegra.cases import attention, timeline, worklist
from reintegra.cases.models import Case
from reintegra.cases.selectors import NotFound, _compartment_scoped

from .models import (
    Operation,
    OperationMember,
    PersonAbroad,
    Placement,
    RegistryCandidate,
    Step,
    StepStatus,
)
from .protocols import step_title

MANAGE = "reception.manage_operations"


def may_manage(user) -> bool:
    return policy.has_permission(user, MANAGE)


# --- Operations ------------------------------------------------------------------------------------


def operations_list(user) -> QuerySet[Operation]:
    """Operations belong to the coordinating unit; others reach their steps on the board."""
    if not may_manage(user):
        return Operation.objects.none()
    return Operation.objects.all()


def operations_with_visible_steps(user) -> QuerySet[Operation]:
    """Operations where the user may see at least one step (for the board's menu)."""
    if may_manage(user):
        return Operation.objects.all()
    visible = steps_visible(user).filter(member__operation=OuterRef("pk"))
    return Operation.objects.filter(Exists(visible))


def operation_get(user, operation_id: int, *, manage: bool = True) -> Operation:
    operation = Operation.objects.filter(pk=operation_id).first()
    if operation is None:
        raise NotFound
    if manage and not may_manage(user):
        raise NotFound
    if not manage and not operations_with_visible_steps(user).filter(pk=operation_id).exists():
        raise NotFound
    return operation


def members_for(user, operation: Operation) -> QuerySet[OperationMember]:
    """People on the operation whose identity the user may read."""
    allowed = policy.case_filter(user, compartment="identity", prefix="case__")
    if allowed is None:
        return OperationMember.objects.none()
    return (operation.members.filter(allowed).select_related("person", "case")
            .prefetch_related("candidates__candidate").order_by("row", "pk"))


def operation_page_read(user, operation: Operation, members: list[OperationMember], *, request=None,
                        channel: str = "page") -> None:
    """The operation page lists names, dates of birth and registry candidates: audited."""
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="operation",
            object_id=operation.pk, compartments=["identity"],
            detail={"persons_shown": sorted(m.person_id for m in members),
                    "candidates_shown": sorted({c.candidate_id for m in members for c in m.candidates.all()})},
        )


def candidates_for_review(operation: Operation) -> QuerySet[RegistryCandidate]:
    """The (new person, registry person) pairs of an operation that await review: for the
    linkage review queue."""
    return RegistryCandidate.objects.filter(member__operation=operation, reviewed=False).select_related(
        "member__person", "candidate"
    )


# --- Steps ------------------------------------------------------------------------------------------


def steps_visible(user) -> QuerySet[Step]:
    return Step.objects.filter(_compartment_scoped(user))


def status_at(step: Step, at: datetime) -> str:
    """open, done, waived or overdue as of a moment (for hour 50 of a 72-hour plan)."""
    if step.closed_at is not None and step.closed_at <= at:
        return step.status
    return "overdue" if step.due_at < at else StepStatus.OPEN


def step_get_for_action(user, step_id: int) -> Step:
    step = steps_visible(user).filter(pk=step_id).select_related("case__person", "agency", "member__operation").first()
    if step is None:
        raise NotFound
    return step


@dataclass
class Board:
    operation: Operation
    groups: list[tuple[str, list[Step]]]
    by: str
    window: str
    total: int
    overdue: int
    due_soon: int


WINDOWS = {"all": None, "overdue": 0, "6h": 6, "24h": 24, "72h": 72}


def board(user, operation: Operation, *, by: str = "person", window: str = "all", now: datetime | None = None) -> Board:
    """The open steps of an operation the user may see, grouped by person or by agency.

    window: all (every step, closed too), overdue, or due within the next 6/24/72 hours
    (overdue included)."""
    from datetime import timedelta

    now = now or timezone.now()
    steps = steps_visible(user).filter(member__operation=operation)
    if window != "all":
        steps = steps.filter(status=StepStatus.OPEN)
        hours = WINDOWS.get(window, 0) or 0
        steps = steps.filter(due_at__lt=now + timedelta(hours=hours))
    steps = steps.select_related("case__person", "agency", "member").order_by(
        "member__row", "due_at", "pk") if by == "person" else steps.select_related(
        "case__person", "agency", "member").order_by(F("agency__name").asc(nulls_first=True), "due_at", "pk")
    groups: dict[str, list[Step]] = defaultdict(list)
    for step in steps:
        step.current = status_at(step, now)
        if by == "person":
            label = f"{step.member.ref} · {step.case.person.display_name} · {step.case.reference}"
        else:
            label = step.agency.name if step.agency_id else _("No agency yet (%(type)s)") % {"type": step.agency_type}
        groups[label].append(step)
    flat = [s for g in groups.values() for s in g]
    open_steps = [s for s in flat if s.status == StepStatus.OPEN]
    return Board(
        operation=operation, groups=list(groups.items()), by=by, window=window, total=len(flat),
        overdue=sum(1 for s in open_steps if s.due_at < now),
        due_soon=sum(1 for s in open_steps if now <= s.due_at < now + timedelta(hours=24)),
    )


def board_read(user, board_: Board, *, request=None, channel: str = "page") -> None:
    compartments = sorted({s.compartment for _g, steps in board_.groups for s in steps})
    persons = sorted({s.case.person_id for _g, steps in board_.groups for s in steps})
    with transaction.atomic():
        audit_record(user=user, action="read", request=request, channel=channel, object_type="protocol_board",
                     object_id=board_.operation.pk, compartments=compartments,
                     detail={"persons_shown": persons, "by": board_.by, "window": board_.window})


def protocol_status_rows(operation: Operation, at: datetime) -> list[dict]:
    """Every person's steps with deadline and status as of `at` (the command line's CSV)."""
    rows = []
    for step in (Step.objects.filter(member__operation=operation)
                 .select_related("member", "case__person", "agency").order_by("member__row", "member_id", "due_at", "pk")):
        rows.append({
            "ref": step.member.ref,
            "case": step.case.reference,
            "person": step.case.person.display_name,
            "category": step.member.category,
            "step": step.key,
            "title": step.title,
            "agency": step.agency.name if step.agency_id else f"({step.agency_type})",
            "due_at": step.due_at,
            "status": status_at(step, at),
            "closed_at": step.closed_at if step.closed_at and step.closed_at <= at else None,
        })
    return rows


# --- People abroad, placements --------------------------------------------------------------------


def abroad_list(user) -> QuerySet[PersonAbroad]:
    if not may_manage(user):
        return PersonAbroad.objects.none()
    allowed = policy.case_filter(user, compartment="identity", prefix="case__")
    if allowed is None:
        return PersonAbroad.objects.none()
    return PersonAbroad.objects.filter(allowed).select_related("person", "case", "family_contact")


def placement_context(user, case_id: int):
    """A child's case with its placements and screenings, for readers of child_protection."""
    case = Case.objects.select_related("person").filter(pk=case_id).first()
    if case is None:
        raise NotFound
    access = policy.case_access(user, case)
    if "child_protection" not in access.readable:
        raise NotFound
    return case, access


def unplaced_minors(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Orphans and unaccompanied minors with no current placement."""
    placed = Placement.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)
    return cases.filter(Q(orphan=True) | Q(unaccompanied_minor=True)).exclude(Exists(placed)).exclude(stage="closed")


def abroad_read(user, people: list[PersonAbroad], *, request=None, channel: str = "page") -> None:
    with transaction.atomic():
        audit_record(user=user, action="read", request=request, channel=channel, object_type="people_abroad",
                     compartments=["identity", "family"], detail={"persons_shown": sorted(p.person_id for p in people)})


def placement_read(user, case: Case, *, request=None, channel: str = "page") -> dict:
    """A child's placements and carer screenings, audited as a read of child protection."""
    from .models import CarerScreening

    placements = list(Placement.objects.filter(case=case).select_related("carer", "placed_by", "screening"))
    screenings = list(CarerScreening.objects.filter(case=case).select_related("carer", "screened_by"))
    with transaction.atomic():
        audit_record(user=user, action="read", request=request, channel=channel, object_type="placement",
                     object_id=case.pk, case_id=case.pk, person_id=case.person_id, compartments=["child_protection"])
    current = next((p for p in placements if p.ended_at is None), None)
    return {"placements": placements, "screenings": screenings, "current": current,
            "needs_placement": (case.orphan or case.unaccompanied_minor) and current is None}


def operation_counts(operation: Operation) -> dict[str, int]:
    """People on the operation by the category the protocol applies to them."""
    from reintegra.cases.category import category_on

    from .protocols import protocol_category

    day = timezone.localtime(operation.arrival_at).date()
    counts: dict[str, int] = defaultdict(int)
    for member in operation.members.select_related("person", "case"):
        category = member.category or protocol_category(category_on(
            sex=member.person.sex, birth_date=member.person.birth_date, precision=member.person.birth_date_precision,
            on=day, unaccompanied=member.case.unaccompanied_minor))
        counts[category] += 1
    return dict(counts)


# --- The working list, the timeline, attention ------------------------------------------------------


@worklist.source("protocol_step", gettext_lazy("Protocol step"))
def _step_items(user, query: worklist.Query) -> list[worklist.WorkItem]:
    from django.urls import reverse

    subj = policy.subject(user)
    if subj.agency is None:
        return []
    steps = steps_visible(user).filter(status=StepStatus.OPEN)
    own = Q(agency=subj.agency)
    if query.whose == worklist.Whose.MINE:
        caseload = Q(case__key_worker_id=subj.user_id) | Q(case__team__user_id=subj.user_id)
        steps = steps.filter(own).filter(pk__in=Step.objects.filter(caseload).values("pk"))
    elif query.whose == worklist.Whose.ALL and policy.has_permission(user, "reception.step_any"):
        steps = steps.filter(own | Q(agency__isnull=True))
    else:
        steps = steps.filter(own)
    if query.case_id is not None:
        steps = steps.filter(case_id=query.case_id)
    if query.due_before is not None:
        steps = steps.filter(due_at__lt=query.due_before)
    steps = steps.select_related("case__person", "agency", "member").order_by("due_at", "pk")[: query.limit]
    return [
        worklist.WorkItem(
            kind="protocol_step", title=step_title(s), due_at=s.due_at,
            url=reverse("reception:board", args=[s.member.operation_id]) + f"?by=person#step-{s.pk}",
            case_id=s.case_id, case_reference=s.case.reference, person_name=s.case.person.display_name,
            owner=s.agency.name if s.agency_id else s.agency_type, status=s.get_status_display(),
        )
        for s in steps
    ]


def _timeline_for(compartment: str):
    def events(case, *, viewer) -> list[timeline.Event]:
        found = []
        for step in case.protocol_steps.filter(compartment=compartment).order_by("due_at"):
            if step.status == StepStatus.OPEN:
                found.append(timeline.Event(at=step.due_at, compartment=compartment, kind="protocol_step",
                                            title=_("Due: %(step)s") % {"step": step_title(step)}, planned=True))
            elif step.status == StepStatus.DONE:
                found.append(timeline.Event(at=step.closed_at, compartment=compartment, kind="protocol_step",
                                            title=_("Done: %(step)s") % {"step": step_title(step)},
                                            detail=step.findings))
            else:
                found.append(timeline.Event(at=step.closed_at, compartment=compartment, kind="protocol_step",
                                            title=_("Waived: %(step)s") % {"step": step_title(step)},
                                            detail=step.waive_reason))
        return found

    return events


def _attention_for(compartment: str):
    def overdue(cases: QuerySet) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        for step in Step.objects.filter(
            case__in=cases, compartment=compartment, status=StepStatus.OPEN, due_at__lt=timezone.now()
        ).only("case_id", "title", "protocol", "key").order_by("due_at"):
            found[step.case_id].append(_("Protocol step overdue: %(step)s") % {"step": step_title(step)})
        return dict(found)

    return overdue


for _compartment in ALL_COMPARTMENTS:
    timeline.source(_compartment)(_timeline_for(_compartment))
    attention.source("protocol_step_overdue", compartment=_compartment)(_attention_for(_compartment))


@attention.source("unplaced_minor", compartment="child_protection")
def _unplaced(cases: QuerySet) -> dict[int, list[str]]:
    return {
        pk: [_("Orphan or unaccompanied minor not yet placed")]
        for pk in unplaced_minors(cases).values_list("pk", flat=True)
    }
