"""A small conference world: a coordinator who chairs, and one user for each agency at the
table (police, social work, health, school, probation), a case they all work on with a
note in each compartment, a second case, and a case in another municipality."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.cases import services as case_services
from reintegra.conferences import services
from tests import factories


@dataclass
class ConferenceWorld:
    coordinator: object
    coordinator2: object
    police: object
    social: object
    health: object
    school: object
    probation: object
    outsider: object  # an NGO worker, not invited
    agencies: dict
    case: object  # Prishtinë; every agency on the team; a note in each compartment
    second: object
    far: object  # Prizren, nobody here on its team


NOTES = {
    "security": "Security note: contacts abroad under review",
    "justice": "Justice note: suspended sentence, reporting weekly",
    "health": "Health note: trauma therapy fortnightly",
    "education": "Education note: enrolled in grade 3",
    "social_support": "Social note: housing allowance granted",
    "child_protection": "Child protection note: living with grandmother",
}


@pytest.fixture
def cw(db):
    agencies = {
        "coordinator": factories.agency("Coordination Division", "coordinating_unit"),
        "police": factories.agency("Police Prishtinë", "police", "Prishtinë"),
        "social": factories.agency("Social work Prishtinë", "social_work_centre", "Prishtinë"),
        "health": factories.agency("Mental Health Prishtinë", "health", "Prishtinë"),
        "school": factories.agency("Schools Prishtinë", "education", "Prishtinë"),
        "probation": factories.agency("Probation Service", "probation"),
        "ngo": factories.agency("Helping Hands", "ngo"),
    }
    users = {role: factories.user(f"{role}-user", role, agencies[role])
             for role in ("coordinator", "police", "social", "health", "school", "probation")}
    team = [users[r] for r in ("police", "social", "health", "school", "probation")]
    case = factories.case(factories.person("Arta", "Krasniqi", born=date(2012, 3, 4)), team=team)
    second = factories.case(factories.person("Driton", "Berisha", sex="M", born=date(1990, 1, 1)), team=team)
    far = factories.case(factories.person("Luan", "Hoxha", sex="M", born=date(1988, 1, 1)), municipality="Prizren")
    from reintegra.cases.models import CaseNote

    for compartment, text in NOTES.items():
        CaseNote.objects.create(case=case, compartment=compartment, text=text, author=users["coordinator"],
                                created_at=timezone.now())
    return ConferenceWorld(
        **users, coordinator2=factories.user("coordinator-two", "coordinator", agencies["coordinator"]),
        outsider=factories.user("ngo-user", "ngo", agencies["ngo"]),
        agencies=agencies, case=case, second=second, far=far,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def plan(cw, *, held_at=None, cases=(), invite=("police", "social", "health", "school", "probation")):
    """A conference chaired by the coordinator, the agencies and their users invited."""
    conference = services.conference_create(
        actor=cw.coordinator, title="Monthly case conference", chair=cw.coordinator,
        held_at=held_at or timezone.now() - timedelta(hours=1),
        invited_agencies=[cw.agencies[r] for r in invite], participants=[getattr(cw, r) for r in invite],
    )
    items = [services.agenda_add(actor=cw.coordinator, conference=conference, case=c) for c in cases]
    return conference, items


def task_for_action(action):
    action.refresh_from_db()
    return action.task


__all__ = ["case_services", "client_for", "plan", "task_for_action"]
