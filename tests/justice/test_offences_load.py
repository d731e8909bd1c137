"""Offences are reference data per jurisdiction, shipped as YAML; a bad file writes nothing."""

import pytest

from reintegra.justice.models import Offence
from reintegra.justice.reference import ReferenceDataError, jurisdiction_rules, offences_load


@pytest.mark.django_db
def test_kosovo_offences_ship_with_their_range():
    offences = {o.code: o for o in Offence.objects.filter(jurisdiction="XK")}
    assert set(offences) == {"terrorist_group", "armed_conflict_abroad"}
    assert offences["terrorist_group"].name == "Organising and participating in a terrorist group"
    assert offences["armed_conflict_abroad"].name == "Joining armed conflicts outside state territory"
    assert all((o.min_months, o.max_months, o.terrorism) == (6, 180, True) for o in offences.values())
    assert offences_load() == 2 and Offence.objects.count() == 2  # reloading adds nothing
    assert str(jurisdiction_rules("XK")["conditional_release_after"]) == "1/2"


@pytest.mark.django_db
@pytest.mark.parametrize("text,message", [
    ("jurisdiction: AL\noffences:\n  - code: x\n", "needs a code and a name"),
    ("jurisdiction: AL\noffences:\n  - {code: x, name: X, min: {years: 5}, max: {years: 1}}\n", "max is below min"),
    ("jurisdiction: AL\noffences:\n  - {code: x, name: X, min: {weeks: 5}}\n", "min"),
    ("jurisdiction: AL\nconditional_release_after: 3/2\n", "conditional_release_after"),
    ("offences: [\n", "not valid YAML"),
])
def test_a_bad_file_is_refused_whole(tmp_path, text, message):
    good = tmp_path / "AA.yaml"
    good.write_text("jurisdiction: AA\noffences:\n  - {code: a, name: A}\n")
    bad = tmp_path / "AL.yaml"
    bad.write_text(text)
    with pytest.raises(ReferenceDataError, match=message):
        offences_load(paths=[good, bad])
    assert not Offence.objects.filter(jurisdiction="AA").exists()
