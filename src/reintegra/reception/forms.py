from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.people.dates import PartialDateError, parse_partial_date
from reintegra.people.models import Sex

from .capacity import RosterError, parse_roster
from .models import (
    AbroadPlace,
    AbroadStatus,
    OperationStatus,
    PlacementKind,
    ScreeningOutcome,
    YesNoUnknown,
)
from .protocols import protocol_choices


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the user's zone (the browser's datetime-local input)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class OperationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    arrival_at = LocalDateTimeField(label=_("Arrival"))
    protocol = forms.ChoiceField(label=_("Country protocol"))
    municipality = forms.CharField(label=_("Municipality of reception"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protocol"].choices = protocol_choices()


class ManifestForm(forms.Form):
    file = forms.FileField(label=_("Manifest (CSV or XLSX)"))
    encoding = forms.CharField(label=_("Encoding, if not UTF-8 (e.g. cp1250)"), max_length=40, required=False)


class TeamForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role_in_case = forms.CharField(label=_("Role"), max_length=100, required=False)

    def clean_username(self):
        user = get_user_model().objects.filter(username=self.cleaned_data["username"].strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user has this name."))
        return user


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=OperationStatus.choices)


class StepDoneForm(forms.Form):
    findings = forms.CharField(label=_("What was found"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    done_at = LocalDateTimeField(label=_("Done at (empty: now)"), required=False)

    def __init__(self, *args, spec=None, **kwargs):
        super().__init__(*args, **kwargs)
        if spec is None:
            return
        if spec.records == "decision":
            self.fields["outcome"] = forms.ChoiceField(label=_("Outcome"), choices=[(o.key, o.local_label) for o in spec.outcomes])
        if spec.records == "checklist":
            self.fields["checklist"] = forms.MultipleChoiceField(
                label=_("Checklist"), required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(item, item) for item in spec.checklist],
            )
        if spec.records == "document":
            self.fields["document_number"] = forms.CharField(label=_("Number of the document issued"), max_length=64)


class WaiveForm(forms.Form):
    reason = forms.CharField(label=_("Why is the step waived?"), widget=forms.Textarea(attrs={"rows": 2}))


class BoardForm(forms.Form):
    by = forms.ChoiceField(label=_("Group by"), required=False,
                           choices=[("person", _("Person")), ("agency", _("Agency"))])
    window = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("all", _("All steps")), ("overdue", _("Overdue")), ("6h", _("Due within 6 hours")),
        ("24h", _("Due within 24 hours")), ("72h", _("Due within 72 hours")),
    ])


class AbroadForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    date_of_birth = forms.CharField(label=_("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)"), required=False, max_length=10)
    place_kind = forms.ChoiceField(label=_("Kind of place"), choices=AbroadPlace.choices)
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    country = forms.CharField(label=_("Country (SY, IQ ...)"), max_length=2, required=False)
    since = forms.DateField(label=_("There since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=AbroadStatus.choices)
    family_contact_note = forms.CharField(label=_("Who in the family is in contact"), max_length=300, required=False)
    mother_consent = forms.ChoiceField(label=_("Mother's consent to the children's return"), choices=YesNoUnknown.choices)
    birth_record = forms.ChoiceField(label=_("The child has a birth record"), choices=YesNoUnknown.choices)
    municipality = forms.CharField(label=_("Municipality of the family"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_date_of_birth(self):
        try:
            return parse_partial_date(self.cleaned_data["date_of_birth"])
        except PartialDateError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()


class ScreeningForm(forms.Form):
    carer = forms.TypedChoiceField(label=_("Carer"), coerce=int)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ScreeningOutcome.choices)
    notes = forms.CharField(label=_("Notes and conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    assessment_id = forms.IntegerField(label=_("Assessment number (optional)"), required=False, min_value=1)

    def __init__(self, *args, carers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carer"].choices = list(carers)


class PlacementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Placement"), choices=PlacementKind.choices)
    carer = forms.TypedChoiceField(label=_("Carer"), coerce=int, required=False, empty_value=None)
    institution = forms.CharField(label=_("Care institution"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, carers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carer"].choices = [("", "—"), *carers]


class CapacityForm(forms.Form):
    protocol = forms.ChoiceField(label=_("Country protocol"))
    operation = forms.TypedChoiceField(label=_("Count the manifest of"), coerce=int, required=False, empty_value=None)
    adult_man = forms.IntegerField(label=_("Men"), min_value=0, required=False)
    adult_woman = forms.IntegerField(label=_("Women"), min_value=0, required=False)
    minor = forms.IntegerField(label=_("Children"), min_value=0, required=False)
    unaccompanied_minor = forms.IntegerField(label=_("Unaccompanied children"), min_value=0, required=False)
    roster = forms.CharField(
        label=_("Roster: profession=staff x hours a day"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. psychiatrist=16x8, psychologist=4x8"),
    )

    def __init__(self, *args, operations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protocol"].choices = protocol_choices()
        self.fields["operation"].choices = [("", _("— counts below —")), *[(o.pk, o.name) for o in operations]]

    def clean_roster(self):
        try:
            return parse_roster(self.cleaned_data["roster"])
        except RosterError as exc:
            raise forms.ValidationError(str(exc)) from exc


def local_now_input() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")
