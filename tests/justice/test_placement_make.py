"""Custody placements: separation rules checked, a breaking placement refused without a
reason and audited with one; only the prison service places and transfers."""

from datetime import date

import pytest
from django.test import Client

from reintegra.access.models import RolePermission
from reintegra.access.policy import AccessDenied
from reintegra.audit.models import AuditEvent
from reintegra.justice import services as S
from reintegra.justice.models import Placement

from .conftest import convict


@pytest.mark.django_db
def test_terrorism_convict_in_a_general_unit_is_refused_without_a_reason(jw):
    _p, _v, sentence = convict(jw, jw.man)
    with pytest.raises(S.SeparationRefused) as exc:
        S.placement_make(actor=jw.prison, case=jw.man, unit=jw.units["general"], security_category="low",
                         reason="Serving", starts_on=date(2020, 1, 15), sentence=sentence)
    assert [v.rule for v in exc.value.violations] == ["terrorism_separation"]
    assert exc.value.field == "override_reason"
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_override_with_a_reason_is_saved_and_audited_with_it(jw):
    _p, _v, sentence = convict(jw, jw.man)
    placement = S.placement_make(actor=jw.prison, case=jw.man, unit=jw.units["general"], security_category="low",
                                 reason="Serving", starts_on=date(2020, 1, 15), sentence=sentence,
                                 override_reason="Separated pavilion closed for repairs for two weeks")
    assert placement.overridden_rules == ["terrorism_separation"]
    event = AuditEvent.objects.filter(object_type="justice_placement").get()
    assert event.reason == "Separated pavilion closed for repairs for two weeks"
    assert event.detail["overridden_rules"] == ["terrorism_separation"]


@pytest.mark.django_db
def test_overriding_needs_the_permission(jw):
    _p, _v, sentence = convict(jw, jw.man)
    RolePermission.objects.filter(role__code="prison", code="justice.separation_override").delete()
    jw.prison._reintegra_subject = None
    del jw.prison._reintegra_subject
    with pytest.raises(AccessDenied):
        S.placement_make(actor=jw.prison, case=jw.man, unit=jw.units["general"], security_category="low",
                         reason="Serving", starts_on=date(2020, 1, 15), override_reason="Because")
    # A placement that breaks nothing needs no such permission.
    S.placement_make(actor=jw.prison, case=jw.man, unit=jw.units["separated"], security_category="low",
                     reason="Serving", starts_on=date(2020, 1, 15))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who,unit,category,rules",
    [
        ("man", "separated", "high", ["security_category"]),  # a medium unit cannot hold high
        ("man", "high_separated", "high", []),
        ("man", "women_separated", "low", ["women"]),  # a man in a facility for women
        ("woman", "separated", "low", ["women"]),  # a woman outside one
        ("woman", "women_separated", "low", []),
        ("man", "juvenile", "low", ["terrorism_separation", "juvenile"]),  # an adult in a juvenile facility
    ],
)
def test_separation_rules(jw, who, unit, category, rules):
    case = getattr(jw, who)
    convict(jw, case)
    found = S.separation_check(case=case, unit=jw.units[unit], security_category=category, on=date(2020, 2, 1))
    assert [v.rule for v in found] == rules


@pytest.mark.django_db
def test_a_child_is_placed_in_a_juvenile_facility_and_a_non_terrorism_case_not_in_a_separated_unit(jw):
    from tests import factories

    child = factories.case(factories.person("Dren", "Gashi", sex="M", born=date(2004, 6, 1)), team=[jw.prison])
    found = S.separation_check(case=child, unit=jw.units["general"], security_category="low", on=date(2020, 1, 1))
    assert [v.rule for v in found] == ["juvenile"]
    found = S.separation_check(case=child, unit=jw.units["separated"], security_category="low", on=date(2023, 1, 1))
    assert [v.rule for v in found] == ["terrorism_separation"]  # no terrorism charge: not with them


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["prosecutor", "court", "probation", "coordinator", "police", "health"])
def test_only_the_prison_service_places(jw, role):
    convict(jw, jw.man)
    with pytest.raises(AccessDenied):
        S.placement_make(actor=getattr(jw, role), case=jw.man, unit=jw.units["separated"], security_category="low",
                         reason="Serving", starts_on=date(2020, 1, 15))


@pytest.mark.django_db
def test_transfer_ends_the_placement_and_starts_the_next(jw):
    _p, _v, sentence = convict(jw, jw.man)
    first = S.placement_make(actor=jw.prison, case=jw.man, unit=jw.units["separated"], security_category="medium",
                             reason="Serving", starts_on=date(2020, 1, 15), sentence=sentence)
    with pytest.raises(S.JusticeInputError, match="record a transfer"):
        S.placement_make(actor=jw.prison, case=jw.man, unit=jw.units["high_separated"], security_category="high",
                         reason="Again", starts_on=date(2020, 2, 1))
    second = S.placement_transfer(actor=jw.prison, placement=first, unit=jw.units["high_separated"],
                                  security_category="high", reason="Reclassified high", on=date(2021, 5, 1))
    first.refresh_from_db()
    assert first.ends_on == date(2021, 5, 1) and second.transferred_from == first and second.sentence == sentence


@pytest.mark.django_db
def test_custody_page_warns_and_asks_for_the_reason(jw):
    convict(jw, jw.man)
    client = Client()
    client.force_login(jw.prison)
    data = {"placement-unit": jw.units["general"].pk, "placement-security_category": "low",
            "placement-reason": "Serving", "placement-starts_on": "2020-01-15"}
    response = client.post(f"/justice/cases/{jw.man.pk}/do/placement/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "breaks a separation rule" in html and "kept apart from other prisoners" in html
    assert 'id="form-placement" open' in html
    assert not Placement.objects.exists()
    data["placement-override_reason"] = "Separated pavilion full; single cell, no association"
    response = client.post(f"/justice/cases/{jw.man.pk}/do/placement/", data)
    assert response.status_code == 302
    page = client.get(f"/justice/cases/{jw.man.pk}/custody/").content.decode()
    assert "terrorism_separation" in page and "single cell" in page


@pytest.mark.django_db
def test_programme_refusals_are_recorded_by_the_prison_only(jw):
    convict(jw, jw.man)
    record = S.programme_record(actor=jw.prison, case=jw.man, programme="religious_lectures", status="refused",
                                on=date(2020, 3, 1), note="Does not accept the imams")
    assert record.get_status_display() == "Refused"
    with pytest.raises(AccessDenied):
        S.programme_record(actor=jw.probation, case=jw.man, programme="vocational", status="enrolled",
                           on=date(2020, 3, 1))
    with pytest.raises(S.JusticeInputError):
        S.programme_record(actor=jw.prison, case=jw.man, programme="knitting", status="enrolled", on=date(2020, 3, 1))
