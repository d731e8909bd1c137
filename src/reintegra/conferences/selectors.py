"""Reads of case conferences, scoped by the access policy and audited.

Who reads a conference: its chair, its invited participants, the staff of the agencies
invited, and holders of `conferences.manage`; for everyone else it does not exist (404).
Within a conference each reader sees only the agenda cases they may see at all, and the
summary of a case shows only the compartments the policy lets that reader read: it is
built with `cases.compartments.build` and audited as a read of those compartments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.access import policy
from reintegra.access.compartments import ALL_COMPARTMENTS, Compartment
from reintegra.audit.services import audit_record
from reintegra.cases import attention, timeline
from reintegra.cases import compartments as compartment_builders
from reintegra.cases.models import Case
from reintegra.cases.selectors import NotFound, _live_glass_reason

from .models import AgendaItem, Conference, ConferenceStatus, Participant
from .services import MANAGE, may_edit


def conferences_visible(user) -> QuerySet[Conference]:
    """The conferences the user may read, filtered in the database."""
    subj = policy.subject(user)
    if subj.user_id is None:
        return Conference.objects.none()
    if policy.has_permission(user, MANAGE):
        return Conference.objects.all()
    q = Q(chair_id=subj.user_id) | Q(pk__in=Participant.objects.filter(user_id=subj.user_id).values("conference_id"))
    if subj.agency is not None:
        q |= Q(pk__in=Conference.invited_agencies.through.objects.filter(agency_id=subj.agency.pk)
               .values("conference_id"))
    return Conference.objects.filter(q)


def conference_list(user, *, upcoming: bool | None = None) -> QuerySet[Conference]:
    found = conferences_visible(user).select_related("chair")
    now = timezone.now()
    if upcoming is True:
        found = found.filter(held_at__gte=now - timedelta(hours=12)).order_by("held_at", "pk")
    elif upcoming is False:
        found = found.filter(held_at__lt=now - timedelta(hours=12))
    return found


def conference_get(user, conference_id: int) -> Conference:
    conference = conferences_visible(user).select_related("chair", "approved_by").filter(pk=conference_id).first()
    if conference is None:
        raise NotFound
    return conference


@dataclass
class ConferenceView:
    conference: Conference
    items: list[AgendaItem]  # the agenda cases this reader may see
    hidden_items: int  # agenda cases this reader may not see (a count only)
    can_edit: bool
    can_approve: bool
    participants: list = field(default_factory=list)
    invited_agencies: list = field(default_factory=list)
    present_agencies: list = field(default_factory=list)


def _visible_items(user, conference: Conference) -> tuple[list[AgendaItem], int]:
    allowed = policy.case_filter(user, prefix="case__")
    items = conference.items.select_related("case__person")
    every = items.count()
    if allowed is None:
        return [], every
    shown = list(items.filter(allowed).prefetch_related("decisions", "actions__owner_user", "actions__owner_agency",
                                                         "actions__task"))
    return shown, every - len(shown)


def conference_read(user, conference_id: int, *, request=None, channel: str = "page") -> ConferenceView:
    """The conference page: date, chair, participants, the agenda cases the reader may
    see. Audited (which cases' references and names were shown)."""
    conference = conference_get(user, conference_id)
    items, hidden = _visible_items(user, conference)
    found = ConferenceView(
        conference=conference, items=items, hidden_items=hidden, can_edit=may_edit(user, conference),
        can_approve=not conference.locked and conference.chair_id == getattr(user, "pk", None),
        participants=list(conference.participants.select_related("user__staff__agency").order_by("user__username")),
        invited_agencies=list(conference.invited_agencies.order_by("name")),
        present_agencies=list(conference.present_agencies.order_by("name")),
    )
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="conference",
            object_id=conference.pk, compartments=["identity"] if items else [],
            detail={"cases": [i.case_id for i in items]},
        )
    return found


# --- The agenda proposal ------------------------------------------------------------------------


@dataclass
class Proposal:
    case: Case
    reasons: list[tuple[str, str]]  # (kind, reason), only those the reader may read


def agenda_proposal(user, conference: Conference, *, request=None, channel: str = "page",
                    limit: int = 100) -> list[Proposal]:
    """Cases the system proposes for the agenda: those that need attention for a reason
    registered in `cases.attention` (overdue steps, raised supervision levels, stalled
    referrals, plan reviews, reviews a conference set), among the cases the reader may
    read, not yet on this agenda. Most reasons first. Audited."""
    if not may_edit(user, conference):
        raise NotFound
    open_cases = policy.cases_readable(user).exclude(stage="closed").exclude(
        pk__in=conference.items.values("case_id"))
    found = attention.cases_needing_attention(user, open_cases)
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    cases = Case.objects.select_related("person").in_bulk([case_id for case_id, _r in ranked])
    proposals = [Proposal(case=cases[case_id], reasons=reasons) for case_id, reasons in ranked if case_id in cases]
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="conference_proposal",
            object_id=conference.pk, compartments=["identity"] if proposals else [],
            detail={"cases": [p.case.pk for p in proposals]},
        )
    return proposals


# --- One case at the meeting -------------------------------------------------------------------


@dataclass
class Summary:
    """What one participant may see of one case: the compartments the policy lets them read."""

    compartments: list[tuple[str, str, dict, str]]  # (code, label, data, the case tab's template)
    reasons: list[tuple[str, str]]
    stage: str = ""
    category: str = ""


@dataclass
class ItemView:
    conference: Conference
    item: AgendaItem
    access: policy.CaseAccess
    summary: Summary
    can_edit: bool
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    others: list = field(default_factory=list)  # the other agenda items (for navigation)


def summary_for(viewer, case: Case, access: policy.CaseAccess) -> Summary:
    from reintegra.cases.category import Category, case_category

    shown = [c for c in ALL_COMPARTMENTS if c in access.readable]
    data = compartment_builders.build(case, shown, viewer=viewer)
    reasons = attention.cases_needing_attention(viewer, Case.objects.filter(pk=case.pk)).get(case.pk, [])
    return Summary(
        compartments=[(c, str(Compartment(c).label), data[c], _tab_template(c)) for c in shown],
        reasons=reasons, stage=case.get_stage_display(), category=str(Category(case_category(case)).label),
    )


def _tab_template(compartment: str) -> str:
    """The case page's panel for the compartment: the summary shows what the tab shows."""
    from django.template.loader import select_template

    return select_template([f"cases/tabs/{compartment}.html", "cases/tabs/_generic.html"]).template.name


def item_read(user, conference_id: int, item_id: int, *, request=None, channel: str = "page") -> ItemView:
    """The meeting page of one agenda case, with the reader's own summary. Audited as a
    read of the compartments the summary shows, as a read of the case file is."""
    conference = conference_get(user, conference_id)
    item = conference.items.select_related("case__person", "case__key_worker").filter(pk=item_id).first()
    if item is None:
        raise NotFound
    access = policy.case_access(user, item.case)
    if not access.visible:
        raise NotFound
    summary = summary_for(user, item.case, access)
    visible, _hidden = _visible_items(user, conference)
    found = ItemView(
        conference=conference, item=item, access=access, summary=summary, can_edit=may_edit(user, conference),
        decisions=list(item.decisions.all()),
        actions=list(item.actions.select_related("owner_user", "owner_agency", "task")),
        others=visible,
    )
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="conference_summary",
            object_id=item.pk, case_id=item.case_id, person_id=item.case.person_id,
            compartments=[c for c, *_rest in summary.compartments],
            reason=_live_glass_reason(user, item.case) if access.by_break_glass else "",
            detail={"conference": conference.pk},
        )
    return found


def item_for_write(user, conference_id: int, item_id: int) -> AgendaItem:
    """An agenda item of a conference the user may read, whose case they may see (the
    service checks the right to change it); otherwise NotFound."""
    conference = conference_get(user, conference_id)
    item = conference.items.select_related("case__person", "conference").filter(pk=item_id).first()
    if item is None or not policy.case_access(user, item.case).visible:
        raise NotFound
    return item


# --- Cases whose review a conference set ------------------------------------------------------------


def _review_due_q(today):
    later = AgendaItem.objects.filter(case_id=OuterRef("case_id"), conference__held_at__gt=OuterRef("conference__held_at"))
    return Q(next_review_on__lte=today, conference__status=ConferenceStatus.LOCKED) & ~Q(Exists(later))


@attention.source("conference_review_due", compartment="identity")
def _review_due(cases) -> dict[int, list[str]]:
    today = timezone.localdate()
    found: dict[int, list[str]] = {}
    for case_id, day in AgendaItem.objects.filter(_review_due_q(today), case__in=cases).values_list(
            "case_id", "next_review_on"):
        found.setdefault(case_id, []).append(
            _("Review by a case conference due since %(day)s.") % {"day": day.isoformat()})
    return found


# --- Timeline ----------------------------------------------------------------------------------------


@timeline.source("identity")
def _conference_events(case, *, viewer) -> list[timeline.Event]:
    now = timezone.now()
    events = []
    for item in AgendaItem.objects.filter(case=case).select_related("conference").prefetch_related("decisions"):
        c = item.conference
        if c.locked:
            n = len(item.decisions.all())
            detail = ngettext("%(n)s decision", "%(n)s decisions", n) % {"n": n}
        else:
            detail = ""
        events.append(timeline.Event(
            at=c.held_at, title=_("Case conference: %(title)s") % {"title": c.title}, compartment="identity",
            kind="conference", detail=detail, url=reverse("conferences:item", args=[c.pk, item.pk]),
            planned=c.held_at > now,
        ))
        if item.next_review_on and c.locked:
            events.append(timeline.Event(
                at=item.next_review_on, title=_("Conference review due"), compartment="identity",
                kind="conference", planned=item.next_review_on >= timezone.localdate(),
            ))
    return events

