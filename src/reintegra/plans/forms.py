"""Forms of the plans pages. Dates typed by a user are days in their zone; deadlines are
stored as the end of that day, an aware UTC moment."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.access.models import Agency

from . import sharing
from .models import (
    PATHWAYS_OF,
    Actor,
    Agreement,
    Attendance,
    Outcome,
    Pathway,
    Provider,
    ReviewReason,
    Service,
    Step,
    StepStatus,
)


def end_of_day(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


class _CaseForm(forms.Form):
    def __init__(self, *args, case=None, plan=None, **kwargs):
        self.case, self.plan = case, plan
        super().__init__(*args, **kwargs)


class PlanForm(_CaseForm):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NewVersionForm(_CaseForm):
    reason = forms.CharField(label=_("Why a new version"), max_length=300)


class GoalForm(_CaseForm):
    pathway = forms.ChoiceField(label=_("Pathway"))
    text = forms.CharField(label=_("Goal"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = PATHWAYS_OF[self.plan.framework] if self.plan else []
        self.fields["pathway"].choices = [(c, Pathway(c).label) for c in codes]


class StepForm(_CaseForm):
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int)
    text = forms.CharField(label=_("Step"), max_length=300)
    actor_kind = forms.ChoiceField(label=_("Who is responsible"), choices=Actor.choices)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all(), required=False)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.select_related("agency"),
                                      required=False)
    family_member = forms.CharField(label=_("Family member"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goals = list(self.plan.goals.all()) if self.plan else []
        self.fields["goal"].choices = [(g.pk, f"{g.get_pathway_display()}: {g.text}") for g in goals]

    def clean(self):
        data = super().clean()
        data["due_at"] = end_of_day(data.get("due_on"))
        if self.plan is not None and "goal" in data:
            data["goal"] = self.plan.goals.get(pk=data["goal"])
        return data


class StepStatusForm(_CaseForm):
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        steps = Step.objects.filter(goal__plan=self.plan) if self.plan else Step.objects.none()
        self.fields["step"].choices = [(s.pk, s.text) for s in steps]

    def clean(self):
        data = super().clean()
        if self.plan is not None and "step" in data:
            data["step"] = Step.objects.select_related("goal__plan__case").get(pk=data["step"], goal__plan=self.plan)
        return data


class AgreementForm(_CaseForm):
    agreement = forms.ChoiceField(label=_("The person"), choices=[c for c in Agreement.choices
                                                                   if c[0] != Agreement.NOT_ASKED])
    words = forms.CharField(label=_("In their words"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReviewForm(_CaseForm):
    reason = forms.ChoiceField(label=_("Why"), choices=ReviewReason.choices)
    notes = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    next_review_on = forms.DateField(label=_("Next review"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        data["next_review_at"] = end_of_day(data.get("next_review_on"))
        return data


class ReferralForm(_CaseForm):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.filter(active=True))
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.filter(active=True)
                                      .select_related("agency"))
    reason = forms.CharField(label=_("What the referral is for"), widget=forms.Textarea(attrs={"rows": 2}))
    shared_fields = forms.MultipleChoiceField(
        label=_("Share with the provider (only these)"), choices=list(sharing.SHAREABLE.items()),
        widget=forms.CheckboxSelectMultiple, required=False, initial=list(sharing.ALWAYS),
        help_text=_("The name is always shared. Nothing else of the case file reaches the provider."),
    )


class SendForm(_CaseForm):
    override_reason = forms.CharField(
        label=_("Reason to send without consent"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when no consent is recorded and your role may override."),
    )


class ReasonForm(_CaseForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SessionForm(_CaseForm):
    at = forms.DateTimeField(label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    note = forms.CharField(label=_("Note (the provider's own)"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)


class CompleteForm(_CaseForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    feedback = forms.CharField(label=_("Feedback to the key worker"), widget=forms.Textarea(attrs={"rows": 3}))


class EmptyForm(_CaseForm):
    pass
