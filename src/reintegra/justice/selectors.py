"""Reads of the justice track, always scoped by the access policy; the page reads are
audited as reads of the `justice` compartment (as `cases.selectors.case_file_read`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.access import policy
from reintegra.audit.services import audit_record
from reintegra.cases import attention, timeline, worklist
from reintegra.cases.compartments import contributes
from reintegra.cases.models import Case
from reintegra.cases.selectors import NotFound, _live_glass_reason, case_get

from . import compliance
from .models import (
    Breach,
    BreachOutcome,
    Charge,
    Hearing,
    Measure,
    MeetingStatus,
    Placement,
    Proceeding,
    ProgrammeParticipation,
    Sentence,
    SentenceKind,
    Supervision,
    SupervisionMeeting,
    Verdict,
)
from .services import COMPARTMENT, pre_release_days, pre_release_q

SECTIONS = ("proceedings", "custody", "release", "supervision")
ALL = "all"  # every section at once (the API)


@dataclass
class JusticeFile:
    case: Case
    access: policy.CaseAccess
    section: str
    proceedings: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    programmes: list = field(default_factory=list)
    supervisions: list = field(default_factory=list)
    # condition id -> facts from other apps (compliance registry), for the supervision page
    registered_facts: dict = field(default_factory=dict)

    @property
    def can_write(self) -> bool:
        return COMPARTMENT in self.access.writable

    @property
    def current_placement(self):
        return next((p for p in reversed(self.placements) if p.ends_on is None), None)

    @property
    def custodial_sentences(self) -> list:
        return [s for s in self.sentences if s.kind == SentenceKind.PRISON]


def _case_for_justice(user, case_id: int):
    case, access = case_get(user, case_id)
    if COMPARTMENT not in access.readable:
        raise NotFound
    return case, access


def _sentences(case) -> list[Sentence]:
    return list(
        Sentence.objects.filter(case=case)
        .select_related("verdict__proceeding", "release_plan", "release")
        .prefetch_related("conditions", "release_plan__agencies")
        .order_by("starts_on", "pk")
    )


def justice_file_read(user, case_id: int, *, section: str, request=None, channel: str = "page") -> JusticeFile:
    """One section of a case's justice file, audited as a read of `justice`."""
    if section not in SECTIONS and section != ALL:
        raise NotFound
    case, access = _case_for_justice(user, case_id)
    found = JusticeFile(case=case, access=access, section=section)
    found.sentences = _sentences(case)
    if section in ("proceedings", ALL):
        found.proceedings = list(
            Proceeding.objects.filter(case=case).select_related("investigating_agency").prefetch_related(
                Prefetch("measures", Measure.objects.order_by("starts_on")),
                Prefetch("charges", Charge.objects.select_related("offence")),
                Prefetch("hearings", Hearing.objects.order_by("at")),
                Prefetch("verdicts", Verdict.objects.select_related("sentence").prefetch_related(
                    "appeals", "sentence__conditions")),
            )
        )
    if section in ("custody", "release", ALL):
        found.placements = list(Placement.objects.filter(case=case).select_related("unit__facility"))
    if section in ("custody", ALL):
        found.programmes = list(ProgrammeParticipation.objects.filter(case=case).order_by("-on", "-pk"))
    if section in ("supervision", ALL):
        found.supervisions = list(
            Supervision.objects.filter(case=case).select_related("officer", "sentence").prefetch_related(
                "meetings", Prefetch("breaches", Breach.objects.select_related("condition")),
                "sentence__conditions__compliance",
            )
        )
        for supervision in found.supervisions:
            for condition in supervision.sentence.conditions.all():
                condition.registered_facts = found.registered_facts[condition.pk] = compliance.facts_for(condition)
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type=f"justice_{section}",
            object_id=case.pk, case_id=case.pk, person_id=case.person_id, compartments=[COMPARTMENT],
            reason=_live_glass_reason(user, case) if access.by_break_glass else "",
        )
    return found


def case_for_write(user, case_id: int) -> Case:
    """The case, when the user may read its justice compartment (the service checks the
    write); otherwise NotFound, like a case that does not exist."""
    return _case_for_justice(user, case_id)[0]


# --- Releases due ------------------------------------------------------------------------------------


def releases_due(user=None, *, within_days: int | None = None, today: date | None = None) -> QuerySet[Sentence]:
    """Custodial sentences not yet released whose release may come within the window (or
    is overdue): the earliest release falls in it, or the latest release does.

    With a user, only cases whose justice compartment they may read; without one (the
    command line, run by the operator) all of them.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=pre_release_days() if within_days is None else within_days)
    sentences = Sentence.objects.filter(kind=SentenceKind.PRISON, release__isnull=True).filter(
        Q(earliest_release_on__gte=today, earliest_release_on__lte=horizon) | Q(latest_release_on__lte=horizon)
    )
    if user is not None:
        allowed = policy.case_filter(user, compartment=COMPARTMENT, prefix="case__")
        if allowed is None:
            return Sentence.objects.none()
        sentences = sentences.filter(allowed)
    return sentences.select_related("case__person", "release_plan").order_by("earliest_release_on", "pk")


def releases_due_read(user, *, within_days: int, request=None, channel: str = "page") -> list[Sentence]:
    rows = list(releases_due(user, within_days=within_days))
    current = {
        p.case_id: p for p in Placement.objects.filter(case_id__in=[s.case_id for s in rows], ends_on__isnull=True)
        .select_related("unit__facility")
    }
    for sentence in rows:
        sentence.current_placement = current.get(sentence.case_id)
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="justice_releases_due",
            compartments=[COMPARTMENT] if rows else [],
            detail={"within_days": within_days, "cases": sorted({s.case_id for s in rows})},
        )
    return rows


# --- The compartment tab -------------------------------------------------------------------------------


def _iso(day):
    return day.isoformat() if day else None


@contributes("justice")
def _justice_tab(case, *, viewer) -> dict:
    sentences = _sentences(case)
    placement = Placement.objects.filter(case=case, ends_on__isnull=True).select_related("unit__facility").first()
    supervision = Supervision.objects.filter(case=case, ended_on__isnull=True).select_related("officer").first()
    proceedings = list(Proceeding.objects.filter(case=case).prefetch_related(
        Prefetch("charges", Charge.objects.select_related("offence")), "verdicts"))
    return {"justice": {
        "proceedings": [
            {
                "id": p.pk, "reference": p.reference, "investigation_opened_on": _iso(p.investigation_opened_on),
                "indicted_on": _iso(p.indicted_on), "charges": [c.offence.name for c in p.charges.all()],
                "verdicts": [{"decided_on": _iso(v.decided_on), "outcome": v.outcome,
                              "outcome_label": v.get_outcome_display()} for v in p.verdicts.all()],
            }
            for p in proceedings
        ],
        "sentences": [
            {
                "id": s.pk, "kind": s.kind, "kind_label": s.get_kind_display(), "term": str(s.term), "term_label": s.term_label,
                "starts_on": _iso(s.starts_on), "credit_days": s.credit_days,
                "earliest_release_on": _iso(s.earliest_release_on), "latest_release_on": _iso(s.latest_release_on),
                "ends_on": _iso(s.ends_on),
                "conditions": [c.get_kind_display() for c in s.conditions.all()],
                "released_on": _iso(s.release.released_on) if hasattr(s, "release") else None,
                "release_plan_complete": s.release_plan.complete if hasattr(s, "release_plan") else None,
            }
            for s in sentences
        ],
        "placement": {
            "facility": placement.unit.facility.name, "unit": placement.unit.name,
            "security_category": placement.security_category,
            "security_category_label": placement.get_security_category_display(),
            "since": _iso(placement.starts_on),
        } if placement else None,
        "supervision": {
            "officer": supervision.officer.get_full_name() or supervision.officer.get_username(),
            "basis": supervision.get_basis_display(), "since": _iso(supervision.starts_on),
            "planned_end_on": _iso(supervision.planned_end_on),
        } if supervision else None,
    }}


# --- Timeline ---------------------------------------------------------------------------------------------


@timeline.source("justice")
def _justice_events(case, *, viewer) -> list[timeline.Event]:
    url = reverse("justice:proceedings", args=[case.pk])
    events: list[timeline.Event] = []

    def add(at, title, kind, detail="", link=url, planned=False):
        events.append(timeline.Event(at=at, title=title, compartment=COMPARTMENT, kind=kind, detail=detail,
                                     url=link, planned=planned))

    today = timezone.localdate()
    for p in Proceeding.objects.filter(case=case).prefetch_related(
            "measures", "hearings", Prefetch("charges", Charge.objects.select_related("offence")), "verdicts__appeals"):
        add(p.investigation_opened_on, _("Investigation opened"), "investigation")
        for m in p.measures.all():
            add(m.starts_on, m.get_kind_display(), "arrest" if m.kind == "arrest" else "measure",
                _("until %(day)s") % {"day": m.ends_on.isoformat()} if m.ends_on else "")
        if p.indicted_on:
            add(p.indicted_on, _("Indicted"), "indictment", "; ".join(c.offence.name for c in p.charges.all()))
        if p.plea_agreed_on:
            add(p.plea_agreed_on, _("Plea agreement"), "plea")
        for h in p.hearings.all():
            add(h.at, _("Hearing: %(purpose)s") % {"purpose": h.purpose}, "hearing", h.outcome,
                planned=h.at > timezone.now())
        for v in p.verdicts.all():
            add(v.decided_on, _("Verdict: %(outcome)s") % {"outcome": v.get_outcome_display()}, "verdict", v.court)
            for a in v.appeals.all():
                add(a.filed_on, _("Appeal filed"), "appeal")
                if a.decided_on:
                    add(a.decided_on, _("Appeal decided: %(o)s") % {"o": a.get_outcome_display()}, "appeal")
    release_url = reverse("justice:release", args=[case.pk])
    for s in _sentences(case):
        add(s.verdict.decided_on, _("Sentence: %(kind)s, %(term)s") % {"kind": s.get_kind_display(), "term": s.term_label},
            "sentence", ", ".join(c.get_kind_display() for c in s.conditions.all()))
        released = getattr(s, "release", None)
        if released is not None:
            add(released.released_on, _("Released (%(kind)s)") % {"kind": released.get_kind_display()}, "release",
                _("without a release plan") if released.without_plan else "", release_url)
        elif s.kind == SentenceKind.PRISON:
            if s.earliest_release_on and s.earliest_release_on >= today:
                add(s.earliest_release_on, _("Earliest release"), "release", "", release_url, planned=True)
            add(s.latest_release_on, _("Latest release"), "release", "", release_url, planned=True)
    custody_url = reverse("justice:custody", args=[case.pk])
    for pl in Placement.objects.filter(case=case).select_related("unit__facility"):
        title = _("Transferred to %(unit)s") if pl.transferred_from_id else _("Placed in %(unit)s")
        add(pl.starts_on, title % {"unit": pl.unit}, "placement",
            _("Security category: %(c)s") % {"c": pl.get_security_category_display()}, custody_url)
    sup_url = reverse("justice:supervision", args=[case.pk])
    for sv in Supervision.objects.filter(case=case).prefetch_related("breaches"):
        add(sv.starts_on, _("Supervision started"), "supervision", sv.get_basis_display(), sup_url)
        if sv.ended_on:
            add(sv.ended_on, _("Supervision ended"), "supervision", sv.end_reason, sup_url)
        else:
            add(sv.planned_end_on, _("Supervision ends"), "supervision", "", sup_url, planned=True)
        for b in sv.breaches.all():
            add(b.occurred_on, _("Breach: %(what)s") % {"what": b.description}, "breach",
                b.get_outcome_display(), sup_url)
    return events


# --- Attention reasons -----------------------------------------------------------------------------------


@attention.source("release_without_plan", compartment=COMPARTMENT)
def _release_without_plan(cases) -> dict[int, list[str]]:
    today = timezone.localdate()
    window = pre_release_q(today, today + timedelta(days=pre_release_days())) | Q(latest_release_on__lt=today)
    rows = Sentence.objects.filter(
        window, case__in=cases, kind=SentenceKind.PRISON, release__isnull=True,
    ).exclude(release_plan__completed_at__isnull=False).values_list("case_id", "earliest_release_on")
    found: dict[int, list[str]] = {}
    for case_id, day in rows:
        found.setdefault(case_id, []).append(
            _("Release due (possible from %(day)s) and no complete release plan.") % {"day": day.isoformat()})
    return found


@attention.source("breach_open", compartment=COMPARTMENT)
def _breaches_open(cases) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for case_id, day in Breach.objects.filter(supervision__case__in=cases, outcome=BreachOutcome.OPEN).values_list(
            "supervision__case_id", "occurred_on"):
        found.setdefault(case_id, []).append(
            _("Breach of supervision on %(day)s waits for an outcome.") % {"day": day.isoformat()})
    return found


# --- The working list: scheduled supervision meetings ----------------------------------------------------------


@worklist.source("supervision_meeting", gettext_lazy("Supervision meeting"))
def _meeting_items(user, query: worklist.Query) -> list[worklist.WorkItem]:
    allowed = policy.case_filter(user, compartment=COMPARTMENT, prefix="supervision__case__")
    if allowed is None:
        return []
    subj = policy.subject(user)
    mine = Q(supervision__officer_id=subj.user_id)
    agency = Q(supervision__officer__staff__agency=subj.agency) if subj.agency is not None else Q(pk__isnull=True)
    whose = {worklist.Whose.MINE: mine, worklist.Whose.AGENCY: agency}.get(query.whose, mine | agency)
    meetings = SupervisionMeeting.objects.filter(allowed, whose, status=MeetingStatus.SCHEDULED,
                                                 supervision__ended_on__isnull=True)
    if query.case_id is not None:
        meetings = meetings.filter(supervision__case_id=query.case_id)
    if query.due_before is not None:
        meetings = meetings.filter(at__lt=query.due_before)
    meetings = meetings.select_related("supervision__case__person", "supervision__officer").order_by(F("at").asc(), "pk")
    return [
        worklist.WorkItem(
            kind="supervision_meeting", title=_("Supervision meeting with %(name)s") % {"name": m.supervision.case.person.display_name},
            due_at=m.at, url=reverse("justice:supervision", args=[m.supervision.case_id]),
            case_id=m.supervision.case_id, case_reference=m.supervision.case.reference,
            person_name=m.supervision.case.person.display_name,
            owner=m.supervision.officer.get_full_name() or m.supervision.officer.get_username(),
            status=m.get_status_display(),
        )
        for m in meetings[: query.limit]
    ]
