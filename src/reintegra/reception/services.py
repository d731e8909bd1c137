"""Every write of the reception app. Each writes its audit events in the same transaction.

Actions that run from the command line (`import_manifest`) pass `actor=None`: a trusted
operator at the server, recorded as "system" in the audit log, like the demo seed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.access.models import Agency
from reintegra.audit.services import AuditEntry, audit_record, audit_record_many
from reintegra.bulk import insert_objects, insert_rows, json_text
from reintegra.cases import services as case_services
from reintegra.cases.category import category_on
from reintegra.cases.models import Case, CaseTeamMember, Stage
from reintegra.linkage.folding import fold_for_search
from reintegra.linkage.services import pairs_from_registry_candidates
from reintegra.people import services as people_services
from reintegra.people.dates import latest_possible
from reintegra.people.models import (
    CitizenshipStatus,
    DatePrecision,
    Person,
    PersonName,
    Relationship,
    RelationshipKind,
)
from reintegra.people.services import NameInput, PersonInput

from . import step_actions
from .manifest import Manifest, ManifestRow, parse_manifest
from .models import (
    CandidateReason,
    CarerScreening,
    ManifestImport,
    Operation,
    OperationMember,
    OperationStatus,
    OperationTeamMember,
    PersonAbroad,
    Placement,
    PlacementKind,
    RegistryCandidate,
    ScreeningOutcome,
    Step,
    StepStatus,
    YesNoUnknown,
)
from .protocols import ProtocolError, get_protocol, protocol_category

MANAGE = "reception.manage_operations"
STEP_ANY = "reception.step_any"


class ReceptionError(ValueError):
    """Bad input; the message says what is wrong."""


class ManifestRejected(ReceptionError):
    """The manifest has problems; nothing was written. `manifest.errors` lists them all."""

    def __init__(self, manifest: Manifest):
        self.manifest = manifest
        super().__init__("\n".join(str(p) for p in manifest.errors))


def _require_manager(actor) -> None:
    if actor is not None:
        policy.require_permission(actor, MANAGE)


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def _aware(moment: datetime, what: str) -> datetime:
    if moment is None or timezone.is_naive(moment):
        raise ReceptionError(_("%(what)s needs a date, a time and a time zone.") % {"what": what})
    return moment


# --- People still abroad ---------------------------------------------------------------------------


ABROAD_FIELDS = ("place_kind", "place", "country", "since", "status", "family_contact",
                 "family_contact_note", "mother_consent", "birth_record", "notes")


def _check_facts(facts: dict) -> None:
    unknown = set(facts) - set(ABROAD_FIELDS)
    if unknown:
        raise ReceptionError(f"unknown fields: {', '.join(sorted(unknown))}")


def abroad_create(
    *, actor, given_name: str, family_name: str, sex: str, birth_date=None,
    birth_date_precision: str = DatePrecision.UNKNOWN, father_name: str = "", municipality: str = "",
    country_code: str = "XK", request=None, **facts,
) -> PersonAbroad:
    """A national known to be abroad: a person, a case at the 'abroad' stage, and the facts."""
    _require_manager(actor)
    _check_facts(facts)
    with transaction.atomic():
        person = people_services.person_create(
            actor=actor, names=[NameInput(given_name=given_name, family_name=family_name, father_name=father_name)],
            sex=sex, birth_date=birth_date, birth_date_precision=birth_date_precision, request=request,
        )
        case = case_services.case_open(
            actor=actor, person=person, reference=_next_reference("ABR"), stage=Stage.ABROAD,
            country=country_code, municipality=municipality, request=request,
        )
        abroad = PersonAbroad(person=person, case=case, updated_at=timezone.now(), updated_by=_user_or_none(actor))
        for name, value in facts.items():
            setattr(abroad, name, value)
        abroad.save()
        audit_record(
            user=actor, action="create", request=request, object_type="person_abroad", object_id=abroad.pk,
            case_id=case.pk, person_id=person.pk, compartments=["identity", "family"],
        )
    return abroad


def abroad_update(*, actor, abroad: PersonAbroad, request=None, **facts) -> PersonAbroad:
    _require_manager(actor)
    _check_facts(facts)
    with transaction.atomic():
        changed = sorted(k for k, v in facts.items() if getattr(abroad, k) != v)
        for name, value in facts.items():
            setattr(abroad, name, value)
        abroad.updated_at, abroad.updated_by = timezone.now(), _user_or_none(actor)
        abroad.save()
        audit_record(
            user=actor, action="update", request=request, object_type="person_abroad", object_id=abroad.pk,
            case_id=abroad.case_id, person_id=abroad.person_id, compartments=["identity", "family"],
            detail={"changed": changed},
        )
    return abroad


def _next_reference(prefix: str) -> str:
    """The next free case reference with this prefix (ABR-00001 ...)."""
    count = Case.objects.filter(reference__startswith=f"{prefix}-").count()
    while True:
        count += 1
        reference = f"{prefix}-{count:05d}"
        if not Case.objects.filter(reference=reference).exists():
            return reference


def abroad_attach(*, actor, case: Case, request=None, **facts) -> PersonAbroad:
    """The facts of being abroad for a person who already has a case (at the abroad stage)."""
    _require_manager(actor)
    _check_facts(facts)
    if PersonAbroad.objects.filter(person_id=case.person_id).exists():
        raise ReceptionError(_("This person is already recorded as abroad."))
    with transaction.atomic():
        abroad = PersonAbroad(person_id=case.person_id, case=case, updated_at=timezone.now(),
                              updated_by=_user_or_none(actor), **facts)
        abroad.save()
        audit_record(
            user=actor, action="create", request=request, object_type="person_abroad", object_id=abroad.pk,
            case_id=case.pk, person_id=case.person_id, compartments=["identity", "family"],
        )
    return abroad


# --- Operations -------------------------------------------------------------------------------


def operation_create(
    *, actor, name: str, arrival_at: datetime, protocol: str, country: str = "", municipality: str = "",
    notes: str = "", request=None, channel: str = "page",
) -> Operation:
    _require_manager(actor)
    name = name.strip()
    if not name:
        raise ReceptionError(_("An operation needs a name."))
    _aware(arrival_at, _("The arrival"))
    try:
        spec = get_protocol(protocol)
    except ProtocolError as exc:
        raise ReceptionError(str(exc)) from exc
    if Operation.objects.filter(name=name).exists():
        raise ReceptionError(_("An operation named %(name)s exists already.") % {"name": name})
    with transaction.atomic():
        operation = Operation.objects.create(
            name=name, arrival_at=arrival_at, protocol=protocol, country=country or spec.country,
            municipality=municipality.strip(), notes=notes, created_at=timezone.now(),
            created_by=_user_or_none(actor),
        )
        audit_record(user=actor, action="create", request=request, channel=channel, object_type="operation",
                     object_id=operation.pk, detail={"name": name, "protocol": protocol})
    return operation


def operation_team_add(*, actor, operation: Operation, user, role_in_case: str = "", request=None) -> OperationTeamMember:
    """Someone who works this reception; after arrival they join every case team at once."""
    _require_manager(actor)
    with transaction.atomic():
        member, created = OperationTeamMember.objects.get_or_create(
            operation=operation, user=user, defaults={"role_in_case": role_in_case}
        )
        if created:
            audit_record(user=actor, action="create", request=request, object_type="operation_team_member",
                         object_id=member.pk, detail={"operation": operation.pk, "member": user.get_username()})
            if operation.arrived_at is not None:
                _team_to_cases(actor, operation, [member], request)
    return member


def _team_to_cases(actor, operation: Operation, team: list[OperationTeamMember], request=None) -> None:
    members = list(operation.members.select_related("case"))
    pairs = [(m.case, t.user) for m in members for t in team]
    case_services.case_team_add_bulk(actor=actor, pairs=pairs, role_in_case=_("reception"), request=request)


def operation_status_set(*, actor, operation: Operation, status: str, request=None) -> Operation:
    _require_manager(actor)
    if status not in OperationStatus.values:
        raise ReceptionError(_("Unknown status: %(s)s.") % {"s": status})
    if status == OperationStatus.ARRIVED:
        return operation_arrive(actor=actor, operation=operation, request=request)
    with transaction.atomic():
        operation.status = status
        operation.save(update_fields=["status"])
        audit_record(user=actor, action="update", request=request, object_type="operation",
                     object_id=operation.pk, detail={"status": status})
    return operation


def operation_arrive(*, actor, operation: Operation, arrival_at: datetime | None = None, request=None,
                     channel: str = "page") -> Operation:
    """The flight has landed: every person gets the protocol's steps, with deadlines from
    the arrival, and the reception team joins their case teams."""
    _require_manager(actor)
    if arrival_at is not None:
        _aware(arrival_at, _("The arrival"))
    with transaction.atomic():
        operation.arrival_at = arrival_at or operation.arrival_at
        operation.status = OperationStatus.ARRIVED
        operation.arrived_at = timezone.now()
        operation.save(update_fields=["arrival_at", "status", "arrived_at"])
        audit_record(user=actor, action="update", request=request, channel=channel, object_type="operation",
                     object_id=operation.pk, detail={"status": OperationStatus.ARRIVED,
                                                     "arrival_at": operation.arrival_at.isoformat()})
        waiting = list(operation.members.filter(steps__isnull=True).select_related("person", "case"))
        steps_assign(actor=actor, operation=operation, members=waiting, request=request, channel=channel)
        _team_to_cases(actor, operation, list(operation.team.select_related("user")), request)
    return operation


def operation_members_add(*, actor, operation: Operation, cases: list[Case], request=None,
                          channel: str = "page") -> list[OperationMember]:
    """Put people who already have a case on an operation (records of an earlier flight,
    or a returnee known before the manifest was drawn up); one audit event each."""
    _require_manager(actor)
    start = operation.members.count()
    with transaction.atomic():
        members = [
            OperationMember(operation=operation, person_id=case.person_id, case=case, ref=case.reference,
                            row=start + i + 1)
            for i, case in enumerate(cases)
        ]
        insert_objects(members)
        audit_record_many(user=actor, request=request, channel=channel, events=[
            AuditEntry(action="create", object_type="operation_member", object_id=m.pk, person_id=m.person_id,
                       case_id=m.case_id, compartments=["identity"], detail={"operation": operation.pk, "ref": m.ref})
            for m in members
        ])
    return members


def steps_record_done_bulk(
    *, actor, done: list[tuple[Step, datetime, str, str]], request=None, channel: str = "page"
) -> int:
    """Record steps done earlier, (step, when, outcome, findings), e.g. transcribed from the
    paper records of a past reception. Each is checked against the protocol and audited; no
    stage moves and nothing is started (that happened at the time, outside the system)."""
    _require_manager(actor)
    steps = []
    for step, at, outcome, findings in done:
        spec = get_protocol(step.protocol).step(step.key)
        if step.status != StepStatus.OPEN:
            raise ReceptionError(_("This step is already closed."))
        if spec.records == "decision" and spec.outcome(outcome) is None:
            raise ReceptionError(_("Choose the outcome: %(choices)s.") % {"choices": ", ".join(o.key for o in spec.outcomes)})
        _aware(at, _("The time"))
        step.status, step.closed_at, step.closed_by = StepStatus.DONE, at, _user_or_none(actor)
        step.recorded_at, step.outcome, step.findings = timezone.now(), outcome, findings
        steps.append(step)
    with transaction.atomic():
        Step.objects.bulk_update(steps, ["status", "closed_at", "closed_by", "recorded_at", "outcome", "findings"],
                                 batch_size=1000)
        audit_record_many(user=actor, request=request, channel=channel, events=[
            AuditEntry(action="update", object_type="protocol_step", object_id=s.pk, case_id=s.case_id,
                       person_id=s.member.person_id, compartments=[s.compartment],
                       detail={"step": s.key, "outcome": s.outcome, "done_at": s.closed_at.isoformat(),
                               "transcribed": True})
            for s in steps
        ])
    return len(steps)


# --- Manifests ---------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    manifest: Manifest
    record: ManifestImport
    members: list[OperationMember] = field(default_factory=list)
    candidates: int = 0
    steps: int = 0


def manifest_import(
    *, actor, operation: Operation, data: bytes, filename: str, encoding: str | None = None,
    request=None, channel: str = "page", manifest: Manifest | None = None,
) -> ImportResult:
    """Check the whole manifest, then create everyone in it, or nothing.

    Each row becomes a person with a case at the reception stage; mothers and children
    are related, families become households, a mother's consent and a missing birth
    record are recorded where the manifest gives them. People already on the registry
    with the same (exact or folded) name and a compatible date of birth are listed as
    candidates for review, never merged. If the operation has arrived, the steps follow.
    """
    import hashlib

    _require_manager(actor)
    manifest = manifest or parse_manifest(data, filename, encoding=encoding)
    if manifest.ok:
        taken = set(operation.members.filter(ref__in=[r.ref for r in manifest.rows]).values_list("ref", flat=True))
        for row in manifest.rows:
            if row.ref in taken:
                from .manifest import Problem

                manifest.errors.append(Problem(row.row, "ref", _(
                    "The reference %(ref)s is already on this operation.") % {"ref": row.ref}))
    if not manifest.ok:
        raise ManifestRejected(manifest)
    rows = manifest.rows
    arrival_day = timezone.localtime(operation.arrival_at).date()
    by_ref = {r.ref: r for r in rows}
    adults_in_family = defaultdict(int)
    for r in rows:
        if r.family_ref and not _is_minor(r, arrival_day):
            adults_in_family[r.family_ref] += 1
    candidates = registry_candidates(rows)
    with transaction.atomic():
        record = ManifestImport.objects.create(
            operation=operation, filename=filename[:255], sha256=hashlib.sha256(data).hexdigest(), rows=len(rows),
            imported_at=timezone.now(), imported_by=_user_or_none(actor),
            warnings=[str(w) for w in manifest.warnings],
        )
        audit_record(user=actor, action="create", request=request, channel=channel, object_type="manifest_import",
                     object_id=record.pk, detail={"operation": operation.pk, "rows": len(rows),
                                                  "sha256": record.sha256})
        persons = people_services.persons_create_bulk(
            actor=actor, request=request, channel=channel,
            people=[PersonInput(
                names=[NameInput(given_name=r.given_name, family_name=r.family_name, father_name=r.father_name)],
                sex=r.sex, birth_date=r.birth_date, birth_date_precision=r.birth_precision,
                place_of_birth=r.place_of_birth,
                citizenship_status=CitizenshipStatus.STATELESSNESS_RISK if r.birth_record == "no"
                else CitizenshipStatus.CLAIM_PENDING,
            ) for r in rows],
        )
        start = OperationMember.objects.filter(operation=operation).count()
        cases = case_services.cases_open_bulk(
            actor=actor, request=request, channel=channel, opened_at=timezone.now(),
            cases=[case_services.CaseInput(
                # RTN-<operation>-<n>: "returned on operation n"; the manifest ref stays on the member.
                person=p, reference=f"RTN-{operation.pk}-{start + i + 1:05d}", stage=Stage.RECEPTION,
                country=operation.country, municipality=operation.municipality,
                unaccompanied_minor=_is_minor(r, arrival_day) and not r.mother_ref
                and not adults_in_family.get(r.family_ref or f"\0{r.ref}"),
            ) for i, (p, r) in enumerate(zip(persons, rows, strict=True))],
        )
        members = [
            OperationMember(
                operation=operation, manifest=record, person=p, case=c, ref=r.ref, row=r.row,
                family_ref=r.family_ref, mother_ref=r.mother_ref, held_at=r.held_at,
                citizenship_claim=r.citizenship_claim, birth_record=r.birth_record, notes=r.notes,
            )
            for p, c, r in zip(persons, cases, rows, strict=True)
        ]
        insert_objects(members)
        audit_record_many(user=actor, request=request, channel=channel, events=[
            AuditEntry(action="create", object_type="operation_member", object_id=m.pk, person_id=m.person_id,
                       case_id=m.case_id, compartments=["identity"], detail={"operation": operation.pk, "ref": m.ref})
            for m in members
        ])
        person_of = {r.ref: p for r, p in zip(rows, persons, strict=True)}
        _families(actor, operation, rows, by_ref, person_of, request, channel)
        found = [
            RegistryCandidate(member=m, candidate_id=pid, reason=reason)
            for m, r in zip(members, rows, strict=True) for pid, reason in candidates.get(r.row, [])
        ]
        insert_objects(found)
        audit_record_many(user=actor, request=request, channel=channel, events=[
            AuditEntry(action="create", object_type="registry_candidate", object_id=c.pk,
                       person_id=c.member.person_id, compartments=["identity"],
                       detail={"candidate": c.candidate_id, "reason": c.reason})
            for c in found
        ])
        # The same pairs in the duplicate review queue, where they are decided.
        pairs_from_registry_candidates(actor=actor, candidates=found, request=request, channel=channel)
        steps = 0
        if operation.arrived_at is not None:
            steps = steps_assign(actor=actor, operation=operation, members=members, request=request, channel=channel)
            _team_to_cases(actor, operation, list(operation.team.select_related("user")), request)
    return ImportResult(manifest=manifest, record=record, members=members, candidates=len(found), steps=steps)


def _is_minor(row: ManifestRow, on) -> bool:
    category = category_on(sex=row.sex, birth_date=row.birth_date, precision=row.birth_precision, on=on)
    return protocol_category(category) in ("minor", "unaccompanied_minor")


def _families(actor, operation, rows, by_ref, person_of, request, channel) -> None:
    relationships, consents = [], []
    now = timezone.now()
    for row in rows:
        if row.mother_ref:
            mother, child = person_of[row.mother_ref], person_of[row.ref]
            relationships.append((mother, child, RelationshipKind.MOTHER))
            if row.mother_consent == "yes":
                consents.append((child, _("Repatriation of the child"), mother, now,
                                 _("As recorded on the manifest of %(op)s") % {"op": operation.name}))
    people_services.relationships_add_bulk(actor=actor, relationships=relationships, request=request, channel=channel)
    people_services.consents_record_bulk(actor=actor, consents=consents, request=request, channel=channel)
    families: dict[str, list[ManifestRow]] = defaultdict(list)
    for row in rows:
        if row.family_ref:
            families[row.family_ref].append(row)
    households = [
        people_services.HouseholdInput(
            name=_("%(op)s, family %(ref)s") % {"op": operation.name, "ref": ref},
            members=[(person_of[r.ref], _("mother") if any(o.mother_ref == r.ref for o in members) else "")
                     for r in members],
            municipality=operation.municipality,
        )
        for ref, members in families.items() if len(members) > 1
    ]
    people_services.households_create_bulk(actor=actor, households=households, request=request, channel=channel)


def registry_candidates(rows: list[ManifestRow], chunk: int = 500) -> dict[int, list[tuple[int, str]]]:
    """{manifest row: [(person id, reason)]} for people already on the registry whose name
    (exact, or folded as search folds it) and date of birth are compatible with the row.

    Set-based: one indexed query per chunk of folded names, whatever the file's size.
    Exposed so the linkage review queue can take the same pairs."""
    folded_rows: dict[str, list[ManifestRow]] = defaultdict(list)
    for row in rows:
        key = fold_for_search(" ".join(p for p in (row.given_name, row.family_name) if p))[:300]
        if key:
            folded_rows[key].append(row)
    keys = list(folded_rows)
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for start in range(0, len(keys), chunk):
        names = PersonName.objects.filter(folded__in=keys[start:start + chunk]).values_list(
            "folded", "given_name", "family_name", "person_id", "person__birth_date", "person__birth_date_precision",
        )
        seen: set[tuple[int, int]] = set()
        for folded, given, family, person_id, born, precision in names:
            for row in folded_rows[folded]:
                if (row.row, person_id) in seen or not _dates_compatible(row, born, precision):
                    continue
                seen.add((row.row, person_id))
                exact = given == row.given_name and family == row.family_name
                found[row.row].append((person_id, CandidateReason.EXACT if exact else CandidateReason.FOLDED))
    return found


def _dates_compatible(row: ManifestRow, born, precision: str) -> bool:
    """Both periods overlap; an unknown date on either side does not rule a match out."""
    if row.birth_date is None or born is None or precision == DatePrecision.UNKNOWN:
        return True
    return not (latest_possible(row.birth_date, row.birth_precision) < born
                or latest_possible(born, precision) < row.birth_date)


# --- Steps ------------------------------------------------------------------------------------------


class _AgencyResolver:
    """Who owns a step for a case: an agency of the step's type on the case team, else one
    in the case's municipality, else a national one (no municipality)."""

    def __init__(self, cases: list[Case]):
        self.team: dict[int, dict[str, int]] = defaultdict(dict)
        rows = CaseTeamMember.objects.filter(case_id__in=[c.pk for c in cases]).values_list(
            "case_id", "user__staff__agency_id", "user__staff__agency__type"
        ).order_by("added_at", "pk")
        for case_id, agency_id, agency_type in rows:
            if agency_id is not None:
                self.team[case_id].setdefault(agency_type, agency_id)
        self.local: dict[tuple[str, str, str], int] = {}
        self.national: dict[tuple[str, str], int] = {}
        for agency in Agency.objects.order_by("name").values("pk", "type", "country", "municipality"):
            if agency["municipality"]:
                self.local.setdefault((agency["type"], agency["country"], agency["municipality"]), agency["pk"])
            else:
                self.national.setdefault((agency["type"], agency["country"]), agency["pk"])

    def __call__(self, case: Case, agency_type: str) -> int | None:
        return (
            self.team.get(case.pk, {}).get(agency_type)
            or self.local.get((agency_type, case.country, case.municipality))
            or self.national.get((agency_type, case.country))
        )


# The columns a step is created with; the others keep their defaults (open, nothing recorded).
_STEP_COLUMNS = ("member", "case", "protocol", "key", "phase", "title", "compartment", "agency_type", "agency",
                 "records", "due_at", "depends_on", "status", "findings", "outcome", "checklist",
                 "document_number", "waive_reason")


def _json_once(db, cache: dict, value: list):
    key = tuple(value)
    if key not in cache:
        cache[key] = json_text(value)
    return cache[key]


def steps_assign(*, actor, operation: Operation, members: list[OperationMember], request=None,
                 channel: str = "page") -> int:
    """Give each person the protocol's steps for their category on the day of arrival.

    Written as plain rows (a 10,000-person manifest has over 100,000 steps), each step
    with its own audit event."""
    if not members:
        return 0
    protocol = get_protocol(operation.protocol)
    arrival = operation.arrival_at
    arrival_day = timezone.localtime(arrival).date()
    resolve = _AgencyResolver([m.case for m in members])
    db = connections[router.db_for_write(Step)]
    due = {spec.key: protocol.due(spec, arrival) for spec in protocol.steps}
    db_due = {key: db.ops.adapt_datetimefield_value(at) for key, at in due.items()}
    iso_due = {key: at.isoformat() for key, at in due.items()}
    db_empty_list = json_text([])
    db_lists: dict[tuple, object] = {}
    by_category: dict[str, list[int]] = defaultdict(list)
    rows, made = [], []  # made: (member, case, spec) per row, for the audit events
    for member in members:
        person, case = member.person, member.case
        category = protocol_category(category_on(
            sex=person.sex, birth_date=person.birth_date, precision=person.birth_date_precision, on=arrival_day,
            unaccompanied=case.unaccompanied_minor,
        ))
        member.category = category
        by_category[category].append(member.pk)
        specs = protocol.steps_for(category)
        keys = {s.key for s in specs}
        for spec in specs:
            depends = [d for d in spec.depends_on if d in keys]
            rows.append((
                member.pk, case.pk, protocol.code, spec.key, spec.phase, spec.title, spec.compartment, spec.owner,
                resolve(case, spec.owner), spec.records, db_due[spec.key],
                _json_once(db, db_lists, depends), StepStatus.OPEN, "", "",
                db_empty_list, "", "",
            ))
            made.append((member, case, spec))
    with transaction.atomic():
        for category, ids in by_category.items():
            for start in range(0, len(ids), 5000):
                OperationMember.objects.filter(pk__in=ids[start:start + 5000]).update(category=category)
        fields = [Step._meta.get_field(name) for name in _STEP_COLUMNS]
        keys = insert_rows(Step, fields, rows, returning=True, convert=False)
        audit_record_many(user=actor, request=request, channel=channel, events=[
            AuditEntry(action="create", object_type="protocol_step", object_id=pk, case_id=case.pk,
                       person_id=member.person_id, compartments=[spec.compartment],
                       detail={"step": spec.key, "due_at": iso_due[spec.key]})
            for pk, (member, case, spec) in zip(keys, made, strict=True)
        ])
    return len(rows)


def _require_step_actor(actor, step: Step) -> None:
    """May write the step's compartment on the case, and is of the owning agency (or may
    act on any step)."""
    policy.require_write(actor, step.case, step.compartment)
    subj = policy.subject(actor)
    if not (subj.agency is not None and subj.agency.pk == step.agency_id) and not policy.has_permission(actor, STEP_ANY):
        raise policy.AccessDenied("not the owning agency")


def _open_step(step: Step) -> Step:
    step = Step.objects.select_for_update().select_related("case__person", "member__operation").get(pk=step.pk)
    if step.status != StepStatus.OPEN:
        raise ReceptionError(_("This step is already closed."))
    return step


def _when(at: datetime | None, step: Step) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    _aware(at, _("The time"))
    if at > now:
        raise ReceptionError(_("A step cannot be done in the future."))
    if at < step.member.operation.arrival_at:
        raise ReceptionError(_("A step cannot be done before the arrival."))
    return at


def step_complete(
    *, actor, step: Step, findings: str = "", outcome: str = "", checklist: list[str] | None = None,
    document_number: str = "", done_at: datetime | None = None, request=None, channel: str = "page",
) -> Step:
    """Mark a step done: who, when, what was found; a decision's outcome may move the case."""
    _require_step_actor(actor, step)
    spec = get_protocol(step.protocol).step(step.key)
    with transaction.atomic():
        step = _open_step(step)
        at = _when(done_at, step)
        pending = list(step.member.steps.filter(key__in=step.depends_on, status=StepStatus.OPEN)
                       .values_list("title", flat=True))
        if pending:
            raise ReceptionError(_("First finish: %(steps)s.") % {"steps": "; ".join(pending)})
        chosen = spec.outcome(outcome) if outcome else None
        if spec.records == "decision" and chosen is None:
            raise ReceptionError(_("Choose the outcome: %(choices)s.") % {"choices": ", ".join(o.key for o in spec.outcomes)})
        if spec.records != "decision" and outcome:
            raise ReceptionError(_("This step has no outcomes."))
        ticked = list(checklist or [])
        if any(item not in spec.checklist for item in ticked):
            raise ReceptionError(_("An item is not on this step's checklist."))
        if spec.records == "document" and not document_number.strip():
            raise ReceptionError(_("Give the number of the document issued."))
        step.status, step.closed_at, step.closed_by = StepStatus.DONE, at, _user_or_none(actor)
        step.recorded_at, step.findings, step.outcome = timezone.now(), findings.strip(), outcome
        step.checklist, step.document_number = ticked, document_number.strip()
        step.save()
        detail = {"step": step.key, "outcome": outcome, "done_at": at.isoformat()}
        if spec.records == "document":
            people_services.document_add(
                actor=actor, person=step.case.person, kind=spec.document, number=step.document_number,
                issuing_country=step.member.operation.country, issued_on=timezone.localtime(at).date(),
                request=request,
            )
        started = step_actions.run(step=step, spec=spec, actor=actor, request=request)
        if started:
            detail["started"] = started
        audit_record(user=actor, action="update", request=request, channel=channel, object_type="protocol_step",
                     object_id=step.pk, case_id=step.case_id, person_id=step.case.person_id,
                     compartments=[step.compartment], detail=detail)
        if chosen is not None and chosen.stage and chosen.stage != step.case.stage:
            case_services.case_stage_change(
                actor=actor, case=step.case, stage=chosen.stage, reason=f"{step.title}: {chosen.label}"[:300],
                request=request, check_access=False, channel=channel,
            )
    return step


def step_waive(*, actor, step: Step, reason: str, waived_at: datetime | None = None, request=None,
               channel: str = "page") -> Step:
    _require_step_actor(actor, step)
    if not reason.strip():
        raise ReceptionError(_("Say why the step is waived."))
    with transaction.atomic():
        step = _open_step(step)
        at = _when(waived_at, step)
        step.status, step.closed_at, step.closed_by = StepStatus.WAIVED, at, _user_or_none(actor)
        step.recorded_at, step.waive_reason = timezone.now(), reason.strip()
        step.save()
        audit_record(user=actor, action="update", request=request, channel=channel, object_type="protocol_step",
                     object_id=step.pk, case_id=step.case_id, person_id=step.case.person_id,
                     compartments=[step.compartment], reason=step.waive_reason,
                     detail={"step": step.key, "status": StepStatus.WAIVED})
    return step


# --- Carer screening and placement ------------------------------------------------------------------


def carer_screening_record(
    *, actor, case: Case, carer: Person, outcome: str, notes: str = "", screened_at: datetime | None = None,
    assessment_id: int | None = None, request=None, channel: str = "page",
) -> CarerScreening:
    policy.require_write(actor, case, "child_protection")
    if outcome not in ScreeningOutcome.values:
        raise ReceptionError(_("Unknown outcome of a screening: %(o)s.") % {"o": outcome})
    if carer.pk == case.person_id:
        raise ReceptionError(_("A child is not their own carer."))
    if outcome == ScreeningOutcome.SUITABLE_WITH_CONDITIONS and not notes.strip():
        raise ReceptionError(_("Write the conditions."))
    at = screened_at or timezone.now()
    _aware(at, _("The screening"))
    if at > timezone.now():
        raise ReceptionError(_("A screening cannot be in the future."))
    with transaction.atomic():
        screening = CarerScreening.objects.create(
            case=case, carer=carer, screened_by=actor, screened_at=at, outcome=outcome, notes=notes.strip(),
            assessment_id=assessment_id,
        )
        audit_record(user=actor, action="create", request=request, channel=channel, object_type="carer_screening",
                     object_id=screening.pk, case_id=case.pk, person_id=case.person_id,
                     compartments=["child_protection"], detail={"carer": carer.pk, "outcome": outcome})
    return screening


def is_parent(carer: Person, child: Person) -> bool:
    return Relationship.objects.filter(
        from_person=carer, to_person=child, kind__in=[RelationshipKind.MOTHER, RelationshipKind.FATHER]
    ).exists() or Relationship.objects.filter(from_person=child, to_person=carer, kind=RelationshipKind.CHILD).exists()


def placement_record(
    *, actor, case: Case, kind: str, carer: Person | None = None, institution: str = "", notes: str = "",
    placed_at: datetime | None = None, request=None, channel: str = "page",
) -> Placement:
    """Place a child. With anyone but a parent, the carer's recorded screening must come
    first and must not have found them unsuitable."""
    policy.require_write(actor, case, "child_protection")
    if kind not in PlacementKind.values:
        raise ReceptionError(_("Unknown placement: %(k)s.") % {"k": kind})
    at = placed_at or timezone.now()
    _aware(at, _("The placement"))
    screening = None
    if kind == PlacementKind.CARE:
        if not institution.strip():
            raise ReceptionError(_("Name the care institution."))
        carer = None
    else:
        if carer is None:
            raise ReceptionError(_("Say who the carer is."))
        if carer.pk == case.person_id:
            raise ReceptionError(_("A child is not their own carer."))
        if kind == PlacementKind.PARENT:
            if not is_parent(carer, case.person):
                raise ReceptionError(_("%(name)s is not recorded as a parent of the child.") % {"name": carer.display_name})
        else:
            screening = (CarerScreening.objects.filter(case=case, carer=carer, screened_at__lte=at)
                         .order_by("-screened_at", "-id").first())
            if screening is None:
                raise ReceptionError(_("Record a screening of %(name)s before placing the child with them.")
                                     % {"name": carer.display_name})
            if screening.outcome == ScreeningOutcome.NOT_SUITABLE:
                raise ReceptionError(_("The screening found %(name)s not suitable.") % {"name": carer.display_name})
    with transaction.atomic():
        Placement.objects.filter(case=case, ended_at__isnull=True).update(ended_at=at)
        placement = Placement.objects.create(
            case=case, kind=kind, carer=carer, institution=institution.strip(), screening=screening,
            placed_at=at, placed_by=actor, notes=notes.strip(),
        )
        audit_record(user=actor, action="create", request=request, channel=channel, object_type="placement",
                     object_id=placement.pk, case_id=case.pk, person_id=case.person_id,
                     compartments=["child_protection"],
                     detail={"kind": kind, "carer": carer.pk if carer else None,
                             "screening": screening.pk if screening else None})
    return placement


__all__ = [
    "ImportResult", "ManifestRejected", "ReceptionError", "YesNoUnknown", "abroad_create", "abroad_update",
    "carer_screening_record", "manifest_import", "operation_arrive", "operation_create", "operation_status_set",
    "operation_team_add", "placement_record", "registry_candidates", "step_complete", "step_waive",
    "steps_assign",
]
