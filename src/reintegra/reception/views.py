"""Pages of the reception app. Thin: parse, call one service or selector, render.

Operations, manifests, people abroad and capacity belong to the coordinating unit
(`reception.manage_operations`); the protocol board shows every user the steps they may
read; a child's placement page belongs to readers of the child-protection compartment.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.access import policy
from reintegra.cases.selectors import NotFound
from reintegra.people.models import Person

from . import selectors, services
from .capacity import capacity_plan
from .forms import (
    AbroadForm,
    BoardForm,
    CapacityForm,
    ManifestForm,
    OperationForm,
    PlacementForm,
    ScreeningForm,
    StatusForm,
    StepDoneForm,
    TeamForm,
    WaiveForm,
)
from .protocols import get_protocol, shipped_protocols


def manager_required(view):
    """Pages of the coordinating unit: others get the same 404 as for a missing page."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.may_manage(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _operation(request, operation_id: int, manage: bool = True):
    try:
        return selectors.operation_get(request.user, operation_id, manage=manage)
    except NotFound as exc:
        raise Http404 from exc


@login_required
def operations(request):
    may_manage = selectors.may_manage(request.user)
    form = OperationForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                operation = services.operation_create(
                    actor=request.user, name=data["name"], arrival_at=data["arrival_at"], protocol=data["protocol"],
                    municipality=data["municipality"], notes=data["notes"], request=request,
                )
                messages.success(request, _("Operation created: %(name)s") % {"name": operation.name})
                return redirect("reception:operation", operation.pk)
            except services.ReceptionError as exc:
                form.add_error(None, str(exc))
    listed = selectors.operations_with_visible_steps(request.user).order_by("-arrival_at")
    return render(request, "reception/operations.html", {"operations": listed, "form": form, "may_manage": may_manage})


@manager_required
def operation_detail(request, operation_id: int):
    operation = _operation(request, operation_id)
    upload = ManifestForm()
    rejected = None
    if request.method == "POST" and "file" in request.FILES:
        upload = ManifestForm(request.POST, request.FILES)
        if upload.is_valid():
            f = upload.cleaned_data["file"]
            try:
                result = services.manifest_import(
                    actor=request.user, operation=operation, data=f.read(), filename=f.name,
                    encoding=upload.cleaned_data["encoding"] or None, request=request,
                )
                messages.success(request, _("%(n)d people imported, %(s)d steps, %(c)d registry candidates to review.")
                                 % {"n": len(result.members), "s": result.steps, "c": result.candidates})
                for warning in result.manifest.warnings:
                    messages.warning(request, str(warning))
                return redirect("reception:operation", operation.pk)
            except services.ManifestRejected as exc:
                rejected = exc.manifest
            except services.ReceptionError as exc:
                upload.add_error(None, str(exc))
    members = list(selectors.members_for(request.user, operation))
    selectors.operation_page_read(request.user, operation, members, request=request)
    context = {
        "operation": operation, "protocol": get_protocol(operation.protocol), "members": members,
        "upload": upload, "rejected": rejected, "team_form": TeamForm(), "status_form": StatusForm(initial={"status": operation.status}),
        "team": operation.team.select_related("user__staff__agency"), "imports": operation.imports.all(),
    }
    return render(request, "reception/operation_detail.html", context, status=422 if rejected else 200)


@manager_required
@require_POST
def operation_team(request, operation_id: int):
    operation = _operation(request, operation_id)
    form = TeamForm(request.POST)
    if form.is_valid():
        services.operation_team_add(actor=request.user, operation=operation, user=form.cleaned_data["username"],
                                    role_in_case=form.cleaned_data["role_in_case"], request=request)
        messages.success(request, _("Added to the reception team."))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("reception:operation", operation.pk)


@manager_required
@require_POST
def operation_status(request, operation_id: int):
    operation = _operation(request, operation_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.operation_status_set(actor=request.user, operation=operation, status=form.cleaned_data["status"],
                                          request=request)
            messages.success(request, _("Status: %(s)s") % {"s": operation.get_status_display()})
        except services.ReceptionError as exc:
            messages.error(request, str(exc))
    return redirect("reception:operation", operation.pk)


@login_required
def board(request, operation_id: int):
    operation = _operation(request, operation_id, manage=False)
    form = BoardForm(request.GET or None)
    by, window = "person", "all"
    if form.is_valid():
        by, window = form.cleaned_data["by"] or "person", form.cleaned_data["window"] or "all"
    result = selectors.board(request.user, operation, by=by, window=window)
    selectors.board_read(request.user, result, request=request)
    return render(request, "reception/board.html", {
        "operation": operation, "board": result, "form": form, "now": timezone.now(),
        "may_manage": selectors.may_manage(request.user),
    })


def _step(request, step_id: int):
    try:
        return selectors.step_get_for_action(request.user, step_id)
    except NotFound as exc:
        raise Http404 from exc


@login_required
def step_detail(request, step_id: int):
    step = _step(request, step_id)
    spec = get_protocol(step.protocol).step(step.key)
    done_form = StepDoneForm(request.POST or None, spec=spec) if "done" in request.POST else StepDoneForm(spec=spec)
    waive_form = WaiveForm(request.POST or None) if "waive" in request.POST else WaiveForm()
    if request.method == "POST":
        try:
            if "done" in request.POST and done_form.is_valid():
                data = done_form.cleaned_data
                services.step_complete(
                    actor=request.user, step=step, findings=data["findings"], outcome=data.get("outcome", ""),
                    checklist=data.get("checklist") or [], document_number=data.get("document_number", ""),
                    done_at=data["done_at"], request=request,
                )
                messages.success(request, _("Done: %(step)s") % {"step": step.title})
                return redirect(reverse("reception:board", args=[step.member.operation_id]) + f"#step-{step.pk}")
            if "waive" in request.POST and waive_form.is_valid():
                services.step_waive(actor=request.user, step=step, reason=waive_form.cleaned_data["reason"],
                                    request=request)
                messages.success(request, _("Waived: %(step)s") % {"step": step.title})
                return redirect(reverse("reception:board", args=[step.member.operation_id]) + f"#step-{step.pk}")
        except policy.AccessDenied as exc:
            raise Http404 from exc
        except services.ReceptionError as exc:
            messages.error(request, str(exc))
    access = policy.case_access(request.user, step.case)
    subj = policy.subject(request.user)
    may_act = step.compartment in access.writable and (
        (subj.agency is not None and subj.agency.pk == step.agency_id) or policy.has_permission(request.user, services.STEP_ANY)
    )
    siblings = step.member.steps.filter(pk__in=selectors.steps_visible(request.user).values("pk")).order_by("due_at")
    return render(request, "reception/step.html", {
        "step": step, "spec": spec, "done_form": done_form, "waive_form": waive_form, "may_act": may_act,
        "now": timezone.now(), "siblings": siblings,
    }, status=422 if request.method == "POST" else 200)


@manager_required
def abroad(request):
    form = AbroadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        born, precision = data.pop("date_of_birth")
        names = {k: data.pop(k) for k in ("given_name", "family_name", "sex", "municipality")}
        try:
            services.abroad_create(actor=request.user, birth_date=born, birth_date_precision=precision,
                                   request=request, **names, **data)
            messages.success(request, _("Recorded: %(name)s") % {"name": f"{names['given_name']} {names['family_name']}"})
            return redirect("reception:abroad")
        except (services.ReceptionError, ValueError) as exc:
            form.add_error(None, str(exc))
    people = list(selectors.abroad_list(request.user))
    selectors.abroad_read(request.user, people, request=request)
    return render(request, "reception/abroad.html", {"people": people, "form": form})


def _carers(user, case) -> list[tuple[int, str]]:
    """The child's relatives the user may see, as carer choices."""
    from reintegra.cases.selectors import family_of

    return [(r["person_id"], f"{r['name']} ({r['relationship']})") for r in family_of(user, case.person)["relatives"]]


@login_required
def placement(request, case_id: int):
    try:
        case, access = selectors.placement_context(request.user, case_id)
    except NotFound as exc:
        raise Http404 from exc
    carers = _carers(request.user, case)
    allowed = {pk for pk, _label in carers}
    screening_form = ScreeningForm(request.POST if "screen" in request.POST else None, carers=carers)
    placement_form = PlacementForm(request.POST if "place" in request.POST else None, carers=carers)
    if request.method == "POST":
        if "child_protection" not in access.writable:
            raise Http404
        try:
            if "screen" in request.POST and screening_form.is_valid():
                data = screening_form.cleaned_data
                carer = Person.objects.get(pk=data["carer"]) if data["carer"] in allowed else None
                if carer is None:
                    raise Http404
                services.carer_screening_record(actor=request.user, case=case, carer=carer, outcome=data["outcome"],
                                                notes=data["notes"], assessment_id=data["assessment_id"], request=request)
                messages.success(request, _("Screening recorded."))
                return redirect("reception:placement", case.pk)
            if "place" in request.POST and placement_form.is_valid():
                data = placement_form.cleaned_data
                carer = None
                if data["carer"] is not None:
                    if data["carer"] not in allowed:
                        raise Http404
                    carer = Person.objects.get(pk=data["carer"])
                services.placement_record(actor=request.user, case=case, kind=data["kind"], carer=carer,
                                          institution=data["institution"], notes=data["notes"], request=request)
                messages.success(request, _("Placement recorded."))
                return redirect("reception:placement", case.pk)
        except services.ReceptionError as exc:
            messages.error(request, str(exc))
    context = selectors.placement_read(request.user, case, request=request)
    context.update({"case": case, "screening_form": screening_form, "placement_form": placement_form,
                    "can_write": "child_protection" in access.writable})
    return render(request, "reception/placement.html", context, status=422 if request.method == "POST" else 200)


@manager_required
def capacity(request):
    operations = selectors.operations_list(request.user).order_by("-arrival_at")
    form = CapacityForm(request.GET or None, operations=operations)
    plan = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        protocol = get_protocol(data["protocol"])
        if data["operation"]:
            operation = operations.filter(pk=data["operation"]).first()
            if operation is None:
                raise Http404
            counts = selectors.operation_counts(operation)
            arrival = operation.arrival_at
        else:
            counts = {k: data[k] or 0 for k in ("adult_man", "adult_woman", "minor", "unaccompanied_minor")}
            arrival = None
        plan = capacity_plan(protocol, counts, data["roster"], arrival)
    return render(request, "reception/capacity.html", {"form": form, "plan": plan})


@login_required
def protocols(request):
    return render(request, "reception/protocols.html", {"protocols": sorted(shipped_protocols().values(), key=lambda p: p.name)})
