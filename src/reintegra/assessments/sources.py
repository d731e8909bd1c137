"""What this app adds to the shared mechanisms: compartment tabs, the working list,
attention reasons, the case timeline and the periodic reassessment job."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.cases import attention, periodic, timeline, worklist
from reintegra.cases.compartments import contributes

from . import selectors
from .models import Assessment, Status, SupervisionChange

# The compartments an instrument may live in get an "Assessments" part in their tab.
ASSESSMENT_COMPARTMENTS = ("security", "health", "education", "programme", "child_protection", "family")
# A supervised case's next assessment reaches the key worker's list this long ahead.
DUE_WINDOW = timedelta(days=30)
RECENT = timedelta(days=30)


def _compartment_builder(compartment: str):
    def build(case, *, viewer) -> dict:
        return {"assessments": selectors.compartment_part(case, compartment, viewer=viewer)}

    build.__name__ = f"assessments_{compartment}"
    return contributes(compartment)(build)


for _compartment in ASSESSMENT_COMPARTMENTS:
    _compartment_builder(_compartment)


@contributes("identity")
def _identity(case, *, viewer) -> dict:
    return {"supervision": selectors.supervision_summary(case)}


# --- The working list ---------------------------------------------------------------------------


@worklist.source("assessment_due", gettext_lazy("Assessment"))
def _work_items(user, query: worklist.Query) -> list[worklist.WorkItem]:
    items: list[worklist.WorkItem] = []
    if query.whose in (worklist.Whose.MINE, worklist.Whose.ALL):
        window = query.due_before or timezone.now() + DUE_WINDOW
        for supervision in selectors.due_assessments(user, due_before=window, case_id=query.case_id,
                                                     mine_only=True)[: query.limit]:
            case = supervision.case
            items.append(worklist.WorkItem(
                kind="assessment_due", title=_("Reassessment due (supervision level %(level)s)")
                % {"level": supervision.get_level_display()}, due_at=supervision.next_assessment_due,
                url=reverse("assessments:history", args=[case.pk]), case_id=case.pk,
                case_reference=case.reference, person_name=case.person.display_name,
                owner=_("key worker"), status=_("overdue") if supervision.next_assessment_due < timezone.now()
                else _("due"),
            ))
    for assessment in selectors.open_assessments_for(user, whose=query.whose, case_id=query.case_id,
                                                     due_before=query.due_before)[: query.limit]:
        if assessment.status == Status.SUBMITTED:
            title = _("Countersign: %(instrument)s") % {"instrument": assessment.instrument.code}
        elif assessment.assessor_id is None:
            title = _("Name an assessor: %(instrument)s") % {"instrument": assessment.instrument.code}
        else:
            title = _("Complete: %(instrument)s") % {"instrument": assessment.instrument.code}
        case = assessment.case
        items.append(worklist.WorkItem(
            kind="assessment_due", title=title, due_at=assessment.due_at,
            url=reverse("assessments:detail", args=[assessment.pk]), case_id=case.pk,
            case_reference=case.reference, person_name=case.person.display_name,
            owner=selectors._name(assessment.assessor) or _("unassigned"),
            status=str(assessment.get_status_display()),
        ))
    return items


# --- Attention reasons ----------------------------------------------------------------------------


@attention.source("supervision_raised", compartment="identity")
def _raised(cases) -> dict[int, list[str]]:
    """A supervision level raised in the last 30 days (a conference may narrow this to
    "since the last conference" once conferences record their dates)."""
    since = timezone.now() - RECENT
    found: dict[int, list[str]] = {}
    changes = SupervisionChange.objects.filter(case__in=cases, set_at__gte=since).exclude(previous_level="")
    for change in changes.order_by("set_at"):
        if change.raised:
            found.setdefault(change.case_id, []).append(
                _("Supervision level raised from %(old)s to %(new)s") % {
                    "old": change.get_previous_level_display(), "new": change.get_level_display()})
    return found


@attention.source("assessment_overdue", compartment="identity")
def _overdue(cases) -> dict[int, list[str]]:
    from .models import Supervision

    found: dict[int, list[str]] = {}
    for supervision in Supervision.objects.filter(case__in=cases, next_assessment_due__lt=timezone.now()):
        found.setdefault(supervision.case_id, []).append(
            _("Assessment overdue since %(date)s") % {
                "date": timezone.localtime(supervision.next_assessment_due).date().isoformat()})
    return found


# --- The case timeline ----------------------------------------------------------------------------


def _timeline_builder(compartment: str):
    def events(case, *, viewer) -> list[timeline.Event]:
        found = []
        rows = (Assessment.objects.filter(case=case, compartment=compartment)
                .exclude(status=Status.WITHDRAWN).select_related("instrument"))
        for a in rows:
            url = reverse("assessments:detail", args=[a.pk])
            name = selectors.instrument_title(a.instrument)
            if a.submitted_at:
                found.append(timeline.Event(at=a.submitted_at, compartment=compartment, kind="assessment_submitted",
                                            title=_("Assessment submitted: %(name)s") % {"name": name}, url=url))
            if a.locked_at:
                found.append(timeline.Event(
                    at=a.locked_at, compartment=compartment, kind="assessment_locked", url=url,
                    title=_("Assessment countersigned and locked: %(name)s") % {"name": name},
                    detail=selectors.level_label(a.instrument, a.overall_level) if a.overall_level else ""))
            if a.is_open and a.due_at:
                found.append(timeline.Event(at=a.due_at, compartment=compartment, kind="assessment_due",
                                            title=_("Assessment due: %(name)s") % {"name": name}, url=url,
                                            planned=True))
        return found

    events.__name__ = f"assessment_events_{compartment}"
    return timeline.source(compartment)(events)


for _compartment in ASSESSMENT_COMPARTMENTS:
    _timeline_builder(_compartment)


@timeline.source("identity")
def _supervision_events(case, *, viewer) -> list[timeline.Event]:
    url = reverse("assessments:history", args=[case.pk])
    found = [
        timeline.Event(at=c.set_at, compartment="identity", kind="supervision_level", url=url,
                       title=_("Supervision level: %(level)s") % {"level": c.get_level_display()},
                       detail=_("Contact every %(days)s days; next assessment due %(date)s") % {
                           "days": c.contact_every_days,
                           "date": timezone.localtime(c.next_assessment_due).date().isoformat()})
        for c in SupervisionChange.objects.filter(case=case)
    ]
    current = getattr(case, "supervision", None)  # None when never set
    if current is not None and current.next_assessment_due > timezone.now():
        found.append(timeline.Event(at=current.next_assessment_due, compartment="identity", kind="assessment_due",
                                    title=_("Next assessment due"), url=url, planned=True))
    return found


# --- Periodic jobs --------------------------------------------------------------------------------


@periodic.job("assessments_reassessment_due")
def _start_reassessments(now) -> int:
    from .services import reassessments_start_due

    return reassessments_start_due(now)

