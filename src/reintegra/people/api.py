from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from reintegra.access import policy
from reintegra.audit.services import audit_record
from reintegra.cases.compartments import person_identity
from reintegra.cases.selectors import case_of

from . import selectors, services
from .dates import format_partial_date

router = Router(tags=["persons"])


class PersonItem(Schema):
    id: int
    display_name: str
    sex: str
    date_of_birth: str
    case_id: int | None


class PersonPage(Schema):
    items: list[PersonItem]
    count: int
    truncated: bool = Field(False, description="more matched than counted: narrow the search")


# Clients that page through results may see more than the page's cap, not the registry.
API_MAX_RESULTS = 5000


class SearchParams(Schema):
    q: str = Field("", max_length=200, description="Any name or alias, in any script")
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("", response=PersonPage)
def persons_list(request, params: Query[SearchParams]):
    if not params.q.strip():
        raise HttpError(400, _("Give a name to search for in 'q'."))
    found = selectors.person_search_ids(request.user, params.q, limit=API_MAX_RESULTS)
    services.search_record(
        user=request.user, request=request, query=params.q, found=found.count, more=found.truncated, channel="api"
    )
    page = selectors.persons_for_display(request.user, found.ids[params.offset : params.offset + params.limit])
    items = [
        {
            "id": p.pk,
            "display_name": p.display_name,
            "sex": p.sex,
            "date_of_birth": format_partial_date(p.birth_date, p.birth_date_precision),
            "case_id": p.case_id,
        }
        for p in page
    ]
    return {"items": items, "count": found.count, "truncated": found.truncated}


@router.get("/{person_id}", response=dict)
def person_get(request, person_id: int):
    person = selectors.person_get_visible(request.user, person_id)
    if person is None:
        raise Http404
    readable = policy.person_access(request.user, person)
    with transaction.atomic():
        body = person_identity(person) if "identity" in readable else {"person_id": person.pk}
        case = case_of(person)
        body["case_id"] = case.pk if case is not None and policy.case_access(request.user, case).visible else None
        audit_record(
            user=request.user, action="read", request=request, channel="api", object_type="person",
            object_id=person.pk, person_id=person.pk, compartments=sorted(readable & {"identity"}),
        )
    return body
