"""A person's first tour in a real Chromium: the coordinator finds a Hodžić by typing
"hodzic" and opens the case; the school then sees no security tab.

Screenshots go to test-artifacts/ for a person to look at. Without a Chromium the test
is skipped with a message saying how to get one.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("REINTEGRA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="No Chromium found: install Debian's package (apt-get install chromium) "
        "or set REINTEGRA_CHROMIUM to a Chromium binary to run the browser tests.",
    ),
]


@pytest.fixture
def browser_page():
    # Playwright's sync API runs an event loop in this thread; the Django test database
    # is used from here synchronously on purpose.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.django_db(transaction=True)
def test_coordinator_finds_hodzic_and_school_sees_no_security(live_server, browser_page, demo_committed):
    from reintegra.cases.models import Case

    ARTIFACTS.mkdir(exist_ok=True)
    page, base = browser_page, live_server.url

    _sign_in(page, base, "coordinator")
    page.screenshot(path=ARTIFACTS / "01-coordinator-my-cases.png", full_page=True)
    page.click("text=Search people")
    page.fill("input[name=q]", "hodzic")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results table")
    results = page.inner_text("#results")
    assert "Hodžić" in results and "Хоџић" in results  # Latin and Cyrillic alike
    page.screenshot(path=ARTIFACTS / "02-search-hodzic.png", full_page=True)
    page.click("#results a:has-text('Emir Hodžić')")
    page.wait_for_selector(".tabs")
    tabs = page.locator(".tabs a").all_inner_texts()
    assert "Identity" in tabs and "Security" not in tabs  # no raw intelligence
    page.screenshot(path=ARTIFACTS / "03-case-coordinator.png", full_page=True)
    # A mother's family: her children, seen together.
    page.click("text=Search people")
    page.fill("input[name=q]", "drite thaci")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results a:has-text('Dritë Thaçi')")
    page.click("#results a:has-text('Dritë Thaçi')")
    page.click(".tabs a:has-text('Family')")
    page.wait_for_selector("#tab-panel h2:has-text('Family')")
    assert page.locator(".tabs a[aria-current=page]").inner_text() == "Family"
    assert "Child" in page.inner_text("#tab-panel")
    page.screenshot(path=ARTIFACTS / "04-case-family.png", full_page=True)
    page.click("button:has-text('Sign out')")

    child_case = Case.objects.filter(team__user__username="school").order_by("pk").first()
    _sign_in(page, base, "school")
    page.goto(f"{base}/cases/{child_case.pk}/")
    tabs = page.locator(".tabs a").all_inner_texts()
    assert tabs == ["Identity", "Education", "Timeline"]  # the timeline shows only what the tabs do
    assert page.locator("text=Security").count() == 0
    page.screenshot(path=ARTIFACTS / "05-case-school.png", full_page=True)
    response = page.goto(f"{base}/cases/{child_case.pk}/security/")
    assert response.status == 404
