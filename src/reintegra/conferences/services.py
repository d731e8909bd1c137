"""Every write of case conferences. Each writes its audit event in the same transaction.

Who may do what:
- plan a conference (`conference_create`): holders of `conferences.manage`; the chair
  must hold it too;
- change the agenda, the attendance and the minutes: the chair, or another holder of
  `conferences.manage` (a minute-taker), as long as the minutes are not locked;
- approve the minutes: the chair only. Approval turns every action into a
  `cases.Task` on its owner's working list and locks the conference: after that every
  change is refused with `ConferenceLocked`.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.audit.services import audit_record
from reintegra.cases import services as case_services
from reintegra.cases.models import Case

from .models import Action, AgendaItem, Conference, ConferenceStatus, Decision, Participant

MANAGE = "conferences.manage"
TASK_SOURCE = "conferences.action"


class ConferenceInputError(ValueError):
    """Bad input, with the form field it concerns (when there is one)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConferenceLocked(ConferenceInputError):
    def __init__(self):
        super().__init__(_("The minutes of this conference are approved and locked: nothing can be changed."))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _audit(actor, action: str, obj, *, case: Case | None = None, request=None, channel: str = "page",
           detail: dict | None = None, compartments=()) -> None:
    audit_record(
        user=actor, action=action, request=request, channel=channel,
        object_type=f"conference_{type(obj).__name__.lower()}", object_id=obj.pk,
        case_id=case.pk if case else None, person_id=case.person_id if case else None,
        compartments=list(compartments), detail=detail or {},
    )


def may_edit(user, conference: Conference) -> bool:
    """The chair or a holder of `conferences.manage`, while the minutes are open."""
    if conference.locked:
        return False
    return conference.chair_id == getattr(user, "pk", None) or policy.has_permission(user, MANAGE)


def _require_edit(actor, conference: Conference) -> None:
    if conference.chair_id != getattr(actor, "pk", None) and not policy.has_permission(actor, MANAGE):
        raise policy.AccessDenied("may not change this conference")
    if conference.locked:
        raise ConferenceLocked()


def _require_open_for(actor, conference_id: int) -> Conference:
    """Lock the conference row for the change, so approval and an edit cannot interleave."""
    conference = Conference.objects.select_for_update().get(pk=conference_id)
    _require_edit(actor, conference)
    return conference


def _aware(at: datetime, field: str) -> datetime:
    if at is None:
        raise ConferenceInputError(_("Give a date and time."), field)
    if timezone.is_naive(at):
        raise ConferenceInputError(_("A date and time needs its time zone."), field)
    return at


# --- Planning ----------------------------------------------------------------------------------


def conference_create(*, actor, title: str, held_at: datetime, chair, place: str = "", invited_agencies=(),
                      participants=(), request=None, channel: str = "page") -> Conference:
    policy.require_permission(actor, MANAGE)
    if not title.strip():
        raise ConferenceInputError(_("A conference needs a title."), "title")
    _aware(held_at, "held_at")
    if chair is None or not chair.is_active or not policy.has_permission(chair, MANAGE):
        raise ConferenceInputError(_("The chair must be someone allowed to chair case conferences."), "chair")
    with transaction.atomic():
        conference = Conference.objects.create(
            title=title.strip()[:200], held_at=held_at, place=place.strip()[:200], chair=chair,
            created_by=_user(actor), created_at=timezone.now(),
        )
        conference.invited_agencies.set(list(invited_agencies))
        users = {u.pk: u for u in participants if u is not None}
        users.setdefault(chair.pk, chair)
        Participant.objects.bulk_create(Participant(conference=conference, user=u) for u in users.values())
        _audit(actor, "create", conference, request=request, channel=channel,
               detail={"chair": chair.pk, "agencies": sorted(a.pk for a in invited_agencies),
                       "participants": sorted(users)})
        invited = [u for u in users.values() if u != actor]
        if invited:
            case_services.notify(
                users=invited, message=_("Invitation to the case conference “%(title)s”") % {"title": conference.title},
                url=reverse("conferences:detail", args=[conference.pk]), dedupe_key=f"conference:{conference.pk}",
            )
    return conference


def participant_add(*, actor, conference: Conference, user, request=None, channel: str = "page") -> Participant:
    with transaction.atomic():
        conference = _require_open_for(actor, conference.pk)
        seat, made = Participant.objects.get_or_create(conference=conference, user=user)
        if made:
            _audit(actor, "create", seat, request=request, channel=channel, detail={"user": user.pk})
    return seat


def attendance_record(*, actor, conference: Conference, present_users=(), present_agencies=(),
                      request=None, channel: str = "page") -> Conference:
    """Who was present: among the invited users, and which agencies (invited or not)."""
    present_ids = {u.pk for u in present_users}
    with transaction.atomic():
        conference = _require_open_for(actor, conference.pk)
        seats = set(conference.participants.values_list("user_id", flat=True))
        strangers = present_ids - seats
        if strangers:
            raise ConferenceInputError(_("Only invited participants can be recorded as present."), "present_users")
        conference.participants.update(present=False)
        conference.participants.filter(user_id__in=present_ids).update(present=True)
        conference.present_agencies.set(list(present_agencies))
        _audit(actor, "update", conference, request=request, channel=channel,
               detail={"present_users": sorted(present_ids), "present_agencies": sorted(a.pk for a in present_agencies)})
    return conference


# --- The agenda -----------------------------------------------------------------------------------


def agenda_add(*, actor, conference: Conference, case: Case, request=None, channel: str = "page") -> AgendaItem:
    """Put a case on the agenda (the chair picks it from the proposal, or by reference)."""
    if not policy.case_access(actor, case).visible:
        raise policy.AccessDenied("may not see the case")
    with transaction.atomic():
        conference = _require_open_for(actor, conference.pk)
        if conference.items.filter(case=case).exists():
            raise ConferenceInputError(_("This case is already on the agenda."), "case")
        last = conference.items.order_by("-position").values_list("position", flat=True).first()
        item = AgendaItem.objects.create(conference=conference, case=case, position=(last or 0) + 1)
        _audit(actor, "create", item, case=case, request=request, channel=channel,
               detail={"conference": conference.pk}, compartments=["identity"])
    return item


def agenda_remove(*, actor, item: AgendaItem, request=None, channel: str = "page") -> None:
    with transaction.atomic():
        _require_open_for(actor, item.conference_id)
        if item.decisions.exists() or item.actions.exists():
            raise ConferenceInputError(_("A case with decisions or actions stays on the agenda."), "case")
        _audit(actor, "delete", item, case=item.case, request=request, channel=channel,
               detail={"conference": item.conference_id}, compartments=["identity"])
        item.delete()


# --- Minutes ---------------------------------------------------------------------------------------


def minutes_write(*, actor, item: AgendaItem, discussion: str, next_review_on: date | None = None,
                  request=None, channel: str = "page") -> AgendaItem:
    with transaction.atomic():
        conference = _require_open_for(actor, item.conference_id)
        if next_review_on is not None and next_review_on < conference.held_at.date():
            raise ConferenceInputError(_("The next review is before the conference."), "next_review_on")
        item.discussion = discussion.strip()
        item.next_review_on = next_review_on
        item.save(update_fields=["discussion", "next_review_on"])
        _audit(actor, "update", item, case=item.case, request=request, channel=channel,
               detail={"conference": conference.pk, "next_review_on": next_review_on.isoformat()
                       if next_review_on else None}, compartments=["identity"])
    return item


def decision_add(*, actor, item: AgendaItem, text: str, request=None, channel: str = "page") -> Decision:
    if not text.strip():
        raise ConferenceInputError(_("The decision is empty."), "text")
    with transaction.atomic():
        _require_open_for(actor, item.conference_id)
        decision = Decision.objects.create(item=item, text=text.strip(), created_at=timezone.now())
        _audit(actor, "create", decision, case=item.case, request=request, channel=channel,
               detail={"conference": item.conference_id}, compartments=["identity"])
    return decision


def action_add(*, actor, item: AgendaItem, title: str, due_at: datetime, owner_user=None, owner_agency=None,
               compartment: str = "identity", request=None, channel: str = "page") -> Action:
    """An action agreed for the case. It becomes a task when the minutes are approved, in
    the part of the file named: the owner must be able to read it there, or the task
    would sit on a list they cannot see."""
    if not title.strip():
        raise ConferenceInputError(_("An action needs a title."), "title")
    if owner_user is None and owner_agency is None:
        raise ConferenceInputError(_("Say who owns the action: a person or an agency."), "owner_user")
    if compartment not in ALL_COMPARTMENTS:
        raise ConferenceInputError(_("Unknown part of the file: %(c)s.") % {"c": compartment}, "compartment")
    _aware(due_at, "due_at")
    if owner_user is not None and compartment not in policy.case_access(owner_user, item.case).readable:
        raise ConferenceInputError(
            _("%(owner)s cannot read this part of the case file: choose a part they may read.")
            % {"owner": owner_user.get_full_name() or owner_user.get_username()}, "compartment")
    with transaction.atomic():
        conference = _require_open_for(actor, item.conference_id)
        if due_at < conference.held_at:
            raise ConferenceInputError(_("The action is due before the conference."), "due_at")
        action = Action.objects.create(
            item=item, title=title.strip()[:300], owner_user=owner_user, owner_agency=owner_agency,
            due_at=due_at, compartment=compartment, created_at=timezone.now(),
        )
        _audit(actor, "create", action, case=item.case, request=request, channel=channel,
               detail={"conference": conference.pk, "owner_user": getattr(owner_user, "pk", None),
                       "owner_agency": getattr(owner_agency, "pk", None)}, compartments=[compartment])
    return action


def action_remove(*, actor, action: Action, request=None, channel: str = "page") -> None:
    with transaction.atomic():
        _require_open_for(actor, action.item.conference_id)
        _audit(actor, "delete", action, case=action.item.case, request=request, channel=channel,
               compartments=[action.compartment])
        action.delete()


def minutes_approve(*, actor, conference: Conference, request=None, channel: str = "page") -> Conference:
    """The chair approves the minutes: each action becomes a task for its owner, and the
    conference is locked."""
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        if conference.chair_id != getattr(actor, "pk", None):
            raise policy.AccessDenied("only the chair approves the minutes")
        if conference.locked:
            raise ConferenceLocked()
        items = list(conference.items.select_related("case__person"))
        if not items:
            raise ConferenceInputError(_("There is no case on the agenda: nothing to approve."))
        now = timezone.now()
        if conference.held_at > now:
            raise ConferenceInputError(_("The conference has not taken place yet."))
        actions = list(Action.objects.filter(item__conference=conference).select_related(
            "item__case__person", "owner_user", "owner_agency"))
        for action in actions:
            case = action.item.case
            action.task = case_services.task_create(
                actor=actor, case=case, compartment=action.compartment, kind="conference_action",
                title=action.title,
                detail=_("Agreed at the case conference “%(title)s” on %(day)s.")
                % {"title": conference.title, "day": timezone.localtime(conference.held_at).date().isoformat()},
                assigned_user=action.owner_user, assigned_agency=action.owner_agency, due_at=action.due_at,
                source_type=TASK_SOURCE, source_id=str(action.pk), request=request, channel=channel,
                check_access=False,
            )
            action.save(update_fields=["task"])
            if action.owner_user is None:
                case_services.notify_agency(
                    agency=action.owner_agency, message=_("New task for your agency: %(t)s") % {"t": action.title[:200]},
                    case=case, compartment=action.compartment, url=case_services.task_url(action.task),
                    dedupe_key=f"task:{action.task.pk}",
                )
        conference.status = ConferenceStatus.LOCKED
        conference.approved_at = now
        conference.approved_by = actor
        conference.save(update_fields=["status", "approved_at", "approved_by"])
        _audit(actor, "update", conference, request=request, channel=channel,
               detail={"status": ConferenceStatus.LOCKED, "tasks": [a.task_id for a in actions],
                       "cases": [i.case_id for i in items]})
    return conference
