from datetime import datetime

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from reintegra.access import policy

from . import selectors

router = Router(tags=["audit"])


class EventOut(Schema):
    seq: int
    occurred_at: datetime
    username: str
    agency: str
    action: str
    object_type: str
    object_id: str
    person_id: int | None
    case_id: int | None
    compartments: list[str]
    ip_address: str
    channel: str
    reason: str


class EventPage(Schema):
    items: list[EventOut]
    count: int


class AuditParams(Schema):
    username: str = ""
    person_id: int | None = None
    agency: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("", response=EventPage)
def audit_list(request, params: Query[AuditParams]):
    try:
        events = selectors.audit_events(
            request.user, username=params.username, person_id=params.person_id,
            agency=params.agency, action=params.action, since=params.since, until=params.until,
        )
    except policy.AccessDenied as exc:
        raise Http404 from exc
    return {"items": list(events[params.offset : params.offset + params.limit]), "count": events.count()}
