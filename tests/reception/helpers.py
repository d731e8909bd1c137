"""Builders for the reception tests: a small reception world and manifests."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from reintegra.access.models import PolicyRule, Role
from reintegra.reception import services
from reintegra.reception.synthetic import HEADER, kosovo_2019_rows, to_csv
from tests import factories

PRISHTINA = ZoneInfo("Europe/Belgrade")
ARRIVAL = datetime(2019, 4, 20, 6, 0, tzinfo=PRISHTINA)


def row(**values) -> dict:
    data = dict.fromkeys(HEADER, "")
    data.update(values)
    return data


def family_rows(prefix: str = "") -> list[dict]:
    """A man, a woman and her child: one of each category."""
    return [
        row(ref=f"{prefix}1", given_name="Arben", family_name="Kelmendi", sex="M", date_of_birth="1985-03-02"),
        row(ref=f"{prefix}2", given_name="Teuta", family_name="Morina", sex="F", date_of_birth="1992", family_ref="F1"),
        row(ref=f"{prefix}3", given_name="Amina", family_name="Morina", sex="F", date_of_birth="2016-07",
            family_ref="F1", mother_ref=f"{prefix}2", mother_consent="yes", birth_record="no"),
    ]


@dataclass
class ReceptionWorld:
    world: object
    health: object
    health_agency: object
    operation: object = None


def reception_world(world) -> ReceptionWorld:
    health_agency = factories.agency("Mental Health Prishtinë", "health", "Prishtinë")
    health = factories.user("doctor", "health", health_agency)
    return ReceptionWorld(world=world, health=health, health_agency=health_agency)


def operation_with(rw: ReceptionWorld, rows: list[dict], *, protocol: str = "kosovo", arrival=ARRIVAL,
                   name: str = "Flight one", arrive: bool = True):
    operation = services.operation_create(
        actor=rw.world.coordinator, name=name, arrival_at=arrival, protocol=protocol, municipality="Prishtinë",
    )
    services.operation_team_add(actor=rw.world.coordinator, operation=operation, user=rw.health)
    if arrive:
        services.operation_arrive(actor=rw.world.coordinator, operation=operation)
    services.manifest_import(actor=rw.world.coordinator, operation=operation, data=to_csv(rows), filename="m.csv")
    rw.operation = operation
    return operation


def kosovo_rows() -> list[dict]:
    return kosovo_2019_rows()


def superuser_role():
    """A role that may read and write every compartment of every case and act on any step
    (for running whole protocols in tests)."""
    from reintegra.access.compartments import ALL_COMPARTMENTS
    from reintegra.access.models import RolePermission

    role, _ = Role.objects.get_or_create(code="test_everything", defaults={"name": "Everything (tests)"})
    for compartment in ALL_COMPARTMENTS:
        PolicyRule.objects.get_or_create(role=role, compartment=compartment,
                                         defaults={"scope": "all", "can_read": True, "can_write": True})
    RolePermission.objects.get_or_create(role=role, code="reception.step_any")
    RolePermission.objects.get_or_create(role=role, code="reception.manage_operations")
    return role


def hours_after(hours: float) -> datetime:
    return ARRIVAL + timedelta(hours=hours)
