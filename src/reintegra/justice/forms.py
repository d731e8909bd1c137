"""Forms of the justice pages. Each is built for one case: its choices are that case's
proceedings, verdicts, sentences... so a posted id from another case is simply invalid."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from reintegra.access.models import Agency

from .models import (
    AppealOutcome,
    Breach,
    BreachOutcome,
    Condition,
    ConditionKind,
    EvidenceKind,
    InvestigationOutcome,
    Measure,
    MeasureKind,
    MeetingStatus,
    Offence,
    ParticipationStatus,
    Placement,
    Proceeding,
    ProgrammeKind,
    ReleaseKind,
    SecurityCategory,
    Sentence,
    SentenceKind,
    Supervision,
    SupervisionMeeting,
    Unit,
    Verdict,
    VerdictOutcome,
)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


def _date(label):
    return forms.DateField(label=label, widget=DateInput)


def _when(label):
    return forms.DateTimeField(label=label, widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M"])


class CaseForm(forms.Form):
    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        self.setup()

    def setup(self):
        pass

    def _limit(self, name, queryset):
        """Choices from this case only; a single choice is preselected."""
        field = self.fields[name]
        field.queryset = queryset
        if not self.is_bound and not isinstance(field, forms.ModelMultipleChoiceField) and name not in self.initial:
            first_two = list(queryset[:2])
            if len(first_two) == 1:
                self.initial[name] = first_two[0].pk


# --- Proceedings --------------------------------------------------------------------------------------


class ProceedingForm(CaseForm):
    investigation_opened_on = _date(_("Investigation opened on"))
    reference = forms.CharField(label=_("File number"), required=False, max_length=60)
    investigating_agency = forms.ModelChoiceField(label=_("Investigated by"), queryset=Agency.objects.none(),
                                                  required=False)

    def setup(self):
        self._limit("investigating_agency", Agency.objects.filter(type__in=["police", "prosecution"]))


class _ProceedingChoice(CaseForm):
    proceeding = forms.ModelChoiceField(label=_("Proceeding"), queryset=Proceeding.objects.none())

    def setup(self):
        self._limit("proceeding", Proceeding.objects.filter(case=self.case))


class InvestigationCloseForm(_ProceedingChoice):
    closed_on = _date(_("Closed on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=InvestigationOutcome.choices)


class MeasureForm(_ProceedingChoice):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    starts_on = _date(_("From"))
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    ordered_by = forms.CharField(label=_("Ordered by"), required=False, max_length=200)


class MeasureEndForm(CaseForm):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    ends_on = _date(_("Until"))

    def setup(self):
        self._limit("measure", Measure.objects.filter(proceeding__case=self.case, ends_on__isnull=True))


class IndictmentForm(_ProceedingChoice):
    indicted_on = _date(_("Indicted on"))
    offences = forms.ModelMultipleChoiceField(label=_("Offences charged"), queryset=Offence.objects.none())
    particulars = forms.CharField(label=_("Particulars"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self):
        super().setup()
        self._limit("offences", Offence.objects.filter(jurisdiction=self.case.country))


class PleaForm(_ProceedingChoice):
    agreed_on = _date(_("Agreed on"))
    terms = forms.CharField(label=_("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HearingForm(_ProceedingChoice):
    at = _when(_("When"))
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    court = forms.CharField(label=_("Court"), required=False, max_length=200)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=300)


class VerdictForm(_ProceedingChoice):
    decided_on = _date(_("Decided on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=VerdictOutcome.choices)
    court = forms.CharField(label=_("Court"), required=False, max_length=200)


class SentenceForm(CaseForm):
    verdict = forms.ModelChoiceField(label=_("Conviction"), queryset=Verdict.objects.none())
    kind = forms.ChoiceField(label=_("Sentence"), choices=SentenceKind.choices)
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=60, initial=0)
    months = forms.IntegerField(label=_("Months"), min_value=0, max_value=11, initial=0)
    days = forms.IntegerField(label=_("Days"), min_value=0, max_value=30, initial=0)
    starts_on = forms.DateField(label=_("Runs from (the verdict's day if empty)"), required=False, widget=DateInput)
    fine_amount = forms.DecimalField(label=_("Fine (EUR)"), required=False, min_value=0, max_digits=10,
                                     decimal_places=2)
    conditions = forms.MultipleChoiceField(label=_("Conditions set by the court"), required=False,
                                           choices=ConditionKind.choices, widget=forms.CheckboxSelectMultiple)
    outside_range_reason = forms.CharField(label=_("Why the term is outside the offence's range (if it is)"),
                                           required=False, max_length=300)

    def setup(self):
        self._limit("verdict", Verdict.objects.filter(proceeding__case=self.case, outcome=VerdictOutcome.CONVICTED,
                                                      sentence__isnull=True))


class ConditionForm(CaseForm):
    sentence = forms.ModelChoiceField(label=_("Sentence"), queryset=Sentence.objects.none())
    kind = forms.ChoiceField(label=_("Condition"), choices=ConditionKind.choices)
    detail = forms.CharField(label=_("Detail"), required=False, max_length=300)

    def setup(self):
        self._limit("sentence", Sentence.objects.filter(case=self.case))


class AppealForm(CaseForm):
    verdict = forms.ModelChoiceField(label=_("Verdict"), queryset=Verdict.objects.none())
    filed_on = _date(_("Filed on"))
    filed_by = forms.ChoiceField(label=_("Filed by"), choices=[("defence", _("Defence")),
                                                               ("prosecution", _("Prosecution"))])

    def setup(self):
        self._limit("verdict", Verdict.objects.filter(proceeding__case=self.case))


class AppealDecideForm(CaseForm):
    appeal = forms.ModelChoiceField(label=_("Appeal"), queryset=Verdict.objects.none())
    decided_on = _date(_("Decided on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in AppealOutcome.choices if c[0]])

    def setup(self):
        from .models import Appeal

        self._limit("appeal", Appeal.objects.filter(verdict__proceeding__case=self.case, decided_on__isnull=True))


# --- Custody ---------------------------------------------------------------------------------------------


class PlacementForm(CaseForm):
    unit = forms.ModelChoiceField(label=_("Facility and unit"), queryset=Unit.objects.none())
    security_category = forms.ChoiceField(label=_("Security category"), choices=SecurityCategory.choices)
    reason = forms.CharField(label=_("Reason for the placement"), max_length=300)
    starts_on = _date(_("From"))
    override_reason = forms.CharField(
        label=_("Reason to override a separation rule (only if the placement breaks one)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self):
        self._limit("unit", Unit.objects.select_related("facility"))


class TransferForm(PlacementForm):
    placement = forms.ModelChoiceField(label=_("Current placement"), queryset=Placement.objects.none())
    field_order = ["placement", "unit", "security_category", "reason", "starts_on", "override_reason"]

    def setup(self):
        super().setup()
        self._limit("placement", Placement.objects.filter(case=self.case, ends_on__isnull=True))
        self.fields["starts_on"].label = _("Transferred on")


class ProgrammeForm(CaseForm):
    programme = forms.ChoiceField(label=_("Programme"), choices=ProgrammeKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ParticipationStatus.choices)
    on = _date(_("Date"))
    provider = forms.CharField(label=_("Provider"), required=False, max_length=200)
    note = forms.CharField(label=_("Note (e.g. reason for refusing)"), required=False, max_length=300)


# --- Release ----------------------------------------------------------------------------------------------


class _CustodialSentence(CaseForm):
    sentence = forms.ModelChoiceField(label=_("Sentence"), queryset=Sentence.objects.none())

    def setup(self):
        self._limit("sentence", Sentence.objects.filter(case=self.case, kind=SentenceKind.PRISON,
                                                         release__isnull=True))


class ReleasePlanForm(_CustodialSentence):
    residence = forms.CharField(label=_("Where the person will live"), required=False, max_length=300)
    municipality = forms.CharField(label=_("Municipality"), required=False, max_length=100)
    met_by = forms.CharField(label=_("Who meets them on release"), required=False, max_length=300)
    continuing = forms.CharField(label=_("What continues after release (treatment, programmes, supervision)"),
                                 required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agencies = forms.ModelMultipleChoiceField(label=_("Agencies to notify"), required=False,
                                              queryset=Agency.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)
    complete = forms.BooleanField(label=_("The plan is complete"), required=False)

    def setup(self):
        super().setup()
        self._limit("agencies", Agency.objects.filter(country=self.case.country).exclude(
            type__in=["intelligence", "international_organisation"]).order_by("name"))
        sentence = self.fields["sentence"].queryset.order_by("earliest_release_on").first()
        plan = getattr(sentence, "release_plan", None) if sentence else None
        if not self.is_bound and sentence is not None:
            self.initial["sentence"] = sentence.pk
        if not self.is_bound and plan is not None:
            self.initial.update({
                "residence": plan.residence, "municipality": plan.municipality, "met_by": plan.met_by,
                "continuing": plan.continuing, "agencies": list(plan.agencies.values_list("pk", flat=True)),
                "complete": plan.complete,
            })


class ReleaseForm(_CustodialSentence):
    released_on = _date(_("Released on"))
    kind = forms.ChoiceField(label=_("Kind of release"), choices=ReleaseKind.choices)


# --- Supervision --------------------------------------------------------------------------------------------


class SupervisionStartForm(CaseForm):
    sentence = forms.ModelChoiceField(label=_("Sentence"), queryset=Sentence.objects.none())
    officer = forms.ModelChoiceField(label=_("Supervising officer"), queryset=get_user_model().objects.none())
    starts_on = _date(_("From"))

    def setup(self):
        from reintegra.access import policy

        self._limit("sentence", Sentence.objects.filter(case=self.case).exclude(kind__in=["fine", "amnesty"]))
        self._limit("officer", policy.holders_of("justice.supervision_write").order_by("username"))


class _SupervisionChoice(CaseForm):
    supervision = forms.ModelChoiceField(label=_("Supervision"), queryset=Supervision.objects.none())

    def setup(self):
        self._limit("supervision", Supervision.objects.filter(case=self.case, ended_on__isnull=True))


class MeetingForm(_SupervisionChoice):
    at = _when(_("When"))
    place = forms.CharField(label=_("Where"), required=False, max_length=200)


class MeetingRecordForm(CaseForm):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=SupervisionMeeting.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=[c for c in MeetingStatus.choices if c[0] != "scheduled"])

    def setup(self):
        self._limit("meeting", SupervisionMeeting.objects.filter(supervision__case=self.case,
                                                                 status=MeetingStatus.SCHEDULED))


class ComplianceForm(CaseForm):
    condition = forms.ModelChoiceField(label=_("Condition"), queryset=Condition.objects.none())
    on = _date(_("Date"))
    kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    source = forms.CharField(label=_("Source (who confirms it)"), required=False, max_length=200)

    def setup(self):
        self._limit("condition", Condition.objects.filter(sentence__case=self.case))


class BreachForm(_SupervisionChoice):
    occurred_on = _date(_("Date"))
    description = forms.CharField(label=_("What happened"), max_length=300)
    condition = forms.ModelChoiceField(label=_("Condition breached"), required=False, queryset=Condition.objects.none())

    def setup(self):
        super().setup()
        self._limit("condition", Condition.objects.filter(sentence__case=self.case))


class BreachDecideForm(CaseForm):
    breach = forms.ModelChoiceField(label=_("Breach"), queryset=Breach.objects.none())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in BreachOutcome.choices if c[0]])
    outcome_on = _date(_("Decided on"))

    def setup(self):
        self._limit("breach", Breach.objects.filter(supervision__case=self.case, outcome=BreachOutcome.OPEN))


class SupervisionEndForm(_SupervisionChoice):
    ended_on = _date(_("Ended on"))
    reason = forms.CharField(label=_("How it ended"), max_length=300)


class ReleasesDueForm(forms.Form):
    within = forms.IntegerField(label=_("Within (days)"), min_value=1, max_value=3650, required=False)
