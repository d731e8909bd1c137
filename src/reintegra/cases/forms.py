from django import forms
from django.utils.translation import gettext_lazy as _

from . import worklist


class WorklistFilterForm(forms.Form):
    due = forms.ChoiceField(
        label=_("Due"), required=False,
        choices=[("", _("Any time")), ("overdue", _("Overdue")), ("today", _("Within 24 hours")),
                 ("week", _("Within 7 days"))],
    )
    whose = forms.ChoiceField(
        label=_("For"), required=False,
        choices=[(worklist.Whose.ALL, _("Me and my agency")), (worklist.Whose.MINE, _("Me")),
                 (worklist.Whose.AGENCY, _("My agency"))],
    )
    kind = forms.ChoiceField(label=_("Type"), required=False)
    case = forms.CharField(label=_("Case reference"), required=False, max_length=32)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types")), *worklist.kinds()]

    def clean_case(self):
        from .models import Case

        reference = self.cleaned_data["case"].strip()
        if not reference:
            return None
        case = Case.objects.filter(reference=reference).values_list("pk", flat=True).first()
        if case is None:
            # Unknown and unreadable look alike: the list is simply empty.
            return -1
        return case

    def query(self) -> tuple[worklist.Query, list[str] | None]:
        data = self.cleaned_data
        query = worklist.Query(
            whose=data.get("whose") or worklist.Whose.ALL,
            case_id=data.get("case"),
            due_before=worklist.due_before(data.get("due") or ""),
            limit=200,
        )
        return query, [data["kind"]] if data.get("kind") else None
