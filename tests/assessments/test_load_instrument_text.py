"""Licensed wording is loaded from a file the licensed user holds, into the database only,
and shown on the form; a bad file is refused with its line and loads nothing."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from reintegra.assessments import services
from reintegra.assessments.models import InstrumentText


@pytest.mark.django_db
def test_wording_loaded_from_a_file_appears_on_the_form(aw, tmp_path):
    assessment = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="VERA-2R")
    client = Client()
    client.force_login(aw.police)
    before = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "(wording not loaded)" in before and "Synthetic wording" not in before
    wording = tmp_path / "vera.csv"
    wording.write_text("code,label,guidance\nBA.1,Synthetic wording for the first indicator,Synthetic guidance\n"
                       "BA.2,Synthetic wording for the second indicator,\n", encoding="utf-8")
    call_command("load_instrument_text", "VERA-2R", str(wording))
    after = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Synthetic wording for the first indicator" in after and "Synthetic guidance" in after
    assert InstrumentText.objects.count() == 2


@pytest.mark.django_db
def test_yaml_wording_in_another_language(aw, tmp_path):
    wording = tmp_path / "erg.yaml"
    wording.write_text("items:\n  ERG.1: {label: Formulim sintetik, guidance: Udhëzim}\n  ERG.2: Tjetër\n",
                       encoding="utf-8")
    assert services.instrument_text_load(instrument_code="ERG22+", path=wording, language="sq") == 2
    assert InstrumentText.objects.get(item_code="ERG.1").language == "sq"


@pytest.mark.django_db
def test_a_bad_wording_file_is_refused_with_its_line_and_loads_nothing(aw, tmp_path):
    wording = tmp_path / "vera.csv"
    wording.write_text("code,label\nBA.1,Fine\nXX.9,Not an item\nBA.2,\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_instrument_text", "VERA-2R", str(wording))
    message = str(caught.value)
    assert f"{wording}:3: XX.9 is not an item of VERA-2R v1" in message
    assert f"{wording}:4: BA.2 has no label" in message
    assert not InstrumentText.objects.exists()
    with pytest.raises(CommandError, match="Unknown instrument"):
        call_command("load_instrument_text", "NOPE", str(wording))
