"""The reception pages in a real Chromium, in English, Albanian and Serbian (Latin): the
operations, an operation with a refused manifest, the protocol board (coordinator by
agency, police by person), a step, a child's placement, people abroad and capacity.

Screenshots go to test-artifacts/reception/ for a person to look at.
"""

import pytest

from tests.web.test_browser_tour import ARTIFACTS, CHROMIUM, _sign_in, browser_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="No Chromium found (see tests/web/test_browser_tour.py)."),
]

LANGUAGES = {"en": "Protocol board", "sq": "Tabela e protokollit", "sr-latn": "Tabla protokola"}


@pytest.mark.django_db(transaction=True)
def test_reception_pages_in_three_languages(live_server, browser_page, tmp_path, demo_committed):  # noqa: F811
    from reintegra.reception.models import Operation, Placement, Step
    from reintegra.reception.synthetic import to_csv

    out = ARTIFACTS / "reception"
    out.mkdir(parents=True, exist_ok=True)
    page, base = browser_page, live_server.url
    april = Operation.objects.get(name="Kosovo, April 2019")
    planned = Operation.objects.get(name="Kosovo, next flight")
    overdue = Step.objects.filter(member__operation=april, status="open", compartment="identity").first()
    child = Placement.objects.select_related("case").order_by("pk").first().case
    bad = tmp_path / "manifest.csv"
    bad.write_bytes(to_csv([
        {"ref": "1", "given_name": "Besa", "family_name": "Krasniqi", "sex": "W", "date_of_birth": "1990-02-30"},
        {"ref": "1", "given_name": "=HYPERLINK(1)", "family_name": "Gashi", "sex": "F", "mother_ref": "7"},
    ]))

    _sign_in(page, base, "coordinator")
    for lang, board_title in LANGUAGES.items():
        page.context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
        page.goto(f"{base}/reception/operations/")
        assert board_title in page.inner_text("main")
        page.screenshot(path=out / f"{lang}-01-operations.png", full_page=True)
        page.goto(f"{base}/reception/operations/{planned.pk}/")
        page.set_input_files("input[type=file]", str(bad))
        page.click("form[enctype] button[type=submit]")
        page.wait_for_selector("section.rejected")
        assert page.locator("section.rejected tbody tr").count() >= 4
        page.screenshot(path=out / f"{lang}-02-manifest-refused.png", full_page=True)
        page.goto(f"{base}/reception/operations/{april.pk}/board/?by=agency&window=overdue")
        assert page.locator("tr.overdue").count() >= 1
        page.screenshot(path=out / f"{lang}-03-board-by-agency.png", full_page=True)
        page.goto(f"{base}/reception/steps/{overdue.pk}/")
        page.screenshot(path=out / f"{lang}-04-step.png", full_page=True)
        page.goto(f"{base}/reception/cases/{child.pk}/placement/")
        page.screenshot(path=out / f"{lang}-05-placement.png", full_page=True)
        page.goto(f"{base}/reception/abroad/")
        page.screenshot(path=out / f"{lang}-06-abroad.png", full_page=True)
        page.goto(f"{base}/reception/capacity/?protocol=kosovo&adult_man=4&adult_woman=32&minor=74"
                  "&roster=psychiatrist%3D16x8%2C+psychologist%3D4x8")
        assert page.locator("tr.overdue").count() >= 1  # a shortfall
        page.screenshot(path=out / f"{lang}-07-capacity.png", full_page=True)
    page.click("button[type=submit]:near(.who)")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    _sign_in(page, base, "police")
    page.goto(f"{base}/reception/operations/{april.pk}/board/?by=person&window=all")
    text = page.inner_text("main")
    assert "Security screening" in text and "Medical check-up" not in text
    page.screenshot(path=out / "en-08-board-police.png", full_page=True)
    response = page.goto(f"{base}/reception/operations/{april.pk}/")
    assert response.status == 404
