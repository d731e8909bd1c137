"""Every read of the assessments app, scoped by the access policy.

An assessment belongs to its instrument's compartment (risk in security, wellbeing in
health, education in education...): lists are filtered by that compartment's rule in the
database. The supervision level and the fact that a risk assessment exists are
identity-level facts, visible to everyone who may read the case's identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.audit.services import audit_record
from reintegra.cases.selectors import NotFound, _compartment_scoped, case_get
from reintegra.cases.selectors import _live_glass_reason as live_glass_reason

from .instruments import localized
from .models import (
    OPEN_STATUSES,
    Assessment,
    Instrument,
    InstrumentText,
    Status,
    Supervision,
    SupervisionChange,
    TrainingRecord,
)

# --- Instruments ----------------------------------------------------------------------------


def items_of(instrument: Instrument) -> dict[str, dict]:
    """Item code -> item (with its domain code), in the instrument's order."""
    return {
        item["code"]: {**item, "domain": domain["code"]}
        for domain in instrument.definition["domains"]
        for item in domain["items"]
    }


def level_label(instrument: Instrument, value: str) -> str:
    for level in instrument.definition["overall_levels"]:
        if level["value"] == value:
            return localized(level["label"])
    return value


def scale_label(instrument: Instrument, scale: str, value: str) -> str:
    for option in instrument.definition["scales"].get(scale, ()):
        if option["value"] == value:
            return localized(option["label"])
    return value


def instrument_title(instrument: Instrument) -> str:
    return localized(instrument.definition["title"])


def _loaded_texts(instrument: Instrument) -> dict[str, InstrumentText]:
    """Licensed wording in the user's language, else English, else any loaded language."""
    language = (get_language() or "en").lower()
    order = [language, language.split("-")[0], "en"]
    found: dict[str, InstrumentText] = {}
    for text in instrument.texts.all():
        best = found.get(text.item_code)
        if best is None or _rank(text.language, order) < _rank(best.language, order):
            found[text.item_code] = text
    return found


def _rank(language: str, order: list[str]) -> int:
    return order.index(language) if language in order else len(order)


def instrument_view(instrument: Instrument) -> dict:
    """The instrument as a form shows it: domains, items with their wording (the licensed
    wording where it has been loaded; otherwise codes only and the licence notice)."""
    d = instrument.definition
    texts = _loaded_texts(instrument) if instrument.licensed else {}
    domains = []
    for domain in d["domains"]:
        items = []
        for item in domain["items"]:
            loaded = texts.get(item["code"])
            label = loaded.label if loaded else localized(item["label"]) if item["label"] else ""
            guidance = loaded.guidance if loaded else localized(item["guidance"]) if item["guidance"] else ""
            options = [
                {"value": o["value"], "label": localized(o["label"]), "rated": o["rank"] is not None}
                for o in d["scales"][item["scale"]]
            ]
            items.append({"code": item["code"], "label": label, "guidance": guidance, "scale": item["scale"],
                          "options": options})
        domains.append({"code": domain["code"], "title": localized(domain["title"]),
                        "additional": domain["additional"], "items": items})
    return {
        "id": instrument.pk,
        "code": instrument.code,
        "version": instrument.version,
        "title": localized(d["title"]),
        "description": localized(d["description"]) if d["description"] else "",
        "purpose": instrument.purpose,
        "compartment": instrument.compartment,
        "licensed": instrument.licensed,
        "licence_holder": d["licence_holder"],
        "licence_notice": localized(d["licence_notice"]),
        "wording_loaded": bool(texts) if instrument.licensed else True,
        "validation_status": d["validation_status"],
        "validation_note": localized(d["validation_note"]),
        "ask": localized(d["ask"]) if d["ask"] else "",
        "training": localized(d["training"]),
        "overall_required": d["overall_required"],
        "overall_label": localized(d["overall_label"]),
        "levels": [{"value": lv["value"], "label": localized(lv["label"])} for lv in d["overall_levels"]],
        "domains": domains,
    }


def instruments_latest() -> list[Instrument]:
    """The latest version of every instrument."""
    from .services import instruments_ensure_loaded

    instruments_ensure_loaded()
    latest: dict[str, Instrument] = {}
    for instrument in Instrument.objects.order_by("code", "-version"):
        latest.setdefault(instrument.code, instrument)
    return list(latest.values())


# --- Training -------------------------------------------------------------------------------


def training_q(instrument: Instrument, on: date, prefix: str = "") -> Q:
    v = instrument.version
    return (
        Q(**{f"{prefix}instrument_code": instrument.code})
        & (Q(**{f"{prefix}min_version__isnull": True}) | Q(**{f"{prefix}min_version__lte": v}))
        & (Q(**{f"{prefix}max_version__isnull": True}) | Q(**{f"{prefix}max_version__gte": v}))
        & Q(**{f"{prefix}valid_from__lte": on})
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": on}))
    )


def is_trained(user, instrument: Instrument, *, on: date | None = None) -> bool:
    if user is None or not getattr(user, "pk", None):
        return False
    on = on or timezone.localdate()
    return TrainingRecord.objects.filter(training_q(instrument, on), user=user).exists()


def trained_users(instrument: Instrument, *, on: date | None = None) -> QuerySet:
    from django.contrib.auth import get_user_model

    on = on or timezone.localdate()
    records = TrainingRecord.objects.filter(training_q(instrument, on)).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=records).order_by("username")


def training_records(user) -> QuerySet[TrainingRecord]:
    """Every record, for those who manage training; otherwise the user's own."""
    records = TrainingRecord.objects.select_related("user", "recorded_by")
    if policy.has_permission(user, "assessments.manage_training"):
        return records
    return records.filter(user_id=policy.subject(user).user_id)


# --- Assessments ----------------------------------------------------------------------------


def assessments_readable(user) -> QuerySet[Assessment]:
    """Assessments whose compartment the user may read on their case: one database condition."""
    return Assessment.objects.filter(_compartment_scoped(user)).exclude(case__isnull=True)


def assessment_get(user, assessment_id: int) -> Assessment:
    found = (
        assessments_readable(user)
        .select_related("case__person", "case__key_worker", "instrument", "assessor", "countersigned_by",
                        "subject_person", "independent_of__assessor")
        .filter(pk=assessment_id)
        .first()
    )
    if found is None:
        raise NotFound
    return found


def pair_of(assessment: Assessment) -> list[Assessment]:
    """The first assessment and its independent second ratings (not withdrawn)."""
    root = assessment.independent_of or assessment
    return [root, *root.second_ratings.exclude(status=Status.WITHDRAWN).select_related("assessor")]


def ratings_hidden(user, assessment: Assessment) -> bool:
    """An independent rating stays independent: while a user's own rating of the pair is a
    draft, the other ratings of the pair are hidden from them."""
    uid = getattr(user, "pk", None)
    if assessment.assessor_id == uid:
        return False
    return any(other.assessor_id == uid and other.status == Status.DRAFT for other in pair_of(assessment)
               if other.pk != assessment.pk)


def _ratings(assessment: Assessment) -> dict[str, dict]:
    return {r.item_code: {"rating": r.rating, "evidence": r.evidence} for r in assessment.ratings.all()}


def assessment_rows(assessment: Assessment, view: dict, *, hidden: bool = False) -> list[dict]:
    """Domains with each item's rating and evidence, for the form and the read view."""
    ratings = {} if hidden else _ratings(assessment)
    rows = []
    for domain in view["domains"]:
        items = []
        for item in domain["items"]:
            given = ratings.get(item["code"], {})
            label = next((o["label"] for o in item["options"] if o["value"] == given.get("rating")), "")
            items.append({**item, "rating": given.get("rating", ""), "rating_label": label,
                          "evidence": given.get("evidence", "")})
        rows.append({**domain, "items": items})
    return rows


def comparison(first: Assessment, second: Assessment) -> dict:
    """Where two independent ratings of the same version agree and where they differ."""
    view = instrument_view(first.instrument)
    a, b = _ratings(first), _ratings(second)
    rows, agree = [], 0
    for domain in view["domains"]:
        for item in domain["items"]:
            ra, rb = a.get(item["code"], {}).get("rating", ""), b.get(item["code"], {}).get("rating", "")
            same = bool(ra) and ra == rb
            agree += same
            rows.append({"code": item["code"], "domain": domain["title"], "label": item["label"],
                         "first": scale_label(first.instrument, item["scale"], ra),
                         "second": scale_label(first.instrument, item["scale"], rb), "agree": same})
    return {
        "rows": rows, "agree": agree, "total": len(rows),
        "overall_first": level_label(first.instrument, first.overall_level),
        "overall_second": level_label(first.instrument, second.overall_level),
        "overall_agree": bool(first.overall_level) and first.overall_level == second.overall_level,
    }


@dataclass
class AssessmentPage:
    assessment: Assessment
    view: dict
    rows: list[dict]
    hidden: bool
    pair: list[Assessment]
    comparisons: list[tuple[Assessment, dict]]
    can_rate: bool
    can_countersign: bool
    can_write: bool
    can_second: bool
    level_label: str
    problems: list[str]


def assessment_read(user, assessment_id: int, *, request=None, channel: str = "page") -> AssessmentPage:
    """One assessment with what the user may do on it; audited as a read of its compartment."""
    from .services import completeness_problems

    assessment = assessment_get(user, assessment_id)
    view = instrument_view(assessment.instrument)
    hidden = ratings_hidden(user, assessment)
    pair = pair_of(assessment)
    comparisons = []
    if not hidden:
        done = [p for p in pair if p.status in (Status.SUBMITTED, Status.LOCKED)]
        root = pair[0]
        if root in done:
            comparisons = [(other, comparison(root, other)) for other in done[1:]]
    access = policy.case_access(user, assessment.case)
    can_write = assessment.compartment in access.writable
    uid = policy.subject(user).user_id
    can_rate = can_write and assessment.status == Status.DRAFT and assessment.assessor_id == uid
    can_countersign = (
        assessment.status == Status.SUBMITTED and can_write and assessment.assessor_id != uid
        and policy.has_permission(user, "assessments.countersign") and is_trained(user, assessment.instrument)
    )
    can_second = (
        can_write and assessment.status != Status.WITHDRAWN and assessment.assessor_id not in (None, uid)
        and all(p.assessor_id != uid for p in pair) and is_trained(user, assessment.instrument)
    )
    page = AssessmentPage(
        assessment=assessment, view=view, rows=assessment_rows(assessment, view, hidden=hidden), hidden=hidden,
        pair=pair, comparisons=comparisons, can_rate=can_rate, can_countersign=can_countersign,
        can_write=can_write, can_second=can_second,
        level_label=level_label(assessment.instrument, assessment.overall_level) if not hidden else "",
        problems=completeness_problems(assessment) if can_rate else [],
    )
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="assessment",
            object_id=assessment.pk, case_id=assessment.case_id, person_id=assessment.case.person_id,
            compartments=[assessment.compartment],
            reason=live_glass_reason(user, assessment.case) if access.by_break_glass else "",
        )
    return page


def assessment_summary(assessment: Assessment) -> dict:
    """A line of a list: what, whose, where it stands. Plain data for pages and the API."""
    return {
        "id": assessment.pk,
        "instrument": assessment.instrument.code,
        "version": assessment.instrument.version,
        "title": instrument_title(assessment.instrument),
        "compartment": assessment.compartment,
        "status": assessment.status,
        "status_label": str(assessment.get_status_display()),
        "source": assessment.source,
        "subject": assessment.subject_person.display_name,
        "subject_is_case_person": assessment.subject_person_id == assessment.case.person_id,
        "assessor": _name(assessment.assessor),
        "started_at": assessment.started_at,
        "due_at": assessment.due_at,
        "locked_at": assessment.locked_at,
        "overall_level": assessment.overall_level if assessment.status != Status.DRAFT else "",
        "overall_label": level_label(assessment.instrument, assessment.overall_level)
        if assessment.overall_level and assessment.status != Status.DRAFT else "",
        "second_rating": assessment.independent_of_id is not None,
        "url": reverse("assessments:detail", args=[assessment.pk]),
    }


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def startable_instruments(user, case, *, compartment: str | None = None) -> list[Instrument]:
    """Latest instruments the user may start on this case: trained, may write the compartment."""
    writable = policy.case_access(user, case).writable
    found = [i for i in instruments_latest() if i.compartment in writable
             and (compartment is None or i.compartment == compartment)]
    if not found:
        return []
    on = timezone.localdate()
    trained = [i for i in found if TrainingRecord.objects.filter(training_q(i, on), user=user).exists()]
    return sorted(trained, key=lambda i: i.code.lower())


def compartment_part(case, compartment: str, *, viewer) -> dict:
    """What an assessments section of a compartment tab shows (the tab is already checked)."""
    found = (
        Assessment.objects.filter(case=case, compartment=compartment)
        .exclude(status=Status.WITHDRAWN)
        .select_related("instrument", "assessor", "subject_person", "case")
        .order_by("-started_at", "-pk")
    )
    return {
        "items": [assessment_summary(a) for a in found],
        "startable": [{"code": i.code, "title": instrument_title(i)} for i in
                      startable_instruments(viewer, case, compartment=compartment)],
        "start_url": reverse("assessments:start", args=[case.pk]),
        "history_url": reverse("assessments:history", args=[case.pk]),
    }


def supervision_summary(case) -> dict:
    """The identity-level facts: the supervision level, and that a risk assessment exists
    and when the next is due. Never the content of a risk assessment."""
    supervision = Supervision.objects.filter(case=case).first()
    # One query for both facts (the identity tab is the page most often read).
    risk = Assessment.objects.filter(case=case, instrument__sets_supervision=True, subject_person=case.person_id)
    facts = risk.aggregate(
        locked=Count("pk", filter=Q(status=Status.LOCKED)),
        last_locked_at=Max("locked_at", filter=Q(status=Status.LOCKED)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )
    now = timezone.now()
    return {
        "level": supervision.level if supervision else "",
        "level_label": str(supervision.get_level_display()) if supervision else "",
        "contact_every_days": supervision.contact_every_days if supervision else None,
        "next_assessment_due": supervision.next_assessment_due if supervision else None,
        "overdue": bool(supervision and supervision.next_assessment_due < now),
        "set_at": supervision.set_at if supervision else None,
        "risk_assessment_exists": facts["locked"] > 0,
        "last_risk_assessment_at": facts["last_locked_at"],
        "risk_assessment_open": facts["open"] > 0,
        "history_url": reverse("assessments:history", args=[case.pk]),
    }


# --- History: change over time ---------------------------------------------------------------


def _profile(assessment: Assessment) -> dict[str, float]:
    """Each domain's mean position on its scale (0 = lowest option, 1 = highest), over the
    items rated: a descriptive profile for the chart, never a score or a judgement."""
    d = assessment.instrument.definition
    ranks = {name: {o["value"]: o["rank"] for o in options} for name, options in d["scales"].items()}
    tops = {name: max((r for r in values.values() if r is not None), default=0) for name, values in ranks.items()}
    ratings = {r.item_code: r.rating for r in assessment.ratings.all()}
    profile = {}
    for domain in d["domains"]:
        values = []
        for item in domain["items"]:
            rank = ranks[item["scale"]].get(ratings.get(item["code"], ""))
            if rank is not None and tops[item["scale"]]:
                values.append(rank / tops[item["scale"]])
        if values:
            profile[localized(domain["title"])] = round(sum(values) / len(values), 3)
    return profile


def item_diff(current: Assessment, previous: Assessment | None) -> list[dict]:
    """Item by item, what changed since the previous assessment with the same instrument
    (matched by item code, across versions)."""
    view = instrument_view(current.instrument)
    now, before = _ratings(current), _ratings(previous) if previous else {}
    rows = []
    for domain in view["domains"]:
        for item in domain["items"]:
            new = now.get(item["code"], {}).get("rating", "")
            old = before.get(item["code"], {}).get("rating", "") if previous else ""
            rows.append({
                "code": item["code"], "domain": domain["title"], "label": item["label"],
                "before": scale_label(previous.instrument, item["scale"], old) if previous and old else "",
                "after": scale_label(current.instrument, item["scale"], new),
                "changed": previous is not None and old != new,
                "evidence": now.get(item["code"], {}).get("evidence", ""),
            })
    if previous is not None:
        current_codes = set(items_of(current.instrument))
        for code, item in items_of(previous.instrument).items():
            if code not in current_codes:
                old = before.get(code, {}).get("rating", "")
                rows.append({"code": code, "domain": "", "label": _("(not in this version)"),
                             "before": scale_label(previous.instrument, item["scale"], old), "after": "",
                             "changed": True, "evidence": ""})
    return rows


@dataclass
class History:
    case: object
    access: policy.CaseAccess
    instruments: list[dict]
    selected: str
    assessments: list[dict]
    current: Assessment | None
    previous: Assessment | None
    diff: list[dict]
    chart: dict | None
    supervision: dict
    changes: list[SupervisionChange]

    @property
    def changed_count(self) -> int:
        return sum(1 for row in self.diff if row["changed"])


def history_read(
    user, case_id: int, *, instrument_code: str = "", assessment_id: int | None = None, request=None,
    channel: str = "page",
) -> History:
    """A person's assessments over time in the compartments the user may read: the
    item-by-item change since the previous one and a chart of levels and domain profiles.
    Audited as a read of the compartments shown."""
    from .charts import history_chart

    case, access = case_get(user, case_id)
    if "identity" not in access.readable:
        raise NotFound
    mine = (
        Assessment.objects.filter(case=case, subject_person=case.person_id,
                                  compartment__in=sorted(access.readable))
        .exclude(status=Status.WITHDRAWN)
        .select_related("instrument", "assessor", "subject_person", "case")
        .order_by("started_at", "pk")
    )
    everything = list(mine)
    codes: dict[str, dict] = {}
    for a in everything:
        codes.setdefault(a.instrument.code, {"code": a.instrument.code, "title": instrument_title(a.instrument),
                                             "locked": 0})
        codes[a.instrument.code]["locked"] += a.status == Status.LOCKED and not a.independent_of_id
    selected = instrument_code if instrument_code in codes else next(
        (c for c, v in sorted(codes.items(), key=lambda kv: -kv[1]["locked"])), "")
    locked = [a for a in everything if a.instrument.code == selected and a.status == Status.LOCKED
              and not a.independent_of_id]
    locked.sort(key=lambda a: (a.locked_at, a.pk))
    current = next((a for a in locked if a.pk == assessment_id), locked[-1] if locked else None)
    previous = None
    if current is not None:
        earlier = [a for a in locked if (a.locked_at, a.pk) < (current.locked_at, current.pk)]
        previous = earlier[-1] if earlier else None
    chart = None
    if locked:
        points = [{"date": timezone.localtime(a.locked_at).date().isoformat(),
                   "level": level_label(a.instrument, a.overall_level), "assessment": f"#{a.pk}",
                   "assessor": _name(a.assessor)} for a in locked if a.overall_level]
        profiles = [{"date": timezone.localtime(a.locked_at).date().isoformat(), "domain": domain, "value": value}
                    for a in locked for domain, value in _profile(a).items()]
        levels = [localized(lv["label"]) for lv in locked[-1].instrument.definition["overall_levels"]]
        chart = history_chart(points=points, profiles=profiles, levels=levels,
                              title=instrument_title(locked[-1].instrument))
    shown = sorted({a.compartment for a in everything} | {"identity"})
    history = History(
        case=case, access=access, instruments=list(codes.values()), selected=selected,
        assessments=[assessment_summary(a) for a in reversed(everything)], current=current, previous=previous,
        diff=item_diff(current, previous) if current else [], chart=chart, supervision=supervision_summary(case),
        changes=list(SupervisionChange.objects.filter(case=case).select_related("assessment__instrument")[:50]),
    )
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="assessment_history",
            object_id=case.pk, case_id=case.pk, person_id=case.person_id, compartments=shown,
            reason=live_glass_reason(user, case) if access.by_break_glass else "",
        )
    return history


# --- For other apps -------------------------------------------------------------------------


def carer_screening_outcome(*, person_id: int, child_case, user=None) -> dict | None:
    """The outcome of the latest locked carer and guardian suitability screening of this
    person for this child's case, or None when there is none.

    For reception's placement check: the outcome only (suitable / suitable with support /
    not suitable), never the ratings. With a `user`, only if they may read the child's
    child-protection compartment; services that decide a placement call it without one.
    """
    found = Assessment.objects.filter(
        case=child_case, subject_person_id=person_id, status=Status.LOCKED, instrument__subject="carer",
        independent_of__isnull=True,
    )
    if user is not None:
        found = found.filter(_compartment_scoped(user))
    latest = found.select_related("instrument").order_by("-locked_at", "-pk").first()
    if latest is None:
        return None
    return {
        "assessment_id": latest.pk,
        "instrument": str(latest.instrument),
        "outcome": latest.overall_level,
        "label": level_label(latest.instrument, latest.overall_level),
        "suitable": latest.overall_level in ("suitable", "suitable_with_support"),
        "locked_at": latest.locked_at,
    }


def due_assessments(user, *, due_before=None, case_id=None, mine_only=False):
    """Supervised cases whose next assessment falls due (identity-level), for the key worker."""
    allowed = policy.case_filter(user, compartment="identity", prefix="case__")
    if allowed is None:
        return Supervision.objects.none()
    found = Supervision.objects.filter(allowed)
    if mine_only:
        found = found.filter(case__key_worker_id=policy.subject(user).user_id)
    if due_before is not None:
        found = found.filter(next_assessment_due__lt=due_before)
    if case_id is not None:
        found = found.filter(case_id=case_id)
    return found.select_related("case__person").order_by("next_assessment_due", "pk")


def _writable_q(user) -> Q:
    """Assessments whose compartment the user may write on their case: one condition."""
    from reintegra.access.compartments import ALL_COMPARTMENTS

    q = Q(pk__isnull=True)
    for compartment in ALL_COMPARTMENTS:
        allowed = policy.case_filter(user, compartment=compartment, write=True, prefix="case__")
        if allowed is not None:
            q |= Q(compartment=compartment) & allowed
    return q


def open_assessments_for(user, *, whose: str, case_id=None, due_before=None) -> QuerySet[Assessment]:
    """Open assessments the user is responsible for: theirs to make and unassigned ones on
    cases they are key worker of ("mine"); submitted ones they may countersign, being
    trained, permitted and allowed to write the compartment ("agency": work for any
    qualified colleague). Filtered by the policy in the database."""
    from reintegra.cases.worklist import Whose

    subj = policy.subject(user)
    today = timezone.localdate()
    mine = Q(assessor_id=subj.user_id, status=Status.DRAFT) | Q(
        assessor__isnull=True, status=Status.DRAFT, case__key_worker_id=subj.user_id)
    agency = Q(pk__isnull=True)
    if policy.has_permission(user, "assessments.countersign"):
        trained = TrainingRecord.objects.filter(
            user_id=subj.user_id, instrument_code=OuterRef("instrument__code"), valid_from__lte=today,
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today)).filter(
            Q(min_version__isnull=True) | Q(min_version__lte=OuterRef("instrument__version"))
        ).filter(Q(max_version__isnull=True) | Q(max_version__gte=OuterRef("instrument__version")))
        agency = (Q(status=Status.SUBMITTED) & ~Q(assessor_id=subj.user_id) & Q(Exists(trained))
                  & _writable_q(user))
    condition = {Whose.MINE: mine, Whose.AGENCY: agency}.get(whose, mine | agency)
    found = Assessment.objects.filter(condition).filter(_compartment_scoped(user))
    if case_id is not None:
        found = found.filter(case_id=case_id)
    if due_before is not None:
        found = found.filter(due_at__lt=due_before)
    return found.select_related("case__person", "instrument", "assessor").order_by("due_at", "pk")


def carer_candidates(user, case) -> QuerySet:
    """Relatives of the case's person whom the user may see: whom a carer screening may screen."""
    from reintegra.people.models import Person, Relationship

    related = Relationship.objects.filter(Q(from_person=case.person_id) | Q(to_person=case.person_id))
    ids = {pk for pair in related.values_list("from_person_id", "to_person_id") for pk in pair} - {case.person_id}
    return policy.persons_visible(user).filter(pk__in=ids).order_by("display_name") if ids else Person.objects.none()


def assessor_candidates(assessment: Assessment) -> list:
    """Trained users who may write the assessment's compartment on its case."""
    return [u for u in trained_users(assessment.instrument)
            if assessment.compartment in policy.case_access(u, assessment.case).writable]


def case_assessments_read(user, case_id: int, *, request=None, channel: str = "page") -> tuple[object, list[dict]]:
    """The case's assessments in the compartments the user may read; audited."""
    case, access = case_get(user, case_id)
    found = (
        Assessment.objects.filter(case=case, compartment__in=sorted(access.readable))
        .select_related("instrument", "assessor", "subject_person", "case").order_by("-started_at", "-pk")
    )
    items = [assessment_summary(a) for a in found]
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, channel=channel, object_type="assessment_list",
            object_id=case.pk, case_id=case.pk, person_id=case.person_id,
            compartments=sorted({i["compartment"] for i in items}),
            reason=live_glass_reason(user, case) if access.by_break_glass else "",
        )
    return case, items


def start_options(user, case_id: int, *, request=None) -> tuple[object, list[Instrument], QuerySet]:
    """What the start page offers: the instruments the user may start on this case and the
    relatives a carer screening may screen. Audited as a read of identity (and family,
    when relatives are listed)."""
    case, access = case_get(user, case_id)
    startable = startable_instruments(user, case)
    carers = carer_candidates(user, case) if any(i.subject == "carer" for i in startable) else None
    with transaction.atomic():
        audit_record(
            user=user, action="read", request=request, object_type="assessment_start", object_id=case.pk,
            case_id=case.pk, person_id=case.person_id,
            compartments=["identity", "family"] if carers is not None else ["identity"],
            reason=live_glass_reason(user, case) if access.by_break_glass else "",
        )
    from reintegra.people.models import Person

    return case, startable, carers if carers is not None else Person.objects.none()
