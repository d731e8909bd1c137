"""Demo data of the reception app: the April 2019 operation for the base cohort, a planned
operation with a small manifest still to arrive, people still abroad, and placements of
the orphans with screened grandmothers. Everything goes through the services."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from reintegra.cases.models import Case, Stage
from reintegra.demo.seed import ARRIVAL
from reintegra.people.models import Relationship

from . import services
from .models import (
    CarerScreening,
    Operation,
    PersonAbroad,
    Placement,
    Step,
)
from .synthetic import row_dict, to_csv

APRIL_2019 = "Kosovo, April 2019"
PLANNED = "Kosovo, next flight"
# Steps left open past their deadline, and steps waived, to show on the board.
OVERDUE = {"identity_documents": 3, "medical_follow_up": 2}
WAIVED = {"social_assistance_enrolment": ("Already receives assistance in her parents' household", 1),
          "needs_assessment": ("Assessed with the family the day before, at home", 1)}


def seed_demo(seeder) -> None:
    coordinator = seeder.users["coordinator"]
    rng = seeder.rng
    operation = services.operation_create(
        actor=coordinator, name=APRIL_2019, arrival_at=ARRIVAL, protocol="kosovo", municipality="Prishtinë",
        notes="Flight from al-Hawl: 4 men, 32 women, 74 children. Reception centre in Vranidoll.", channel="cli",
    )
    cohort = list(Case.objects.filter(opened_at=ARRIVAL).exclude(stage=Stage.ABROAD)
                  .select_related("person").order_by("reference")[:110])
    services.operation_members_add(actor=coordinator, operation=operation, cases=cohort, channel="cli")
    services.operation_arrive(actor=coordinator, operation=operation, channel="cli")
    steps = list(Step.objects.filter(member__operation=operation).select_related("member").order_by("member__row", "due_at"))
    keep_open = _pick(steps, OVERDUE)
    waived = _pick(steps, {k: n for k, (_r, n) in WAIVED.items()})
    for step in waived:
        services.step_waive(actor=coordinator, step=step, reason=WAIVED[step.key][0],
                            waived_at=step.due_at - timedelta(hours=2))
    from .protocols import get_protocol

    protocol = get_protocol("kosovo")
    done = []
    for step in steps:
        if step.pk in {s.pk for s in keep_open} or step.pk in {s.pk for s in waived}:
            continue
        spec = protocol.step(step.key)
        outcome = ""
        if spec.outcomes:
            outcome = {"arrest_on_arrival": "arrested", "accommodation": "released_to_family",
                       "citizenship_verification": "citizen"}.get(step.key, spec.outcomes[0].key)
            if step.key == "temporary_guardian":
                outcome = "relative_guardian"
        at = min(step.due_at - timedelta(hours=rng.randint(1, 6)), timezone.now())
        done.append((step, max(at, ARRIVAL + timedelta(minutes=30)), outcome, ""))
    services.steps_record_done_bulk(actor=coordinator, done=done, channel="cli")
    _placements(seeder, operation)
    _abroad(seeder)
    _planned(seeder)


def _pick(steps, wanted: dict[str, int]) -> list:
    chosen, counts = [], dict.fromkeys(wanted, 0)
    for step in steps:
        if step.key in wanted and counts[step.key] < wanted[step.key]:
            counts[step.key] += 1
            chosen.append(step)
    return chosen


def _placements(seeder, operation) -> None:
    """Three orphans placed with their grandmothers after a screening; one still waiting."""
    coordinator = seeder.users["coordinator"]
    orphans = Case.objects.filter(operation_members__operation=operation, orphan=True).select_related("person").order_by("reference")
    for i, case in enumerate(orphans[:4]):
        grandmother = Relationship.objects.filter(to_person=case.person, kind="guardian").select_related("from_person").first()
        if grandmother is None or i == 3:
            continue
        at = ARRIVAL + timedelta(days=2, hours=i)
        services.carer_screening_record(
            actor=coordinator, case=case, carer=grandmother.from_person, outcome="suitable_conditions"
            if i == 1 else "suitable", notes="Monthly home visit by the centre for social work" if i == 1 else
            "Home visit: room for the child, income from a pension", screened_at=at, channel="cli",
        )
        services.placement_record(actor=coordinator, case=case, kind="guardian", carer=grandmother.from_person,
                                  placed_at=at + timedelta(hours=20), channel="cli")


_ABROAD_FACTS = [
    dict(place_kind="camp", place="al-Hol", country="SY", status="held", mother_consent="yes", birth_record="n/a",
         family_contact_note="Her mother in Prishtinë hears from her by voice messages"),
    dict(place_kind="camp", place="Roj", country="SY", status="held", mother_consent="unknown", birth_record="n/a",
         family_contact_note="A brother is in contact through an NGO"),
    dict(place_kind="prison", place="Prison in al-Hasakah", country="SY", status="held"),
    dict(place_kind="unknown", place="", country="IQ", status="missing", family_contact_note="No contact since 2018"),
    dict(place_kind="camp", place="al-Hol", country="SY", status="presumed_dead"),
]


def _abroad(seeder) -> None:
    coordinator = seeder.users["coordinator"]
    for i, case in enumerate(Case.objects.filter(stage=Stage.ABROAD).order_by("reference")):
        facts = dict(_ABROAD_FACTS[i % len(_ABROAD_FACTS)])
        facts["since"] = datetime(2019, 3, 1, tzinfo=UTC).date() - timedelta(days=30 * i)
        services.abroad_attach(actor=coordinator, case=case, **facts)


def _planned(seeder) -> None:
    """A planned flight in ten days: two families still to arrive, one of them a woman the
    registry already knows as abroad (listed as a candidate, never merged)."""
    coordinator = seeder.users["coordinator"]
    arrival = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    operation = services.operation_create(actor=coordinator, name=PLANNED, arrival_at=arrival, protocol="kosovo",
                                          municipality="Prishtinë", channel="cli")
    known = PersonAbroad.objects.filter(status="held").select_related("person").order_by("pk").first()
    rows = [
        row_dict(ref="1", given_name="Zana", family_name="Berisha", sex="F", date_of_birth="1995-02-11",
                 held_at="al-Hol", family_ref="A"),
        row_dict(ref="2", given_name="Jusuf", family_name="Berisha", sex="M", date_of_birth="2017",
                 held_at="al-Hol", family_ref="A", mother_ref="1", mother_consent="yes", birth_record="no"),
        row_dict(ref="3", given_name="Amina", family_name="Berisha", sex="F", date_of_birth="2019-05",
                 held_at="al-Hol", family_ref="A", mother_ref="1", mother_consent="yes", birth_record="no"),
        row_dict(ref="4", given_name="Maryam", family_name="Rexhepi", sex="F", date_of_birth="2016",
                 held_at="Roj", notes="Travelling without her parents"),
    ]
    if known is not None:
        name = known.person.names.first()
        rows.append(row_dict(ref="5", given_name=name.given_name, family_name=name.family_name, sex=known.person.sex,
                             date_of_birth=known.person.birth_date.isoformat()[:4] if known.person.birth_date else "",
                             held_at="al-Hol"))
    services.manifest_import(actor=coordinator, operation=operation, data=to_csv(rows), filename="next-flight.csv",
                             channel="cli")


def reset_demo() -> None:
    Placement.objects.all().delete()
    CarerScreening.objects.all().delete()
    Operation.objects.all().delete()  # members, imports, candidates and steps with it
    PersonAbroad.objects.all().delete()
