"""Forms of the conference pages. The services check everything again."""

from datetime import datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.access import policy
from reintegra.access.compartments import Compartment
from reintegra.access.models import Agency

from .services import MANAGE


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        agency = getattr(getattr(obj, "staff", None), "agency", None)
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({agency})" if agency else name


class UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return UserChoice.label_from_instance(self, obj)


def _staff():
    return get_user_model().objects.filter(is_active=True, staff__isnull=False).select_related(
        "staff__agency").order_by("username")


class ConferenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = UserChoice(label=_("Chair"), queryset=get_user_model().objects.none())
    invited_agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies invited"), queryset=Agency.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple)
    participants = UsersChoice(label=_("People invited"), queryset=get_user_model().objects.none(), required=False,
                               widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = policy.holders_of(MANAGE).select_related("staff__agency").order_by("username")
        self.fields["participants"].queryset = _staff()
        if user is not None and not self.is_bound:
            self.initial.setdefault("chair", user.pk)


class AttendanceForm(forms.Form):
    present_users = UsersChoice(label=_("People present"), queryset=get_user_model().objects.none(), required=False,
                                widget=forms.CheckboxSelectMultiple)
    present_agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies present"), queryset=Agency.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present_users"].queryset = _staff().filter(conference_seats__conference=conference)
        if not self.is_bound:
            self.initial["present_users"] = list(
                conference.participants.filter(present=True).values_list("user_id", flat=True))
            self.initial["present_agencies"] = list(conference.present_agencies.values_list("pk", flat=True))


class ParticipantForm(forms.Form):
    user = UserChoice(label=_("Invite"), queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _staff()


class AgendaAddForm(forms.Form):
    reference = forms.CharField(label=_("Case reference"), max_length=32)


class MinutesForm(forms.Form):
    discussion = forms.CharField(label=_("Discussion"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    next_review_on = forms.DateField(label=_("Next review by a conference"), required=False, widget=DateInput)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner_user = UserChoice(label=_("Owner (a person)"), queryset=get_user_model().objects.none(), required=False)
    owner_agency = forms.ModelChoiceField(label=_("or owner (an agency)"), queryset=Agency.objects.order_by("name"),
                                          required=False)
    due_on = forms.DateField(label=_("Due by"), widget=DateInput)
    compartment = forms.ChoiceField(label=_("Part of the file"), choices=Compartment.choices,
                                    initial=Compartment.IDENTITY,
                                    help_text=_("Only those who may read this part of the case see the task."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = _staff()

    def clean(self):
        data = super().clean()
        if data.get("owner_user") and data.get("owner_agency"):
            self.add_error("owner_agency", _("Choose a person or an agency, not both."))
        elif not data.get("owner_user") and not data.get("owner_agency"):
            self.add_error("owner_user", _("Say who owns the action: a person or an agency."))
        return data

    @property
    def due_at(self):
        """The end of the due day, in the user's time zone, as an aware moment."""
        day = self.cleaned_data["due_on"]
        return timezone.make_aware(datetime.combine(day, time(23, 59)), timezone.get_current_timezone())
