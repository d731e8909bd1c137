"""The assessment pages speak Albanian and Serbian (Latin), instruments included."""

import pytest
from django.test import Client

from reintegra.assessments import services


@pytest.mark.django_db
@pytest.mark.parametrize("code,expected", [
    ("sq", ["Ruaj draftin", "Besimet, qëndrimet dhe ideologjia", "Nuk mund të vlerësohet"]),
    ("sr-latn", ["Sačuvaj nacrt", "Uverenja, stavovi i ideologija", "Ne može se oceniti"]),
])
def test_the_form_is_translated(aw, code, expected):
    assessment = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="VERA-2R")
    client = Client()
    client.force_login(aw.police)
    client.post("/i18n/setlang/", {"language": code, "next": "/"})
    html = client.get(f"/assessments/{assessment.pk}/").content.decode()
    for text in expected:
        assert text in html, text
