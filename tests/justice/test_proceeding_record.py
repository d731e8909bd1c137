"""Proceedings: prosecution and courts write them; nobody else does. Detention credit is
applied to the sentence, and recomputed when a measure is recorded later."""

from datetime import date

import pytest
from django.test import Client

from reintegra.access.policy import AccessDenied
from reintegra.audit.models import AuditEvent
from reintegra.justice import services as S
from reintegra.justice.dates import Term
from reintegra.justice.models import Proceeding, Sentence

from .conftest import convict


@pytest.mark.django_db
def test_prosecutor_and_court_record_proceedings_up_to_the_sentence(jw):
    p, verdict, sentence = convict(jw, jw.man, term=Term(3, 6), verdict_on=date(2020, 1, 15), arrest=date(2019, 4, 20))
    assert p.investigation_outcome == "indicted" and p.charges.get().offence.code == "terrorist_group"
    # 20 April 2019 to 14 January 2020 inclusive: 270 days credited.
    assert sentence.credit_days == 270
    assert sentence.latest_release_on == date(2023, 7, 15) - (date(2020, 1, 15) - date(2019, 4, 20))
    assert sentence.earliest_release_on < sentence.latest_release_on
    event = AuditEvent.objects.filter(object_type="justice_sentence").get()
    assert event.compartments == ["justice"] and event.detail["credit_days"] == 270


@pytest.mark.django_db
def test_a_measure_recorded_later_moves_the_release(jw):
    p, _verdict, sentence = convict(jw, jw.man, arrest=None)
    assert sentence.credit_days == 0
    S.measure_add(actor=jw.prosecutor, proceeding=p, kind="house_arrest", starts_on=date(2019, 12, 1),
                  ends_on=date(2019, 12, 31))
    sentence.refresh_from_db()
    assert sentence.credit_days == 31
    # A reporting duty is not detention: no credit.
    S.measure_add(actor=jw.prosecutor, proceeding=p, kind="reporting_duty", starts_on=date(2019, 5, 1))
    sentence.refresh_from_db()
    assert sentence.credit_days == 31


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["prison", "probation", "police", "coordinator", "health", "school"])
def test_others_cannot_record_proceedings(jw, role):
    with pytest.raises(AccessDenied):
        S.proceeding_open(actor=getattr(jw, role), case=jw.man, investigation_opened_on=date(2019, 4, 1))
    assert not Proceeding.objects.exists()


@pytest.mark.django_db
def test_a_prosecutor_out_of_reach_cannot_write(jw):
    with pytest.raises(AccessDenied):
        S.proceeding_open(actor=jw.prosecutor, case=jw.other, investigation_opened_on=date(2019, 4, 1))


@pytest.mark.django_db
def test_bad_input_is_refused_with_the_field(jw):
    p = S.proceeding_open(actor=jw.prosecutor, case=jw.man, investigation_opened_on=date(2019, 4, 1))
    with pytest.raises(S.JusticeInputError, match="Record the indictment before a verdict") as exc:
        S.verdict_record(actor=jw.court, proceeding=p, decided_on=date(2019, 5, 1), outcome="convicted")
    assert "indictment" in str(exc.value)
    with pytest.raises(S.JusticeInputError) as exc:
        S.indictment_record(actor=jw.prosecutor, proceeding=p, indicted_on=date(2019, 9, 1), offences=[])
    assert exc.value.field == "offences"
    with pytest.raises(S.JusticeInputError) as exc:
        S.measure_add(actor=jw.prosecutor, proceeding=p, kind="arrest", starts_on=date(2019, 5, 2),
                      ends_on=date(2019, 5, 1))
    assert exc.value.field == "ends_on"


@pytest.mark.django_db
def test_a_term_outside_the_offences_range_needs_a_reason(jw):
    p, verdict, _s = convict(jw, jw.man)
    verdict2 = S.verdict_record(actor=jw.court, proceeding=p, decided_on=date(2020, 6, 1), outcome="convicted")
    with pytest.raises(S.JusticeInputError, match="outside the range") as exc:
        S.sentence_record(actor=jw.court, verdict=verdict2, kind="prison", term=Term(months=3))
    assert exc.value.field == "outside_range_reason"
    sentence = S.sentence_record(actor=jw.court, verdict=verdict2, kind="prison", term=Term(months=3),
                                 outside_range_reason="Mitigation under a plea agreement")
    assert sentence.outside_range_reason
    with pytest.raises(S.JusticeInputError, match="already has a sentence"):
        S.sentence_record(actor=jw.court, verdict=verdict2, kind="fine", fine_amount=100)


@pytest.mark.django_db
def test_suspended_sentence_ends_after_its_term_and_has_no_release(jw):
    _p, _v, sentence = convict(jw, jw.woman, kind="suspended", term=Term(2, 6), verdict_on=date(2020, 1, 31),
                               arrest=None, conditions=["psychological_treatment", "reporting"])
    assert sentence.ends_on == date(2022, 7, 31)
    assert sentence.earliest_release_on is None and sentence.latest_release_on is None
    assert sorted(sentence.conditions.values_list("kind", flat=True)) == ["psychological_treatment", "reporting"]


@pytest.mark.django_db
def test_proceedings_page_writes_through_forms(jw):
    client = Client()
    client.force_login(jw.prosecutor)
    response = client.post(f"/justice/cases/{jw.man.pk}/do/proceeding/", {
        "proceeding-investigation_opened_on": "2019-04-21", "proceeding-reference": "PPS-1/2019"})
    assert response.status_code == 302
    p = Proceeding.objects.get()
    response = client.post(f"/justice/cases/{jw.man.pk}/do/indictment/", {
        "indictment-proceeding": p.pk, "indictment-indicted_on": "2019-01-01",
        "indictment-offences": [jw.offences["armed_conflict_abroad"].pk]})
    assert response.status_code == 422
    assert "dated before the investigation opened" in response.content.decode()
    page = client.get(f"/justice/cases/{jw.man.pk}/proceedings/").content.decode()
    assert "PPS-1/2019" in page and "Record the indictment and charges" in page
    # The court cannot be imitated by a prison officer: the form answers 404.
    prison = Client()
    prison.force_login(jw.prison)
    response = prison.post(f"/justice/cases/{jw.man.pk}/do/verdict/", {
        "verdict-proceeding": p.pk, "verdict-decided_on": "2020-01-01", "verdict-outcome": "convicted"})
    assert response.status_code == 404
    assert "Record the indictment" not in prison.get(f"/justice/cases/{jw.man.pk}/proceedings/").content.decode()


@pytest.mark.django_db
def test_sentence_through_the_page(jw):
    p, verdict, _s = convict(jw, jw.man)
    verdict2 = S.verdict_record(actor=jw.court, proceeding=p, decided_on=date(2021, 3, 1), outcome="convicted")
    client = Client()
    client.force_login(jw.court)
    response = client.post(f"/justice/cases/{jw.man.pk}/do/sentence/", {
        "sentence-verdict": verdict2.pk, "sentence-kind": "conditional", "sentence-years": "2", "sentence-months": "0",
        "sentence-days": "0", "sentence-conditions": ["reporting", "no_contact"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    sentence = Sentence.objects.get(verdict=verdict2)
    assert sentence.ends_on == date(2023, 3, 1) and sentence.conditions.count() == 2
