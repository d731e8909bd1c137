"""An education world: a school user and a pedagogue on a child's case, a social worker
who reads education but may not write it, a police officer who may not read it."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from tests import factories


@dataclass
class EducationWorld:
    school: object
    pedagogue: object
    social: object
    police: object
    coordinator: object
    child: object  # a child's case, born 2015-03-02 (day known)
    other_child: object  # a child in Prizren, nobody here on the team


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def ew(db):
    edu = factories.agency("Schools Prishtinë", "education", "Prishtinë")
    swc = factories.agency("Social work Prishtinë", "social_work_centre", "Prishtinë")
    school = factories.user("teacher", "school", edu)
    pedagogue = factories.user("pedagogue", "school", edu)
    social = factories.user("sw", "social", swc)
    police = factories.user("officer", "police", factories.agency("Police Prishtinë", "police", "Prishtinë"))
    coordinator = factories.user("coord", "coordinator", factories.agency("Coordination", "coordinating_unit"))
    child = factories.case(factories.person("Arta", "Thaçi", born=date(2015, 3, 2)), team=[school, pedagogue, social])
    other = factories.case(factories.person("Blerta", "Gashi", born=date(2014, 5, 1)), municipality="Prizren")
    return EducationWorld(school=school, pedagogue=pedagogue, social=social, police=police, coordinator=coordinator,
                          child=child, other_child=other)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
