"""Small, explicit builders for test data (synthetic names only)."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from reintegra.access.models import Agency, Role, StaffProfile
from reintegra.cases import services as case_services
from reintegra.people import services as people_services
from reintegra.people.services import NameInput

PASSWORD = "test-pass-for-demo-2026"


def agency(name: str, type_: str, municipality: str = "") -> Agency:
    return Agency.objects.create(name=name, type=type_, country="XK", municipality=municipality)


def user(username: str, role_code: str, agency_obj: Agency):
    account = get_user_model().objects.create_user(username=username, password=PASSWORD)
    profile = StaffProfile.objects.create(user=account, agency=agency_obj)
    profile.roles.add(Role.objects.get(code=role_code))
    return account


def person(given: str, family: str, *, sex: str = "F", born: date | None = date(1990, 5, 17),
           precision: str = "day", aliases: list[NameInput] | None = None):
    return people_services.person_create(
        actor=None, names=[NameInput(given_name=given, family_name=family), *(aliases or [])],
        sex=sex, birth_date=born, birth_date_precision=precision if born else "unknown",
    )


_refs = iter(range(1, 10**6))


def case(person_obj, *, municipality: str = "Prishtinë", team=(), key_worker=None):
    opened = case_services.case_open(
        actor=None, person=person_obj, reference=f"T-{next(_refs):05d}", municipality=municipality,
        key_worker=key_worker,
    )
    for member in team:
        case_services.case_team_add(actor=None, case=opened, user=member)
    return opened


@dataclass
class SmallWorld:
    coordinator: object
    social: object
    school: object
    police: object
    dpo: object
    case_in: object  # Prishtinë, school and social on the team
    case_out: object  # Prizren, nobody from these agencies on the team


def small_world() -> SmallWorld:
    cu = agency("Coordination", "coordinating_unit")
    swc = agency("Social work Prishtinë", "social_work_centre", "Prishtinë")
    edu = agency("Education Prishtinë", "education", "Prishtinë")
    pol = agency("Police Prishtinë", "police", "Prishtinë")
    dpo_office = agency("DPO office", "coordinating_unit")
    world = SmallWorld(
        coordinator=user("coord", "coordinator", cu),
        social=user("sw", "social", swc),
        school=user("teacher", "school", edu),
        police=user("officer", "police", pol),
        dpo=user("privacy", "dpo", dpo_office),
        case_in=None,
        case_out=None,
    )
    world.case_in = case(person("Dritë", "Thaçi"), team=[world.school, world.social])
    world.case_out = case(person("Besa", "Gashi", born=date(1991, 1, 1), precision="year"), municipality="Prizren")
    return world


def api_token(username: str, password: str = PASSWORD) -> str:
    """A bearer token from POST /api/v1/auth/token, as a client would get one."""
    from django.test import Client

    response = Client().post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]
