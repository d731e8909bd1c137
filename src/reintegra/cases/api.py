from datetime import datetime
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from . import selectors, services, worklist
from .category import case_category

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: int
    reference: str
    person_id: int
    stage: str
    category: str
    compartments: dict[str, dict]


@router.get("/{case_id}", response=CaseOut)
def case_get(request, case_id: int):
    try:
        case_file = selectors.case_file_read(request.user, case_id, request=request, channel="api")
    except selectors.NotFound as exc:
        raise Http404 from exc
    case = case_file.case
    return {
        "id": case.pk,
        "reference": case.reference,
        "person_id": case.person_id,
        "stage": case.stage,
        "category": case_category(case),
        "compartments": case_file.compartments,
    }


# --- The working list ------------------------------------------------------------------

work_router = Router(tags=["work"])


class WorkItemOut(Schema):
    kind: str
    kind_label: str
    title: str
    due_at: datetime | None
    overdue: bool
    url: str
    case_id: int | None
    case_reference: str
    owner: str
    status: str
    task_id: int | None


class WorkQuery(Schema):
    due: Literal["", "overdue", "today", "week"] = ""
    whose: Literal["all", "mine", "agency"] = "all"
    kind: str = ""
    case_id: int | None = None
    limit: int = Field(50, ge=1, le=500)


@work_router.get("", response=list[WorkItemOut])
def work_list(request, filters: Query[WorkQuery]):
    """The caller's working list: every due item from every app, earliest first."""
    query = worklist.Query(
        whose=filters.whose, case_id=filters.case_id, due_before=worklist.due_before(filters.due),
        limit=filters.limit,
    )
    return worklist.work_items(request.user, query, only_kinds=[filters.kind] if filters.kind else None)


class TaskDone(Schema):
    outcome: str = ""


@work_router.post("/tasks/{task_id}/complete", response=WorkItemOut)
def task_complete(request, task_id: int, payload: TaskDone):
    try:
        task = selectors.task_get_for_action(request.user, task_id)
        task = services.task_complete(actor=request.user, task=task, outcome=payload.outcome,
                                      request=request, channel="api")
    except selectors.NotFound as exc:
        raise Http404 from exc
    except services.CaseInputError as exc:
        raise HttpError(422, str(exc)) from exc
    return worklist.WorkItem(
        kind="task", kind_label=str(_("Task")), title=task.title, due_at=task.due_at,
        url=services.task_url(task), case_id=task.case_id,
        case_reference=task.case.reference if task.case_id else "", status=task.get_status_display(),
        task_id=task.pk,
    )
