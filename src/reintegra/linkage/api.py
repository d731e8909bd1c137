"""The duplicate review queue in the API: /api/v1/linkage/...

Only holders of `linkage.review` get anything; for anyone else every call answers 404,
as the pages do (denied and not found look the same).
"""

from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from . import selectors, services

router = Router(tags=["linkage"])


class PairPerson(Schema):
    id: int
    display_name: str
    date_of_birth: str
    sex: str


class PairItem(Schema):
    id: int
    person_a: PairPerson
    person_b: PairPerson
    match_probability: float | None
    match_weight: float | None
    source: str
    status: str
    created_at: str
    explanation: dict


class PairPage(Schema):
    items: list[PairItem]
    count: int


class PageParams(Schema):
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


def _person(p) -> dict:
    from reintegra.people.dates import format_partial_date

    return {"id": p.pk, "display_name": p.display_name, "sex": p.sex,
            "date_of_birth": format_partial_date(p.birth_date, p.birth_date_precision)}


def _item(pair) -> dict:
    return {
        "id": pair.pk, "person_a": _person(pair.person_a), "person_b": _person(pair.person_b),
        "match_probability": pair.match_probability, "match_weight": pair.match_weight,
        "source": pair.source, "status": pair.status, "created_at": pair.created_at.isoformat(),
        "explanation": pair.explanation or {},
    }


def _require_reviewer(request) -> None:
    if not selectors.may_review(request.user):
        raise Http404


@router.get("/duplicates", response=PairPage)
def duplicates_list(request, params: Query[PageParams]):
    """Pending pairs, best first (names and dates of birth only: open a pair to see more)."""
    _require_reviewer(request)
    pairs = selectors.pairs_visible(request.user)
    page = pairs[params.offset: params.offset + params.limit]
    return {"items": [_item(p) for p in page], "count": pairs.count()}


@router.get("/duplicates/{pair_id}", response=dict)
def duplicate_get(request, pair_id: int):
    """Both persons side by side and why the model proposes them (an audited read of both)."""
    pair = selectors.pair_get(request.user, pair_id)
    if pair is None:
        raise Http404
    detail = selectors.pair_detail(request.user, pair, request=request, channel="api")
    merge = detail["merge"]
    return {**_item(pair), "a": detail["a"], "b": detail["b"], "comparisons": detail["explanation"],
            "merge_id": merge.pk if merge else None}


class DecideIn(Schema):
    decision: Literal["same", "different"]
    keep: int | None = Field(None, description="with 'same': the id of the person to keep (default: "
                                               "the one with a case, else the one registered first)")


class DecideOut(Schema):
    id: int
    status: str
    merge_id: int | None = None


@router.post("/duplicates/{pair_id}/decide", response=DecideOut)
def duplicate_decide(request, pair_id: int, payload: DecideIn):
    pair = selectors.pair_get(request.user, pair_id)
    if pair is None:
        raise Http404
    try:
        pair = services.pair_decide(actor=request.user, pair=pair, decision=payload.decision, keep=payload.keep,
                                    request=request, channel="api")
    except services.LinkageError as exc:
        raise HttpError(409, str(exc)) from None
    merge = pair.merges.filter(undone_at__isnull=True).first()
    return {"id": pair.pk, "status": pair.status, "merge_id": merge.pk if merge else None}


class UnmergeOut(Schema):
    id: int
    undone_at: str
    pair_id: int | None


@router.post("/merges/{merge_id}/unmerge", response=UnmergeOut)
def merge_undo(request, merge_id: int):
    merge = selectors.merge_get(request.user, merge_id)
    if merge is None:
        raise Http404
    try:
        merge = services.person_unmerge(actor=request.user, merge=merge, request=request, channel="api")
    except services.LinkageError as exc:
        raise HttpError(409, str(exc)) from None
    return {"id": merge.pk, "undone_at": merge.undone_at.isoformat(), "pair_id": merge.pair_id}
