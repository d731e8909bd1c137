"""The synthetic demo cohort, shaped like Kosovo's April 2019 repatriation.

110 people on one flight (4 men, 32 women, 74 children, most under six, linked to their
mothers; some orphans placed with grandparents), 130 earlier returnees, their relatives,
the agencies of domain.md and one demo user per role. Everything goes through the
services, so names are folded, cases categorised and every write audited.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from reintegra.access.models import Agency, BreakGlassGrant, Role, StaffProfile
from reintegra.cases import services as case_services
from reintegra.cases.models import Case, Stage, Task
from reintegra.people import services as people_services
from reintegra.people.models import DatePrecision, NameKind, Person
from reintegra.people.services import NameInput

from . import names as N

ARRIVAL = datetime(2019, 4, 20, 4, 0, tzinfo=UTC)  # 06:00 in Prishtina
HOME_MUNICIPALITY = "Prishtinë"

AGENCIES = [
    # (key, name, type, municipality)
    ("coordinator", "Division for Prevention and Reintegration", "coordinating_unit", ""),
    ("police", "Police Regional Directorate Prishtinë", "police", HOME_MUNICIPALITY),
    ("intelligence", "State Intelligence Service", "intelligence", ""),
    ("prosecutor", "Special Prosecution Office", "prosecution", ""),
    ("court", "Basic Court, Serious Crimes Department", "court", ""),
    ("prison", "Correctional Service", "prison_service", ""),
    ("probation", "Probation Service", "probation", ""),
    ("social", "Centre for Social Work Prishtinë", "social_work_centre", HOME_MUNICIPALITY),
    ("health", "Mental Health Centre Prishtinë", "health", HOME_MUNICIPALITY),
    ("school", "Municipal Education Directorate Prishtinë", "education", HOME_MUNICIPALITY),
    ("municipality", "Municipality of Prishtinë", "municipality", HOME_MUNICIPALITY),
    ("ngo", "Open Doors Reintegration Network", "ngo", ""),
    ("religious", "Islamic Community Counselling Service", "religious_community", ""),
    ("io", "International Organisation for Migration, Kosovo office", "international_organisation", ""),
    ("dpo", "Office of the Data-Protection Officer", "coordinating_unit", ""),
]

# Demo user -> (agency key, role code, full name)
DEMO_USERS = {
    "coordinator": ("coordinator", "coordinator", "Coordinator Demo"),
    "police": ("police", "police", "Police Demo"),
    "intelligence": ("intelligence", "intelligence", "Intelligence Demo"),
    "prosecutor": ("prosecutor", "prosecutor", "Prosecutor Demo"),
    "prison": ("prison", "prison", "Prison Demo"),
    "probation": ("probation", "probation", "Probation Demo"),
    "social": ("social", "social", "Social Worker Demo"),
    "health": ("health", "health", "Health Demo"),
    "school": ("school", "school", "School Demo"),
    "ngo": ("ngo", "ngo", "NGO Demo"),
    "dpo": ("dpo", "dpo", "Data Protection Demo"),
    "admin": ("coordinator", "admin", "Administrator Demo"),
}


class SeedRefused(Exception):
    pass


@dataclass
class Seeder:
    password: str
    rng: random.Random = field(default_factory=lambda: random.Random(20190420))
    users: dict = field(default_factory=dict)
    agencies: dict = field(default_factory=dict)
    case_count: int = 0
    person_count: int = 0

    # --- agencies and users ---------------------------------------------------------

    def make_agencies_and_users(self) -> None:
        for key, name, kind, municipality in AGENCIES:
            self.agencies[key] = Agency.objects.create(
                name=name, type=kind, country="XK", municipality=municipality
            )
        User = get_user_model()
        roles = {r.code: r for r in Role.objects.all()}
        for username, (agency_key, role_code, full_name) in DEMO_USERS.items():
            first, last = full_name.split(" ", 1)
            user = User(username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid")
            user.is_staff = username == "admin"
            user.is_superuser = username == "admin"
            user.set_password(self.password)
            user.save()
            profile = StaffProfile.objects.create(user=user, agency=self.agencies[agency_key])
            profile.roles.add(roles[role_code])
            self.users[username] = user

    # --- people -------------------------------------------------------------------------

    def _dob(self, year_from: int, year_to: int, camp: bool) -> tuple[date | None, str]:
        year = self.rng.randint(year_from, year_to)
        roll = self.rng.random()
        # Camp records often know only the year, or nothing at all.
        if camp and roll < 0.35:
            return date(year, 1, 1), DatePrecision.YEAR
        if camp and roll < 0.45:
            return date(year, self.rng.randint(1, 12), 1), DatePrecision.MONTH
        if camp and roll < 0.5:
            return None, DatePrecision.UNKNOWN
        return date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)), DatePrecision.DAY

    def person(
        self, *, sex: str, given: str, family: str, dob=(None, DatePrecision.UNKNOWN), place: str = "",
        father: str = "", cyrillic: bool = False, aliases: list[NameInput] | None = None,
        citizenship: str = "citizen",
    ) -> Person:
        if cyrillic:
            given, family, father = N.to_cyrillic(given), N.to_cyrillic(family), N.to_cyrillic(father)
        self.person_count += 1
        return people_services.person_create(
            actor=None,
            names=[NameInput(given_name=given, family_name=family, father_name=father), *(aliases or [])],
            sex=sex, birth_date=dob[0], birth_date_precision=dob[1], place_of_birth=place,
            country_of_birth="" if place else "XK", citizenship_status=citizenship, channel="cli",
        )

    def open_case(self, person: Person, *, stage: str, team: list[str], municipality: str,
                  unaccompanied: bool = False, orphan: bool = False, reason: str = "") -> Case:
        self.case_count += 1
        case = case_services.case_open(
            actor=None, person=person, reference=f"RKS-{self.case_count:04d}", stage=stage,
            key_worker=self.users["coordinator"] if self.case_count % 3 == 0 else None,
            municipality=municipality, unaccompanied_minor=unaccompanied, orphan=orphan,
            opened_at=ARRIVAL, channel="cli",
        )
        if reason:
            case.stage_reason = reason
            case.save(update_fields=["stage_reason"])
        for username in team:
            case_services.case_team_add(actor=None, case=case, user=self.users[username])
        return case

    def relate(self, a: Person, b: Person, kind: str) -> None:
        people_services.relationship_add(actor=None, from_person=a, to_person=b, kind=kind)

    def _name(self, sex: str, bosnian: bool, child: bool = False) -> tuple[str, str]:
        if bosnian:
            given = self.rng.choice(N.BOSNIAN_MALE if sex == "M" else N.BOSNIAN_FEMALE)
            return given, self.rng.choice(N.BOSNIAN_SURNAMES)
        if child:
            given = self.rng.choice(N.CHILD_BOYS if sex == "M" else N.CHILD_GIRLS)
        else:
            given = self.rng.choice(N.ALBANIAN_MALE if sex == "M" else N.ALBANIAN_FEMALE)
        return given, self.rng.choice(N.ALBANIAN_SURNAMES)

    def _municipality(self) -> str:
        # Half the cohort in Prishtinë, so local agencies have cases in and out of reach.
        return HOME_MUNICIPALITY if self.rng.random() < 0.5 else self.rng.choice(N.MUNICIPALITIES[1:])

    def _cyrillic_for(self, bosnian: bool) -> bool:
        return bosnian and self.rng.random() < 0.1

    # --- the cohorts ----------------------------------------------------------------------

    def april_2019_operation(self) -> None:
        """4 men, 32 women, 74 children."""
        for _ in range(4):
            given, family = self._name("M", bosnian=False)
            kunya = NameInput(full_text=f"Abu {self.rng.choice(N.KUNYA_NAMES)} al-Kosovi", kind=NameKind.KUNYA)
            man = self.person(sex="M", given=given, family=family, dob=self._dob(1978, 1994, False),
                              father=self.rng.choice(N.ALBANIAN_MALE), aliases=[kunya])
            self.open_case(man, stage=Stage.CUSTODY, team=["police", "prosecutor", "prison"],
                           municipality=self._municipality(), reason="Arrested on arrival")
        children_left = 74
        for i in range(32):
            bosnian = i % 8 == 7  # a few Bosnian-named women married into Kosovar families
            given, family = self._name("F", bosnian)
            if i == 0:
                given, family = "Dritë", "Thaçi"  # search examples: "drite", "thaci"
            maiden = NameInput(family_name=self.rng.choice(N.ALBANIAN_SURNAMES), kind=NameKind.MAIDEN)
            mother = self.person(sex="F", given=given, family=family, dob=self._dob(1984, 1999, False),
                                 father=self.rng.choice(N.ALBANIAN_MALE), aliases=[maiden],
                                 cyrillic=self._cyrillic_for(bosnian))
            municipality = self._municipality()
            self.open_case(mother, stage=Stage.SUPERVISION, team=["probation", "health", "social"],
                           municipality=municipality, reason="Suspended sentence with mandatory treatment")
            n_children = 3 if i < 6 else 2  # 6 x 3 + 26 x 2 = 70 with their mothers
            children = self._children_of(mother, family, n_children, municipality)
            children_left -= n_children
            grandparent = self._grandparent(mother, family, municipality)
            people_services.household_create(
                actor=None, name=f"{family} household", municipality=municipality,
                members=[(grandparent, "head"), (mother, "daughter"), *((c, "grandchild") for c in children)],
            )
        for _ in range(children_left):  # orphans: both parents died in Syria
            self._orphan(self._municipality())

    def _children_of(self, mother: Person, family: str, count: int, municipality: str) -> list[Person]:
        children = []
        for _ in range(count):
            sex = self.rng.choice("MF")
            given = self.rng.choice(N.CHILD_BOYS if sex == "M" else N.CHILD_GIRLS)
            # Most children were under six on arrival: born 2013-2018 in the conflict zone.
            dob = self._dob(2013 if self.rng.random() < 0.2 else 2014, 2018, camp=True)
            child = self.person(sex=sex, given=given, family=family, dob=dob,
                                place=self.rng.choice(N.CAMP_PLACES), citizenship="claim_pending")
            team = ["health", "social"] + (["school"] if self.rng.random() < 0.6 else [])
            if self.rng.random() < 0.3:
                team.append("ngo")
            self.open_case(child, stage=Stage.COMMUNITY, team=team, municipality=municipality)
            self.relate(mother, child, "mother")
            # Mothers were asked before their children were brought home.
            people_services.consent_record(
                actor=None, person=child, purpose="Repatriation of the child", given_by=mother,
                given_at=ARRIVAL - timedelta(days=30), scope="return to Kosovo, reception, care",
            )
            children.append(child)
        return children

    def _grandparent(self, parent: Person, family: str, municipality: str) -> Person:
        given = self.rng.choice(N.ALBANIAN_FEMALE if self.rng.random() < 0.5 else N.ALBANIAN_MALE)
        sex = "F" if given in N.ALBANIAN_FEMALE else "M"
        grandparent = self.person(sex=sex, given=given, family=family, dob=self._dob(1945, 1965, False))
        self.relate(grandparent, parent, "mother" if sex == "F" else "father")
        return grandparent

    def _orphan(self, municipality: str) -> None:
        sex = self.rng.choice("MF")
        given, family = self._name(sex, bosnian=False, child=True)
        child = self.person(sex=sex, given=given, family=family,
                            dob=self._dob(2013, 2017, camp=True), place="al-Hawl", citizenship="statelessness_risk")
        self.open_case(child, stage=Stage.COMMUNITY, team=["social", "health", "school"],
                              municipality=municipality, unaccompanied=True, orphan=True)
        grandmother = self.person(sex="F", given=self.rng.choice(N.ALBANIAN_FEMALE), family=family,
                                  dob=self._dob(1950, 1962, False))
        self.relate(grandmother, child, "grandparent")
        self.relate(grandmother, child, "guardian")
        people_services.consent_record(
            actor=None, person=child, purpose="Placement with grandmother as guardian",
            given_by=grandmother, given_at=ARRIVAL + timedelta(days=3), scope="care, schooling, health",
        )

    def earlier_returnees(self) -> None:
        """130 people who came back on their own between 2014 and 2018."""
        for i in range(130):
            bosnian = i % 5 == 0
            sex = "M" if i % 13 else "F"
            if i >= 110:
                sex = self.rng.choice("MF")
            adult = i < 110
            given, family = self._name(sex, bosnian)
            if i == 0:
                sex, given, family, bosnian = "M", "Emir", "Hodžić", True  # search example, Latin
            if i == 5:
                given, family = "Adnan", "Hodžić"  # the same surname in Cyrillic below
            if i == 10:
                given, family = "Senad", "Đulić"  # search example "djulic", in Cyrillic
            cyrillic = i in (5, 10) or (self._cyrillic_for(bosnian) and i != 0)
            dob = self._dob(1970, 1996, False) if adult else self._dob(2000, 2010, False)
            aliases = []
            if sex == "M" and adult and self.rng.random() < 0.4:
                aliases.append(NameInput(full_text=f"Abu {self.rng.choice(N.KUNYA_NAMES)} al-Bosnawi" if bosnian
                                         else f"Abu {self.rng.choice(N.KUNYA_NAMES)} al-Kosovi", kind=NameKind.KUNYA))
            if self.rng.random() < 0.15:  # another spelling seen on a foreign list
                aliases.append(NameInput(given_name=given.replace("ë", "e").replace("ç", "c"),
                                         family_name=family.replace("ç", "c").replace("Ç", "C"),
                                         kind=NameKind.SPELLING))
            person = self.person(sex=sex, given=given, family=family, dob=dob, cyrillic=cyrillic,
                                 father=self.rng.choice(N.BOSNIAN_MALE if bosnian else N.ALBANIAN_MALE),
                                 aliases=aliases)
            stage, team = self._earlier_stage(sex, adult)
            self.open_case(person, stage=stage, team=team, municipality=self._municipality())
            if adult and self.rng.random() < 0.5:
                self._grandparent(person, family, HOME_MUNICIPALITY)

    def _earlier_stage(self, sex: str, adult: bool) -> tuple[str, list[str]]:
        if not adult:
            return Stage.COMMUNITY, ["social", "school"]
        roll = self.rng.random()
        if sex == "M" and roll < 0.3:
            return Stage.CUSTODY, ["prosecutor", "prison", "police"]
        if roll < 0.6:
            return Stage.SUPERVISION, ["probation", "police"]
        if roll < 0.9:
            return Stage.COMMUNITY, ["social", "police"]
        return Stage.CLOSED, ["social"]

    def still_abroad(self) -> None:
        """A few nationals still known to be in camps: cases at the 'abroad' stage."""
        for _ in range(12):
            sex = self.rng.choice("MF")
            given, family = self._name(sex, bosnian=False)
            person = self.person(sex=sex, given=given, family=family, dob=self._dob(1985, 2000, True),
                                 citizenship="claim_pending")
            self.open_case(person, stage=Stage.ABROAD, team=[], municipality=self._municipality())

    def notes_and_flags(self) -> None:
        notes = {
            "security": "Screening interview held; no contact with known networks reported.",
            "health": "Attended the second trauma-focused session; sleeping better.",
            "justice": "Suspended sentence: mandatory psychological treatment and religious counselling.",
            "education": "Enrolled in grade 2 with catch-up classes in Albanian.",
            "social_support": "Rent support approved by the municipality; no central payment.",
            "programme": "Vocational course in tailoring started.",
            "child_protection": "Home visit: child cared for well by the grandmother.",
        }
        staff_for = {"security": "police", "health": "health", "justice": "probation", "education": "school",
                     "social_support": "social", "programme": "ngo", "child_protection": "social"}
        for case in Case.objects.select_related("person").order_by("pk")[:60]:
            for compartment, text in notes.items():
                author = self.users[staff_for[compartment]]
                case.notes.create(compartment=compartment, text=text, author=author, created_at=timezone.now())
        first = Case.objects.order_by("pk").first()
        first.flags.create(compartment="security", label="Monthly reporting to police",
                           raised_at=timezone.now(), raised_by=self.users["police"])

    def pending_break_glass(self) -> None:
        """One emergency access waiting for the data-protection officer, to show the review."""
        case = Case.objects.exclude(municipality=HOME_MUNICIPALITY).order_by("pk").first()
        BreakGlassGrant.objects.create(
            user=self.users["police"], case=case,
            reason="Called to an incident at the family home at night; needed family contacts.",
            granted_at=timezone.now() - timedelta(hours=3), expires_at=timezone.now() - timedelta(hours=2, minutes=30),
        )


def database_has_data() -> bool:
    return Person.objects.exists() or Agency.objects.exists() or Case.objects.exists()


def _app_demo_modules() -> list:
    """Each app's `demo` module, in INSTALLED_APPS order, for apps that have one.

    An app adds to the demo with `<app>/demo.py` holding `seed_demo(seeder)` (called after
    the cohort exists, in app order) and, if its rows would block deleting cases or
    people, `reset_demo()` (called, in reverse order, before the cohort is removed).
    """
    from importlib import import_module

    from django.apps import apps

    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("reintegra.") or config.name == "reintegra.demo":
            continue
        try:
            modules.append(import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return modules


def reset_demo_data() -> None:
    """Remove demo content (not the policy). Only for demo databases: see the command."""
    from reintegra.audit.chain import GENESIS_HASH
    from reintegra.audit.models import AuditEvent, AuditHead
    from reintegra.people.models import Consent, Household

    User = get_user_model()
    with transaction.atomic():
        for module in reversed(_app_demo_modules()):
            if hasattr(module, "reset_demo"):
                module.reset_demo()
        BreakGlassGrant.objects.all().delete()
        Task.objects.all().delete()  # tasks without a case would keep their agency
        Case.objects.all().delete()
        Consent.objects.all().delete()
        Household.objects.all().delete()
        Person.objects.all().delete()
        StaffProfile.objects.all().delete()
        User.objects.filter(username__in=list(DEMO_USERS)).delete()
        Agency.objects.all().delete()
        AuditEvent.objects.all().delete()
        AuditHead.objects.all().delete()
        # A demo reset starts a new, empty log: its head says so (see audit_chain_verify).
        AuditHead.objects.create(pk=1, last_seq=0, last_hash=GENESIS_HASH)


def seed_demo(*, password: str) -> Seeder:
    seeder = Seeder(password=password)
    with transaction.atomic():
        seeder.make_agencies_and_users()
        seeder.april_2019_operation()
        seeder.earlier_returnees()
        seeder.still_abroad()
        seeder.notes_and_flags()
        seeder.pending_break_glass()
        for module in _app_demo_modules():
            if hasattr(module, "seed_demo"):
                module.seed_demo(seeder)
    return seeder
