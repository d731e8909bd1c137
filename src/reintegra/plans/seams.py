"""What plans plugs into other apps' seams.

- reception: a protocol step "referral to make" (`records: referral`) makes a draft
  referral to a provider of the named service, or a task when no provider offers it;
- justice: treatment sessions as compliance facts (date, attended, provider; never notes).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.cases.services import task_create
from reintegra.justice import compliance
from reintegra.reception.step_actions import step_action

from .models import Attendance, Service, ServiceKind, Session
from .services import COMPARTMENT, offers_for, referral_create

# A court condition is kept by sessions of these kinds of service.
CONDITION_SERVICES = {
    "psychological_treatment": (ServiceKind.PSYCHOLOGICAL, ServiceKind.PSYCHIATRIC),
    "religious_counselling": (ServiceKind.RELIGIOUS_COUNSELLING,),
}


# Protocol files name a referral in the words of their country's procedure; this says which
# kind of catalogue service each one is. Names not here (school enrolment, social
# assistance, an individual education plan) are not services of the catalogue: the step
# becomes a task for its agency.
PROTOCOL_SERVICES = {
    "counselling_centre": ServiceKind.PSYCHOLOGICAL,
    "psychosocial_support": ServiceKind.PSYCHOLOGICAL,
    "vocational_training": ServiceKind.VOCATIONAL,
    "community_reintegration": ServiceKind.MENTORING,
    "resocialisation": ServiceKind.MENTORING,
    "socio_psychological_legal_assistance": ServiceKind.LEGAL_AID,
}


@step_action("referral")
def referral_from_step(*, step, spec, actor, request=None) -> str | None:
    """A draft referral for the key worker to check and send (consent is checked then)."""
    wanted = PROTOCOL_SERVICES.get(spec.referral, spec.referral)
    service = Service.objects.filter(Q(code=wanted) | Q(kind=wanted), active=True).order_by("pk").first()
    offers = offers_for(service, step.case) if service is not None else []
    if offers:
        referral = referral_create(
            actor=actor, case=step.case, service=service, provider=offers[0].provider,
            reason=_("From the protocol step “%(step)s”.") % {"step": step.title}, shared_fields=[],
            request=request, check_access=False,
        )
        return f"referral:{referral.pk}"
    agency = step.agency or policy.subject(actor).agency
    if agency is None:
        return None
    task = task_create(
        actor=actor, case=step.case, compartment=COMPARTMENT, kind="referral_to_make",
        title=_("Find a provider for “%(what)s” for %(person)s") % {"what": spec.referral,
                                                                   "person": step.case.person.display_name},
        assigned_agency=agency,
        detail=_("No provider in the catalogue offers this service here. From the protocol step “%(step)s”.")
        % {"step": step.title},
        source_type="reception.step", source_id=step.pk, request=request, check_access=False,
    )
    return f"task:{task.pk}"


@compliance.provider("plans.sessions")
def treatment_sessions(condition) -> list[compliance.SessionFact]:
    kinds = CONDITION_SERVICES.get(condition.kind)
    if not kinds:
        return []
    sessions = (
        Session.objects.filter(referral__case_id=condition.sentence.case_id, referral__service__kind__in=kinds)
        .exclude(attendance=Attendance.CANCELLED)
        .values_list("at", "attendance", "referral__provider__agency__name")
        .order_by("at")
    )
    return [compliance.SessionFact(on=timezone.localdate(at), attended=attendance == Attendance.ATTENDED, provider=name)
            for at, attendance, name in sessions]
