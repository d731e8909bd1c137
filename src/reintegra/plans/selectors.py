"""Reads of plans and referrals, always scoped by the access policy; page reads are
audited as reads of the `programme` compartment (a provider's read of a referral as a
read of the referral and what it shares)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q, QuerySet
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

from . import sharing
from .models import (
    OPEN_STEP_STATUSES,
    PATHWAYS_OF,
    Attendance,
    Offer,
    Pathway,
    Plan,
    Referral,
    ReferralStatus,
    Service,
    Step,
)
from .services import COMPARTMENT


@dataclass
class ProgrammeFile:
    case: Case
    access: policy.CaseAccess
    plan: Plan | None
    versions: list = field(default_factory=list)
    pathways: list = field(default_factory=list)  # [(pathway code, label, [goals])]
    reviews: list = field(default_factory=list)
    referrals: list = field(default_factory=list)

    @property
    def can_write(self) -> bool:
        return COMPARTMENT in self.access.writable

def _steps_prefetch():
    return Prefetch("steps", Step.objects.select_related("agency", "provider__agency"))

def _referrals(case) -> list[Referral]:
    return list(
        Referral.objects.filter(case=case).select_related("service", "provider__agency")
        .annotate(
            attended=Count("sessions", filter=Q(sessions__attendance=Attendance.ATTENDED)),
            session_count=Count("sessions"), last_session=Max("sessions__at"),
        ).order_by("-created_at", "-pk")
    )

def _pathways(plan: Plan | None) -> list:
    if plan is None:
        return []
    goals = list(plan.goals.prefetch_related(_steps_prefetch()))
    return [(code, Pathway(code).label, [g for g in goals if g.pathway == code])
            for code in PATHWAYS_OF[plan.framework]]

def programme_read(user, case_id: int, *, version: int | None = None, request=None,
                   channel: str = "page") -> ProgrammeFile:
    """The plan (current, or an earlier version), its reviews and the case's referrals."""
    case, access = case_get(user, case_id)
    if COMPARTMENT not in access.readable:
        raise NotFound
    plans = list(Plan.objects.filter(case=case).only("pk", "version", "current", "created_at", "change_reason"))
    plan_ref = next((p for p in plans if (p.version == version if version else p.current)), None)
    if version and plan_ref is None:
        raise NotFound
    plan = Plan.objects.select_related("created_by").get(pk=plan_ref.pk) if plan_ref else None
    found = ProgrammeFile(case=case, access=access, plan=plan, versions=plans, pathways=_pathways(plan),
                          reviews=list(plan.reviews.select_related("reviewed_by")) if plan else [],
                          referrals=_referrals(case))
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="plans_programme",
            object_id=case.pk, case_id=case.pk, person_id=case.person_id, compartments=[COMPARTMENT],
            reason=_live_glass_reason(user, case) if access.by_break_glass else "",
            detail={"version": plan.version} if plan else {},
        )
    return found

def case_for_write(user, case_id: int) -> Case:
    case, access = case_get(user, case_id)
    if COMPARTMENT not in access.readable:
        raise NotFound
    return case

# --- Referrals --------------------------------------------------------------------------------

def referrals_visible(user) -> QuerySet[Referral]:
    q = policy.referral_filter(user)
    if q is None:
        return Referral.objects.none()
    return Referral.objects.filter(q)

@dataclass
class ReferralView:
    referral: Referral
    as_provider: bool  # the user acts for the provider (answers, records sessions)
    case_side: bool  # the user may read the case's programme compartment
    can_write_case: bool
    sessions: list

    @property
    def shared(self) -> list[tuple[str, str]]:
        return sharing.labelled(self.referral.shared)

    @property
    def chosen(self) -> list[str]:
        return [str(sharing.SHAREABLE.get(key, key)) for key in self.referral.shared_fields]

def referral_get(user, referral_id: int) -> Referral:
    """The referral, when the user may see it; NotFound otherwise."""
    referral = referrals_visible(user).filter(pk=referral_id).select_related(
        "case__person", "case__key_worker", "service", "provider__agency", "consent",
        "consent_override_by", "responded_by").first()
    if referral is None:
        raise NotFound
    return referral

def referral_read(user, referral_id: int, *, request=None, channel: str = "page") -> ReferralView:
    """One referral. A provider's user reads what it shares and its sessions; a reader of
    the case's programme reads the rest (attendance, not the provider's session notes)."""
    referral = referral_get(user, referral_id)
    access = policy.case_access(user, referral.case)
    as_provider = policy.referral_as_provider(user, referral)
    case_side = COMPARTMENT in access.readable
    sessions = list(referral.sessions.all())
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="plans_referral",
            object_id=referral.pk, case_id=referral.case_id, person_id=referral.case.person_id,
            compartments=[COMPARTMENT] if case_side else [],
            detail={"as_provider": as_provider, "shared_fields": referral.shared_fields},
        )
    return ReferralView(referral=referral, as_provider=as_provider, case_side=case_side,
                        can_write_case=COMPARTMENT in access.writable, sessions=sessions)

def provider_referrals(user, *, status: str | None = None) -> QuerySet[Referral]:
    """Referrals sent to the user's agency as provider (not drafts)."""
    agency = policy.subject(user).agency
    if agency is None:
        return Referral.objects.none()
    rows = Referral.objects.filter(provider__agency=agency).exclude(status=ReferralStatus.DRAFT)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("service", "provider__agency").annotate(
        session_count=Count("sessions"), last_session=Max("sessions__at")).order_by("response_due_at", "-pk")

def provider_referrals_read(user, *, status: str | None = None, request=None, channel: str = "page") -> list:
    """The provider's list, audited: it shows the names the referrals share."""
    rows = list(provider_referrals(user, status=status))
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="plans_provider_referrals",
            detail={"referrals": [r.pk for r in rows], "status": status or ""},
        )
    return rows


def catalogue() -> list[Service]:
    return list(Service.objects.filter(active=True).prefetch_related(
        Prefetch("offers", Offer.objects.select_related("provider__agency"))))

# --- The compartment tab, timeline, attention, working list -------------------------------------------

def _iso(value):
    return value.isoformat() if value else None

@contributes("programme")
def _programme_tab(case, *, viewer) -> dict:
    plan = Plan.objects.filter(case=case, current=True).first()
    goals = list(plan.goals.prefetch_related(_steps_prefetch())) if plan else []
    now = timezone.now()
    steps = [s for g in goals for s in g.steps.all()]
    return {"plans": {"plan": {
        "id": plan.pk, "version": plan.version, "framework": plan.framework,
        "framework_label": plan.get_framework_display(), "agreement": plan.agreement,
        "agreement_label": plan.get_agreement_display(), "agreement_words": plan.agreement_words,
        "review_due_at": plan.review_due_at, "review_overdue": bool(plan.review_due_at and plan.review_due_at < now),
        "steps_total": len(steps),
        "steps_done": sum(1 for s in steps if s.status == "done"),
        "steps_overdue": sum(1 for s in steps if s.status in OPEN_STEP_STATUSES and s.due_at and s.due_at < now),
        "goals": [
            {"id": g.pk, "pathway": g.pathway, "pathway_label": g.get_pathway_display(), "text": g.text,
             "steps": [{"id": s.pk, "text": s.text, "actor": s.actor, "actor_label": s.actor_label,
                        "due_at": s.due_at, "status": s.status, "status_label": s.get_status_display(),
                        "overdue": bool(s.status in OPEN_STEP_STATUSES and s.due_at and s.due_at < now)}
                       for s in g.steps.all()]}
            for g in goals
        ],
    } if plan else None, "referrals": [
        {"id": r.pk, "service": r.service.name, "provider": r.provider.agency.name, "status": r.status,
         "status_label": r.get_status_display(), "response_due_at": r.response_due_at,
         "sessions": r.session_count, "attended": r.attended, "last_session_at": r.last_session,
         "stalled": r.stalled_at is not None, "outcome": r.outcome}
        for r in _referrals(case)
    ]}}

@timeline.source("programme")
def _programme_events(case, *, viewer) -> list[timeline.Event]:
    url = reverse("plans:programme", args=[case.pk])
    events: list[timeline.Event] = []
    now = timezone.now()
    for plan in Plan.objects.filter(case=case).prefetch_related("reviews"):
        events.append(timeline.Event(
            at=plan.created_at, compartment=COMPARTMENT, kind="plan", url=url, detail=plan.change_reason,
            title=_("Plan version %(v)s") % {"v": plan.version}))
        for review in plan.reviews.all():
            events.append(timeline.Event(
                at=review.reviewed_at, compartment=COMPARTMENT, kind="plan_review", url=url,
                title=_("Plan reviewed (%(why)s)") % {"why": review.get_reason_display()},
                detail=_("%(n)s steps moved") % {"n": len(review.moved)}))
        if plan.current and plan.review_due_at and plan.review_due_at > now:
            events.append(timeline.Event(at=plan.review_due_at, compartment=COMPARTMENT, kind="plan_review",
                                         url=url, title=_("Plan review due"), planned=True))
    for r in _referrals(case):
        link = reverse("plans:referral", args=[r.pk])
        what = {"service": r.service.name, "provider": r.provider.agency.name}
        if r.sent_at:
            events.append(timeline.Event(at=r.sent_at, compartment=COMPARTMENT, kind="referral", url=link,
                                         title=_("Referred to %(provider)s for %(service)s") % what))
        if r.responded_at:
            events.append(timeline.Event(
                at=r.responded_at, compartment=COMPARTMENT, kind="referral", url=link,
                title=_("Referral %(status)s") % {"status": r.get_status_display().lower()}
                if r.status != ReferralStatus.COMPLETED else _("Referral accepted"),
                detail=r.decline_reason))
        if r.completed_at:
            events.append(timeline.Event(
                at=r.completed_at, compartment=COMPARTMENT, kind="referral", url=link,
                title=_("Referral closed: %(service)s") % what,
                detail=_("%(attended)s of %(n)s sessions attended") % {"attended": r.attended, "n": r.session_count}))
    return events

@attention.source("referral_stalled", compartment=COMPARTMENT)
def _stalled(cases) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for case_id, name, reason in Referral.objects.filter(case__in=cases, stalled_at__isnull=False).values_list(
            "case_id", "service__name", "stalled_reason"):
        text = (_("Stalled referral (%(service)s): no answer by the deadline.") if reason == "no_answer"
                else _("Stalled referral (%(service)s): sessions have stopped."))
        found.setdefault(case_id, []).append(text % {"service": name})
    return found

@attention.source("plan_review_due", compartment=COMPARTMENT)
def _review_due(cases) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for case_id, due in Plan.objects.filter(case__in=cases, current=True, review_due_at__lt=timezone.now()
                                            ).values_list("case_id", "review_due_at"):
        found.setdefault(case_id, []).append(
            _("Plan review due since %(day)s.") % {"day": timezone.localdate(due).isoformat()})
    return found

@attention.source("plan_steps_overdue", compartment=COMPARTMENT)
def _steps_overdue(cases) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = (Step.objects.filter(goal__plan__case__in=cases, goal__plan__current=True, status__in=OPEN_STEP_STATUSES,
                                due_at__lt=timezone.now())
            .values("goal__plan__case_id").annotate(n=Count("pk")).values_list("goal__plan__case_id", "n"))
    for case_id, n in rows:
        found.setdefault(case_id, []).append(_("%(n)s overdue plan steps.") % {"n": n})
    return found

def _name(user) -> str:
    return user.get_full_name() or user.get_username() if user else ""

@worklist.source("referral_answer", gettext_lazy("Referral to answer"))
def _referrals_to_answer(user, query: worklist.Query) -> list[worklist.WorkItem]:
    if query.whose == worklist.Whose.MINE:
        return []
    agency = policy.subject(user).agency
    if agency is None:
        return []
    rows = Referral.objects.filter(provider__agency=agency, status=ReferralStatus.SENT)
    if query.case_id is not None:
        rows = rows.filter(case_id=query.case_id)
    if query.due_before is not None:
        rows = rows.filter(response_due_at__lt=query.due_before)
    rows = rows.select_related("service", "provider__agency").order_by("response_due_at", "pk")[: query.limit]
    # The provider sees the name only as the referral shares it, never the case reference.
    return [
        worklist.WorkItem(
            kind="referral_answer", due_at=r.response_due_at, url=reverse("plans:referral", args=[r.pk]),
            title=_("Answer the referral for %(service)s: %(name)s") % {"service": r.service.name,
                                                                        "name": r.shared.get("name", "")},
            owner=r.provider.agency.name, status=r.get_status_display(),
        )
        for r in rows
    ]

def _case_side_items(user, query: worklist.Query, rows, prefix: str):
    allowed = policy.case_filter(user, compartment=COMPARTMENT, prefix=prefix)
    if allowed is None:
        return None
    rows = rows.filter(allowed)
    if query.case_id is not None:
        rows = rows.filter(**{f"{prefix}id": query.case_id})
    return rows

@worklist.source("referral_stalled", gettext_lazy("Stalled referral"))
def _referrals_stalled(user, query: worklist.Query) -> list[worklist.WorkItem]:
    if query.whose == worklist.Whose.AGENCY:
        return []
    rows = _case_side_items(user, query, Referral.objects.filter(stalled_at__isnull=False,
                                                                 case__key_worker_id=user.pk), "case__")
    if rows is None:
        return []
    due = "response_due_at"
    if query.due_before is not None:
        rows = rows.filter(stalled_at__lt=query.due_before)
    rows = rows.select_related("case__person", "service", "provider__agency").order_by("stalled_at", "pk")
    return [
        worklist.WorkItem(
            kind="referral_stalled", due_at=getattr(r, due) if r.stalled_reason == "no_answer" else r.stalled_at,
            url=reverse("plans:referral", args=[r.pk]), case_id=r.case_id, case_reference=r.case.reference,
            person_name=r.case.person.display_name, owner=_name(user),
            title=_("Stalled referral: %(service)s, %(provider)s") % {"service": r.service.name,
                                                                      "provider": r.provider.agency.name},
            status=r.get_status_display(),
        )
        for r in rows[: query.limit]
    ]

@worklist.source("plan_step", gettext_lazy("Plan step"))
def _plan_steps(user, query: worklist.Query) -> list[worklist.WorkItem]:
    subj = policy.subject(user)
    mine = Q(actor="key_worker", goal__plan__case__key_worker_id=subj.user_id)
    agency = (Q(actor="agency", agency=subj.agency) | Q(actor="provider", provider__agency=subj.agency)
              if subj.agency is not None else Q(pk__isnull=True))
    whose = {worklist.Whose.MINE: mine, worklist.Whose.AGENCY: agency}.get(query.whose, mine | agency)
    rows = _case_side_items(user, query, Step.objects.filter(
        whose, goal__plan__current=True, status__in=OPEN_STEP_STATUSES, due_at__isnull=False), "goal__plan__case__")
    if rows is None:
        return []
    if query.due_before is not None:
        rows = rows.filter(due_at__lt=query.due_before)
    rows = rows.select_related("goal__plan__case__person", "agency", "provider__agency").order_by("due_at", "pk")
    return [
        worklist.WorkItem(
            kind="plan_step", title=s.text, due_at=s.due_at,
            url=reverse("plans:programme", args=[s.goal.plan.case_id]) + f"#step-{s.pk}",
            case_id=s.goal.plan.case_id, case_reference=s.goal.plan.case.reference,
            person_name=s.goal.plan.case.person.display_name, owner=s.actor_label, status=s.get_status_display(),
        )
        for s in rows[: query.limit]
    ]

@worklist.source("plan_review", gettext_lazy("Plan review"))
def _plan_reviews(user, query: worklist.Query) -> list[worklist.WorkItem]:
    if query.whose == worklist.Whose.AGENCY:
        return []
    rows = _case_side_items(user, query, Plan.objects.filter(current=True, case__key_worker_id=user.pk,
                                                             review_due_at__isnull=False), "case__")
    if rows is None:
        return []
    if query.due_before is not None:
        rows = rows.filter(review_due_at__lt=query.due_before)
    rows = rows.select_related("case__person").order_by("review_due_at", "pk")
    return [
        worklist.WorkItem(
            kind="plan_review", title=_("Review the plan"), due_at=p.review_due_at,
            url=reverse("plans:programme", args=[p.case_id]), case_id=p.case_id, case_reference=p.case.reference,
            person_name=p.case.person.display_name, owner=_name(user),
        )
        for p in rows[: query.limit]
    ]

