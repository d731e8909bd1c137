"""Pages of plans: the programme of a case (plan and referrals), a referral (for the case
side and for the provider), the provider's referrals and the service catalogue.

Thin: parse a form, call one service or selector, render. Every change is a POST to
`.../do/<action>/`; a refused input re-renders the page with the form and its error.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from reintegra.access import policy
from reintegra.cases.category import Category, case_category
from reintegra.cases.selectors import NotFound

from . import forms, selectors, services
from .models import Referral, ReferralStatus


@dataclass(frozen=True)
class Action:
    form: type
    title: Any
    run: Any  # (actor, case_or_referral, plan, cleaned_data, request) -> object
    done: Any
    when: Any = None  # (plan) -> bool: whether the form is offered


def _d(cd, *names):
    return {n: cd[n] for n in names}


PLAN_ACTIONS: dict[str, Action] = {
    "plan": Action(forms.PlanForm, _("Start the plan"),
                   lambda u, c, p, cd, r: services.plan_create(actor=u, case=c, summary=cd["summary"], request=r),
                   _("Plan started."), lambda p: p is None),
    "goal": Action(forms.GoalForm, _("Add a goal"),
                   lambda u, c, p, cd, r: services.goal_add(actor=u, plan=p, request=r, **_d(cd, "pathway", "text")),
                   _("Goal added."), lambda p: p is not None),
    "step": Action(forms.StepForm, _("Add a step"),
                   lambda u, c, p, cd, r: services.step_add(
                       actor=u, request=r, **_d(cd, "goal", "text", "actor_kind", "due_at", "agency", "provider",
                                                "family_member")),
                   _("Step added."), lambda p: p is not None and p.goals.exists()),
    "step_status": Action(forms.StepStatusForm, _("Change a step's status"),
                          lambda u, c, p, cd, r: services.step_status_set(actor=u, request=r,
                                                                          **_d(cd, "step", "status")),
                          _("Step updated."), lambda p: p is not None and p.goals.exists()),
    "agreement": Action(forms.AgreementForm, _("Record the person's agreement"),
                        lambda u, c, p, cd, r: services.plan_agreement_record(
                            actor=u, plan=p, request=r, **_d(cd, "agreement", "words")),
                        _("Agreement recorded."), lambda p: p is not None),
    "review": Action(forms.ReviewForm, _("Record a review"),
                     lambda u, c, p, cd, r: services.plan_review_record(
                         actor=u, plan=p, request=r, **_d(cd, "reason", "notes", "next_review_at")),
                     _("Review recorded."), lambda p: p is not None),
    "version": Action(forms.NewVersionForm, _("Make a new version"),
                      lambda u, c, p, cd, r: services.plan_new_version(actor=u, plan=p, reason=cd["reason"], request=r),
                      _("New version made."), lambda p: p is not None),
    "referral": Action(forms.ReferralForm, _("Make a referral"),
                       lambda u, c, p, cd, r: services.referral_create(
                           actor=u, case=c, request=r, **_d(cd, "service", "provider", "reason", "shared_fields")),
                       _("Referral drafted: check it and send it."), lambda p: True),
}

# Referral actions: (form, title, service call, done, side, statuses it applies to)
REFERRAL_ACTIONS: dict[str, tuple] = {
    "send": (forms.SendForm, _("Send to the provider"),
             lambda u, ref, cd, r: services.referral_send(actor=u, referral=ref, request=r,
                                                          override_reason=cd["override_reason"]),
             _("Referral sent."), "case", (ReferralStatus.DRAFT,)),
    "withdraw": (forms.ReasonForm, _("Withdraw the referral"),
                 lambda u, ref, cd, r: services.referral_withdraw(actor=u, referral=ref, reason=cd["reason"], request=r),
                 _("Referral withdrawn."), "case", (ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED)),
    "accept": (forms.EmptyForm, _("Accept"),
               lambda u, ref, cd, r: services.referral_accept(actor=u, referral=ref, request=r),
               _("Referral accepted."), "provider", (ReferralStatus.SENT,)),
    "decline": (forms.ReasonForm, _("Decline, with a reason"),
                lambda u, ref, cd, r: services.referral_decline(actor=u, referral=ref, reason=cd["reason"], request=r),
                _("Referral declined."), "provider", (ReferralStatus.SENT,)),
    "session": (forms.SessionForm, _("Record a session"),
                lambda u, ref, cd, r: services.session_record(actor=u, referral=ref, request=r,
                                                              **_d(cd, "at", "attendance", "note")),
                _("Session recorded."), "provider", (ReferralStatus.ACCEPTED,)),
    "complete": (forms.CompleteForm, _("Complete, with outcome and feedback"),
                 lambda u, ref, cd, r: services.referral_complete(actor=u, referral=ref, request=r,
                                                                  **_d(cd, "outcome", "feedback")),
                 _("Referral completed."), "provider", (ReferralStatus.ACCEPTED,)),
}


def _plan_forms(pfile, bound=None, bound_action=None) -> list:
    if not pfile.can_write or (pfile.plan is not None and not pfile.plan.current):
        return []
    found = []
    for name, action in PLAN_ACTIONS.items():
        if action.when is not None and not action.when(pfile.plan):
            continue
        form = bound if name == bound_action else action.form(case=pfile.case, plan=pfile.plan, prefix=name)
        found.append((name, action.title, form))
    return found


def _render_programme(request, pfile, *, bound=None, bound_action=None, status=200):
    context = {"case": pfile.case, "access": pfile.access, "pfile": pfile,
               "category": Category(case_category(pfile.case)).label,
               "forms": _plan_forms(pfile, bound, bound_action)}
    return render(request, "plans/programme.html", context, status=status)


@login_required
def programme(request, case_id: int):
    version = request.GET.get("version")
    try:
        pfile = selectors.programme_read(request.user, case_id, request=request,
                                         version=int(version) if version and version.isdigit() else None)
    except NotFound as exc:
        raise Http404 from exc
    return _render_programme(request, pfile)


@login_required
@require_POST
def programme_act(request, case_id: int, action: str):
    spec = PLAN_ACTIONS.get(action)
    if spec is None:
        raise Http404
    try:
        case = selectors.case_for_write(request.user, case_id)
    except NotFound as exc:
        raise Http404 from exc
    if "programme" not in policy.case_access(request.user, case).writable:
        raise Http404
    plan = services.current_plan(case)
    form = spec.form(request.POST, case=case, plan=plan, prefix=action)
    if form.is_valid():
        try:
            spec.run(request.user, case, plan, form.cleaned_data, request)
        except policy.AccessDenied as exc:
            raise Http404 from exc
        except services.PlansInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, spec.done)
            return redirect(reverse("plans:programme", args=[case.pk]))
    pfile = selectors.programme_read(request.user, case.pk, request=request)
    return _render_programme(request, pfile, bound=form, bound_action=action, status=422)


def _referral_forms(view, bound=None, bound_action=None) -> list:
    found = []
    for name, (form_class, title, _run, _done, side, statuses) in REFERRAL_ACTIONS.items():
        if view.referral.status not in statuses:
            continue
        if (side == "provider" and not view.as_provider) or (side == "case" and not view.can_write_case):
            continue
        form = bound if name == bound_action else form_class(prefix=name)
        found.append((name, title, form))
    return found


def _render_referral(request, view, *, bound=None, bound_action=None, status=200):
    consent = None
    if view.case_side and view.referral.status == ReferralStatus.DRAFT:
        consent = services.consent_for_referral(view.referral.case, view.referral.service)
    context = {
        "view": view, "referral": view.referral, "forms": _referral_forms(view, bound, bound_action),
        "consent": consent, "may_override": policy.has_permission(request.user, services.OVERRIDE),
    }
    return render(request, "plans/referral.html", context, status=status)


@login_required
def referral(request, referral_id: int):
    try:
        view = selectors.referral_read(request.user, referral_id, request=request)
    except NotFound as exc:
        raise Http404 from exc
    return _render_referral(request, view)


@login_required
@require_POST
def referral_act(request, referral_id: int, action: str):
    spec = REFERRAL_ACTIONS.get(action)
    if spec is None:
        raise Http404
    form_class, _title, run, done, _side, _statuses = spec
    try:
        ref: Referral = selectors.referral_get(request.user, referral_id)
    except NotFound as exc:
        raise Http404 from exc
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            run(request.user, ref, form.cleaned_data, request)
        except policy.AccessDenied as exc:
            raise Http404 from exc
        except services.PlansInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, done)
            return redirect(reverse("plans:referral", args=[ref.pk]))
    view = selectors.referral_read(request.user, ref.pk, request=request)
    if not any(name == action for name, _t, _f in _referral_forms(view)):
        raise Http404  # not an action this user may take here: learn nothing from the form
    return _render_referral(request, view, bound=form, bound_action=action, status=422)


@login_required
def provider_inbox(request):
    status = request.GET.get("status") or None
    if status not in (None, *ReferralStatus.values):
        status = None
    rows = selectors.provider_referrals_read(request.user, status=status, request=request)
    return render(request, "plans/provider_referrals.html",
                  {"rows": rows, "status": status, "statuses": ReferralStatus.choices[1:]})


@login_required
def services_catalogue(request):
    return render(request, "plans/services.html", {"services": selectors.catalogue()})
