"""Every write of plans and referrals. Each checks the policy and writes its audit event
in the same transaction.

Case side (the `programme` compartment, written by the key worker and the agencies the
policy lets write it): plans, goals, steps, agreement, reviews; referrals made, sent,
withdrawn. Provider side (the staff of the provider's agency, `policy.referral_as_provider`):
accept or decline, sessions, completion.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.audit.services import audit_record
from reintegra.cases import services as case_services
from reintegra.cases.category import Category, case_category
from reintegra.cases.models import Case, Notification
from reintegra.people.models import Consent

from . import sharing
from .models import (
    OPEN_STATUSES,
    PATHWAYS_OF,
    Actor,
    Agreement,
    Attendance,
    Framework,
    Goal,
    Offer,
    Outcome,
    Plan,
    PlanReview,
    Provider,
    Referral,
    ReferralStatus,
    ReviewReason,
    Service,
    Session,
    Step,
    StepStatus,
)

COMPARTMENT = "programme"
OVERRIDE = "plans.referral_consent_override"
# The consent a referral needs, recorded on the person (people.Consent): one of these
# purposes, not withdrawn. "Referral to <service name>" consents to that service only.
REFERRAL_CONSENT_PURPOSE = "Referral to services"


class PlansInputError(ValueError):
    """Bad input, with the form field it concerns (when there is one)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConsentMissing(PlansInputError):
    """The referral needs consent and none is recorded; an override is possible."""


def response_days() -> int:
    return int(getattr(settings, "REINTEGRA_REFERRAL_RESPONSE_DAYS", 10))


def stall_days() -> int:
    return int(getattr(settings, "REINTEGRA_REFERRAL_STALL_DAYS", 21))


def review_days() -> int:
    return int(getattr(settings, "REINTEGRA_PLAN_REVIEW_DAYS", 90))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _audit(actor, action: str, obj, case: Case, *, request=None, channel: str = "page", reason: str = "",
           detail: dict | None = None) -> None:
    audit_record(
        user=actor, action=action, request=request, channel=channel,
        object_type=f"plans_{type(obj).__name__.lower()}", object_id=obj.pk, case_id=case.pk,
        person_id=case.person_id, compartments=[COMPARTMENT], reason=reason, detail=detail or {},
    )


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        raise PlansInputError(_("A time needs its time zone."), field)
    return value


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise PlansInputError(_("Unknown value “%(value)s”.") % {"value": value}, field)
    return value


# --- Referrals: the case side ------------------------------------------------------------


def offers_for(service: Service, case: Case | None = None):
    """Active offers of a service, those in the case's municipality (or everywhere) first."""
    offers = Offer.objects.filter(service=service, provider__active=True).select_related("provider__agency")
    if case is not None:
        offers = offers.filter(Q(municipality="") | Q(municipality=case.municipality))
        category = case_category(case)
        return [o for o in offers if not o.categories or category in o.categories
                or (category == Category.UNACCOMPANIED_MINOR and Category.MINOR in o.categories)]
    return list(offers)


def referral_create(*, actor, case: Case, service: Service, provider: Provider, reason: str,
                    shared_fields=(), request=None, channel: str = "page", check_access: bool = True) -> Referral:
    """A draft referral; nothing reaches the provider until it is sent."""
    if check_access:
        policy.require_write(actor, case, COMPARTMENT)
    if not service.active:
        raise PlansInputError(_("This service is no longer offered."), "service")
    if not provider.active or not Offer.objects.filter(provider=provider, service=service).exists():
        raise PlansInputError(_("This provider does not offer this service."), "provider")
    if not reason.strip():
        raise PlansInputError(_("Say what the referral is for."), "reason")
    try:
        fields = sharing.normalise(shared_fields)
    except ValueError as exc:
        raise PlansInputError(_("Unknown field to share: %(f)s.") % {"f": exc}, "shared_fields") from exc
    now = timezone.now()
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case, service=service, provider=provider, reason=reason.strip(), shared_fields=fields,
            created_by=_user(actor), created_at=now,
        )
        _audit(actor, "create", referral, case, request=request, channel=channel,
               detail={"service": service.code, "provider": provider.pk, "shared_fields": fields})
    return referral


def consent_for_referral(case: Case, service: Service, *, now=None) -> Consent | None:
    """The live consent that covers referring this person to this service, if any."""
    now = now or timezone.now()
    purposes = [REFERRAL_CONSENT_PURPOSE.lower(), f"referral to {service.name}".lower()]
    for consent in Consent.objects.filter(person_id=case.person_id, given_at__lte=now).filter(
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=now)).order_by("-given_at"):
        if consent.purpose.strip().lower() in purposes:
            return consent
    return None


def referral_send(*, actor, referral: Referral, override_reason: str = "", request=None,
                  channel: str = "page") -> Referral:
    """Send a draft: consent first (or a recorded override by a role allowed to), then the
    chosen facts are copied for the provider, and the provider has a deadline to answer."""
    case = referral.case
    policy.require_write(actor, case, COMPARTMENT)
    if referral.status != ReferralStatus.DRAFT:
        raise PlansInputError(_("Only a draft can be sent."))
    now = timezone.now()
    consent = consent_for_referral(case, referral.service, now=now) if referral.service.consent_required else None
    override = override_reason.strip()
    if referral.service.consent_required and consent is None:
        if not override:
            raise ConsentMissing(_("No consent to be referred is recorded for this person. Record the consent "
                                   "first, or send it without consent with a reason (if your role allows)."),
                                 "override_reason")
        if not policy.has_permission(actor, OVERRIDE):
            raise ConsentMissing(_("Your role may not send a referral without consent."), "override_reason")
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status != ReferralStatus.DRAFT:
            raise PlansInputError(_("Only a draft can be sent."))
        referral.status = ReferralStatus.SENT
        referral.consent = consent
        if consent is None and override:
            referral.consent_override_reason = override
            referral.consent_override_by = actor
        referral.shared = sharing.snapshot(case, referral.shared_fields)
        referral.sent_at = referral.moved_at = now
        referral.response_due_at = now + timedelta(days=response_days())
        referral.save()
        _audit(actor, "update", referral, case, request=request, channel=channel,
               reason=referral.consent_override_reason,
               detail={"status": "sent", "consent": consent.pk if consent else None,
                       "override": bool(referral.consent_override_reason), "shared_fields": referral.shared_fields})
        case_services.notify_agency(
            agency=referral.provider.agency,
            message=_("New referral for %(service)s") % {"service": referral.service.name},
            url=reverse("plans:referral", args=[referral.pk]), dedupe_key=f"referral:{referral.pk}:sent",
        )
    return referral


def referral_withdraw(*, actor, referral: Referral, reason: str, request=None, channel: str = "page") -> Referral:
    policy.require_write(actor, referral.case, COMPARTMENT)
    if referral.status not in (ReferralStatus.DRAFT, *OPEN_STATUSES):
        raise PlansInputError(_("This referral is already closed."))
    if not reason.strip():
        raise PlansInputError(_("Say why the referral is withdrawn."), "reason")
    with transaction.atomic():
        was_sent = referral.status != ReferralStatus.DRAFT
        referral.status = ReferralStatus.WITHDRAWN
        referral.feedback = reason.strip()
        referral.completed_at = timezone.now()
        _moved(referral)
        referral.save()
        _audit(actor, "update", referral, referral.case, request=request, channel=channel,
               detail={"status": "withdrawn"})
        if was_sent:
            case_services.notify_agency(
                agency=referral.provider.agency, message=_("A referral to you was withdrawn."),
                url=reverse("plans:referral", args=[referral.pk]),
            )
    return referral


# --- Referrals: the provider side ---------------------------------------------------------


def _as_provider(actor, referral: Referral, *statuses) -> Referral:
    if not policy.referral_as_provider(actor, referral):
        raise policy.AccessDenied("not this referral's provider")
    referral = Referral.objects.select_for_update().select_related("case", "service", "provider__agency").get(
        pk=referral.pk)
    if referral.status not in statuses:
        raise PlansInputError(_("This referral is %(status)s: that cannot be done now.")
                              % {"status": referral.get_status_display()})
    return referral


def _key_worker_news(referral: Referral, message: str, dedupe: str = "") -> None:
    case = referral.case
    if case.key_worker_id:
        case_services.notify(users=[case.key_worker], message=message, case=case, compartment=COMPARTMENT,
                             url=reverse("plans:referral", args=[referral.pk]), dedupe_key=dedupe)


def _moved(referral: Referral, now=None) -> None:
    """The referral moved: stalls count from now, and a raised alert is cleared."""
    referral.moved_at = now or timezone.now()
    if referral.stalled_at is not None:
        referral.stalled_at = None
        referral.stalled_reason = ""
        Notification.objects.filter(dedupe_key=_stall_key(referral), read_at__isnull=True).update(
            read_at=referral.moved_at)


def referral_accept(*, actor, referral: Referral, request=None, channel: str = "page") -> Referral:
    with transaction.atomic():
        referral = _as_provider(actor, referral, ReferralStatus.SENT)
        referral.status = ReferralStatus.ACCEPTED
        referral.responded_at = timezone.now()
        referral.responded_by = actor
        _moved(referral, referral.responded_at)
        referral.save()
        _audit(actor, "update", referral, referral.case, request=request, channel=channel,
               detail={"status": "accepted"})
        _key_worker_news(referral, _("%(provider)s accepted the referral for %(service)s.")
                         % {"provider": referral.provider, "service": referral.service.name})
    return referral


def referral_decline(*, actor, referral: Referral, reason: str, request=None, channel: str = "page") -> Referral:
    if not reason.strip():
        raise PlansInputError(_("Say why the referral is declined."), "reason")
    with transaction.atomic():
        referral = _as_provider(actor, referral, ReferralStatus.SENT)
        referral.status = ReferralStatus.DECLINED
        referral.decline_reason = reason.strip()
        referral.responded_at = timezone.now()
        referral.responded_by = actor
        _moved(referral, referral.responded_at)
        referral.save()
        _audit(actor, "update", referral, referral.case, request=request, channel=channel,
               detail={"status": "declined"})
        _key_worker_news(referral, _("%(provider)s declined the referral for %(service)s.")
                         % {"provider": referral.provider, "service": referral.service.name})
    return referral


def session_record(*, actor, referral: Referral, at: datetime, attendance: str, note: str = "",
                   request=None, channel: str = "page") -> Session:
    _aware(at, "at")
    _choice(attendance, Attendance, "attendance")
    if at > timezone.now() + timedelta(minutes=5):
        raise PlansInputError(_("A session is recorded once it was due, not ahead."), "at")
    with transaction.atomic():
        referral = _as_provider(actor, referral, ReferralStatus.ACCEPTED)
        session = Session.objects.create(referral=referral, at=at, attendance=attendance, note=note.strip(),
                                         recorded_by=actor, recorded_at=timezone.now())
        _moved(referral)
        referral.save(update_fields=["moved_at", "stalled_at", "stalled_reason"])
        _audit(actor, "create", session, referral.case, request=request, channel=channel,
               detail={"referral": referral.pk, "attendance": attendance})
    return session


def referral_complete(*, actor, referral: Referral, outcome: str, feedback: str, request=None,
                      channel: str = "page") -> Referral:
    _choice(outcome, Outcome, "outcome")
    if not feedback.strip():
        raise PlansInputError(_("Give the key worker some feedback."), "feedback")
    with transaction.atomic():
        referral = _as_provider(actor, referral, ReferralStatus.ACCEPTED)
        referral.status = ReferralStatus.COMPLETED
        referral.outcome = outcome
        referral.feedback = feedback.strip()
        referral.completed_at = timezone.now()
        _moved(referral, referral.completed_at)
        referral.save()
        _audit(actor, "update", referral, referral.case, request=request, channel=channel,
               detail={"status": "completed", "outcome": outcome})
        _key_worker_news(referral, _("The referral for %(service)s is completed: %(outcome)s.")
                         % {"service": referral.service.name, "outcome": referral.get_outcome_display()})
    return referral


# --- Stalled referrals (the periodic check) -------------------------------------------------------


def _stall_key(referral: Referral) -> str:
    return f"referral:{referral.pk}:stalled"


def stalled_q(now: datetime) -> Q:
    """Referrals waiting past their answer deadline, or accepted with no movement (a
    session) for the configured number of days."""
    return (Q(status=ReferralStatus.SENT, response_due_at__lt=now)
            | Q(status=ReferralStatus.ACCEPTED, moved_at__lt=now - timedelta(days=stall_days())))


def coordinators_for(case: Case):
    """Staff of the coordinating unit whose roles read the programme compartment."""
    return get_user_model().objects.filter(
        is_active=True, staff__agency__type="coordinating_unit", staff__roles__rules__compartment=COMPARTMENT,
        staff__roles__rules__can_read=True,
    ).distinct()


def referrals_stalled_run(now: datetime) -> int:
    """Raise the alert on referrals that stalled since the last run (idempotent)."""
    raised = 0
    rows = Referral.objects.filter(stalled_q(now), stalled_at__isnull=True).select_related(
        "case__person", "case__key_worker", "service", "provider__agency")
    for referral in rows:
        with transaction.atomic():
            referral.stalled_at = now
            referral.stalled_reason = "no_answer" if referral.status == ReferralStatus.SENT else "no_sessions"
            referral.save(update_fields=["stalled_at", "stalled_reason"])
            _audit(None, "update", referral, referral.case, channel="periodic",
                   detail={"stalled": referral.stalled_reason})
            message = (_("Referral for %(service)s to %(provider)s: no answer by the deadline.")
                       if referral.stalled_reason == "no_answer"
                       else _("Referral for %(service)s to %(provider)s: no session for %(days)s days."))
            message %= {"service": referral.service.name, "provider": referral.provider, "days": stall_days()}
            users = [referral.case.key_worker, *coordinators_for(referral.case)]
            case_services.notify(users=users, message=message, case=referral.case, compartment=COMPARTMENT,
                                 url=reverse("plans:referral", args=[referral.pk]), dedupe_key=_stall_key(referral))
        raised += 1
    return raised


# --- Plans ----------------------------------------------------------------------------------


def framework_for(case: Case) -> str:
    category = case_category(case)
    return Framework.CHILD_PILLARS if category in (Category.MINOR, Category.UNACCOMPANIED_MINOR) else Framework.PATHWAYS


def current_plan(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case, current=True).first()


def _writable_plan(actor, plan: Plan) -> Plan:
    policy.require_write(actor, plan.case, COMPARTMENT)
    if not plan.current:
        raise PlansInputError(_("This is an earlier version of the plan; change the current one."))
    return plan


def plan_create(*, actor, case: Case, summary: str = "", framework: str | None = None, review_due_at=None,
                request=None, channel: str = "page", check_access: bool = True) -> Plan:
    if check_access:
        policy.require_write(actor, case, COMPARTMENT)
    framework = _choice(framework or framework_for(case), Framework, "framework")
    _aware(review_due_at, "review_due_at")
    now = timezone.now()
    with transaction.atomic():
        if Plan.objects.filter(case=case).exists():
            raise PlansInputError(_("This case already has a plan; make a new version of it."))
        plan = Plan.objects.create(
            case=case, version=1, current=True, framework=framework, summary=summary.strip(), created_at=now,
            created_by=_user(actor), review_due_at=review_due_at or now + timedelta(days=review_days()),
        )
        _audit(actor, "create", plan, case, request=request, channel=channel, detail={"version": 1})
    return plan


def plan_new_version(*, actor, plan: Plan, reason: str, request=None, channel: str = "page") -> Plan:
    """A new current version with the same goals and steps; the old one is kept as it was."""
    _writable_plan(actor, plan)
    if not reason.strip():
        raise PlansInputError(_("Say why the plan gets a new version."), "reason")
    now = timezone.now()
    with transaction.atomic():
        old = Plan.objects.select_for_update().get(pk=plan.pk)
        if not old.current:
            raise PlansInputError(_("This is an earlier version of the plan; change the current one."))
        old.current = False
        old.save(update_fields=["current"])
        new = Plan.objects.create(
            case=old.case, version=old.version + 1, current=True, framework=old.framework, summary=old.summary,
            agreement=Agreement.NOT_ASKED, review_due_at=old.review_due_at, created_at=now, created_by=_user(actor),
            change_reason=reason.strip(),
        )
        for goal in old.goals.prefetch_related("steps"):
            steps = list(goal.steps.all())
            goal.pk, goal.plan = None, new
            goal.save()
            for step in steps:
                step.pk, step.goal = None, goal
            Step.objects.bulk_create(steps)
        _audit(actor, "create", new, old.case, request=request, channel=channel,
               detail={"version": new.version, "supersedes": old.pk})
    return new


def goal_add(*, actor, plan: Plan, pathway: str, text: str, request=None, channel: str = "page") -> Goal:
    _writable_plan(actor, plan)
    if pathway not in PATHWAYS_OF[plan.framework]:
        raise PlansInputError(_("This pathway is not part of this plan."), "pathway")
    if not text.strip():
        raise PlansInputError(_("Say what the goal is."), "text")
    with transaction.atomic():
        position = (plan.goals.aggregate(m=Max("position"))["m"] or 0) + 1
        goal = Goal.objects.create(plan=plan, pathway=pathway, text=text.strip()[:300], position=position)
        _audit(actor, "create", goal, plan.case, request=request, channel=channel, detail={"pathway": pathway})
    return goal


def step_add(*, actor, goal: Goal, text: str, actor_kind: str, due_at=None, agency=None, provider=None,
             family_member: str = "", request=None, channel: str = "page") -> Step:
    plan = _writable_plan(actor, goal.plan)
    _choice(actor_kind, Actor, "actor_kind")
    _aware(due_at, "due_at")
    if not text.strip():
        raise PlansInputError(_("Say what the step is."), "text")
    if actor_kind == Actor.AGENCY and agency is None:
        raise PlansInputError(_("Name the agency responsible."), "agency")
    if actor_kind == Actor.PROVIDER and provider is None:
        raise PlansInputError(_("Name the provider responsible."), "provider")
    if actor_kind == Actor.FAMILY and not family_member.strip():
        raise PlansInputError(_("Name the family member responsible."), "family_member")
    with transaction.atomic():
        position = (goal.steps.aggregate(m=Max("position"))["m"] or 0) + 1
        step = Step.objects.create(
            goal=goal, text=text.strip()[:300], actor=actor_kind, due_at=due_at, position=position,
            agency=agency if actor_kind == Actor.AGENCY else None,
            provider=provider if actor_kind == Actor.PROVIDER else None,
            family_member=family_member.strip() if actor_kind == Actor.FAMILY else "",
        )
        _audit(actor, "create", step, plan.case, request=request, channel=channel, detail={"goal": goal.pk})
    return step


def step_status_set(*, actor, step: Step, status: str, request=None, channel: str = "page") -> Step:
    plan = _writable_plan(actor, step.goal.plan)
    _choice(status, StepStatus, "status")
    with transaction.atomic():
        before = step.status
        step.status = status
        step.status_changed_at = timezone.now()
        step.save(update_fields=["status", "status_changed_at"])
        _audit(actor, "update", step, plan.case, request=request, channel=channel,
               detail={"from": before, "to": status})
    return step


def plan_agreement_record(*, actor, plan: Plan, agreement: str, words: str = "", request=None,
                          channel: str = "page") -> Plan:
    _writable_plan(actor, plan)
    _choice(agreement, Agreement, "agreement")
    if agreement == Agreement.NOT_ASKED:
        raise PlansInputError(_("Record what the person said."), "agreement")
    if agreement in (Agreement.PARTLY, Agreement.DISAGREES) and not words.strip():
        raise PlansInputError(_("Write down, in their words, what the person does not agree with."), "words")
    with transaction.atomic():
        plan.agreement = agreement
        plan.agreement_words = words.strip()
        plan.agreement_at = timezone.now()
        plan.save(update_fields=["agreement", "agreement_words", "agreement_at"])
        _audit(actor, "update", plan, plan.case, request=request, channel=channel, detail={"agreement": agreement})
    return plan


def _statuses(plan: Plan) -> dict[str, str]:
    return {str(pk): status for pk, status in Step.objects.filter(goal__plan=plan).values_list("pk", "status")}


def plan_review_record(*, actor, plan: Plan, reason: str, notes: str = "", next_review_at=None,
                       request=None, channel: str = "page") -> PlanReview:
    """A review: records which steps moved since the last review and sets the next one."""
    _writable_plan(actor, plan)
    _choice(reason, ReviewReason, "reason")
    _aware(next_review_at, "next_review_at")
    now = timezone.now()
    if next_review_at is not None and next_review_at <= now:
        raise PlansInputError(_("The next review must be in the future."), "next_review_at")
    next_review_at = next_review_at or now + timedelta(days=review_days())
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        previous = plan.reviews.order_by("-reviewed_at", "-pk").first()
        before = previous.statuses if previous else {}
        now_statuses = _statuses(plan)
        texts = dict(Step.objects.filter(goal__plan=plan).values_list("pk", "text"))
        moved = [
            {"step": int(pk), "text": texts[int(pk)], "from": before.get(pk, StepStatus.NOT_STARTED), "to": status}
            for pk, status in now_statuses.items() if before.get(pk, StepStatus.NOT_STARTED) != status
        ]
        review = PlanReview.objects.create(plan=plan, reason=reason, reviewed_at=now, reviewed_by=actor,
                                           notes=notes.strip(), moved=moved, statuses=now_statuses,
                                           next_review_at=next_review_at)
        plan.review_due_at = next_review_at
        plan.save(update_fields=["review_due_at"])
        _audit(actor, "create", review, plan.case, request=request, channel=channel,
               detail={"reason": reason, "moved": len(moved)})
    return review


def plans_stage_review_run(now: datetime) -> int:
    """A change of stage since a plan's last review (or its making) brings the review
    forward to the day of the change (idempotent)."""
    changed = 0
    plans = (
        Plan.objects.filter(current=True)
        .annotate(last_review=Max("reviews__reviewed_at"), last_stage=Max("case__stage_changes__changed_at"))
        .filter(last_stage__gt=Coalesce("last_review", "created_at"))
        .exclude(review_due_at__lte=F("last_stage"))
        .select_related("case")
    )
    for plan in plans:
        with transaction.atomic():
            plan.review_due_at = plan.last_stage
            plan.save(update_fields=["review_due_at"])
            _audit(None, "update", plan, plan.case, channel="periodic", detail={"review_due": "stage_change"})
        changed += 1
    return changed

