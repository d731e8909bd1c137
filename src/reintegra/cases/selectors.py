"""Reads of case files, always scoped by the access policy.

`case_file_read` is the audited read: it records who read which compartments, from
where, in the same transaction that builds what they are shown.
"""

from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from reintegra.access import policy
from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.audit.services import audit_record
from reintegra.people.models import Person, Relationship, RelationshipKind

from . import compartments as compartment_builders
from . import timeline, worklist
from .models import Case, Notification, Task, TaskStatus


class NotFound(Exception):
    """The case does not exist or the caller may not see it: the two look the same."""


def my_cases(user) -> QuerySet[Case]:
    """The user's caseload (key worker or case team) among the cases they may read."""
    subj = policy.subject(user)
    mine = Q(key_worker_id=subj.user_id) | Q(team__user_id=subj.user_id)
    return (
        policy.cases_readable(user)
        .filter(pk__in=Case.objects.filter(mine).values("pk"))
        .select_related("person")
        .order_by("reference")
    )


def case_get(user, case_id: int) -> tuple[Case, policy.CaseAccess]:
    case = Case.objects.select_related("person", "key_worker").filter(pk=case_id).first()
    if case is None:
        raise NotFound
    access = policy.case_access(user, case)
    if not access.visible:
        raise NotFound
    return case, access


@dataclass
class CaseFile:
    case: Case
    access: policy.CaseAccess
    compartments: dict[str, dict]


def case_file_read(
    user, case_id: int, *, only: list[str] | None = None, request=None, channel: str = "page",
    found: tuple[Case, policy.CaseAccess] | None = None,
) -> CaseFile:
    """Build the readable compartments (or the readable ones among `only`) and audit it.

    `found` is what `case_get` returned, when the caller already has it.
    """
    case, access = found or case_get(user, case_id)
    shown = [c for c in ALL_COMPARTMENTS if c in access.readable and (only is None or c in only)]
    data = compartment_builders.build(case, shown, viewer=user)
    # The data is built first, so the audit chain's lock is held only for the append,
    # which is its own transaction (no wrapping one: on PostgreSQL one statement that
    # commits at once, see audit.append_pg). If that append fails, the exception stops
    # the response: nothing is shown without its audit event.
    audit_record(
        user=user, action="read", request=request, channel=channel, object_type="case",
        object_id=case.pk, case_id=case.pk, person_id=case.person_id, compartments=shown,
        reason=_live_glass_reason(user, case) if access.by_break_glass else "",
        # Relatives' names and dates of birth were shown too: a DPO looking for reads
        # about a relative finds them here.
        detail={"relatives_shown": sorted(r["person_id"] for r in data["family"]["relatives"])}
        if "family" in data else {},
    )
    return CaseFile(case=case, access=access, compartments=data)


def _live_glass_reason(user, case) -> str:
    from django.utils import timezone

    grant = case.break_glass_grants.filter(user=user, expires_at__gt=timezone.now()).order_by("-granted_at").first()
    return grant.reason if grant else ""


_INVERSE = {
    RelationshipKind.MOTHER: RelationshipKind.CHILD,
    RelationshipKind.FATHER: RelationshipKind.CHILD,
    RelationshipKind.CHILD: None,  # the parent's kind follows from their sex
    RelationshipKind.SPOUSE: RelationshipKind.SPOUSE,
    RelationshipKind.SIBLING: RelationshipKind.SIBLING,
    RelationshipKind.GRANDPARENT: RelationshipKind.GRANDCHILD,
    RelationshipKind.GRANDCHILD: RelationshipKind.GRANDPARENT,
    RelationshipKind.GUARDIAN: RelationshipKind.WARD,
    RelationshipKind.WARD: RelationshipKind.GUARDIAN,
    RelationshipKind.OTHER_RELATIVE: RelationshipKind.OTHER_RELATIVE,
}


def _kind_of_other(rel: Relationship, other: Person) -> str:
    """How `other` relates to the person in view, for a relationship stored the other way."""
    inverse = _INVERSE[rel.kind]
    if inverse is not None:
        return inverse
    return {"F": RelationshipKind.MOTHER, "M": RelationshipKind.FATHER}.get(other.sex, "parent")


def family_of(user, person: Person) -> dict:
    """Relatives and households of a person, limited to the people the user may see.

    A relative's case is linked only if readable. The person in view may be a relative
    without a case (their own page), whose other relatives the user may not see.
    """
    outgoing = Relationship.objects.filter(from_person=person).select_related("to_person__case")
    incoming = Relationship.objects.filter(to_person=person).select_related("from_person__case")
    households = list(person.households.prefetch_related("members"))
    candidates: list[tuple[Person, str]] = []
    # Stored "A is <kind> of B": from B's side, A is <kind>.
    for rel in incoming:
        candidates.append((rel.from_person, rel.kind))
    for rel in outgoing:
        candidates.append((rel.to_person, _kind_of_other(rel, rel.to_person)))
    everyone = {p.pk for p, _k in candidates} | {m.pk for h in households for m in h.members.all()}
    visible = set(policy.persons_visible(user).filter(pk__in=everyone).values_list("pk", flat=True))
    visible.add(person.pk)
    relatives = [(p, k) for p, k in candidates if p.pk in visible]
    relative_case_ids = [c.pk for p, _k in relatives if (c := case_of(p)) is not None]
    readable_ids = set(
        policy.cases_readable(user).filter(pk__in=relative_case_ids).values_list("pk", flat=True)
    )
    seen: set[tuple[int, str]] = set()
    items = []
    for other, kind in relatives:
        if (other.pk, kind) in seen:
            continue
        seen.add((other.pk, kind))
        other_case = case_of(other)
        items.append(
            {
                "person_id": other.pk,
                "name": other.display_name,
                "relationship": kind,
                "sex": other.sex,
                "date_of_birth": compartment_builders.format_partial_date(
                    other.birth_date, other.birth_date_precision
                ),
                "case_id": other_case.pk if other_case and other_case.pk in readable_ids else None,
                "case_reference": other_case.reference if other_case and other_case.pk in readable_ids else None,
                "has_case": other_case is not None,
            }
        )
    household_items = [
        {
            "name": h.name,
            "municipality": h.municipality,
            "members": [m.display_name for m in h.members.all() if m.pk in visible],
        }
        for h in households
    ]
    return {"relatives": items, "households": household_items}


def case_of(person: Person) -> Case | None:
    """The person's case, or None for a relative without one (whether or not the caller
    may read it: ask the policy)."""
    try:
        return person.case
    except Case.DoesNotExist:
        return None


# --- Tasks, the working list, notifications ------------------------------------------------


def _compartment_scoped(user, prefix: str = "case__") -> Q:
    """Rows that carry a `compartment` and a `case`: those whose compartment the user may
    read on that case, or that have no case at all. One database condition."""
    q = Q(case__isnull=True)
    for compartment in ALL_COMPARTMENTS:
        allowed = policy.case_filter(user, compartment=compartment, prefix=prefix)
        if allowed is not None:
            q |= Q(compartment=compartment) & allowed
    return q


def tasks_for(user, query: "worklist.Query") -> QuerySet[Task]:
    """Open tasks of the user (and/or their agency) that they may see, earliest due first."""
    subj = policy.subject(user)
    mine = Q(assigned_user_id=subj.user_id)
    agency = Q(assigned_agency=subj.agency) if subj.agency is not None else Q(pk__isnull=True)
    whose = {worklist.Whose.MINE: mine, worklist.Whose.AGENCY: agency}.get(query.whose, mine | agency)
    tasks = Task.objects.filter(whose, status=TaskStatus.OPEN).filter(_compartment_scoped(user))
    if query.case_id is not None:
        tasks = tasks.filter(case_id=query.case_id)
    if query.due_before is not None:
        tasks = tasks.filter(due_at__lt=query.due_before)
    return tasks.select_related("case__person", "assigned_user", "assigned_agency").order_by(
        F("due_at").asc(nulls_last=True), "pk"
    )


@worklist.source("task", _("Task"))
def _task_items(user, query: "worklist.Query") -> list["worklist.WorkItem"]:
    from .services import task_url

    return [
        worklist.WorkItem(
            kind="task", title=t.title, due_at=t.due_at, url=task_url(t), case_id=t.case_id,
            case_reference=t.case.reference if t.case_id else "",
            person_name=t.case.person.display_name if t.case_id else "",
            owner=(t.assigned_user.get_full_name() or t.assigned_user.get_username())
            if t.assigned_user_id else str(t.assigned_agency),
            status=t.get_status_display(), task_id=t.pk,
        )
        for t in tasks_for(user, query)[: query.limit]
    ]


def task_get_for_action(user, task_id: int) -> Task:
    """An open or closed task the user may act on: theirs or their agency's, and visible."""
    subj = policy.subject(user)
    owner = Q(assigned_user_id=subj.user_id)
    if subj.agency is not None:
        owner |= Q(assigned_agency=subj.agency)
    task = (
        Task.objects.filter(owner, pk=task_id).filter(_compartment_scoped(user))
        .select_related("case").first()
    )
    if task is None:
        raise NotFound
    return task


def notifications_for(user) -> QuerySet[Notification]:
    """The user's notifications about things they may still read."""
    return Notification.objects.filter(user_id=policy.subject(user).user_id).filter(
        Q(compartment="") & Q(case__isnull=True) | _compartment_scoped(user)
    )


def unread_count(user) -> int:
    """The navigation's badge, on every page: the query is compiled once per process and
    subject (`policy.compiled_once`), as compiling it cost more than running it."""
    from django.core.exceptions import EmptyResultSet

    connection = connections[router.db_for_read(Notification)]

    def compile_count():
        unread = notifications_for(user).filter(read_at__isnull=True).values("pk")
        try:
            sql, params = policy.precompile(unread, connection, {})
        except EmptyResultSet:
            return None
        return f"SELECT COUNT(*) FROM ({sql}) unread", params

    compiled = policy.compiled_once(user, connection, "unread_count", compile_count)
    return 0 if compiled is None else policy.run_precompiled(connection, compiled)[0][0]


# --- The timeline -------------------------------------------------------------------------------


def case_timeline_read(user, case_id: int, *, request=None, channel: str = "page"):
    """The events of the case's readable compartments, audited as a read of the
    compartments whose events were shown (many apps register sources for a compartment
    that has nothing on this case)."""
    case, access = case_get(user, case_id)
    asked = sorted(timeline.compartments_with_sources() & access.readable)
    asked = [c for c in ALL_COMPARTMENTS if c in asked]
    events = timeline.events(case, asked, viewer=user)
    shown = [c for c in ALL_COMPARTMENTS if c in {e.compartment for e in events}]
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="case_timeline",
            object_id=case.pk, case_id=case.pk, person_id=case.person_id, compartments=shown,
            reason=_live_glass_reason(user, case) if access.by_break_glass else "",
        )
    return case, access, events


@timeline.source("identity")
def _stage_events(case, *, viewer) -> list["timeline.Event"]:
    return [
        timeline.Event(
            at=change.changed_at, compartment="identity", kind="stage",
            title=_("Stage: %(stage)s") % {"stage": change.get_stage_display()}, detail=change.reason,
        )
        for change in case.stage_changes.all()
    ]
