from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reintegra.access import policy
from reintegra.access import services as access_services
from reintegra.access.models import BreakGlassGrant

from . import selectors
from .models import Action


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User"), required=False)
    person = forms.IntegerField(label=gettext_lazy("Person number"), required=False, min_value=1)
    agency = forms.CharField(label=gettext_lazy("Agency"), required=False)
    action = forms.ChoiceField(
        label=gettext_lazy("Kind"), required=False, choices=[("", "—")] + list(Action.choices)
    )
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        for name in ("since", "until"):
            day = data.get(name)
            # The log cannot hold events outside these years; the bounds also keep the
            # day arithmetic below away from date.min and date.max.
            if day is not None and not (2000 <= day.year <= 2999):
                self.add_error(name, gettext_lazy("Give a date between the years 2000 and 2999."))
        return data


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


@login_required
def audit_log(request):
    if not policy.may_read_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_events(request.user)
    if form.is_valid():
        data = form.cleaned_data
        until = _day_start(data["until"])
        events = selectors.audit_events(
            request.user,
            username=data["username"], person_id=data["person"], agency=data["agency"],
            action=data["action"], since=_day_start(data["since"]),
            until=until + timezone.timedelta(days=1) if until else None,
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def break_glass_reviews(request):
    if not policy.may_review_break_glass(request.user):
        raise Http404
    grants = selectors.break_glass_to_review(request.user)
    return render(request, "audit/break_glass_reviews.html", {"grants": grants})


@login_required
@require_POST
def break_glass_sign_off(request, grant_id: int):
    if not policy.may_review_break_glass(request.user):
        raise Http404
    grant = get_object_or_404(BreakGlassGrant, pk=grant_id)
    try:
        access_services.break_glass_review(
            reviewer=request.user, grant=grant, note=request.POST.get("note", ""), request=request
        )
        messages.success(request, _("Signed off."))
    except access_services.BreakGlassError as exc:
        messages.error(request, str(exc))
    return redirect("break-glass-reviews")
