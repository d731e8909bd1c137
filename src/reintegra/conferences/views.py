"""Pages of case conferences. Thin: parse a form, call one service or selector, render.

A conference that the user may not read, an agenda case they may not see, and a change
they may not make all answer 404, like something that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reintegra.access import policy
from reintegra.cases.selectors import NotFound

from . import forms, selectors, services


def _conference(user, conference_id):
    try:
        return selectors.conference_get(user, conference_id)
    except NotFound as exc:
        raise Http404 from exc


@login_required
def conference_list(request):
    return render(request, "conferences/list.html", {
        "upcoming": selectors.conference_list(request.user, upcoming=True)[:50],
        "past": selectors.conference_list(request.user, upcoming=False)[:50],
        "may_manage": policy.has_permission(request.user, services.MANAGE),
    })


@login_required
def conference_create(request):
    if not policy.has_permission(request.user, services.MANAGE):
        raise Http404
    form = forms.ConferenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            conference = services.conference_create(
                actor=request.user, title=cd["title"], held_at=cd["held_at"], chair=cd["chair"], place=cd["place"],
                invited_agencies=list(cd["invited_agencies"]), participants=list(cd["participants"]), request=request)
        except services.ConferenceInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Conference planned. Choose the cases for its agenda."))
            return redirect("conferences:proposal", conference.pk)
    return render(request, "conferences/create.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


def _detail(request, conference_id, *, attendance=None, participant=None, agenda=None, status=200):
    try:
        view = selectors.conference_read(request.user, conference_id, request=request)
    except NotFound as exc:
        raise Http404 from exc
    conference = view.conference
    return render(request, "conferences/detail.html", {
        "view": view, "conference": conference,
        "attendance_form": attendance or forms.AttendanceForm(conference=conference),
        "participant_form": participant or forms.ParticipantForm(),
        "agenda_form": agenda or forms.AgendaAddForm(),
    }, status=status)


@login_required
def conference_detail(request, conference_id: int):
    return _detail(request, conference_id)


def _refused(request, conference_id, exc, **bound):
    """A refused change: 404 when not allowed, the page with the error otherwise."""
    if isinstance(exc, policy.AccessDenied):
        raise Http404 from exc
    for form in bound.values():
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    if not bound:
        messages.error(request, str(exc))
        return redirect("conferences:detail", conference_id)
    return _detail(request, conference_id, status=422, **bound)


@login_required
@require_POST
def attendance(request, conference_id: int):
    conference = _conference(request.user, conference_id)
    form = forms.AttendanceForm(request.POST, conference=conference)
    if not form.is_valid():
        return _detail(request, conference_id, attendance=form, status=422)
    try:
        services.attendance_record(actor=request.user, conference=conference, request=request,
                                   present_users=list(form.cleaned_data["present_users"]),
                                   present_agencies=list(form.cleaned_data["present_agencies"]))
    except (policy.AccessDenied, services.ConferenceInputError) as exc:
        return _refused(request, conference_id, exc, attendance=form)
    messages.success(request, _("Attendance recorded."))
    return redirect("conferences:detail", conference_id)


@login_required
@require_POST
def participant_add(request, conference_id: int):
    conference = _conference(request.user, conference_id)
    form = forms.ParticipantForm(request.POST)
    if not form.is_valid():
        return _detail(request, conference_id, participant=form, status=422)
    try:
        services.participant_add(actor=request.user, conference=conference, user=form.cleaned_data["user"],
                                 request=request)
    except (policy.AccessDenied, services.ConferenceInputError) as exc:
        return _refused(request, conference_id, exc, participant=form)
    messages.success(request, _("Participant invited."))
    return redirect("conferences:detail", conference_id)


@login_required
@require_POST
def agenda_add(request, conference_id: int):
    conference = _conference(request.user, conference_id)
    form = forms.AgendaAddForm(request.POST)
    if not form.is_valid():
        return _detail(request, conference_id, agenda=form, status=422)
    case = policy.cases_readable(request.user).filter(reference=form.cleaned_data["reference"].strip()).first()
    if case is None:
        form.add_error("reference", _("No case you may read has this reference."))
        return _detail(request, conference_id, agenda=form, status=422)
    try:
        services.agenda_add(actor=request.user, conference=conference, case=case, request=request)
    except (policy.AccessDenied, services.ConferenceInputError) as exc:
        return _refused(request, conference_id, exc, agenda=form)
    messages.success(request, _("Case added to the agenda."))
    return redirect("conferences:detail", conference_id)


@login_required
def proposal(request, conference_id: int):
    conference = _conference(request.user, conference_id)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("case") if v.isdigit()]
        cases = list(policy.cases_readable(request.user).filter(pk__in=ids))
        if not cases:
            messages.error(request, _("Choose at least one case."))
            return redirect("conferences:proposal", conference_id)
        added = 0
        for case in cases:
            try:
                services.agenda_add(actor=request.user, conference=conference, case=case, request=request)
            except policy.AccessDenied as exc:
                raise Http404 from exc
            except services.ConferenceInputError as exc:
                messages.error(request, f"{case.reference}: {exc}")
            else:
                added += 1
        messages.success(request, ngettext("%(n)s case added to the agenda.", "%(n)s cases added to the agenda.",
                                           added) % {"n": added})
        return redirect("conferences:detail", conference_id)
    try:
        proposals = selectors.agenda_proposal(request.user, conference, request=request)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "conferences/proposal.html", {"conference": conference, "proposals": proposals})


@login_required
@require_POST
def approve(request, conference_id: int):
    conference = _conference(request.user, conference_id)
    try:
        services.minutes_approve(actor=request.user, conference=conference, request=request)
    except (policy.AccessDenied, services.ConferenceInputError) as exc:
        return _refused(request, conference_id, exc)
    messages.success(request, _("Minutes approved and locked. The actions are on their owners' working lists."))
    return redirect("conferences:detail", conference_id)


# --- One case at the meeting ------------------------------------------------------------------------


def _item_page(request, conference_id, item_id, *, bound=None, bound_name=None, status=200):
    try:
        view = selectors.item_read(request.user, conference_id, item_id, request=request)
    except NotFound as exc:
        raise Http404 from exc
    item = view.item
    blank = {
        "minutes": forms.MinutesForm(prefix="minutes", initial={"discussion": item.discussion,
                                                                "next_review_on": item.next_review_on}),
        "decision": forms.DecisionForm(prefix="decision"),
        "action": forms.ActionForm(prefix="action"),
    }
    if bound is not None:
        blank[bound_name] = bound
    return render(request, "conferences/item.html", {
        "view": view, "conference": view.conference, "item": item, "case": item.case, "summary": view.summary,
        "forms": blank if view.can_edit else {},
    }, status=status)


@login_required
def item_detail(request, conference_id: int, item_id: int):
    return _item_page(request, conference_id, item_id)


ITEM_FORMS = {"minutes": forms.MinutesForm, "decision": forms.DecisionForm, "action": forms.ActionForm}


def _run(name, user, item, form, request):
    cd = form.cleaned_data
    if name == "minutes":
        services.minutes_write(actor=user, item=item, discussion=cd["discussion"],
                               next_review_on=cd["next_review_on"], request=request)
        return _("Minutes saved.")
    if name == "decision":
        services.decision_add(actor=user, item=item, text=cd["text"], request=request)
        return _("Decision recorded.")
    services.action_add(actor=user, item=item, title=cd["title"], due_at=form.due_at, owner_user=cd["owner_user"],
                        owner_agency=cd["owner_agency"], compartment=cd["compartment"], request=request)
    return _("Action recorded. It becomes a task when the minutes are approved.")


@login_required
@require_POST
def item_act(request, conference_id: int, item_id: int, action: str):
    form_class = ITEM_FORMS.get(action)
    if form_class is None:
        raise Http404
    try:
        item = selectors.item_for_write(request.user, conference_id, item_id)
    except NotFound as exc:
        raise Http404 from exc
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            done = _run(action, request.user, item, form, request)
        except policy.AccessDenied as exc:
            raise Http404 from exc
        except services.ConferenceInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, done)
            return redirect("conferences:item", conference_id, item_id)
    if not services.may_edit(request.user, item.conference):
        if item.conference.locked and (item.conference.chair_id == request.user.pk
                                       or policy.has_permission(request.user, services.MANAGE)):
            messages.error(request, str(services.ConferenceLocked()))
            return redirect("conferences:item", conference_id, item_id)
        raise Http404  # a refused writer learns nothing from the form's errors
    return _item_page(request, conference_id, item_id, bound=form, bound_name=action, status=422)
