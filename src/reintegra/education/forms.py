"""Forms of the education pages; the services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Domain


class DateInput(forms.DateInput):
    input_type = "date"


class EnrolmentForm(forms.Form):
    school = forms.CharField(label=_("School"), max_length=200)
    grade = forms.IntegerField(label=_("Grade"), min_value=1, max_value=12)
    enrolled_on = forms.DateField(label=_("Entered school on"), widget=DateInput)
    catch_up = forms.BooleanField(label=_("Catch-up support"), required=False)
    catch_up_detail = forms.CharField(label=_("Catch-up support: what"), max_length=300, required=False)


class AttendanceForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("Until"), widget=DateInput)
    days_expected = forms.IntegerField(label=_("School days"), min_value=1, max_value=366)
    days_attended = forms.IntegerField(label=_("Days attended"), min_value=0, max_value=366)


class PlanForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain of the first goal"), choices=Domain.choices)
    text = forms.CharField(label=_("First goal"), widget=forms.Textarea(attrs={"rows": 2}))


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    text = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DateInput)
    progress = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = forms.DateField(label=_("Next review"), widget=DateInput)
    goals_met = forms.TypedMultipleChoiceField(label=_("Goals met"), coerce=int, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["goals_met"].choices = [(g.pk, g.text[:80]) for g in plan.goals.filter(status="open")]
