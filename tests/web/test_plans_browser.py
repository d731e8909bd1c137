"""The plans pages in a real Chromium on the demo data: the case's programme tab and plan
(coordinator), a referral drafted and sent, the provider's list and its view of a
referral (ngo, who cannot open the case), the stalled referral on the working list, and
the treatment sessions on probation's supervision page. Screenshots go to
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
def test_plans_pages_in_chromium(live_server, browser_page, demo_committed):  # noqa: F811

    from reintegra.plans.models import Plan, Referral

    ARTIFACTS.mkdir(exist_ok=True)
    page, base = browser_page, live_server.url
    plan = Plan.objects.filter(current=True, framework="pathways", case__key_worker__username="coordinator",
                               case__reference__lte="RKS-0110").order_by("case_id").first()
    case = plan.case
    child_plan = Plan.objects.filter(current=True, framework="child_pillars").order_by("case_id").first()

    _sign_in(page, base, "coordinator")
    page.goto(f"{base}/cases/{case.pk}/programme/")
    assert "Plan and referrals" in page.inner_text("#tab-panel")
    page.screenshot(path=ARTIFACTS / "plans-00-case-programme-tab.png", full_page=True)
    page.click("#tab-panel a:has-text('Plan and referrals')")
    page.wait_for_selector("section#plan")
    text = page.inner_text("section#plan")
    assert "Accommodation" in text and "The person's agreement" in text
    page.screenshot(path=ARTIFACTS / "plans-01-plan.png", full_page=True)
    page.goto(f"{base}/plans/cases/{child_plan.case_id}/")
    assert "Security risk" in page.inner_text("section#plan")
    page.screenshot(path=ARTIFACTS / "plans-02-child-pillars.png", full_page=True)
    # Draft a referral to Open Doors and send it.
    page.goto(f"{base}/plans/cases/{case.pk}/")
    page.click("summary:has-text('Make a referral')")
    page.select_option("select[name=referral-service]", label="Mentoring by former returnees")
    page.select_option("select[name=referral-provider]", label="Open Doors Reintegration Network")
    page.fill("textarea[name=referral-reason]", "A mentor who came home herself")
    page.check("input[name=referral-shared_fields][value=municipality]")
    page.click("#form-referral button[type=submit]")
    page.wait_for_selector(".message")
    referral = Referral.objects.filter(case=case, status="draft").order_by("-pk").first()
    page.goto(f"{base}/plans/referrals/{referral.pk}/")
    page.screenshot(path=ARTIFACTS / "plans-03-referral-draft.png", full_page=True)
    page.click("summary:has-text('Send to the provider')")
    page.click("#form-send button[type=submit]")
    page.wait_for_selector(".message")
    referral.refresh_from_db()
    assert referral.status == "sent"
    # The stalled referral's alert (the working list page itself is broken on main by
    # assessments.selectors reading `subject.permissions`; see the report).
    page.goto(f"{base}/notifications/")
    assert "no answer by the deadline" in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "plans-04-stalled-alert.png", full_page=True)
    page.goto(f"{base}/plans/services/")
    page.screenshot(path=ARTIFACTS / "plans-05-catalogue.png", full_page=True)
    _sign_out(page)

    _sign_in(page, base, "ngo")
    page.goto(f"{base}/plans/referrals/")
    assert case.person.display_name in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "plans-06-provider-referrals.png", full_page=True)
    page.goto(f"{base}/plans/referrals/{referral.pk}/")
    text = page.inner_text("section#shared")
    assert case.municipality in text and "The case file is not open to you" in text
    page.click("#form-accept button[type=submit]")
    page.wait_for_selector(".message")
    page.screenshot(path=ARTIFACTS / "plans-07-provider-referral-accepted.png", full_page=True)
    response = page.goto(f"{base}/cases/{case.pk}/")
    assert response.status == 404
    page.goto(f"{base}/plans/referrals/")
    _sign_out(page)

    woman = Referral.objects.filter(service__code="psychological_care", case__stage="supervision").first().case
    _sign_in(page, base, "probation")
    page.goto(f"{base}/justice/cases/{woman.pk}/supervision/")
    text = page.inner_text("#justice-panel")
    assert "Session attended" in text and "Mental Health Centre Prishtinë" in text
    page.screenshot(path=ARTIFACTS / "plans-08-supervision-sessions.png", full_page=True)
