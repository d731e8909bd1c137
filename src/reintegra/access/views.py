from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.cases.models import Case

from . import policy, services


@login_required
def break_glass(request, case_id: int):
    if not policy.may_break_glass(request.user):
        raise Http404
    error = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            # The reason is checked before the case is looked up, so a missing case and a
            # bad reason cannot be told apart by probing with empty reasons.
            services.break_glass_reason_check(reason)
            case = get_object_or_404(Case, pk=case_id)
            grant = services.break_glass_open(user=request.user, case=case, reason=reason, request=request)
        except services.BreakGlassError as exc:
            error = str(exc)
        else:
            messages.warning(
                request,
                _("Emergency access open until %(time)s. It is logged and will be reviewed.")
                # Deadlines are stored in UTC and shown in the user's zone.
                % {"time": timezone.localtime(grant.expires_at).strftime("%H:%M")},
            )
            return redirect("case-detail", case_id=case.pk)
    return render(
        request,
        "access/break_glass.html",
        {"case_id": case_id, "error": error, "minutes": policy.break_glass_duration(request.user).seconds // 60},
    )
