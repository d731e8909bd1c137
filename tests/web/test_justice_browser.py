"""The justice pages (justice app) in a real Chromium on the demo data: proceedings (prosecutor),
custody with a separation warning (prison), release planning (probation), supervision
(probation), releases due and the timeline (coordinator). Screenshots go to
test-artifacts/ for a person to look at."""

import pytest

from tests.web.test_browser_tour import ARTIFACTS, CHROMIUM, _sign_in, browser_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="No Chromium found: apt-get install chromium, or set REINTEGRA_CHROMIUM."),
]


def _sign_out(page) -> None:
    page.click("button:has-text('Sign out')")


@pytest.mark.django_db(transaction=True)
def test_justice_pages_in_chromium(live_server, browser_page, demo_committed):  # noqa: F811

    from reintegra.cases.models import Case
    from reintegra.justice.models import Sentence, Unit

    ARTIFACTS.mkdir(exist_ok=True)
    page, base = browser_page, live_server.url
    man = Case.objects.get(reference="RKS-0001")
    woman = Case.objects.filter(reference__lte="RKS-0110", person__sex="F").order_by("pk").first()

    _sign_in(page, base, "prosecutor")
    page.goto(f"{base}/cases/{man.pk}/justice/")
    assert "Organising and participating in a terrorist group" in page.inner_text("#tab-panel")
    page.screenshot(path=ARTIFACTS / "justice-00-case-tab.png", full_page=True)
    page.click("#tab-panel a:has-text('Proceedings')")
    page.wait_for_selector("h2:has-text('Proceedings')")
    text = page.inner_text("#justice-panel")
    assert "Pre-trial detention" in text and "Earliest release" in text and "Credit for detention" in text
    page.screenshot(path=ARTIFACTS / "justice-01-proceedings.png", full_page=True)
    _sign_out(page)

    _sign_in(page, base, "prison")
    page.goto(f"{base}/justice/cases/{man.pk}/custody/")
    assert "Pavilion T" in page.inner_text("#justice-panel")
    page.click("summary:has-text('Transfer')")
    page.select_option("select[name=transfer-unit]", str(Unit.objects.get(name="Pavilion 4").pk))
    page.select_option("select[name=transfer-security_category]", "low")
    page.fill("input[name=transfer-reason]", "Overcrowding in Pavilion T")
    page.fill("input[name=transfer-starts_on]", "2026-01-10")
    page.click("#form-transfer button[type=submit]")
    page.wait_for_selector(".message.warning")
    assert "breaks a separation rule" in page.inner_text(".message.warning")
    page.screenshot(path=ARTIFACTS / "justice-02-custody-separation-warning.png", full_page=True)
    _sign_out(page)

    _sign_in(page, base, "probation")
    page.goto(f"{base}/justice/cases/{man.pk}/release/")
    sentence = Sentence.objects.get(case=man)
    assert sentence.latest_release_on.isoformat() in page.inner_text("#justice-panel")
    page.click("summary:has-text('Release plan')")
    page.screenshot(path=ARTIFACTS / "justice-03-release-planning.png", full_page=True)
    page.goto(f"{base}/justice/cases/{woman.pk}/supervision/")
    text = page.inner_text("#justice-panel")
    assert "Mandatory psychological treatment" in text and "Session attended" in text
    page.screenshot(path=ARTIFACTS / "justice-04-supervision.png", full_page=True)
    _sign_out(page)

    _sign_in(page, base, "coordinator")
    page.goto(f"{base}/justice/releases-due/")
    assert "RKS-0001" in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "justice-05-releases-due.png", full_page=True)
    page.goto(f"{base}/cases/{man.pk}/timeline/")
    assert "Verdict: Convicted" in page.inner_text("#tab-panel")
    page.screenshot(path=ARTIFACTS / "justice-06-timeline.png", full_page=True)
    page.goto(f"{base}/work/")
    page.screenshot(path=ARTIFACTS / "justice-07-worklist-coordinator.png", full_page=True)
