"""Every write of the justice track. Each checks the named permission with the
`justice` compartment rule and writes its audit event in the same transaction.

Who writes what (the policy file grants the permissions):
prosecution and courts: proceedings (`justice.proceedings_write`); the prison service:
custody and releases (`justice.custody_write`, `justice.separation_override`); prison and
probation: release plans (`justice.release_plan_write`); probation: supervision
(`justice.supervision_write`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reintegra.access import policy
from reintegra.access.models import Agency, AgencyType
from reintegra.audit.services import audit_record
from reintegra.cases import services as case_services
from reintegra.cases.models import Case, CaseFlag

from . import dates
from .models import (
    CATEGORY_RANK,
    CREDITED_MEASURES,
    SUPERVISED,
    Appeal,
    AppealOutcome,
    Breach,
    BreachOutcome,
    Charge,
    ComplianceRecord,
    Condition,
    ConditionKind,
    EvidenceKind,
    FacilityKind,
    Hearing,
    InvestigationOutcome,
    Measure,
    MeasureKind,
    MeetingStatus,
    Offence,
    ParticipationStatus,
    Placement,
    Proceeding,
    ProgrammeKind,
    ProgrammeParticipation,
    Release,
    ReleaseKind,
    ReleasePlan,
    SecurityCategory,
    Sentence,
    SentenceKind,
    Supervision,
    SupervisionBasis,
    SupervisionMeeting,
    Unit,
    Verdict,
    VerdictOutcome,
)
from .reference import jurisdiction_rules

COMPARTMENT = "justice"
RELEASE_SOURCE = "justice.release"
NO_TERM = dates.Term()


class JusticeInputError(ValueError):
    """Bad input, with the form field it concerns (when there is one)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def pre_release_days() -> int:
    return int(getattr(settings, "REINTEGRA_PRE_RELEASE_DAYS", 90))


def _require(actor, code: str, case: Case) -> None:
    policy.require_permission(actor, code, case=case, compartment=COMPARTMENT)


def _audit(actor, action: str, obj, case: Case, *, request=None, channel: str = "page", reason: str = "",
           detail: dict | None = None) -> None:
    audit_record(
        user=actor, action=action, request=request, channel=channel,
        object_type=f"justice_{type(obj).__name__.lower()}", object_id=obj.pk, case_id=case.pk,
        person_id=case.person_id, compartments=[COMPARTMENT], reason=reason, detail=detail or {},
    )


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise JusticeInputError(_("Unknown value “%(value)s”.") % {"value": value}, field)
    return value


def _order(start: date, end: date | None, field: str = "ends_on") -> None:
    if end is not None and end < start:
        raise JusticeInputError(_("The end date is before the start date."), field)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# --- Proceedings ----------------------------------------------------------------------------------


def proceeding_open(*, actor, case: Case, investigation_opened_on: date, reference: str = "",
                    investigating_agency: Agency | None = None, jurisdiction: str | None = None,
                    request=None, channel: str = "page") -> Proceeding:
    _require(actor, "justice.proceedings_write", case)
    with transaction.atomic():
        proceeding = Proceeding.objects.create(
            case=case, jurisdiction=jurisdiction or case.country, reference=reference.strip(),
            investigation_opened_on=investigation_opened_on, investigating_agency=investigating_agency,
            created_by=_user(actor), created_at=timezone.now(),
        )
        _audit(actor, "create", proceeding, case, request=request, channel=channel)
    return proceeding


def investigation_close(*, actor, proceeding: Proceeding, closed_on: date, outcome: str,
                        request=None, channel: str = "page") -> Proceeding:
    case = proceeding.case
    _require(actor, "justice.proceedings_write", case)
    _choice(outcome, InvestigationOutcome, "outcome")
    _order(proceeding.investigation_opened_on, closed_on, "closed_on")
    with transaction.atomic():
        proceeding.investigation_closed_on, proceeding.investigation_outcome = closed_on, outcome
        proceeding.save(update_fields=["investigation_closed_on", "investigation_outcome"])
        _audit(actor, "update", proceeding, case, request=request, channel=channel, detail={"outcome": outcome})
    return proceeding


def measure_add(*, actor, proceeding: Proceeding, kind: str, starts_on: date, ends_on: date | None = None,
                ordered_by: str = "", request=None, channel: str = "page") -> Measure:
    case = proceeding.case
    _require(actor, "justice.proceedings_write", case)
    _choice(kind, MeasureKind, "kind")
    _order(starts_on, ends_on)
    with transaction.atomic():
        measure = Measure.objects.create(proceeding=proceeding, kind=kind, starts_on=starts_on, ends_on=ends_on,
                                         ordered_by=ordered_by.strip())
        _audit(actor, "create", measure, case, request=request, channel=channel, detail={"kind": kind})
        _recompute_sentences(actor, proceeding)
    return measure


def measure_end(*, actor, measure: Measure, ends_on: date, request=None, channel: str = "page") -> Measure:
    case = measure.proceeding.case
    _require(actor, "justice.proceedings_write", case)
    _order(measure.starts_on, ends_on)
    with transaction.atomic():
        measure.ends_on = ends_on
        measure.save(update_fields=["ends_on"])
        _audit(actor, "update", measure, case, request=request, channel=channel)
        _recompute_sentences(actor, measure.proceeding)
    return measure


def indictment_record(*, actor, proceeding: Proceeding, indicted_on: date, offences: list[Offence],
                      particulars: str = "", request=None, channel: str = "page") -> list[Charge]:
    case = proceeding.case
    _require(actor, "justice.proceedings_write", case)
    if not offences:
        raise JusticeInputError(_("An indictment names at least one offence."), "offences")
    foreign = [o for o in offences if o.jurisdiction != proceeding.jurisdiction]
    if foreign:
        raise JusticeInputError(
            _("“%(offence)s” is not an offence of this jurisdiction (%(j)s).")
            % {"offence": foreign[0].name, "j": proceeding.jurisdiction}, "offences")
    if indicted_on < proceeding.investigation_opened_on:
        raise JusticeInputError(_("The indictment is dated before the investigation opened."), "indicted_on")
    with transaction.atomic():
        proceeding.indicted_on = indicted_on
        if not proceeding.investigation_closed_on:
            proceeding.investigation_closed_on = indicted_on
            proceeding.investigation_outcome = InvestigationOutcome.INDICTED
        proceeding.save(update_fields=["indicted_on", "investigation_closed_on", "investigation_outcome"])
        charges = [Charge.objects.create(proceeding=proceeding, offence=o, particulars=particulars.strip())
                   for o in offences]
        _audit(actor, "update", proceeding, case, request=request, channel=channel,
               detail={"indicted_on": indicted_on.isoformat(), "offences": [o.code for o in offences]})
    return charges


def plea_record(*, actor, proceeding: Proceeding, agreed_on: date, terms: str = "",
                request=None, channel: str = "page") -> Proceeding:
    case = proceeding.case
    _require(actor, "justice.proceedings_write", case)
    if not proceeding.indicted_on:
        raise JusticeInputError(_("Record the indictment before a plea agreement."), "agreed_on")
    with transaction.atomic():
        proceeding.plea_agreed_on, proceeding.plea_terms = agreed_on, terms.strip()
        proceeding.save(update_fields=["plea_agreed_on", "plea_terms"])
        _audit(actor, "update", proceeding, case, request=request, channel=channel, detail={"plea": True})
    return proceeding


def hearing_add(*, actor, proceeding: Proceeding, at: datetime, purpose: str, court: str = "",
                outcome: str = "", request=None, channel: str = "page") -> Hearing:
    case = proceeding.case
    _require(actor, "justice.proceedings_write", case)
    if timezone.is_naive(at):
        raise JusticeInputError(_("A hearing time needs its time zone."), "at")
    if not purpose.strip():
        raise JusticeInputError(_("Say what the hearing is for."), "purpose")
    with transaction.atomic():
        hearing = Hearing.objects.create(proceeding=proceeding, at=at, purpose=purpose.strip(),
                                         court=court.strip(), outcome=outcome.strip())
        _audit(actor, "create", hearing, case, request=request, channel=channel)
    return hearing


def verdict_record(*, actor, proceeding: Proceeding, decided_on: date, outcome: str, court: str = "",
                   request=None, channel: str = "page") -> Verdict:
    case = proceeding.case
    _require(actor, "justice.proceedings_write", case)
    _choice(outcome, VerdictOutcome, "outcome")
    if not proceeding.indicted_on:
        raise JusticeInputError(_("Record the indictment before a verdict."), "decided_on")
    if decided_on < proceeding.indicted_on:
        raise JusticeInputError(_("The verdict is dated before the indictment."), "decided_on")
    with transaction.atomic():
        verdict = Verdict.objects.create(proceeding=proceeding, decided_on=decided_on, outcome=outcome,
                                         court=court.strip(), recorded_by=_user(actor))
        _audit(actor, "create", verdict, case, request=request, channel=channel, detail={"outcome": outcome})
    return verdict


def appeal_record(*, actor, verdict: Verdict, filed_on: date, filed_by: str, request=None,
                  channel: str = "page") -> Appeal:
    case = verdict.proceeding.case
    _require(actor, "justice.proceedings_write", case)
    if filed_by not in ("defence", "prosecution"):
        raise JusticeInputError(_("Unknown value “%(value)s”.") % {"value": filed_by}, "filed_by")
    if filed_on < verdict.decided_on:
        raise JusticeInputError(_("The appeal is dated before the verdict."), "filed_on")
    with transaction.atomic():
        appeal = Appeal.objects.create(verdict=verdict, filed_on=filed_on, filed_by=filed_by)
        _audit(actor, "create", appeal, case, request=request, channel=channel)
    return appeal


def appeal_decide(*, actor, appeal: Appeal, decided_on: date, outcome: str, request=None,
                  channel: str = "page") -> Appeal:
    case = appeal.verdict.proceeding.case
    _require(actor, "justice.proceedings_write", case)
    if outcome not in AppealOutcome.values or outcome == AppealOutcome.PENDING:
        raise JusticeInputError(_("Unknown value “%(value)s”.") % {"value": outcome}, "outcome")
    _order(appeal.filed_on, decided_on, "decided_on")
    with transaction.atomic():
        appeal.decided_on, appeal.outcome = decided_on, outcome
        appeal.save(update_fields=["decided_on", "outcome"])
        _audit(actor, "update", appeal, case, request=request, channel=channel, detail={"outcome": outcome})
    return appeal


# --- Sentences and their dates ----------------------------------------------------------------------


def _credit_days(proceeding: Proceeding, before: date) -> int:
    periods = proceeding.measures.filter(kind__in=CREDITED_MEASURES).values_list("starts_on", "ends_on")
    return dates.detention_days(list(periods), before)


def _compute(sentence: Sentence) -> None:
    """Fill the computed dates of a sentence (not saved)."""
    proceeding = sentence.verdict.proceeding
    if sentence.kind == SentenceKind.PRISON:
        credit = _credit_days(proceeding, sentence.starts_on)
        result = dates.release_dates(
            sentence.starts_on, sentence.term, credit_days=credit,
            conditional_after=jurisdiction_rules(proceeding.jurisdiction)["conditional_release_after"],
        )
        sentence.credit_days = credit
        sentence.earliest_release_on, sentence.latest_release_on = result.earliest, result.latest
        sentence.ends_on = result.latest
    else:
        sentence.credit_days = 0
        sentence.earliest_release_on = sentence.latest_release_on = None
        sentence.ends_on = None if sentence.term.is_zero else dates.term_end(sentence.starts_on, sentence.term)


def _recompute_sentences(actor, proceeding: Proceeding) -> None:
    for sentence in Sentence.objects.filter(verdict__proceeding=proceeding).select_related("verdict__proceeding"):
        before = (sentence.credit_days, sentence.earliest_release_on, sentence.latest_release_on)
        _compute(sentence)
        if (sentence.credit_days, sentence.earliest_release_on, sentence.latest_release_on) != before:
            sentence.save(update_fields=["credit_days", "earliest_release_on", "latest_release_on", "ends_on"])
            _audit(actor, "update", sentence, proceeding.case, detail={"recomputed": True})
            _open_if_due(actor, sentence, timezone.now())


def _range_problem(sentence: Sentence, offences: list[Offence]) -> str:
    if sentence.kind not in (SentenceKind.PRISON, SentenceKind.SUSPENDED, SentenceKind.CONDITIONAL) or not offences:
        return ""
    months = sentence.term.in_months
    low = min(o.min_months for o in offences)
    highs = [o.max_months for o in offences]
    high = None if None in highs else max(highs)
    if months < low or (high is not None and months > high):
        return _("The term (%(term)s) is outside the range of the offences charged.") % {"term": str(sentence.term)}
    return ""


def sentence_record(*, actor, verdict: Verdict, kind: str, term: dates.Term = NO_TERM,
                    starts_on: date | None = None, fine_amount=None, conditions: list[tuple[str, str]] = (),
                    outside_range_reason: str = "", request=None, channel: str = "page") -> Sentence:
    """Record the sentence of a conviction. A prison term gets its release dates (credit
    for detention in this proceeding applied); one whose pre-release window is already
    open gets its pre-release work at once."""
    proceeding = verdict.proceeding
    case = proceeding.case
    _require(actor, "justice.proceedings_write", case)
    _choice(kind, SentenceKind, "kind")
    if verdict.outcome != VerdictOutcome.CONVICTED:
        raise JusticeInputError(_("Only a conviction carries a sentence."), "kind")
    if Sentence.objects.filter(verdict=verdict).exists():
        raise JusticeInputError(_("This verdict already has a sentence."), "kind")
    needs_term = kind in (SentenceKind.PRISON, SentenceKind.SUSPENDED, SentenceKind.CONDITIONAL)
    if needs_term and term.is_zero:
        raise JusticeInputError(_("Give the length of the sentence."), "years")
    if kind == SentenceKind.FINE and not fine_amount:
        raise JusticeInputError(_("Give the amount of the fine."), "fine_amount")
    for condition_kind, _detail in conditions:
        _choice(condition_kind, ConditionKind, "conditions")
    sentence = Sentence(
        verdict=verdict, case=case, kind=kind, years=term.years, months=term.months, days=term.days,
        fine_amount=fine_amount, starts_on=starts_on or verdict.decided_on, recorded_by=_user(actor),
        recorded_at=timezone.now(),
    )
    problem = _range_problem(sentence, [c.offence for c in proceeding.charges.select_related("offence")])
    if problem and not outside_range_reason.strip():
        raise JusticeInputError(problem + " " + _("Say why (e.g. mitigation under a plea agreement)."),
                                "outside_range_reason")
    sentence.outside_range_reason = outside_range_reason.strip() if problem else ""
    _compute(sentence)
    with transaction.atomic():
        sentence.save()
        for condition_kind, detail in conditions:
            Condition.objects.create(sentence=sentence, kind=condition_kind, detail=detail.strip())
        _audit(actor, "create", sentence, case, request=request, channel=channel,
               reason=sentence.outside_range_reason,
               detail={"kind": kind, "term": str(term), "credit_days": sentence.credit_days,
                       "conditions": [c for c, _d in conditions]})
        _open_if_due(actor, sentence, timezone.now())
    return sentence


def condition_add(*, actor, sentence: Sentence, kind: str, detail: str = "", request=None,
                  channel: str = "page") -> Condition:
    case = sentence.case
    _require(actor, "justice.proceedings_write", case)
    _choice(kind, ConditionKind, "kind")
    with transaction.atomic():
        condition = Condition.objects.create(sentence=sentence, kind=kind, detail=detail.strip())
        _audit(actor, "create", condition, case, request=request, channel=channel, detail={"kind": kind})
    return condition


# --- Custody -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    rule: str  # terrorism_separation, women, juvenile, security_category
    message: str


class SeparationRefused(JusticeInputError):
    """A placement breaks separation rules and no reason to override was given."""

    def __init__(self, violations: list[Violation]):
        super().__init__(
            _("This placement breaks a separation rule: %(rules)s Give a reason to override it.")
            % {"rules": " ".join(v.message for v in violations)}, "override_reason")
        self.violations = violations


def _terrorism_case(case: Case) -> bool:
    return Charge.objects.filter(proceeding__case=case, offence__terrorism=True).exists()


def separation_check(*, case: Case, unit: Unit, security_category: str, on: date) -> list[Violation]:
    """The separation rules a placement would break (empty when none):

    - terrorism cases (charged with or convicted of a terrorism offence) only in a separated
      unit, and nobody else in one;
    - women only in a facility for women, men never there;
    - children (under 18 on the day) only in a juvenile facility, adults never there;
    - nobody in a unit whose highest security category is below theirs.
    """
    from reintegra.people.dates import age_on

    found: list[Violation] = []
    facility = unit.facility
    terror = _terrorism_case(case)
    if terror and not unit.separated:
        found.append(Violation("terrorism_separation", _(
            "A person charged with or convicted of a terrorism offence is kept apart from other prisoners, "
            "in a separated unit.")))
    if not terror and unit.separated:
        found.append(Violation("terrorism_separation", _(
            "A separated unit holds only terrorism cases.")))
    person = case.person
    if person.sex == "F" and facility.kind != FacilityKind.WOMEN:
        found.append(Violation("women", _("A woman is placed in a facility for women.")))
    if person.sex == "M" and facility.kind == FacilityKind.WOMEN:
        found.append(Violation("women", _("A man is never placed in a facility for women.")))
    age = age_on(person.birth_date, person.birth_date_precision, on)
    if age is not None and age < 18 and facility.kind != FacilityKind.JUVENILE:
        found.append(Violation("juvenile", _("A child (under 18) is placed in a juvenile facility.")))
    if age is not None and age >= 18 and facility.kind == FacilityKind.JUVENILE:
        found.append(Violation("juvenile", _("An adult is never placed in a juvenile facility.")))
    if CATEGORY_RANK[security_category] > CATEGORY_RANK[unit.max_category]:
        found.append(Violation("security_category", _(
            "This unit takes security categories up to %(max)s, not %(cat)s.")
            % {"max": SecurityCategory(unit.max_category).label, "cat": SecurityCategory(security_category).label}))
    return found


def _place(*, actor, case, unit, security_category, reason, starts_on, sentence, override_reason,
           transferred_from, request, channel) -> Placement:
    _require(actor, "justice.custody_write", case)
    _choice(security_category, SecurityCategory, "security_category")
    if not reason.strip():
        raise JusticeInputError(_("Give the reason for this placement."), "reason")
    if sentence is not None and sentence.case_id != case.pk:
        raise JusticeInputError(_("That sentence belongs to another case."), "sentence")
    violations = separation_check(case=case, unit=unit, security_category=security_category, on=starts_on)
    override_reason = override_reason.strip()
    if violations:
        if not override_reason:
            raise SeparationRefused(violations)
        _require(actor, "justice.separation_override", case)
    with transaction.atomic():
        if transferred_from is not None:
            transferred_from.ends_on = starts_on
            transferred_from.save(update_fields=["ends_on"])
        placement = Placement.objects.create(
            case=case, sentence=sentence, unit=unit, security_category=security_category, reason=reason.strip(),
            starts_on=starts_on, transferred_from=transferred_from,
            overridden_rules=[v.rule for v in violations], override_reason=override_reason if violations else "",
            placed_by=_user(actor), placed_at=timezone.now(),
        )
        _audit(actor, "create", placement, case, request=request, channel=channel,
               reason=override_reason if violations else "",
               detail={"unit": str(unit), "security_category": security_category,
                       "overridden_rules": [v.rule for v in violations],
                       "transfer_from": transferred_from.pk if transferred_from else None})
    return placement


def placement_make(*, actor, case: Case, unit: Unit, security_category: str, reason: str, starts_on: date,
                   sentence: Sentence | None = None, override_reason: str = "", request=None,
                   channel: str = "page") -> Placement:
    """Place a person in a facility and unit. Separation rules are checked: a placement
    that breaks one is refused unless a holder of `justice.separation_override` gives a
    reason, which goes into the audit event."""
    if Placement.objects.filter(case=case, ends_on__isnull=True).exists():
        _require(actor, "justice.custody_write", case)
        raise JusticeInputError(_("This person is already placed: record a transfer instead."), "unit")
    return _place(actor=actor, case=case, unit=unit, security_category=security_category, reason=reason,
                  starts_on=starts_on, sentence=sentence, override_reason=override_reason, transferred_from=None,
                  request=request, channel=channel)


def placement_transfer(*, actor, placement: Placement, unit: Unit, security_category: str, reason: str,
                       on: date, override_reason: str = "", request=None, channel: str = "page") -> Placement:
    if placement.ends_on is not None:
        _require(actor, "justice.custody_write", placement.case)
        raise JusticeInputError(_("This placement has ended: only a current placement is transferred."), "unit")
    if on < placement.starts_on:
        raise JusticeInputError(_("The transfer is dated before the placement began."), "on")
    return _place(actor=actor, case=placement.case, unit=unit, security_category=security_category, reason=reason,
                  starts_on=on, sentence=placement.sentence, override_reason=override_reason,
                  transferred_from=placement, request=request, channel=channel)


def programme_record(*, actor, case: Case, programme: str, status: str, on: date, provider: str = "",
                     note: str = "", request=None, channel: str = "page") -> ProgrammeParticipation:
    """A prison programme offered, refused, joined, completed or dropped."""
    _require(actor, "justice.custody_write", case)
    _choice(programme, ProgrammeKind, "programme")
    _choice(status, ParticipationStatus, "status")
    placement = Placement.objects.filter(case=case, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)).order_by("-starts_on").first()
    with transaction.atomic():
        record = ProgrammeParticipation.objects.create(
            case=case, placement=placement, programme=programme, status=status, on=on,
            provider=provider.strip(), note=note.strip(), recorded_by=_user(actor),
        )
        _audit(actor, "create", record, case, request=request, channel=channel,
               detail={"programme": programme, "status": status})
    return record


# --- Release --------------------------------------------------------------------------------------------


def _agency_for(case: Case, agency_type: str) -> Agency | None:
    """The agency of this type that works on the case (key worker or team), else the one
    in the case's jurisdiction (its municipality first) whose staff can act on it."""
    linked = Agency.objects.filter(type=agency_type).filter(
        Q(staff__user__key_cases=case) | Q(staff__user__case_teams__case=case)).order_by("pk").first()
    if linked is not None:
        return linked
    # Only agencies whose staff may read justice (not, say, the data-protection office).
    local = Agency.objects.filter(type=agency_type, country=case.country,
                                  staff__roles__rules__compartment=COMPARTMENT).distinct()
    return (local.filter(municipality=case.municipality).order_by("pk").first()
            or local.filter(municipality="").order_by("pk").first())


PRE_RELEASE_TASKS = [
    (AgencyType.COORDINATING_UNIT, "pre_release_coordination",
     gettext_noop("Prepare reintegration support before the release of %(ref)s")),
    (AgencyType.PROBATION, "pre_release_probation",
     gettext_noop("Prepare post-release supervision and the release plan for %(ref)s")),
    (AgencyType.POLICE, "pre_release_police",
     gettext_noop("Note the coming release of %(ref)s and agree local follow-up")),
]


def next_release_on(sentence: Sentence, today: date) -> date | None:
    """The next day the person may be released: the earliest release while it is ahead,
    else (conditional release not granted) the latest."""
    if sentence.earliest_release_on is None:
        return None
    return sentence.earliest_release_on if sentence.earliest_release_on >= today else sentence.latest_release_on


def pre_release_q(today: date, horizon: date) -> Q:
    """Sentences whose next release day (see next_release_on) falls in [today, horizon]."""
    return Q(earliest_release_on__gte=today, earliest_release_on__lte=horizon) | Q(
        earliest_release_on__lt=today, latest_release_on__gte=today, latest_release_on__lte=horizon)


def _window_due(sentence: Sentence, today: date) -> bool:
    """The pre-release window opens `pre_release_days()` before the next release day. A
    sentence recorded after its latest release day (history) opens nothing."""
    if sentence.kind != SentenceKind.PRISON:
        return False
    upcoming = next_release_on(sentence, today)
    return upcoming is not None and today <= upcoming <= today + timedelta(days=pre_release_days())


def _open_if_due(actor, sentence: Sentence, now: datetime) -> bool:
    if sentence.pre_release_opened_at is not None or hasattr(sentence, "release"):
        return False
    if not _window_due(sentence, timezone.localdate(now)):
        return False
    pre_release_open(actor=actor, sentence=sentence, now=now)
    return True


def pre_release_open(*, actor, sentence: Sentence, now: datetime) -> bool:
    """Open the pre-release work of a custodial sentence once: a release plan to fill in,
    a task each for the coordinating unit, probation and police, due on the next release
    day. Returns False when it was already open (idempotent)."""
    case = sentence.case
    with transaction.atomic():
        locked = Sentence.objects.select_for_update().get(pk=sentence.pk)
        if locked.pre_release_opened_at is not None:
            return False
        locked.pre_release_opened_at = now
        locked.save(update_fields=["pre_release_opened_at"])
        sentence.pre_release_opened_at = now
        ReleasePlan.objects.get_or_create(sentence=sentence, defaults={"opened_at": now})
        release_day = next_release_on(sentence, timezone.localdate(now))
        due = dates.start_of_day(release_day)
        url = reverse("justice:release", args=[case.pk])
        for agency_type, kind, title in PRE_RELEASE_TASKS:
            agency = _agency_for(case, agency_type)
            if agency is None:
                continue
            case_services.task_create(
                actor=actor, case=case, compartment=COMPARTMENT, kind=kind,
                title=_(title) % {"ref": case.reference}, assigned_agency=agency, due_at=due, url=url,
                detail=_("Earliest release %(earliest)s, latest %(latest)s.") % {
                    "earliest": sentence.earliest_release_on.isoformat(),
                    "latest": sentence.latest_release_on.isoformat()},
                source_type=RELEASE_SOURCE, source_id=str(sentence.pk), channel="cli", check_access=False,
            )
            case_services.notify_agency(
                agency=agency, case=case, compartment=COMPARTMENT, url=url,
                message=_("Release of %(ref)s possible from %(day)s: pre-release work is open.")
                % {"ref": case.reference, "day": release_day.isoformat()},
                dedupe_key=f"pre_release:{sentence.pk}",
            )
        _audit(actor, "update", sentence, case, channel="cli" if actor is None else "page",
               detail={"pre_release_opened": now.isoformat()})
    return True


def pre_release_run(now: datetime) -> int:
    """Open the pre-release work of every custodial sentence that has entered its window."""
    today = timezone.localdate(now)
    due = Sentence.objects.filter(
        pre_release_q(today, today + timedelta(days=pre_release_days())),
        kind=SentenceKind.PRISON, pre_release_opened_at__isnull=True, release__isnull=True,
    ).select_related("case")
    return sum(pre_release_open(actor=None, sentence=s, now=now) for s in due)


def release_plan_update(*, actor, sentence: Sentence, residence: str = "", municipality: str = "",
                        met_by: str = "", continuing: str = "", agencies: list[Agency] = (),
                        complete: bool = False, request=None, channel: str = "page") -> ReleasePlan:
    """Write the release plan. Agencies newly named in it are told of the coming release;
    a plan is complete only when it says where the person lives and who meets them."""
    case = sentence.case
    _require(actor, "justice.release_plan_write", case)
    if sentence.kind != SentenceKind.PRISON:
        raise JusticeInputError(_("Only a prison sentence has a release plan."), "residence")
    if hasattr(sentence, "release"):
        raise JusticeInputError(_("The release is already recorded."), "residence")
    if complete and not (residence.strip() and met_by.strip()):
        raise JusticeInputError(_("A complete plan says where the person will live and who meets them."),
                                "residence" if not residence.strip() else "met_by")
    now = timezone.now()
    with transaction.atomic():
        plan, _created = ReleasePlan.objects.get_or_create(sentence=sentence, defaults={"opened_at": now})
        before = set(plan.agencies.values_list("pk", flat=True))
        plan.residence, plan.municipality, plan.met_by = residence.strip(), municipality.strip(), met_by.strip()
        plan.continuing, plan.updated_by = continuing.strip(), _user(actor)
        plan.completed_at = (plan.completed_at or now) if complete else None
        plan.save()
        plan.agencies.set(agencies)
        added = [a for a in agencies if a.pk not in before]
        _audit(actor, "update", plan, case, request=request, channel=channel,
               detail={"complete": complete, "agencies": sorted(a.pk for a in agencies)})
        url = reverse("justice:release", args=[case.pk])
        day = sentence.earliest_release_on.isoformat() if sentence.earliest_release_on else ""
        for agency in added:
            case_services.notify_agency(
                agency=agency, case=case, compartment=COMPARTMENT, url=url,
                message=_("Your agency is named in the release plan of %(ref)s (release possible from %(day)s).")
                % {"ref": case.reference, "day": day}, dedupe_key=f"release_plan:{plan.pk}:{agency.pk}",
            )
    return plan


WITHOUT_PLAN_FLAG = gettext_noop("Released without a release plan")


def release_record(*, actor, sentence: Sentence, released_on: date, kind: str, request=None,
                   channel: str = "page") -> Release:
    """Record a release. Without a complete release plan it is flagged on the case; the
    agencies in the plan and the police are told; the placement ends; open pre-release
    tasks are closed."""
    case = sentence.case
    _require(actor, "justice.custody_write", case)
    _choice(kind, ReleaseKind, "kind")
    if sentence.kind != SentenceKind.PRISON:
        raise JusticeInputError(_("Only a prison sentence ends in a release."), "kind")
    if hasattr(sentence, "release"):
        raise JusticeInputError(_("The release is already recorded."), "released_on")
    if released_on < sentence.starts_on:
        raise JusticeInputError(_("The release is dated before the sentence began."), "released_on")
    if released_on > timezone.localdate():
        raise JusticeInputError(_("A release is recorded when it has happened, not before."), "released_on")
    plan = ReleasePlan.objects.filter(sentence=sentence).first()
    without_plan = plan is None or not plan.complete
    with transaction.atomic():
        release = Release.objects.create(sentence=sentence, case=case, released_on=released_on, kind=kind,
                                         without_plan=without_plan, recorded_by=_user(actor),
                                         recorded_at=timezone.now())
        Placement.objects.filter(case=case, ends_on__isnull=True).update(ends_on=released_on)
        _audit(actor, "create", release, case, request=request, channel=channel,
               detail={"kind": kind, "without_plan": without_plan})
        if without_plan:
            CaseFlag.objects.create(case=case, compartment=COMPARTMENT, label=_(WITHOUT_PLAN_FLAG),
                                    detail=_("Released on %(day)s with no complete release plan.")
                                    % {"day": released_on.isoformat()},
                                    raised_by=_user(actor), raised_at=timezone.now())
        case_services.tasks_cancel_for_source(actor=actor, source_type=RELEASE_SOURCE, source_id=sentence.pk,
                                              reason=_("Released on %(day)s.") % {"day": released_on.isoformat()})
        agencies = list(plan.agencies.all()) if plan else []
        police = _agency_for(case, AgencyType.POLICE)
        if police is not None and police not in agencies:
            agencies.append(police)
        for agency in agencies:
            case_services.notify_agency(
                agency=agency, case=case, compartment=COMPARTMENT, url=reverse("justice:release", args=[case.pk]),
                message=_("%(ref)s was released on %(day)s.") % {"ref": case.reference, "day": released_on.isoformat()},
                dedupe_key=f"released:{release.pk}",
            )
    return release


# --- Probation and supervision ------------------------------------------------------------------------


def supervision_start(*, actor, sentence: Sentence, officer, starts_on: date, request=None,
                      channel: str = "page") -> Supervision:
    """Supervision after a suspended or conditional sentence, or after conditional release."""
    case = sentence.case
    _require(actor, "justice.supervision_write", case)
    if not policy.has_permission(officer, "justice.supervision_write"):
        raise JusticeInputError(_("The supervising officer must be a probation officer."), "officer")
    if sentence.kind in SUPERVISED:
        basis = SupervisionBasis(sentence.kind)
        planned_end = sentence.ends_on
    elif sentence.kind == SentenceKind.PRISON and getattr(sentence, "release", None) is not None \
            and sentence.release.kind == ReleaseKind.CONDITIONAL:
        basis, planned_end = SupervisionBasis.PAROLE, sentence.latest_release_on
    else:
        raise JusticeInputError(_("Only a suspended or conditional sentence, or a conditional release, is supervised."),
                                "sentence")
    if planned_end is None or planned_end <= starts_on:
        raise JusticeInputError(_("Supervision would already be over on that day."), "starts_on")
    if sentence.supervisions.filter(ended_on__isnull=True).exists():
        raise JusticeInputError(_("This sentence is already under supervision."), "starts_on")
    with transaction.atomic():
        supervision = Supervision.objects.create(case=case, sentence=sentence, basis=basis, officer=officer,
                                                 starts_on=starts_on, planned_end_on=planned_end)
        _audit(actor, "create", supervision, case, request=request, channel=channel,
               detail={"officer": officer.get_username(), "basis": basis})
        if officer != actor:
            case_services.notify(users=[officer], case=case, compartment=COMPARTMENT,
                                 url=reverse("justice:supervision", args=[case.pk]),
                                 message=_("You supervise %(ref)s from %(day)s.")
                                 % {"ref": case.reference, "day": starts_on.isoformat()})
    return supervision


def _open_supervision(supervision: Supervision) -> None:
    if supervision.ended_on is not None:
        raise JusticeInputError(_("This supervision has ended."), "supervision")


def meeting_schedule(*, actor, supervision: Supervision, at: datetime, place: str = "", request=None,
                     channel: str = "page") -> SupervisionMeeting:
    case = supervision.case
    _require(actor, "justice.supervision_write", case)
    _open_supervision(supervision)
    if timezone.is_naive(at):
        raise JusticeInputError(_("A meeting time needs its time zone."), "at")
    with transaction.atomic():
        meeting = SupervisionMeeting.objects.create(supervision=supervision, at=at, place=place.strip())
        _audit(actor, "create", meeting, case, request=request, channel=channel)
    return meeting


def meeting_record(*, actor, meeting: SupervisionMeeting, status: str, request=None,
                   channel: str = "page") -> SupervisionMeeting:
    case = meeting.supervision.case
    _require(actor, "justice.supervision_write", case)
    if status not in (MeetingStatus.HELD, MeetingStatus.MISSED, MeetingStatus.CANCELLED):
        raise JusticeInputError(_("Unknown value “%(value)s”.") % {"value": status}, "status")
    if status != MeetingStatus.CANCELLED and meeting.at > timezone.now():
        raise JusticeInputError(_("A meeting is held or missed once its time has come."), "status")
    with transaction.atomic():
        meeting.status = status
        meeting.save(update_fields=["status"])
        _audit(actor, "update", meeting, case, request=request, channel=channel, detail={"status": status})
    return meeting


def compliance_record(*, actor, condition: Condition, on: date, kind: str, source: str = "",
                      request=None, channel: str = "page") -> ComplianceRecord:
    """Evidence that a condition was kept or not (a session attended, reporting kept):
    the fact, by whom and from what source; never what was said in a session."""
    case = condition.sentence.case
    _require(actor, "justice.supervision_write", case)
    _choice(kind, EvidenceKind, "kind")
    if on > timezone.localdate():
        raise JusticeInputError(_("Evidence is recorded for a day that has come."), "on")
    with transaction.atomic():
        record = ComplianceRecord.objects.create(condition=condition, on=on, kind=kind, source=source.strip(),
                                                 recorded_by=_user(actor), recorded_at=timezone.now())
        _audit(actor, "create", record, case, request=request, channel=channel,
               detail={"condition": condition.kind, "kind": kind})
    return record


def breach_record(*, actor, supervision: Supervision, occurred_on: date, description: str,
                  condition: Condition | None = None, request=None, channel: str = "page") -> Breach:
    case = supervision.case
    _require(actor, "justice.supervision_write", case)
    if not description.strip():
        raise JusticeInputError(_("Say what happened."), "description")
    if condition is not None and condition.sentence_id != supervision.sentence_id:
        raise JusticeInputError(_("That condition belongs to another sentence."), "condition")
    with transaction.atomic():
        breach = Breach.objects.create(supervision=supervision, condition=condition, occurred_on=occurred_on,
                                       description=description.strip(), reported_by=_user(actor))
        _audit(actor, "create", breach, case, request=request, channel=channel)
        if case.key_worker_id and case.key_worker_id != getattr(actor, "pk", None):
            case_services.notify(users=[case.key_worker], case=case, compartment=COMPARTMENT,
                                 url=reverse("justice:supervision", args=[case.pk]),
                                 message=_("A breach of supervision was recorded for %(ref)s.") % {"ref": case.reference})
    return breach


def breach_decide(*, actor, breach: Breach, outcome: str, outcome_on: date, request=None,
                  channel: str = "page") -> Breach:
    case = breach.supervision.case
    _require(actor, "justice.supervision_write", case)
    if outcome not in BreachOutcome.values or outcome == BreachOutcome.OPEN:
        raise JusticeInputError(_("Unknown value “%(value)s”.") % {"value": outcome}, "outcome")
    _order(breach.occurred_on, outcome_on, "outcome_on")
    with transaction.atomic():
        breach.outcome, breach.outcome_on = outcome, outcome_on
        breach.save(update_fields=["outcome", "outcome_on"])
        _audit(actor, "update", breach, case, request=request, channel=channel, detail={"outcome": outcome})
    return breach


def supervision_end(*, actor, supervision: Supervision, ended_on: date, reason: str, request=None,
                    channel: str = "page") -> Supervision:
    case = supervision.case
    _require(actor, "justice.supervision_write", case)
    _open_supervision(supervision)
    _order(supervision.starts_on, ended_on, "ended_on")
    if not reason.strip():
        raise JusticeInputError(_("Say how the supervision ended."), "reason")
    with transaction.atomic():
        supervision.ended_on, supervision.end_reason = ended_on, reason.strip()
        supervision.save(update_fields=["ended_on", "end_reason"])
        supervision.meetings.filter(status=MeetingStatus.SCHEDULED).update(status=MeetingStatus.CANCELLED)
        _audit(actor, "update", supervision, case, request=request, channel=channel, detail={"ended": True})
    return supervision
