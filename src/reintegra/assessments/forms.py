from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class StartForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"))
    carer = forms.TypedChoiceField(label=_("Carer or guardian screened (for a carer screening)"), coerce=int,
                                   required=False, empty_value=None)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             max_length=2000)

    def __init__(self, *args, instruments=(), carers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i["code"], i["title"]) for i in instruments]
        self.fields["carer"].choices = [("", "—"), *[(p.pk, p.display_name) for p in carers]]


class RatingForm(forms.Form):
    """One rating and its evidence per item, and the overall judgement, built from the
    instrument version's items."""

    overall_level = forms.ChoiceField(label=_("Overall judgement"), required=False)
    overall_justification = forms.CharField(label=_("Justification"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)

    def __init__(self, *args, view: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_codes = []
        for domain in view["domains"]:
            for item in domain["items"]:
                code = item["code"]
                self.item_codes.append(code)
                self.fields[f"rating-{code}"] = forms.ChoiceField(
                    required=False, choices=[("", "—"), *[(o["value"], o["label"]) for o in item["options"]]])
                self.fields[f"evidence-{code}"] = forms.CharField(required=False, max_length=10000)
        self.fields["overall_level"].choices = [("", "—"), *[(lv["value"], lv["label"]) for lv in view["levels"]]]

    def ratings(self) -> dict[str, tuple[str, str]]:
        return {code: (self.cleaned_data[f"rating-{code}"], self.cleaned_data[f"evidence-{code}"])
                for code in self.item_codes}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000)


class AssignForm(forms.Form):
    assessor = forms.TypedChoiceField(label=_("Assessor"), coerce=int)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].choices = [(u.pk, u.get_full_name() or u.get_username()) for u in users]


class TrainingForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=get_user_model().objects.none())
    instrument_code = forms.ChoiceField(label=_("Instrument"))
    min_version = forms.IntegerField(label=_("From version"), required=False, min_value=1)
    max_version = forms.IntegerField(label=_("Up to version"), required=False, min_value=1)
    valid_from = forms.DateField(label=_("Trained since"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Course or certificate"), required=False, max_length=300)

    def __init__(self, *args, instruments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(
            is_active=True, staff__isnull=False).order_by("username")
        self.fields["instrument_code"].choices = [(i.code, i.code) for i in instruments]
