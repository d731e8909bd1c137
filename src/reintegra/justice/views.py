"""Pages of the justice track: proceedings, custody, release planning, supervision, and
the list of releases due. Thin: parse a form, call one service or selector, render.

Each section page is an audited read of the `justice` compartment. Every change is a
POST to `justice/cases/<id>/do/<action>/`: the action names its form, its service and
the permission that shows the form; a refused input re-renders the page with the form
and the error beside its field (a separation rule, for instance, with the field for
the reason to override it).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from reintegra.access import policy
from reintegra.cases.category import Category, case_category
from reintegra.cases.selectors import NotFound

from . import forms, selectors, services
from .dates import Term


@dataclass(frozen=True)
class Action:
    section: str
    form: type
    permission: str
    run: Any  # (actor, case, cleaned_data, request) -> object
    done: str


def _d(cd, *names):
    return {n: cd[n] for n in names}


ACTIONS: dict[str, Action] = {
    # Proceedings
    "proceeding": Action("proceedings", forms.ProceedingForm, "justice.proceedings_write",
                         lambda u, c, cd, r: services.proceeding_open(
                             actor=u, case=c, request=r, reference=cd["reference"],
                             **_d(cd, "investigation_opened_on", "investigating_agency")),
                         _("Investigation recorded.")),
    "investigation_close": Action("proceedings", forms.InvestigationCloseForm, "justice.proceedings_write",
                                  lambda u, c, cd, r: services.investigation_close(
                                      actor=u, request=r, **_d(cd, "proceeding", "closed_on", "outcome")),
                                  _("Investigation closed.")),
    "measure": Action("proceedings", forms.MeasureForm, "justice.proceedings_write",
                      lambda u, c, cd, r: services.measure_add(
                          actor=u, request=r, **_d(cd, "proceeding", "kind", "starts_on", "ends_on", "ordered_by")),
                      _("Measure recorded.")),
    "measure_end": Action("proceedings", forms.MeasureEndForm, "justice.proceedings_write",
                          lambda u, c, cd, r: services.measure_end(actor=u, request=r, **_d(cd, "measure", "ends_on")),
                          _("Measure ended.")),
    "indictment": Action("proceedings", forms.IndictmentForm, "justice.proceedings_write",
                         lambda u, c, cd, r: services.indictment_record(
                             actor=u, request=r, proceeding=cd["proceeding"], indicted_on=cd["indicted_on"],
                             offences=list(cd["offences"]), particulars=cd["particulars"]),
                         _("Indictment recorded.")),
    "plea": Action("proceedings", forms.PleaForm, "justice.proceedings_write",
                   lambda u, c, cd, r: services.plea_record(actor=u, request=r, **_d(cd, "proceeding", "agreed_on", "terms")),
                   _("Plea agreement recorded.")),
    "hearing": Action("proceedings", forms.HearingForm, "justice.proceedings_write",
                      lambda u, c, cd, r: services.hearing_add(
                          actor=u, request=r, **_d(cd, "proceeding", "at", "purpose", "court", "outcome")),
                      _("Hearing recorded.")),
    "verdict": Action("proceedings", forms.VerdictForm, "justice.proceedings_write",
                      lambda u, c, cd, r: services.verdict_record(
                          actor=u, request=r, **_d(cd, "proceeding", "decided_on", "outcome", "court")),
                      _("Verdict recorded.")),
    "sentence": Action("proceedings", forms.SentenceForm, "justice.proceedings_write",
                       lambda u, c, cd, r: services.sentence_record(
                           actor=u, request=r, verdict=cd["verdict"], kind=cd["kind"],
                           term=Term(cd["years"] or 0, cd["months"] or 0, cd["days"] or 0),
                           starts_on=cd["starts_on"], fine_amount=cd["fine_amount"],
                           conditions=[(k, "") for k in cd["conditions"]],
                           outside_range_reason=cd["outside_range_reason"]),
                       _("Sentence recorded.")),
    "condition": Action("proceedings", forms.ConditionForm, "justice.proceedings_write",
                        lambda u, c, cd, r: services.condition_add(actor=u, request=r, **_d(cd, "sentence", "kind", "detail")),
                        _("Condition recorded.")),
    "appeal": Action("proceedings", forms.AppealForm, "justice.proceedings_write",
                     lambda u, c, cd, r: services.appeal_record(actor=u, request=r, **_d(cd, "verdict", "filed_on", "filed_by")),
                     _("Appeal recorded.")),
    "appeal_decide": Action("proceedings", forms.AppealDecideForm, "justice.proceedings_write",
                            lambda u, c, cd, r: services.appeal_decide(
                                actor=u, request=r, **_d(cd, "appeal", "decided_on", "outcome")),
                            _("Appeal decision recorded.")),
    # Custody
    "placement": Action("custody", forms.PlacementForm, "justice.custody_write",
                        lambda u, c, cd, r: services.placement_make(
                            actor=u, case=c, request=r,
                            sentence=c.sentences.filter(kind="prison", release__isnull=True).order_by("-starts_on").first(),
                            **_d(cd, "unit", "security_category", "reason", "starts_on", "override_reason")),
                        _("Placement recorded.")),
    "transfer": Action("custody", forms.TransferForm, "justice.custody_write",
                       lambda u, c, cd, r: services.placement_transfer(
                           actor=u, request=r, placement=cd["placement"], on=cd["starts_on"],
                           **_d(cd, "unit", "security_category", "reason", "override_reason")),
                       _("Transfer recorded.")),
    "programme": Action("custody", forms.ProgrammeForm, "justice.custody_write",
                        lambda u, c, cd, r: services.programme_record(
                            actor=u, case=c, request=r, **_d(cd, "programme", "status", "on", "provider", "note")),
                        _("Programme participation recorded.")),
    # Release
    "release_plan": Action("release", forms.ReleasePlanForm, "justice.release_plan_write",
                           lambda u, c, cd, r: services.release_plan_update(
                               actor=u, request=r, agencies=list(cd["agencies"]),
                               **_d(cd, "sentence", "residence", "municipality", "met_by", "continuing", "complete")),
                           _("Release plan saved.")),
    "release": Action("release", forms.ReleaseForm, "justice.custody_write",
                      lambda u, c, cd, r: services.release_record(actor=u, request=r, **_d(cd, "sentence", "released_on", "kind")),
                      _("Release recorded.")),
    # Supervision
    "supervision": Action("supervision", forms.SupervisionStartForm, "justice.supervision_write",
                          lambda u, c, cd, r: services.supervision_start(
                              actor=u, request=r, **_d(cd, "sentence", "officer", "starts_on")),
                          _("Supervision started.")),
    "meeting": Action("supervision", forms.MeetingForm, "justice.supervision_write",
                      lambda u, c, cd, r: services.meeting_schedule(actor=u, request=r, **_d(cd, "supervision", "at", "place")),
                      _("Meeting scheduled.")),
    "meeting_record": Action("supervision", forms.MeetingRecordForm, "justice.supervision_write",
                             lambda u, c, cd, r: services.meeting_record(actor=u, request=r, **_d(cd, "meeting", "status")),
                             _("Meeting recorded.")),
    "compliance": Action("supervision", forms.ComplianceForm, "justice.supervision_write",
                         lambda u, c, cd, r: services.compliance_record(
                             actor=u, request=r, **_d(cd, "condition", "on", "kind", "source")),
                         _("Evidence recorded.")),
    "breach": Action("supervision", forms.BreachForm, "justice.supervision_write",
                     lambda u, c, cd, r: services.breach_record(
                         actor=u, request=r, **_d(cd, "supervision", "occurred_on", "description", "condition")),
                     _("Breach recorded.")),
    "breach_decide": Action("supervision", forms.BreachDecideForm, "justice.supervision_write",
                            lambda u, c, cd, r: services.breach_decide(
                                actor=u, request=r, **_d(cd, "breach", "outcome", "outcome_on")),
                            _("Outcome recorded.")),
    "supervision_end": Action("supervision", forms.SupervisionEndForm, "justice.supervision_write",
                              lambda u, c, cd, r: services.supervision_end(
                                  actor=u, request=r, **_d(cd, "supervision", "ended_on", "reason")),
                              _("Supervision ended.")),
}


TITLES = {
    "proceeding": _("Open an investigation"),
    "investigation_close": _("Close an investigation"),
    "measure": _("Record a measure (arrest, detention, house arrest, reporting)"),
    "measure_end": _("End a measure"),
    "indictment": _("Record the indictment and charges"),
    "plea": _("Record a plea agreement"),
    "hearing": _("Record or schedule a hearing"),
    "verdict": _("Record a verdict"),
    "sentence": _("Record the sentence"),
    "condition": _("Add a court condition"),
    "appeal": _("Record an appeal"),
    "appeal_decide": _("Record an appeal decision"),
    "placement": _("Place in a facility"),
    "transfer": _("Transfer"),
    "programme": _("Record programme participation or refusal"),
    "release_plan": _("Release plan"),
    "release": _("Record the release"),
    "supervision": _("Start supervision"),
    "meeting": _("Schedule a meeting"),
    "meeting_record": _("Record a meeting as held or missed"),
    "compliance": _("Record evidence of compliance"),
    "breach": _("Record a breach"),
    "breach_decide": _("Record the outcome of a breach"),
    "supervision_end": _("End supervision"),
}


def _forms_for(user, jfile, bound=None, bound_action=None) -> list:
    """(action, title, form) for the section's actions the user may take; the bound form
    of a refused action in its place."""
    if not jfile.can_write:
        return []
    found = []
    for name, action in ACTIONS.items():
        if action.section != jfile.section or not policy.has_permission(user, action.permission):
            continue
        form = bound if name == bound_action else action.form(case=jfile.case, prefix=name)
        found.append((name, TITLES[name], form))
    return found


def _render(request, jfile, *, bound=None, bound_action=None, status=200):
    context = {
        "case": jfile.case, "access": jfile.access, "jfile": jfile, "section": jfile.section,
        "category": Category(case_category(jfile.case)).label,
        "forms": _forms_for(request.user, jfile, bound, bound_action),
        "may_override": policy.has_permission(request.user, "justice.separation_override"),
        "today": timezone.localdate(),
    }
    return render(request, f"justice/{jfile.section}.html", context, status=status)


@login_required
def section(request, case_id: int, section: str):
    try:
        jfile = selectors.justice_file_read(request.user, case_id, section=section, request=request)
    except NotFound as exc:
        raise Http404 from exc
    return _render(request, jfile)


@login_required
@require_POST
def act(request, case_id: int, action: str):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    try:
        case = selectors.case_for_write(request.user, case_id)
    except NotFound as exc:
        raise Http404 from exc
    form = spec.form(request.POST, case=case, prefix=action)
    error = None
    if form.is_valid():
        try:
            spec.run(request.user, case, form.cleaned_data, request)
        except policy.AccessDenied as exc:
            raise Http404 from exc
        except services.JusticeInputError as exc:
            error = exc
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, spec.done)
            return redirect(reverse(f"justice:{spec.section}", args=[case.pk]))
    if not (policy.has_permission(request.user, spec.permission)
            and "justice" in policy.case_access(request.user, case).writable):
        raise Http404  # a refused writer learns nothing from the form's errors
    jfile = selectors.justice_file_read(request.user, case.pk, section=spec.section, request=request)
    if isinstance(error, services.SeparationRefused):
        messages.warning(request, str(error))
    return _render(request, jfile, bound=form, bound_action=action, status=422)


@login_required
def releases_due(request):
    form = forms.ReleasesDueForm(request.GET or None)
    within = (form.cleaned_data.get("within") if form.is_valid() else None) or services.pre_release_days()
    rows = selectors.releases_due_read(request.user, within_days=within, request=request)
    return render(request, "justice/releases_due.html", {"form": form, "rows": rows, "within": within})
