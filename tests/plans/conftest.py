"""A small plans world: a key worker (coordinating unit), a probation officer and a social
worker on the case, providers (an NGO and a public mental-health centre) with their own
users who are on no case team, and a police officer who reads no programme."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.people import services as people_services
from reintegra.plans import services as S
from reintegra.plans.models import Offer, Provider, Service
from tests import factories


@dataclass
class PlansWorld:
    coordinator: object  # key worker of both cases; may override consent
    coordinator2: object  # another coordinator, on no team
    probation: object  # writes programme (agency scope), may not override consent
    social: object  # reads programme, writes none of it
    police: object  # no programme at all
    ngo: object  # staff of the NGO provider, on no team
    health: object  # staff of the public mental-health provider, on no team
    woman: object  # adult case, consent to be referred recorded
    child: object  # a minor's case, no consent recorded
    ngo_provider: object
    health_provider: object
    services: dict


@pytest.fixture
def pw(db):
    cu = factories.agency("Coordination", "coordinating_unit")
    prob = factories.agency("Probation", "probation")
    swc = factories.agency("Social work Prishtinë", "social_work_centre", "Prishtinë")
    pol = factories.agency("Police Prishtinë", "police", "Prishtinë")
    ngo_agency = factories.agency("Open Doors Test", "ngo")
    mhc = factories.agency("Mental Health Test", "health", "Prishtinë")
    coordinator = factories.user("coord", "coordinator", cu)
    world = PlansWorld(
        coordinator=coordinator,
        coordinator2=factories.user("coord2", "coordinator", cu),
        probation=factories.user("prob", "probation", prob),
        social=factories.user("sw", "social", swc),
        police=factories.user("cop", "police", pol),
        ngo=factories.user("ngo-worker", "ngo", ngo_agency),
        health=factories.user("therapist", "health", mhc),
        woman=None, child=None,
        ngo_provider=Provider.objects.create(agency=ngo_agency, kind="ngo"),
        health_provider=Provider.objects.create(agency=mhc, kind="public"),
        services={s.code: s for s in Service.objects.all()},
    )
    world.woman = factories.case(factories.person("Vjosa", "Berisha", born=date(1992, 7, 9)),
                                 key_worker=coordinator, team=[world.probation])
    world.child = factories.case(factories.person("Dea", "Berisha", born=date(2016, 3, 1)),
                                 key_worker=coordinator)
    people_services.consent_record(actor=None, person=world.woman.person, purpose=S.REFERRAL_CONSENT_PURPOSE,
                                   given_at=timezone.now(), scope="services of the reintegration plan")
    for provider, code in [(world.ngo_provider, "mentoring"), (world.ngo_provider, "vocational_course"),
                           (world.health_provider, "psychological_care"), (world.ngo_provider, "art_play_therapy"),
                           (world.ngo_provider, "helpline")]:
        Offer.objects.create(provider=provider, service=world.services[code], capacity=20)
    return world


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user, method: str, url: str, payload=None):
    token = factories.api_token(user.username)
    client = Client()
    call = getattr(client, method)
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if payload is not None:
        return call(url, payload, content_type="application/json", **kwargs)
    return call(url, **kwargs)


def draft(pw, *, case=None, service="psychological_care", provider=None, fields=("date_of_birth",)):
    return S.referral_create(actor=pw.coordinator, case=case or pw.woman, service=pw.services[service],
                             provider=provider or pw.health_provider, reason="Trauma after return",
                             shared_fields=list(fields))


def sent(pw, **kwargs):
    return S.referral_send(actor=pw.coordinator, referral=draft(pw, **kwargs))


def accepted(pw, **kwargs):
    referral = sent(pw, **kwargs)
    actor = pw.health if referral.provider == pw.health_provider else pw.ngo
    return S.referral_accept(actor=actor, referral=referral)
