"""A small justice world: one user per justice role and the roles that must not see
justice, a man and a woman with cases, facilities with separated and general units."""

from dataclasses import dataclass
from datetime import date

import pytest

from reintegra.justice.models import Facility, Offence, Unit
from tests import factories


@dataclass
class JusticeWorld:
    prosecutor: object
    court: object
    prison: object
    probation: object
    coordinator: object
    police: object
    health: object
    school: object
    man: object  # case of an adult man, Prishtinë, every justice agency on the team
    woman: object  # case of an adult woman, same
    other: object  # a case in Prizren nobody here works on
    units: dict
    offences: dict


@pytest.fixture
def jw(db):
    agencies = {
        "prosecutor": factories.agency("Special Prosecution", "prosecution"),
        "court": factories.agency("Basic Court", "court"),
        "prison": factories.agency("Correctional Service", "prison_service"),
        "probation": factories.agency("Probation Service", "probation"),
        "coordinator": factories.agency("Coordination Division", "coordinating_unit"),
        "police": factories.agency("Police Prishtinë", "police", "Prishtinë"),
        "health": factories.agency("Mental Health Prishtinë", "health", "Prishtinë"),
        "school": factories.agency("Schools Prishtinë", "education", "Prishtinë"),
    }
    users = {role: factories.user(f"{role}-user", role, agency) for role, agency in agencies.items()}
    team = [users[r] for r in ("prosecutor", "court", "prison", "probation", "health", "school")]
    man = factories.case(factories.person("Arben", "Krasniqi", sex="M", born=date(1985, 3, 2)), team=team)
    woman = factories.case(factories.person("Vjosa", "Berisha", sex="F", born=date(1992, 7, 9)), team=team)
    other = factories.case(factories.person("Luan", "Hoxha", sex="M", born=date(1988, 1, 1)), municipality="Prizren")
    dubrava = Facility.objects.create(name="Test Prison", kind="prison", agency=agencies["prison"])
    high = Facility.objects.create(name="Test High Security", kind="high_security", agency=agencies["prison"])
    women = Facility.objects.create(name="Test Women's Centre", kind="women", agency=agencies["prison"])
    juvenile = Facility.objects.create(name="Test Juvenile Centre", kind="juvenile", agency=agencies["prison"])
    units = {
        "separated": Unit.objects.create(facility=dubrava, name="Pavilion T", separated=True, max_category="medium"),
        "general": Unit.objects.create(facility=dubrava, name="Pavilion 4", max_category="medium"),
        "high_separated": Unit.objects.create(facility=high, name="Unit H", separated=True, max_category="high"),
        "women": Unit.objects.create(facility=women, name="Wing A", max_category="high"),
        "women_separated": Unit.objects.create(facility=women, name="Wing T", separated=True, max_category="high"),
        "juvenile": Unit.objects.create(facility=juvenile, name="Unit 1", max_category="medium"),
    }
    return JusticeWorld(**users, man=man, woman=woman, other=other, units=units,
                        offences={o.code: o for o in Offence.objects.filter(jurisdiction="XK")})


def convict(jw, case, *, kind="prison", term=None, verdict_on=date(2020, 1, 15), arrest=date(2019, 4, 20),
            offence="terrorist_group", conditions=()):
    """Proceedings up to a sentence, as the prosecutor and the court record them."""
    from reintegra.justice import services as S
    from reintegra.justice.dates import Term

    p = S.proceeding_open(actor=jw.prosecutor, case=case, investigation_opened_on=date(2019, 4, 1))
    if arrest:
        S.measure_add(actor=jw.prosecutor, proceeding=p, kind="pre_trial_detention", starts_on=arrest,
                      ends_on=verdict_on)
    S.indictment_record(actor=jw.prosecutor, proceeding=p, indicted_on=date(2019, 9, 1),
                        offences=[jw.offences[offence]])
    verdict = S.verdict_record(actor=jw.court, proceeding=p, decided_on=verdict_on, outcome="convicted")
    sentence = S.sentence_record(actor=jw.court, verdict=verdict, kind=kind, term=term or Term(3, 6),
                                 conditions=[(c, "") for c in conditions])
    return p, verdict, sentence
