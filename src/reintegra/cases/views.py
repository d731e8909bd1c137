"""Pages of the case file. Thin: parse, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.access import policy
from reintegra.access.compartments import ALL_COMPARTMENTS, Compartment

from . import selectors, services
from . import worklist as wl
from .category import Category, case_category
from .forms import WorklistFilterForm


@login_required
def home(request):
    cases = selectors.my_cases(request.user)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    rows = [(case, Category(case_category(case)).label) for case in page.object_list]
    return render(request, "cases/home.html", {"page": page, "rows": rows})


def _tabs(access):
    return [(c, Compartment(c).label) for c in ALL_COMPARTMENTS if c in access.readable]


@login_required
def case_detail(request, case_id: int, compartment: str | None = None):
    try:
        case, access = selectors.case_get(request.user, case_id)
    except selectors.NotFound as exc:
        raise Http404 from exc
    tabs = _tabs(access)
    current = compartment or tabs[0][0]
    if current not in access.readable:
        raise Http404
    case_file = selectors.case_file_read(
        request.user, case.pk, only=[current], request=request, found=(case, access)
    )
    panel_template = select_template([f"cases/tabs/{current}.html", "cases/tabs/_generic.html"])
    context = {
        "case": case,
        "access": access,
        "category": Category(case_category(case)).label,
        "tabs": tabs,
        "current": current,
        "current_label": Compartment(current).label,
        "data": case_file.compartments[current],
        "panel_template": panel_template.template.name,
        "can_write": current in access.writable,
        "may_break_glass": policy.may_break_glass(request.user)
        and set(ALL_COMPARTMENTS) - access.readable,
    }
    if request.htmx and request.htmx.target == "case-body":
        return render(request, "cases/case_detail.html#body", context)
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def note_add(request, case_id: int, compartment: str):
    try:
        case, access = selectors.case_get(request.user, case_id)
    except selectors.NotFound as exc:
        raise Http404 from exc
    if compartment not in access.writable:
        raise Http404
    try:
        services.case_note_add(
            actor=request.user, case=case, compartment=compartment,
            text=request.POST.get("text", ""), request=request,
        )
        messages.success(request, _("Note added."))
    except services.CaseInputError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("case-tab", args=[case.pk, compartment]))


@login_required
def timeline(request, case_id: int):
    try:
        case, access, events = selectors.case_timeline_read(request.user, case_id, request=request)
    except selectors.NotFound as exc:
        raise Http404 from exc
    context = {
        "case": case,
        "access": access,
        "category": Category(case_category(case)).label,
        "tabs": _tabs(access),
        "current": "timeline",
        "events": events,
        "may_break_glass": False,
    }
    if request.htmx and request.htmx.target == "case-body":
        return render(request, "cases/timeline.html#body", context)
    return render(request, "cases/timeline.html", context)


@login_required
def worklist(request):
    form = WorklistFilterForm(request.GET or None)
    query, only_kinds = form.query() if form.is_valid() else (wl.Query(), None)
    items = wl.work_items(request.user, query, only_kinds=only_kinds)
    return render(request, "cases/worklist.html", {"form": form, "items": items, "limit": query.limit})


@login_required
@require_POST
def task_complete(request, task_id: int):
    try:
        task = selectors.task_get_for_action(request.user, task_id)
        services.task_complete(actor=request.user, task=task, outcome=request.POST.get("outcome", ""),
                               request=request)
        messages.success(request, _("Task done: %(title)s") % {"title": task.title})
    except selectors.NotFound as exc:
        raise Http404 from exc
    except services.CaseInputError as exc:
        messages.error(request, str(exc))
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("worklist"))


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@login_required
def notifications(request):
    if request.method == "POST":
        services.notification_mark_read(actor=request.user)
        return redirect("notifications")
    page = Paginator(selectors.notifications_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "cases/notifications.html", {"page": page})
