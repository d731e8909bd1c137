from django.http import Http404
from ninja import Router, Schema

from . import selectors
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
