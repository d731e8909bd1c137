"""Pages of the assessments app. Thin: parse, call one selector or service, render."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.access import policy

from . import selectors, services
from .forms import AssignForm, NoteForm, RatingForm, StartForm, TrainingForm
from .models import TrainingRecord


def _not_found_as_404(view):
    """Denied and not found look the same: 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (selectors.NotFound, policy.AccessDenied) as exc:
            raise Http404 from exc

    return wrapped


def _back(assessment_id: int):
    return redirect("assessments:detail", assessment_id)


def _error(request, exc: services.AssessmentInputError) -> None:
    problems = getattr(exc, "problems", None) or [str(exc)]
    for problem in problems:
        messages.error(request, problem)


@login_required
@_not_found_as_404
def history(request, case_id: int):
    assessment_id = request.GET.get("assessment")
    found = selectors.history_read(
        request.user, case_id, instrument_code=request.GET.get("instrument", ""),
        assessment_id=int(assessment_id) if assessment_id and assessment_id.isdigit() else None, request=request,
    )
    return render(request, "assessments/history.html", {"h": found, "case": found.case})


@login_required
@_not_found_as_404
def start(request, case_id: int):
    case, startable, carers = selectors.start_options(request.user, case_id, request=request)
    if not startable:
        raise Http404
    instruments = [{"code": i.code, "title": selectors.instrument_title(i), "subject": i.subject}
                   for i in startable]
    form = StartForm(request.POST or None, instruments=instruments, carers=carers,
                     initial={"instrument": request.GET.get("instrument", "")})
    if request.method == "POST" and form.is_valid():
        carer = carers.filter(pk=form.cleaned_data["carer"]).first() if form.cleaned_data["carer"] else None
        try:
            assessment = services.assessment_start(
                actor=request.user, case=case, instrument_code=form.cleaned_data["instrument"],
                reason=form.cleaned_data["reason"], subject_person=carer, request=request,
            )
        except services.AssessmentInputError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Assessment started."))
            return _back(assessment.pk)
    return render(request, "assessments/start.html", {"case": case, "form": form, "instruments": instruments})


@login_required
@_not_found_as_404
def detail(request, assessment_id: int):
    page = selectors.assessment_read(request.user, assessment_id, request=request)
    context = {"page": page, "a": page.assessment, "case": page.assessment.case}
    if page.can_rate:
        context["form"] = RatingForm(view=page.view, initial={
            "overall_level": page.assessment.overall_level,
            "overall_justification": page.assessment.overall_justification,
        })
    if page.assessment.assessor_id is None and page.assessment.is_open:
        context["assign_form"] = AssignForm(users=selectors.assessor_candidates(page.assessment))
    return render(request, "assessments/detail.html", context)


@login_required
@require_POST
@_not_found_as_404
def rate(request, assessment_id: int):
    assessment = selectors.assessment_get(request.user, assessment_id)
    form = RatingForm(request.POST, view=selectors.instrument_view(assessment.instrument))
    if not form.is_valid():
        messages.error(request, _("Some answers are not valid: %(fields)s") % {"fields": ", ".join(form.errors)})
        return _back(assessment.pk)
    try:
        services.assessment_rate(
            actor=request.user, assessment=assessment, ratings=form.ratings(),
            overall_level=form.cleaned_data["overall_level"],
            overall_justification=form.cleaned_data["overall_justification"], request=request,
        )
        if "submit" in request.POST:
            services.assessment_submit(actor=request.user, assessment=assessment, request=request)
            messages.success(request, _("Submitted for countersigning."))
        else:
            messages.success(request, _("Draft saved."))
    except services.AssessmentInputError as exc:
        _error(request, exc)
    return _back(assessment.pk)


def _step(service, done_message, note_as: str | None = None):
    """A workflow step posted from the assessment page: one service call, then back."""

    @login_required
    @require_POST
    @_not_found_as_404
    def view(request, assessment_id: int):
        assessment = selectors.assessment_get(request.user, assessment_id)
        form = NoteForm(request.POST)
        form.is_valid()
        extra = {note_as: form.cleaned_data.get("note", "")} if note_as else {}
        try:
            service(actor=request.user, assessment=assessment, request=request, **extra)
            messages.success(request, done_message())
        except services.AssessmentInputError as exc:
            _error(request, exc)
        return _back(assessment.pk)

    return view


submit = _step(services.assessment_submit, lambda: _("Submitted for countersigning."))
countersign = _step(services.assessment_countersign, lambda: _("Countersigned and locked."), note_as="note")
send_back = _step(services.assessment_return, lambda: _("Returned to the assessor."), note_as="note")
withdraw = _step(services.assessment_withdraw, lambda: _("Assessment withdrawn."), note_as="reason")


@login_required
@require_POST
@_not_found_as_404
def second(request, assessment_id: int):
    assessment = selectors.assessment_get(request.user, assessment_id)
    try:
        made = services.assessment_second_start(actor=request.user, assessment=assessment, request=request)
    except services.AssessmentInputError as exc:
        _error(request, exc)
        return _back(assessment.pk)
    messages.success(request, _("Your independent rating is started; the other ratings stay hidden until you submit."))
    return _back(made.pk)


@login_required
@require_POST
@_not_found_as_404
def assign(request, assessment_id: int):
    assessment = selectors.assessment_get(request.user, assessment_id)
    users = selectors.assessor_candidates(assessment)
    form = AssignForm(request.POST, users=users)
    if not form.is_valid():
        messages.error(request, _("Choose a trained assessor."))
        return _back(assessment.pk)
    assessor = get_user_model().objects.get(pk=form.cleaned_data["assessor"])
    try:
        services.assessment_assign(actor=request.user, assessment=assessment, assessor=assessor, request=request)
        messages.success(request, _("Assessor named."))
    except services.AssessmentInputError as exc:
        _error(request, exc)
    return _back(assessment.pk)


@login_required
@_not_found_as_404
def training(request):
    manages = policy.has_permission(request.user, "assessments.manage_training")
    form = TrainingForm(request.POST or None, instruments=selectors.instruments_latest()) if manages else None
    if request.method == "POST":
        if not manages:
            raise Http404
        if "end" in request.POST:
            record = TrainingRecord.objects.filter(pk=request.POST.get("end")).first()
            if record is None:
                raise Http404
            try:
                services.training_record_end(actor=request.user, record=record, on=timezone.localdate(),
                                             request=request)
                messages.success(request, _("Training record ended today."))
            except services.AssessmentInputError as exc:
                _error(request, exc)
            return redirect("assessments:training")
        if form.is_valid():
            try:
                services.training_record_add(actor=request.user, request=request, **form.cleaned_data)
                messages.success(request, _("Training recorded."))
                return redirect("assessments:training")
            except services.AssessmentInputError as exc:
                _error(request, exc)
    records = selectors.training_records(request.user)
    return render(request, "assessments/training.html", {"form": form, "records": records, "manages": manages})
