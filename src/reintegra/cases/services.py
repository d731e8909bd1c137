"""Every write to case files. Each writes its audit event in the same transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.audit.services import AuditEntry, audit_record, audit_record_many
from reintegra.bulk import columns_of, insert_objects, insert_rows

from .models import (
    Case,
    CaseFlag,
    CaseNote,
    CaseTeamMember,
    Notification,
    Stage,
    StageChange,
    Task,
    TaskStatus,
)


class CaseInputError(ValueError):
    pass


_STAGES = frozenset(Stage.values)  # built once: bulk opening checks every row


def case_open(
    *, actor, person, reference: str, stage: str = Stage.ABROAD, key_worker=None,
    country: str = "XK", municipality: str = "", unaccompanied_minor: bool = False,
    orphan: bool = False, opened_at=None, request=None, channel: str = "page",
) -> Case:
    spec = CaseInput(
        person=person, reference=reference, stage=stage, key_worker=key_worker, country=country,
        municipality=municipality, unaccompanied_minor=unaccompanied_minor, orphan=orphan,
    )
    return cases_open_bulk(actor=actor, cases=[spec], opened_at=opened_at, request=request, channel=channel)[0]


@dataclass(slots=True)
class CaseInput:
    """One case for `cases_open_bulk`; the same fields as `case_open`."""

    person: object
    reference: str
    stage: str = Stage.ABROAD
    key_worker: object = None
    country: str = "XK"
    municipality: str = ""
    unaccompanied_minor: bool = False
    orphan: bool = False


def cases_open_bulk(
    *, actor, cases: list[CaseInput], opened_at=None, request=None, channel: str = "page"
) -> list[Case]:
    """Open many cases in a few queries (a manifest's people); each checked as `case_open`
    checks one, each with its stage history and its own audit event."""
    references = [c.reference.strip() for c in cases]
    for spec, reference in zip(cases, references, strict=True):
        if spec.stage not in _STAGES:
            raise CaseInputError(_("Unknown stage: %(stage)s.") % {"stage": spec.stage})
        if not reference:
            raise CaseInputError(_("A case needs a reference."))
    if len(set(references)) != len(references):
        raise CaseInputError(_("A reference is given twice."))
    person_ids = [c.person.pk for c in cases]
    if len(set(person_ids)) != len(person_ids) or _exists_in(Case.objects, "person_id", person_ids):
        raise CaseInputError(_("This person already has a case."))
    taken = _exists_in(Case.objects, "reference", references)
    if taken:
        raise CaseInputError(_("The reference %(ref)s is taken.") % {"ref": taken})
    now = opened_at or timezone.now()
    with transaction.atomic():
        made = [
            Case(person=c.person, reference=r, stage=c.stage, key_worker=c.key_worker, country=c.country,
                 municipality=c.municipality, unaccompanied_minor=c.unaccompanied_minor, orphan=c.orphan,
                 opened_at=now)
            for c, r in zip(cases, references, strict=True)
        ]
        insert_objects(made)
        changed_by = _user_or_none(actor)
        insert_rows(StageChange, columns_of(StageChange, ["case", "stage", "reason", "changed_at", "changed_by"]),
                    [(case.pk, case.stage, "", now, changed_by.pk if changed_by else None) for case in made])
        audit_record_many(
            user=actor, request=request, channel=channel,
            events=[AuditEntry(action="create", object_type="case", object_id=case.pk, case_id=case.pk,
                               person_id=case.person_id, compartments=["identity"]) for case in made],
        )
    return made


def _exists_in(queryset, field: str, values: list, chunk: int = 500):
    """The first of `values` already stored in `field`, or None (in chunks, for SQLite)."""
    for start in range(0, len(values), chunk):
        found = queryset.filter(**{f"{field}__in": values[start:start + chunk]}).values_list(field, flat=True).first()
        if found is not None:
            return found
    return None


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def case_stage_change(
    *, actor, case: Case, stage: str, reason: str = "", request=None, check_access: bool = True,
    channel: str = "page",
) -> Case:
    """Move a case to another stage. The actor must be allowed to write its identity
    compartment; apps that move the stage as the consequence of an action they have
    already checked (a protocol step's outcome) pass `check_access=False`."""
    if check_access:
        policy.require_write(actor, case, "identity")
    if stage not in Stage.values:
        raise CaseInputError(_("Unknown stage: %(stage)s.") % {"stage": stage})
    if stage == Stage.CLOSED and not reason.strip():
        raise CaseInputError(_("Say why the case is closed."))
    now = timezone.now()
    with transaction.atomic():
        case.stage = stage
        case.stage_reason = reason.strip()
        case.closed_at = now if stage == Stage.CLOSED else None
        case.save(update_fields=["stage", "stage_reason", "closed_at"])
        StageChange.objects.create(case=case, stage=stage, reason=reason.strip(), changed_at=now,
                                   changed_by=_user_or_none(actor))
        audit_record(
            user=actor, action="update", request=request, channel=channel, object_type="case", object_id=case.pk,
            case_id=case.pk, person_id=case.person_id, compartments=["identity"],
            detail={"stage": stage},
        )
    return case


def case_note_add(*, actor, case: Case, compartment: str, text: str, request=None, channel: str = "page") -> CaseNote:
    if compartment not in ALL_COMPARTMENTS:
        raise CaseInputError(_("Unknown compartment: %(c)s.") % {"c": compartment})
    policy.require_write(actor, case, compartment)
    if not text.strip():
        raise CaseInputError(_("The note is empty."))
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case, compartment=compartment, text=text.strip(), author=actor, created_at=timezone.now()
        )
        audit_record(
            user=actor, action="create", request=request, channel=channel, object_type="case_note",
            object_id=note.pk, case_id=case.pk, person_id=case.person_id, compartments=[compartment],
        )
    return note


def case_flag_raise(*, actor, case: Case, compartment: str, label: str, detail: str = "", request=None) -> CaseFlag:
    if compartment not in ALL_COMPARTMENTS:
        raise CaseInputError(_("Unknown compartment: %(c)s.") % {"c": compartment})
    policy.require_write(actor, case, compartment)
    if not label.strip():
        raise CaseInputError(_("A flag needs a label."))
    with transaction.atomic():
        flag = CaseFlag.objects.create(
            case=case, compartment=compartment, label=label.strip(), detail=detail,
            raised_by=actor, raised_at=timezone.now(),
        )
        audit_record(
            user=actor, action="create", request=request, object_type="case_flag", object_id=flag.pk,
            case_id=case.pk, person_id=case.person_id, compartments=[compartment],
        )
    return flag


def case_team_add(*, actor, case: Case, user, role_in_case: str = "", request=None) -> CaseTeamMember:
    with transaction.atomic():
        member, created = CaseTeamMember.objects.get_or_create(
            case=case, user=user, defaults={"role_in_case": role_in_case, "added_at": timezone.now()}
        )
        if not created:
            return member
        audit_record(
            user=actor, action="create", request=request, object_type="case_team_member",
            object_id=member.pk, case_id=case.pk, person_id=case.person_id, compartments=["identity"],
            detail={"member": user.get_username()},
        )
    return member


def case_team_add_bulk(*, actor, pairs: list[tuple[Case, object]], role_in_case: str = "", request=None,
                       channel: str = "page") -> int:
    """Add users to case teams, (case, user) pairs, skipping those already on the team;
    one audit event per member added, as `case_team_add`. Returns how many were added."""
    if not pairs:
        return 0
    with transaction.atomic():
        case_ids = {case.pk for case, _user in pairs}
        existing = set(
            CaseTeamMember.objects.filter(case_id__in=case_ids).values_list("case_id", "user_id")
        )
        now = timezone.now()
        new, seen = [], set()
        for case, user in pairs:
            key = (case.pk, user.pk)
            if key in existing or key in seen:
                continue
            seen.add(key)
            new.append(CaseTeamMember(case=case, user=user, role_in_case=role_in_case, added_at=now))
        insert_objects(new)
        audit_record_many(
            user=actor, request=request, channel=channel,
            events=[AuditEntry(action="create", object_type="case_team_member", object_id=m.pk, case_id=m.case_id,
                               person_id=m.case.person_id, compartments=["identity"],
                               detail={"member": m.user.get_username()}) for m in new],
        )
    return len(new)


# --- Tasks ------------------------------------------------------------------------------


def task_create(
    *, actor, case: Case | None, compartment: str, title: str, kind: str = "task",
    assigned_user=None, assigned_agency=None, due_at=None, detail: str = "", url: str = "",
    source_type: str = "", source_id: str = "", request=None, channel: str = "page",
    check_access: bool = True,
) -> Task:
    """A task for a user or an agency. The actor must be allowed to write `compartment`
    on the case (apps that make tasks as a consequence of an action they have already
    checked pass `check_access=False`)."""
    if compartment not in ALL_COMPARTMENTS:
        raise CaseInputError(_("Unknown compartment: %(c)s.") % {"c": compartment})
    if not title.strip():
        raise CaseInputError(_("A task needs a title."))
    if assigned_user is None and assigned_agency is None:
        raise CaseInputError(_("Say who the task is for: a person or an agency."))
    if due_at is not None and timezone.is_naive(due_at):
        raise CaseInputError(_("A due time needs its time zone."))
    if check_access and case is not None:
        policy.require_write(actor, case, compartment)
    with transaction.atomic():
        task = Task.objects.create(
            case=case, compartment=compartment, kind=kind, title=title.strip()[:300], detail=detail,
            assigned_user=assigned_user, assigned_agency=assigned_agency, due_at=due_at, url=url,
            source_type=source_type, source_id=str(source_id), created_at=timezone.now(),
            created_by=_user_or_none(actor),
        )
        audit_record(
            user=actor, action="create", request=request, channel=channel, object_type="task",
            object_id=task.pk, case_id=case.pk if case else None,
            person_id=case.person_id if case else None, compartments=[compartment],
            detail={"kind": kind, "assigned_user": getattr(assigned_user, "pk", None),
                    "assigned_agency": getattr(assigned_agency, "pk", None)},
        )
        if assigned_user is not None and assigned_user != actor:
            notify(users=[assigned_user], message=_("New task: %(title)s") % {"title": task.title[:200]},
                   case=case, compartment=compartment, url=task_url(task), dedupe_key=f"task:{task.pk}")
    return task


def task_url(task: Task) -> str:
    if task.url:
        return task.url
    if task.case_id:
        return reverse("case-tab", args=[task.case_id, task.compartment])
    return reverse("worklist")


def _task_close(*, actor, task: Task, status: str, outcome: str, request, channel: str) -> Task:
    from .selectors import task_get_for_action

    task = task_get_for_action(actor, task.pk)  # raises NotFound for a task not theirs
    if task.status != TaskStatus.OPEN:
        raise CaseInputError(_("This task is already closed."))
    with transaction.atomic():
        task.status = status
        task.outcome = outcome.strip()
        task.completed_at = timezone.now()
        task.completed_by = actor
        task.save(update_fields=["status", "outcome", "completed_at", "completed_by"])
        audit_record(
            user=actor, action="update", request=request, channel=channel, object_type="task",
            object_id=task.pk, case_id=task.case_id, person_id=task.case.person_id if task.case_id else None,
            compartments=[task.compartment], detail={"status": status},
        )
    return task


def task_complete(*, actor, task: Task, outcome: str = "", request=None, channel: str = "page") -> Task:
    return _task_close(actor=actor, task=task, status=TaskStatus.DONE, outcome=outcome,
                       request=request, channel=channel)


def task_cancel(*, actor, task: Task, outcome: str, request=None, channel: str = "page") -> Task:
    if not outcome.strip():
        raise CaseInputError(_("Say why the task is cancelled."))
    return _task_close(actor=actor, task=task, status=TaskStatus.CANCELLED, outcome=outcome,
                       request=request, channel=channel)


def tasks_cancel_for_source(*, actor, source_type: str, source_id, reason: str) -> int:
    """Close the open tasks an app made for one of its objects (when the object is done
    or withdrawn by other means). Returns how many were closed."""
    now = timezone.now()
    count = 0
    with transaction.atomic():
        # Lock the tasks only: their case is a nullable join, which PostgreSQL cannot lock.
        for task in Task.objects.select_for_update(of=("self",)).filter(
            source_type=source_type, source_id=str(source_id), status=TaskStatus.OPEN
        ).select_related("case"):
            task.status, task.outcome, task.completed_at = TaskStatus.CANCELLED, reason, now
            task.completed_by = _user_or_none(actor)
            task.save(update_fields=["status", "outcome", "completed_at", "completed_by"])
            audit_record(
                user=actor, action="update", object_type="task", object_id=task.pk, case_id=task.case_id,
                person_id=task.case.person_id if task.case_id else None, compartments=[task.compartment],
                detail={"status": TaskStatus.CANCELLED, "reason": reason},
            )
            count += 1
    return count


# --- Notifications ----------------------------------------------------------------------


def notify(
    *, users, message: str, case: Case | None = None, compartment: str = "", url: str = "",
    dedupe_key: str = "",
) -> list[Notification]:
    """Tell users something in the application (and by e-mail where configured).

    Called inside the transaction of the change it reports; with a `dedupe_key`, a user
    who already has an unread notification with that key is not told again. The
    notification is shown only while its reader may read `compartment` of the case.
    """
    from .notifications import send_email_later

    now = timezone.now()
    recipients = {u.pk: u for u in users if u is not None and getattr(u, "is_active", True)}
    if dedupe_key:
        already = set(
            Notification.objects.filter(
                user_id__in=list(recipients), dedupe_key=dedupe_key, read_at__isnull=True
            ).values_list("user_id", flat=True)
        )
        recipients = {pk: u for pk, u in recipients.items() if pk not in already}
    made = Notification.objects.bulk_create(
        Notification(user=u, case=case, compartment=compartment, message=message[:300], url=url,
                     created_at=now, dedupe_key=dedupe_key)
        for u in recipients.values()
    )
    if made:
        audit_record(
            user=None, action="create", object_type="notification",
            object_id=",".join(str(n.pk) for n in made if n.pk) or "", case_id=case.pk if case else None,
            person_id=case.person_id if case else None, compartments=[compartment] if compartment else [],
            detail={"recipients": sorted(recipients), "dedupe_key": dedupe_key},
        )
        send_email_later(made)
    return made


def notify_agency(*, agency, **kwargs) -> list[Notification]:
    """Notify every active member of an agency."""
    from django.contrib.auth import get_user_model

    members = get_user_model().objects.filter(staff__agency=agency, is_active=True)
    return notify(users=list(members), **kwargs)


def notification_mark_read(*, actor, ids: list[int] | None = None) -> int:
    """Mark the actor's notifications read (all of them when `ids` is None)."""
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
