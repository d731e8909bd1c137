"""Pages of the duplicate review queue. Thin: parse, call one selector or service, render.

Only holders of `linkage.review` see the queue; for anyone else every page is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.access.policy import AccessDenied

from . import selectors, services
from .models import PairStatus

PAGE_SIZE = 25


@login_required
def queue(request):
    if not selectors.may_review(request.user):
        raise Http404
    status = request.GET.get("status", PairStatus.PENDING)
    if status not in PairStatus.values:
        status = PairStatus.PENDING
    page = Paginator(selectors.pairs_visible(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "linkage/queue.html", {
        "page": page, "status": status, "statuses": PairStatus.choices, "query": f"status={status}",
    })


@login_required
def pair(request, pair_id: int):
    found = selectors.pair_get(request.user, pair_id)
    if found is None:
        raise Http404
    detail = selectors.pair_detail(request.user, found, request=request)
    return render(request, "linkage/pair.html", detail)


@login_required
@require_POST
def decide(request, pair_id: int):
    found = selectors.pair_get(request.user, pair_id)
    if found is None:
        raise Http404
    decision = request.POST.get("decision", "")
    keep = request.POST.get("keep") or None
    try:
        keep_id = int(keep) if keep is not None else None
        services.pair_decide(actor=request.user, pair=found, decision=decision, keep=keep_id, request=request)
    except AccessDenied as exc:
        raise Http404 from exc
    except ValueError as exc:  # LinkageError, or a `keep` that is not a number
        messages.error(request, str(exc) if isinstance(exc, services.LinkageError)
                       else _("The person to keep must be one of the two of the pair."))
        return redirect("linkage:pair", pair_id=found.pk)
    if decision == "same":
        messages.success(request, _("Merged: one person now holds both records. The merge can be undone."))
    else:
        messages.success(request, _("Remembered as different people; this pair will not be proposed again."))
    return redirect("linkage:queue")


@login_required
@require_POST
def unmerge(request, merge_id: int):
    merge = selectors.merge_get(request.user, merge_id)
    if merge is None:
        raise Http404
    try:
        services.person_unmerge(actor=request.user, merge=merge, request=request)
    except AccessDenied as exc:
        raise Http404 from exc
    except services.LinkageError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The merge is undone: each person has their own records again."))
    if merge.pair_id:
        return redirect("linkage:pair", pair_id=merge.pair_id)
    return redirect("linkage:queue")
