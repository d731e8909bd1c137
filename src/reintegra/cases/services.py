"""Every write to case files. Each writes its audit event in the same transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.audit.services import audit_record

from .models import Case, CaseFlag, CaseNote, CaseTeamMember, Stage, StageChange


class CaseInputError(ValueError):
    pass


def case_open(
    *, actor, person, reference: str, stage: str = Stage.ABROAD, key_worker=None,
    country: str = "XK", municipality: str = "", unaccompanied_minor: bool = False,
    orphan: bool = False, opened_at=None, request=None, channel: str = "page",
) -> Case:
    if stage not in Stage.values:
        raise CaseInputError(_("Unknown stage: %(stage)s.") % {"stage": stage})
    reference = reference.strip()
    if not reference:
        raise CaseInputError(_("A case needs a reference."))
    if Case.objects.filter(person=person).exists():
        raise CaseInputError(_("This person already has a case."))
    if Case.objects.filter(reference=reference).exists():
        raise CaseInputError(_("The reference %(ref)s is taken.") % {"ref": reference})
    now = opened_at or timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            person=person, reference=reference, stage=stage, key_worker=key_worker,
            country=country, municipality=municipality, unaccompanied_minor=unaccompanied_minor,
            orphan=orphan, opened_at=now,
        )
        StageChange.objects.create(case=case, stage=stage, changed_at=now, changed_by=_user_or_none(actor))
        audit_record(
            user=actor, action="create", request=request, channel=channel, object_type="case",
            object_id=case.pk, case_id=case.pk, person_id=person.pk, compartments=["identity"],
        )
    return case


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def case_stage_change(*, actor, case: Case, stage: str, reason: str = "", request=None) -> Case:
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
        StageChange.objects.create(case=case, stage=stage, reason=reason.strip(), changed_at=now, changed_by=actor)
        audit_record(
            user=actor, action="update", request=request, object_type="case", object_id=case.pk,
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
