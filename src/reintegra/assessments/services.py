"""Every write of the assessments app. Each writes its audit event in the same transaction.

The workflow: start (by hand, by a protocol step, or when a reassessment falls due) ->
rate each item with evidence -> an overall judgement the assessor makes and justifies
(never a sum of the ratings) -> submit -> countersign by a second trained person, which
locks it. Locking a risk instrument's assessment sets the case's supervision level,
which sets the contact frequency and when the next assessment is due.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.audit.services import audit_record
from reintegra.cases.category import ADULT_AGE, Category, case_category, category_on
from reintegra.cases.models import Case
from reintegra.people.dates import age_on

from . import consequences, instruments, schedule, selectors, yamlines
from .models import (
    OPEN_STATUSES,
    Assessment,
    Instrument,
    InstrumentText,
    ItemRating,
    Source,
    Status,
    Supervision,
    SupervisionChange,
    TrainingRecord,
)

# A reassessment is started this long before it falls due, so it is on the list in time.
REASSESSMENT_LEAD = timedelta(days=30)


class AssessmentInputError(ValueError):
    """Bad input or a step the workflow does not allow; the message says which."""


class AssessmentIncomplete(AssessmentInputError):
    """Submitting an assessment that is not finished: `problems` names every gap."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def _audit(actor, action: str, assessment: Assessment, *, request=None, channel="page", detail=None):
    audit_record(
        user=actor, action=action, request=request, channel=channel, object_type="assessment",
        object_id=assessment.pk, case_id=assessment.case_id, person_id=assessment.case.person_id,
        compartments=[assessment.compartment],
        detail={"instrument": str(assessment.instrument), **(detail or {}),
                **({"subject_person": assessment.subject_person_id}
                   if assessment.subject_person_id != assessment.case.person_id else {})},
    )


# --- Instruments --------------------------------------------------------------------------


def _definition_data(definition: instruments.InstrumentDef) -> dict:
    data = dataclasses.asdict(definition)
    for key in ("raw", "path", "sha256", "code", "version", "purpose", "compartment", "subject", "licensed",
                "sets_supervision"):
        data.pop(key, None)
    return data


def instrument_load(*, definition: instruments.InstrumentDef, actor=None,
                    installing: bool = False) -> tuple[Instrument, bool]:
    """Store one validated definition as a versioned row; (row, created).

    `installing`: loaded by `migrate` as reference data shipped with this version, like
    the rows data migrations write, and not audited like them; every other load is.

    Loading the same file again changes nothing. A file whose content changed while its
    version did not is refused: a changed instrument needs a new version, so that the
    assessments made with the old one keep meaning what they meant.
    """
    existing = Instrument.objects.filter(code=definition.code, version=definition.version).first()
    if existing is not None:
        if existing.sha256 != definition.sha256:
            raise instruments.InstrumentFileError([
                f"{definition.path}:1: {definition.code} version {definition.version} is already loaded with "
                f"different content; a changed instrument needs a new version number"
            ])
        return existing, False
    with transaction.atomic():
        instrument = Instrument.objects.create(
            code=definition.code, version=definition.version, purpose=definition.purpose,
            compartment=definition.compartment, subject=definition.subject, licensed=definition.licensed,
            sets_supervision=definition.sets_supervision, definition=_definition_data(definition),
            source_file=Path(definition.path).name, sha256=definition.sha256, loaded_at=timezone.now(),
        )
        if not installing:
            audit_record(
                user=actor, action="create", channel="cli" if actor is None else "page",
                object_type="instrument", object_id=instrument.pk,
                detail={"code": instrument.code, "version": instrument.version, "sha256": instrument.sha256},
            )
    return instrument, True


def instruments_sync(*, actor=None, paths: list[Path] | None = None, installing: bool = False) -> list[Instrument]:
    """Load every shipped instrument file (or the given ones) not yet in the database.

    All files are validated first; one bad file loads nothing. Returns the new rows.
    """
    if paths is None:
        definitions = instruments.shipped_instruments()
    else:
        definitions, problems = [], []
        for path in paths:
            try:
                definitions.append(instruments.read_instrument_file(path))
            except instruments.InstrumentFileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise instruments.InstrumentFileError(problems)
    created = []
    with transaction.atomic():
        for definition in definitions:
            instrument, new = instrument_load(definition=definition, actor=actor, installing=installing)
            if new:
                created.append(instrument)
    return created


_SHIPPED: dict[str, list] = {}


def instruments_ensure_loaded() -> None:
    """Load the shipped instruments that the database lacks (a new version ships with an
    upgrade and is loaded on first use). One query when nothing is missing."""
    if "defs" not in _SHIPPED:  # the files do not change while the process runs
        _SHIPPED["defs"] = instruments.shipped_instruments()
    shipped = {(d.code, d.version) for d in _SHIPPED["defs"]}
    if not shipped <= set(Instrument.objects.values_list("code", "version")):
        instruments_sync()


def instrument_current(code: str) -> Instrument:
    """The latest version of an instrument; loads the shipped files when it is missing."""
    instrument = Instrument.objects.filter(code=code).order_by("-version").first()
    if instrument is None:
        instruments_ensure_loaded()
        instrument = Instrument.objects.filter(code=code).order_by("-version").first()
    if instrument is None:
        raise AssessmentInputError(_("Unknown instrument: %(code)s.") % {"code": code})
    return instrument


def _read_text_file(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, item code, label, guidance) rows from a CSV (code,label,guidance) or YAML file."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssessmentInputError(f"{name}:1: " + _("cannot read the file: %(error)s") % {"error": exc}) from exc
    rows = []
    if Path(path).suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or not {"code", "label"} <= set(reader.fieldnames):
            raise AssessmentInputError(f"{name}:1: " + _("the header must name the columns code, label and (optionally) guidance"))
        for row in reader:
            rows.append((reader.line_num, (row.get("code") or "").strip(), (row.get("label") or "").strip(),
                         (row.get("guidance") or "").strip()))
        return rows
    try:
        data = yamlines.load(text)
    except yamlines.YamlError as exc:
        raise AssessmentInputError(f"{name}:{exc.line or 1}: {exc.message}") from exc
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        raise AssessmentInputError(f"{name}:1: " + _("expected 'items:' mapping each item code to its label and guidance"))
    for code, value in items.items():
        line = items.line_of(code)
        if isinstance(value, str):
            rows.append((line, str(code), value.strip(), ""))
        elif isinstance(value, dict):
            rows.append((line, str(code), str(value.get("label") or "").strip(), str(value.get("guidance") or "").strip()))
        else:
            raise AssessmentInputError(f"{name}:{line}: " + _("item %(code)s: write its label (and guidance)") % {"code": code})
    return rows


def instrument_text_load(
    *, actor=None, instrument_code: str, path: Path, version: int | None = None, language: str = "en",
) -> int:
    """Load licensed item wording into the database (never into the repository).

    Every code in the file must be an item of that instrument version, and every item
    needs a label; any problem refuses the whole file. Loading again replaces the
    wording of that language. Returns the number of items loaded.
    """
    instruments_ensure_loaded()
    found = Instrument.objects.filter(code=instrument_code)
    instrument = (found.filter(version=version) if version else found.order_by("-version")).first()
    if instrument is None:
        raise AssessmentInputError(_("Unknown instrument or version: %(code)s.") % {"code": instrument_code})
    if language not in instruments.LANGUAGES:
        raise AssessmentInputError(_("Unknown language %(lang)s; use one of %(langs)s.")
                                   % {"lang": language, "langs": ", ".join(instruments.LANGUAGES)})
    known = {item["code"] for domain in instrument.definition["domains"] for item in domain["items"]}
    rows = _read_text_file(path)
    problems, seen = [], set()
    for line, code, label, _guidance in rows:
        if code not in known:
            problems.append(f"{path}:{line}: " + _("%(code)s is not an item of %(instrument)s")
                            % {"code": code or "(empty)", "instrument": instrument})
        elif code in seen:
            problems.append(f"{path}:{line}: " + _("%(code)s appears twice") % {"code": code})
        elif not label:
            problems.append(f"{path}:{line}: " + _("%(code)s has no label") % {"code": code})
        seen.add(code)
    if not rows:
        problems.append(f"{path}:1: " + _("the file holds no items"))
    if problems:
        raise AssessmentInputError("\n".join(problems))
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        InstrumentText.objects.filter(instrument=instrument, language=language).delete()
        InstrumentText.objects.bulk_create(
            InstrumentText(instrument=instrument, item_code=code, language=language, label=label,
                           guidance=guidance, loaded_at=now, source_sha256=digest)
            for _line, code, label, guidance in rows
        )
        # The audit names the file's digest, never its wording.
        audit_record(
            user=actor, action="update", channel="cli" if actor is None else "page", object_type="instrument_text",
            object_id=instrument.pk, detail={"instrument": str(instrument), "language": language,
                                             "items": len(rows), "sha256": digest},
        )
    return len(rows)


# --- Training records ---------------------------------------------------------------------


def training_record_add(
    *, actor, user, instrument_code: str, valid_from, valid_until=None, min_version: int | None = None,
    max_version: int | None = None, note: str = "", request=None, channel: str = "page",
) -> TrainingRecord:
    policy.require_permission(actor, "assessments.manage_training")
    instrument_code = instrument_code.strip()
    if not Instrument.objects.filter(code=instrument_code).exists():
        instruments_ensure_loaded()
        if not Instrument.objects.filter(code=instrument_code).exists():
            raise AssessmentInputError(_("Unknown instrument: %(code)s.") % {"code": instrument_code})
    if valid_until is not None and valid_until < valid_from:
        raise AssessmentInputError(_("The training cannot end before it starts."))
    if min_version and max_version and max_version < min_version:
        raise AssessmentInputError(_("'Up to version' is below 'from version'."))
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            user=user, instrument_code=instrument_code, min_version=min_version, max_version=max_version,
            valid_from=valid_from, valid_until=valid_until, note=note.strip(), recorded_by=_user_or_none(actor),
            recorded_at=timezone.now(),
        )
        audit_record(
            user=actor, action="create", request=request, channel=channel, object_type="training_record",
            object_id=record.pk, detail={"user": user.get_username(), "instrument": instrument_code,
                                         "from": str(valid_from), "until": str(valid_until or "")},
        )
    return record


def training_record_end(*, actor, record: TrainingRecord, on, request=None) -> TrainingRecord:
    policy.require_permission(actor, "assessments.manage_training")
    if on < record.valid_from:
        raise AssessmentInputError(_("The training cannot end before it starts."))
    with transaction.atomic():
        record.valid_until = on
        record.save(update_fields=["valid_until"])
        audit_record(user=actor, action="update", request=request, object_type="training_record",
                     object_id=record.pk, detail={"until": str(on)})
    return record


# --- Starting -----------------------------------------------------------------------------


def _check_applies(instrument: Instrument, case: Case, person, on) -> None:
    d = instrument.definition
    age = age_on(person.birth_date, person.birth_date_precision, on)
    if age is None:
        if instrument.purpose in ("risk", "protective"):
            raise AssessmentInputError(_(
                "%(person)s has no known date of birth and may be a child: record the date of birth before a "
                "risk assessment.") % {"person": person.display_name})
        return
    if person.pk == case.person_id:
        category = case_category(case, on)
    else:
        category = category_on(sex=person.sex, birth_date=person.birth_date,
                               precision=person.birth_date_precision, on=on)
    if category == Category.UNKNOWN and age >= ADULT_AGE:
        adult = {Category.ADULT_MAN, Category.ADULT_WOMAN} & set(d["categories"])
        category = next(iter(adult)) if adult else category
    too_young = d["min_age"] is not None and age < d["min_age"]
    too_old = d["max_age"] is not None and age > d["max_age"]
    if category not in d["categories"] or too_young or too_old:
        raise AssessmentInputError(_("%(instrument)s does not apply to %(person)s (age %(age)s).")
                                   % {"instrument": instruments.localized(d["title"]),
                                      "person": person.display_name, "age": age})


def _check_assessor(assessor, instrument: Instrument, case: Case, on) -> None:
    if not selectors.is_trained(assessor, instrument, on=on):
        raise AssessmentInputError(_("%(user)s has no training record for %(instrument)s.")
                                   % {"user": assessor.get_username(), "instrument": instrument})
    if instrument.compartment not in policy.case_access(assessor, case).writable:
        raise AssessmentInputError(_("%(user)s may not write this part of the case file.")
                                   % {"user": assessor.get_username()})


def assessment_start(
    *, actor, case: Case, instrument_code: str, reason: str = "", source: str = Source.MANUAL,
    source_ref: str = "", assessor=None, subject_person=None, due_at: datetime | None = None,
    check_access: bool | None = None, at: datetime | None = None, request=None, channel: str = "page",
) -> Assessment:
    """Start an assessment of the latest version of an instrument.

    By hand (`source="manual"`): the actor must be trained on the instrument and allowed
    to write its compartment of the case, and becomes the assessor. From a protocol step
    (`source="protocol"`, `source_ref` naming the step) or a reassessment falling due, the
    access check is the caller's (`check_access` defaults to False), an `assessor` may be
    named (trained, allowed to write), and an open assessment of the same instrument is
    returned instead of a second one.
    """
    if source not in Source.values:
        raise AssessmentInputError(_("Unknown start: %(source)s.") % {"source": source})
    if check_access is None:
        check_access = source == Source.MANUAL
    instrument = instrument_current(instrument_code)
    now = at or timezone.now()
    if due_at is not None and timezone.is_naive(due_at):
        raise AssessmentInputError(_("A due time needs its time zone."))
    if instrument.subject == "carer":
        if subject_person is None or subject_person.pk == case.person_id:
            raise AssessmentInputError(_("Say which carer or guardian is screened for this child."))
    elif subject_person is not None and subject_person.pk != case.person_id:
        raise AssessmentInputError(_("This instrument assesses the case's own person."))
    subject_person = subject_person or case.person
    if check_access:
        policy.require_write(actor, case, instrument.compartment)
        if assessor is None:
            assessor = actor
    if assessor is not None:
        _check_assessor(assessor, instrument, case, now.date())
    _check_applies(instrument, case, subject_person, now.date())
    open_same = Assessment.objects.filter(
        case=case, subject_person=subject_person, instrument__code=instrument.code,
        status__in=OPEN_STATUSES, independent_of__isnull=True,
    ).first()
    if open_same is not None:
        if source != Source.MANUAL:
            return open_same
        raise AssessmentInputError(_("An assessment with %(instrument)s is already open for this person.")
                                   % {"instrument": instrument.code})
    with transaction.atomic():
        assessment = Assessment.objects.create(
            case=case, subject_person=subject_person, instrument=instrument, compartment=instrument.compartment,
            source=source, source_ref=source_ref[:100], reason=reason.strip(), assessor=assessor,
            started_by=_user_or_none(actor), started_at=now, due_at=due_at,
        )
        _audit(actor, "create", assessment, request=request, channel=channel,
               detail={"source": source, "source_ref": source_ref,
                       "assessor": assessor.get_username() if assessor else None})
        if assessor is not None and assessor != actor:
            _notify_assessor(assessment)
    return assessment


def _assessment_url(assessment: Assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


def _notify_assessor(assessment: Assessment) -> None:
    from reintegra.cases.services import notify

    notify(users=[assessment.assessor], message=_("Assessment to make: %(instrument)s") % {
        "instrument": assessment.instrument.code}, case=assessment.case, compartment=assessment.compartment,
        url=_assessment_url(assessment), dedupe_key=f"assessment:{assessment.pk}:assessor")


def assessment_second_start(*, actor, assessment: Assessment, request=None, channel: str = "page") -> Assessment:
    """A second assessor rates the same person with the same instrument version, independently."""
    first = assessment
    if first.independent_of_id:
        first = first.independent_of
    if first.status == Status.WITHDRAWN:
        raise AssessmentInputError(_("This assessment was withdrawn."))
    policy.require_write(actor, first.case, first.compartment)
    if first.assessor_id == actor.pk:
        raise AssessmentInputError(_("An independent rating is made by a different assessor."))
    now = timezone.now()
    _check_assessor(actor, first.instrument, first.case, now.date())
    if first.second_ratings.filter(assessor=actor).exclude(status=Status.WITHDRAWN).exists():
        raise AssessmentInputError(_("You already rate this assessment independently."))
    with transaction.atomic():
        second = Assessment.objects.create(
            case=first.case, subject_person=first.subject_person, instrument=first.instrument,
            compartment=first.compartment, source=Source.SECOND_RATING, source_ref=f"assessment:{first.pk}",
            reason=_("Independent second rating"), assessor=actor, started_by=actor, started_at=now,
            due_at=first.due_at, independent_of=first,
        )
        _audit(actor, "create", second, request=request, channel=channel,
               detail={"source": Source.SECOND_RATING, "independent_of": first.pk})
    return second


def assessment_assign(*, actor, assessment: Assessment, assessor, request=None, channel: str = "page") -> Assessment:
    """Name the assessor of an open assessment: the key worker, or someone who may write
    its compartment, assigns a trained colleague."""
    case = assessment.case
    if case.key_worker_id != getattr(actor, "pk", None):
        policy.require_write(actor, case, assessment.compartment)
    if assessment.status != Status.DRAFT:
        raise AssessmentInputError(_("Only a draft assessment gets a new assessor."))
    _check_assessor(assessor, assessment.instrument, case, timezone.now().date())
    if assessment.independent_of_id and assessment.independent_of.assessor_id == assessor.pk:
        raise AssessmentInputError(_("An independent rating is made by a different assessor."))
    with transaction.atomic():
        assessment.assessor = assessor
        assessment.save(update_fields=["assessor"])
        _audit(actor, "update", assessment, request=request, channel=channel,
               detail={"assessor": assessor.get_username()})
        if assessor != actor:
            _notify_assessor(assessment)
    return assessment


# --- Rating, submitting, countersigning ------------------------------------------------------


def _require_assessor(actor, assessment: Assessment) -> None:
    if assessment.assessor_id is None or assessment.assessor_id != getattr(actor, "pk", None):
        raise policy.AccessDenied("only the assessor rates")
    policy.require_write(actor, assessment.case, assessment.compartment)


def assessment_rate(
    *, actor, assessment: Assessment, ratings: dict[str, tuple[str, str]] | None = None,
    overall_level: str | None = None, overall_justification: str | None = None,
    request=None, channel: str = "page",
) -> Assessment:
    """Save ratings (item code -> (rating, evidence)) and the overall judgement of a draft.

    A draft may be incomplete; each value given must be valid for this instrument version.
    """
    _require_assessor(actor, assessment)
    if assessment.status != Status.DRAFT:
        raise AssessmentInputError(_("Only a draft can be changed; this assessment is %(status)s.")
                                   % {"status": assessment.get_status_display()})
    items = selectors.items_of(assessment.instrument)
    scales = assessment.instrument.definition["scales"]
    problems = []
    for code, (rating, _evidence) in (ratings or {}).items():
        item = items.get(code)
        if item is None:
            problems.append(_("%(code)s is not an item of %(instrument)s.")
                            % {"code": code, "instrument": assessment.instrument})
        elif rating and rating not in {o["value"] for o in scales[item["scale"]]}:
            problems.append(_("%(code)s: %(rating)s is not on its scale.") % {"code": code, "rating": rating})
    levels = {lv["value"] for lv in assessment.instrument.definition["overall_levels"]}
    if overall_level and overall_level not in levels:
        problems.append(_("%(level)s is not an overall level of this instrument.") % {"level": overall_level})
    if problems:
        raise AssessmentInputError(" ".join(problems))
    now = timezone.now()
    with transaction.atomic():
        existing = {r.item_code: r for r in assessment.ratings.all()}
        changed = 0
        for code, (rating, evidence) in (ratings or {}).items():
            rating, evidence = (rating or "").strip(), (evidence or "").strip()
            row = existing.get(code)
            if row is None:
                if rating or evidence:
                    ItemRating.objects.create(assessment=assessment, item_code=code, rating=rating,
                                              evidence=evidence, rated_at=now)
                    changed += 1
            elif (row.rating, row.evidence) != (rating, evidence):
                row.rating, row.evidence, row.rated_at = rating, evidence, now
                row.save(update_fields=["rating", "evidence", "rated_at"])
                changed += 1
        fields = []
        if overall_level is not None:
            assessment.overall_level = overall_level
            fields.append("overall_level")
        if overall_justification is not None:
            assessment.overall_justification = overall_justification.strip()
            fields.append("overall_justification")
        if fields:
            assessment.save(update_fields=fields)
        _audit(actor, "update", assessment, request=request, channel=channel,
               detail={"items_changed": changed, "overall": bool(fields)})
    return assessment


def completeness_problems(assessment: Assessment) -> list[str]:
    """What stops a draft from being submitted, item by item."""
    items = selectors.items_of(assessment.instrument)
    scales = assessment.instrument.definition["scales"]
    ratings = {r.item_code: r for r in assessment.ratings.all()}
    problems = []
    for code, item in items.items():
        row = ratings.get(code)
        if row is None or not row.rating:
            problems.append(_("%(code)s is not rated.") % {"code": code})
            continue
        rank = next((o["rank"] for o in scales[item["scale"]] if o["value"] == row.rating), None)
        if rank is not None and not row.evidence:
            problems.append(_("%(code)s: write the evidence for the rating.") % {"code": code})
    if assessment.instrument.definition["overall_required"] and not assessment.overall_level:
        problems.append(_("Make the overall judgement."))
    if assessment.overall_level and not assessment.overall_justification:
        problems.append(_("Justify the overall judgement in your own words."))
    return problems


def assessment_submit(*, actor, assessment: Assessment, at: datetime | None = None, request=None,
                      channel: str = "page") -> Assessment:
    _require_assessor(actor, assessment)
    if assessment.status != Status.DRAFT:
        raise AssessmentInputError(_("Only a draft can be submitted."))
    problems = completeness_problems(assessment)
    if problems:
        raise AssessmentIncomplete(problems)
    with transaction.atomic():
        assessment.status = Status.SUBMITTED
        assessment.submitted_at = at or timezone.now()
        assessment.save(update_fields=["status", "submitted_at"])
        _audit(actor, "update", assessment, request=request, channel=channel,
               detail={"status": Status.SUBMITTED, "overall": assessment.overall_level})
    return assessment


def _require_countersigner(actor, assessment: Assessment, on) -> None:
    policy.require_permission(actor, "assessments.countersign", case=assessment.case,
                              compartment=assessment.compartment)
    if assessment.assessor_id == getattr(actor, "pk", None):
        raise AssessmentInputError(_("The countersigner must be a second person, not the assessor."))
    if not selectors.is_trained(actor, assessment.instrument, on=on):
        raise AssessmentInputError(_("Countersigning needs training on %(instrument)s.")
                                   % {"instrument": assessment.instrument})


def assessment_countersign(
    *, actor, assessment: Assessment, note: str = "", at: datetime | None = None, request=None,
    channel: str = "page",
) -> Assessment:
    """A second qualified person countersigns a submitted assessment, which locks it and
    sets off its consequences (supervision level, education plan...)."""
    now = at or timezone.now()
    _require_countersigner(actor, assessment, now.date())
    if assessment.status != Status.SUBMITTED:
        raise AssessmentInputError(_("Only a submitted assessment can be countersigned."))
    with transaction.atomic():
        assessment.status = Status.LOCKED
        assessment.countersigned_by = actor
        assessment.countersigned_at = now
        assessment.countersign_note = note.strip()
        assessment.locked_at = now
        assessment.save(update_fields=["status", "countersigned_by", "countersigned_at", "countersign_note",
                                       "locked_at"])
        _audit(actor, "update", assessment, request=request, channel=channel,
               detail={"status": Status.LOCKED, "overall": assessment.overall_level})
        _consequences(actor, assessment, request=request)
    return assessment


def assessment_return(*, actor, assessment: Assessment, note: str, request=None, channel: str = "page") -> Assessment:
    """The countersigner sends a submitted assessment back to its assessor, saying why."""
    _require_countersigner(actor, assessment, timezone.now().date())
    if assessment.status != Status.SUBMITTED:
        raise AssessmentInputError(_("Only a submitted assessment can be returned."))
    if not note.strip():
        raise AssessmentInputError(_("Say what the assessor should look at again."))
    with transaction.atomic():
        assessment.status = Status.DRAFT
        assessment.returned_note = note.strip()
        assessment.submitted_at = None
        assessment.save(update_fields=["status", "returned_note", "submitted_at"])
        _audit(actor, "update", assessment, request=request, channel=channel, detail={"status": "returned"})
        if assessment.assessor_id:
            from reintegra.cases.services import notify

            notify(users=[assessment.assessor], message=_("Assessment returned for changes: %(instrument)s")
                   % {"instrument": assessment.instrument.code}, case=assessment.case,
                   compartment=assessment.compartment, url=_assessment_url(assessment))
    return assessment


def assessment_withdraw(*, actor, assessment: Assessment, reason: str, request=None, channel: str = "page") -> Assessment:
    policy.require_write(actor, assessment.case, assessment.compartment)
    if not assessment.is_open:
        raise AssessmentInputError(_("A locked or withdrawn assessment cannot be withdrawn."))
    if not reason.strip():
        raise AssessmentInputError(_("Say why the assessment is withdrawn."))
    with transaction.atomic():
        assessment.status = Status.WITHDRAWN
        assessment.withdrawn_reason = reason.strip()
        assessment.save(update_fields=["status", "withdrawn_reason"])
        _audit(actor, "update", assessment, request=request, channel=channel, detail={"status": Status.WITHDRAWN})
    return assessment


# --- Consequences -------------------------------------------------------------------------------


def _consequences(actor, assessment: Assessment, *, request=None) -> None:
    instrument = assessment.instrument
    if assessment.independent_of_id is not None:
        return  # a second rating checks agreement; the first assessment's judgement stands
    about_case_person = assessment.subject_person_id == assessment.case.person_id
    if instrument.sets_supervision and about_case_person and assessment.overall_level:
        supervision_set(actor=actor, case=assessment.case, level=assessment.overall_level,
                        assessment=assessment, at=assessment.locked_at, request=request)
    handled = False
    for hook in consequences.hooks_for(instrument.code):
        handled = bool(hook(assessment=assessment, actor=actor)) or handled
    if not handled and instrument.definition.get("starts") == "education_plan":
        _education_plan_task(actor, assessment)


def _education_plan_task(actor, assessment: Assessment) -> None:
    from reintegra.cases.services import task_create

    agency = getattr(getattr(assessment.assessor, "staff", None), "agency", None)
    level = selectors.level_label(assessment.instrument, assessment.overall_level)
    task_create(
        actor=actor, case=assessment.case, compartment="education", kind="education_plan",
        title=_("Start an individual education plan for %(person)s") % {"person": assessment.case.person.display_name},
        detail=_("Education placement profile locked: %(level)s.") % {"level": level},
        assigned_agency=agency, assigned_user=None if agency else assessment.assessor,
        due_at=(assessment.locked_at or timezone.now()) + timedelta(days=30),
        url=_assessment_url(assessment), source_type="assessments.assessment", source_id=str(assessment.pk),
        check_access=False,
    )


def supervision_set(
    *, actor, case: Case, level: str, assessment: Assessment | None = None, reason: str = "",
    at: datetime | None = None, request=None,
) -> Supervision:
    """Set the case's support and supervision level; the jurisdiction's schedule gives the
    contact frequency and when the next assessment is due. Kept with its history."""
    from reintegra.cases.services import notify

    interval = schedule.interval_for(country=case.country, level=level)
    now = at or timezone.now()
    next_due = schedule.add_months(now, interval.reassess_months)
    with transaction.atomic():
        current = Supervision.objects.select_for_update().filter(case=case).first()
        previous = current.level if current else ""
        values = {"level": level, "contact_every_days": interval.contact_every_days,
                  "next_assessment_due": next_due, "jurisdiction": interval.jurisdiction, "set_at": now,
                  "set_by": _user_or_none(actor), "assessment": assessment}
        if current is None:
            current = Supervision.objects.create(case=case, **values)
        else:
            for key, value in values.items():
                setattr(current, key, value)
            current.save()
        change = SupervisionChange.objects.create(case=case, previous_level=previous, reason=reason[:300], **values)
        audit_record(
            user=actor, action="update", request=request, object_type="supervision", object_id=current.pk,
            case_id=case.pk, person_id=case.person_id, compartments=["identity"],
            detail={"level": level, "previous": previous, "next_due": next_due.isoformat(),
                    "assessment": assessment.pk if assessment else None},
        )
        if change.raised and case.key_worker_id:
            notify(users=[case.key_worker], message=_("Supervision level raised to %(level)s")
                   % {"level": change.get_level_display()}, case=case, compartment="identity",
                   url=reverse("assessments:history", args=[case.pk]),
                   dedupe_key=f"supervision:{change.pk}")
    return current


def reassessments_start_due(now: datetime) -> int:
    """Start the reassessments falling due within REASSESSMENT_LEAD; idempotent."""
    started = 0
    due = (
        Supervision.objects.filter(next_assessment_due__lte=now + REASSESSMENT_LEAD, assessment__isnull=False)
        .select_related("case__person", "assessment__instrument", "assessment__assessor")
    )
    for supervision in due:
        previous = supervision.assessment
        ref = f"supervision:{supervision.pk}:{supervision.next_assessment_due:%Y%m%d}"
        if Assessment.objects.filter(Q(source_ref=ref) | Q(
            case=supervision.case, instrument__sets_supervision=True, status__in=OPEN_STATUSES,
            independent_of__isnull=True,
        )).exists():
            continue
        assessor = previous.assessor
        instrument = instrument_current(previous.instrument.code)
        if assessor is not None:
            try:
                _check_assessor(assessor, instrument, supervision.case, now.date())
            except AssessmentInputError:
                assessor = None
        try:
            assessment_start(
                actor=None, case=supervision.case, instrument_code=instrument.code,
                reason=_("Reassessment due"), source=Source.REASSESSMENT, source_ref=ref, assessor=assessor,
                due_at=supervision.next_assessment_due, at=now,
            )
        except AssessmentInputError:
            continue  # e.g. the date of birth was corrected: the key worker still sees it due
        started += 1
    return started
