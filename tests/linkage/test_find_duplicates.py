"""`reintegra find_duplicates` scores the registry with the engine and fills the queue:
idempotent, never proposes a pair decided "different people", leaves merged persons out."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from reintegra.linkage import services
from reintegra.linkage.models import CandidatePair, PairStatus
from reintegra.linkage.registry import registry_records
from reintegra.people import services as people_services
from reintegra.people.services import NameInput
from tests import factories


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("find_duplicates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _registry():
    """Police entered Valon Berisha in Latin with a full date; the camp list has him in
    Cyrillic with the year only; Arta Krasniqi is someone else altogether."""
    police = people_services.persons_create_bulk(actor=None, people=[
        people_services.PersonInput(names=[NameInput(given_name="Valon", family_name="Berisha",
                                                     father_name="Hysen")],
                                    sex="M", birth_date=date(1987, 3, 14), birth_date_precision="day",
                                    place_of_birth="Drenas"),
        people_services.PersonInput(names=[NameInput(given_name="Валон", family_name="Бериша",
                                                     father_name="Хисен")],
                                    sex="M", birth_date=date(1987, 1, 1), birth_date_precision="year"),
        people_services.PersonInput(names=[NameInput(given_name="Arta", family_name="Krasniqi")],
                                    sex="F", birth_date=date(1995, 8, 2), birth_date_precision="day"),
    ])
    return police


@pytest.mark.django_db
def test_fills_the_queue_once_with_an_explanation():
    latin, cyrillic, other = _registry()
    out, err = _run()
    assert "1 pairs added" in out
    assert "reading the registry" in err and "scoring candidate pairs" in err  # progress on stderr
    pair = CandidatePair.objects.get()
    assert (pair.person_a_id, pair.person_b_id) == (latin.pk, cyrillic.pk)
    assert pair.status == PairStatus.PENDING and pair.source == "find_duplicates"
    assert pair.match_probability >= 0.5
    comparisons = pair.explanation["comparisons"]
    assert comparisons["family_name"]["agrees"] and comparisons["family_name"]["match_weight"] > 0
    assert comparisons["date_of_birth"]["agrees"]
    assert comparisons["family_name"]["bayes_factor"] == pytest.approx(
        2 ** comparisons["family_name"]["match_weight"], rel=1e-2)
    # A second run adds nothing.
    out, _err = _run()
    assert "0 pairs added" in out
    assert CandidatePair.objects.count() == 1


@pytest.mark.django_db
def test_different_people_are_never_proposed_again(world):
    latin, cyrillic, _other = _registry()
    _run()
    pair = CandidatePair.objects.get(person_a=latin)
    services.pair_decide(actor=world.coordinator, pair=pair, decision="different")
    _run()
    assert list(CandidatePair.objects.filter(person_a=latin).values_list("status", flat=True)) == ["different"]


@pytest.mark.django_db
def test_merged_persons_are_left_out_and_decisions_follow_the_merge(world):
    latin, cyrillic, _other = _registry()
    third = factories.person("Valon", "Berisha", sex="M", born=date(1987, 3, 14))  # a third record
    services.person_merge(actor=world.coordinator, kept=latin, absorbed=cyrillic)
    assert not any(r["record_id"].startswith(f"{cyrillic.pk}.") for r in registry_records())
    # "the Cyrillic record is not the third one" carries over to the kept person.
    CandidatePair.objects.all().delete()
    CandidatePair.objects.create(person_a_id=min(cyrillic.pk, third.pk), person_b_id=max(cyrillic.pk, third.pk),
                                 source="find_duplicates", status="different")
    _run()
    assert not CandidatePair.objects.filter(person_a=latin, person_b=third).exists()


@pytest.mark.django_db
def test_an_arrival_check_pair_gets_its_score():
    latin, _cyrillic, _other = _registry()
    later = factories.person("Valon", "Berisha", sex="M", born=date(1987, 3, 14))
    waiting = CandidatePair.objects.get(person_a=latin, person_b=later)
    assert waiting.source == "new_person" and waiting.match_probability is None
    _run()
    waiting.refresh_from_db()
    assert waiting.match_probability > 0.9 and waiting.explanation["method"] == "model"


@pytest.mark.django_db
def test_bad_options_are_refused(tmp_path):
    with pytest.raises(CommandError, match="between 0 and 1"):
        _run("--threshold", "1.5")
    bad = tmp_path / "model.json"
    bad.write_text("not json")
    with pytest.raises(CommandError, match="not JSON"):
        _run("--model", str(bad))
    assert not CandidatePair.objects.exists()
