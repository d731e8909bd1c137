"""Pages of the education track: a child's education file (school, grade and grade for age,
catch-up support, attendance, the IEP with goals and reviews, the six-months benchmark)
and the overview for the education authority. Thin: parse, call one service or selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from reintegra.access import policy
from reintegra.cases.selectors import NotFound

from . import forms, selectors, services


def _forms(efile, bound=None, bound_name=None):
    if not efile.can_write:
        return {}
    plan = efile.open_plan
    found = {"enrolment": forms.EnrolmentForm(prefix="enrolment")}
    if efile.current:
        found["attendance"] = forms.AttendanceForm(prefix="attendance")
    if plan is None:
        found["plan"] = forms.PlanForm(prefix="plan")
    else:
        found["goal"] = forms.GoalForm(prefix="goal")
        found["review"] = forms.ReviewForm(prefix="review", plan=plan)
    if bound is not None:
        found[bound_name] = bound
    return found


def _render(request, efile, *, bound=None, bound_name=None, status=200):
    return render(request, "education/case.html", {
        "case": efile.case, "efile": efile, "forms": _forms(efile, bound, bound_name)}, status=status)


@login_required
def case_education(request, case_id: int):
    try:
        efile = selectors.education_file(request.user, case_id, request=request)
    except NotFound as exc:
        raise Http404 from exc
    return _render(request, efile)


def _run(name, user, case, cd, request):
    if name == "enrolment":
        services.enrolment_record(actor=user, case=case, request=request, **cd)
        return _("Enrolment recorded.")
    if name == "attendance":
        enrolment = case.enrolments.filter(left_on__isnull=True).first()
        if enrolment is None:
            raise services.EducationInputError(_("The child is not enrolled."))
        services.attendance_record(actor=user, enrolment=enrolment, request=request, **cd)
        return _("Attendance recorded.")
    plan = case.education_plans.filter(closed_on__isnull=True).first()
    if name == "plan":
        services.plan_start(actor=user, case=case, goals=[(cd["domain"], cd["text"])], request=request)
        return _("Individual education plan started.")
    if plan is None:
        raise services.EducationInputError(_("There is no open individual education plan."))
    if name == "goal":
        services.goal_add(actor=user, plan=plan, domain=cd["domain"], text=cd["text"], request=request)
        return _("Goal added.")
    services.review_record(actor=user, plan=plan, reviewed_on=cd["reviewed_on"], progress=cd["progress"],
                           next_review_on=cd["next_review_on"], goals_met=cd["goals_met"], request=request)
    return _("Review recorded.")


FORMS = {"enrolment": forms.EnrolmentForm, "attendance": forms.AttendanceForm, "plan": forms.PlanForm,
         "goal": forms.GoalForm, "review": forms.ReviewForm}


@login_required
@require_POST
def act(request, case_id: int, action: str):
    form_class = FORMS.get(action)
    if form_class is None:
        raise Http404
    try:
        case = selectors.case_for_write(request.user, case_id)
    except NotFound as exc:
        raise Http404 from exc
    if services.COMPARTMENT not in policy.case_access(request.user, case).writable:
        raise Http404
    kwargs = {}
    if action == "review":
        kwargs["plan"] = case.education_plans.filter(closed_on__isnull=True).first()
    form = form_class(request.POST, prefix=action, **kwargs)
    if form.is_valid():
        try:
            done = _run(action, request.user, case, form.cleaned_data, request)
        except policy.AccessDenied as exc:
            raise Http404 from exc
        except services.EducationInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, done)
            return redirect("education:case", case.pk)
    efile = selectors.education_file(request.user, case.pk, request=request)
    return _render(request, efile, bound=form, bound_name=action, status=422)


@login_required
def overview(request):
    found = selectors.overview(request.user, request=request)
    return render(request, "education/overview.html", {"overview": found})
