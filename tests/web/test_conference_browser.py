"""A case conference in a real Chromium on the demo data: the coordinator plans it, picks
cases from the proposed agenda, records the minutes of a child's case (discussion, a
decision, an action for the school), attendance, and approves the minutes; the school then
finds the action on its working list, and each participant's summary shows only their
compartments. Screenshots go to test-artifacts/ for a person to look at."""

from datetime import timedelta

import pytest

from tests.web.test_browser_tour import ARTIFACTS, CHROMIUM, _sign_in, browser_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="No Chromium found: apt-get install chromium, or set REINTEGRA_CHROMIUM."),
]


def _sign_out(page) -> None:
    page.click("button:has-text('Sign out')")


@pytest.mark.django_db(transaction=True)
def test_case_conference_in_chromium(live_server, browser_page, demo_committed):  # noqa: F811
    from django.utils import timezone

    from reintegra.cases.models import Task
    from reintegra.conferences.models import Conference, ConferenceStatus

    seeder = demo_committed  # the demo, committed for the live server (tests/conftest.py)
    ARTIFACTS.mkdir(exist_ok=True)
    page, base = browser_page, live_server.url
    users, agencies = seeder.users, seeder.agencies
    # The demo's child (school on the team, in Prishtinë) from the demo conference.
    child = next(i.case for i in Conference.objects.get(status=ConferenceStatus.LOCKED).items.all()
                 if i.case.person.birth_date and i.case.person.birth_date.year >= 2012)

    _sign_in(page, base, "coordinator")
    page.click("nav a:has-text('Conferences')")
    page.screenshot(path=ARTIFACTS / "conference-00-list.png", full_page=True)
    page.click("a:has-text('Plan a conference')")
    page.fill("input[name=title]", "Browser test case conference")
    held = timezone.localtime(timezone.now() - timedelta(hours=1))
    page.fill("input[name=held_at]", held.strftime("%Y-%m-%dT%H:%M"))
    for key in ("police", "social", "health", "school", "probation"):
        page.check(f"input[name=invited_agencies][value='{agencies[key].pk}']")
    page.select_option("select[name=participants]",
                       [str(users[k].pk) for k in ("police", "social", "health", "school", "probation")])
    page.click("#conference-form button[type=submit]")
    page.wait_for_selector("h2:has-text('Cases proposed for the agenda')")
    boxes = page.locator("#proposal-form input[name=case]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.screenshot(path=ARTIFACTS / "conference-01-proposed-agenda.png", full_page=True)
    page.click("#proposal-form button[type=submit]")
    page.wait_for_selector("table.agenda")
    page.click("summary:has-text('Add a case by reference')")
    page.fill("input[name=reference]", child.reference)
    page.click("form[action$='/agenda/'] button[type=submit]")
    page.wait_for_selector(f"table.agenda a:has-text('{child.reference}')")
    assert page.locator("table.agenda tbody tr").count() == 3
    conference = Conference.objects.get(title="Browser test case conference")

    page.click(f"table.agenda a:has-text('{child.reference}')")
    page.wait_for_selector("#summary")
    page.click("summary:has-text('Discussion and next review')")
    page.fill("textarea[name=minutes-discussion]", "Settled at school; reading behind the class.")
    page.click("#form-minutes button[type=submit]")
    page.wait_for_selector("#discussion")
    page.click("summary:has-text('Record a decision')")
    page.fill("textarea[name=decision-text]", "Catch-up reading until the next review.")
    page.click("#form-decision button[type=submit]")
    page.wait_for_selector("#decisions li:has-text('Catch-up reading')")
    page.click("summary:has-text('Agree an action')")
    page.fill("input[name=action-title]", "Browser action: assess reading level")
    page.select_option("select[name=action-owner_user]", str(users["school"].pk))
    page.fill("input[name=action-due_on]", (timezone.localdate() + timedelta(days=10)).isoformat())
    page.select_option("select[name=action-compartment]", "education")
    page.click("#form-action button[type=submit]")
    page.wait_for_selector("#actions td:has-text('Browser action: assess reading level')")
    page.screenshot(path=ARTIFACTS / "conference-02-minutes-coordinator.png", full_page=True)

    page.click("a:has-text('← The conference')")
    page.click("summary:has-text('Record attendance')")
    for key in ("police", "school", "social"):
        page.check(f"input[name=present_users][value='{users[key].pk}']")
        page.check(f"input[name=present_agencies][value='{agencies[key].pk}']")
    page.click("#attendance button[type=submit]")
    page.wait_for_selector(".message:has-text('Attendance recorded')")
    page.click("#approve-form button[type=submit]")
    page.wait_for_selector(".message:has-text('Minutes approved and locked')")
    assert "locked" in page.inner_text("#conference-status")
    page.screenshot(path=ARTIFACTS / "conference-03-approved-locked.png", full_page=True)
    conference.refresh_from_db()
    assert conference.locked
    task = Task.objects.get(title="Browser action: assess reading level")
    assert task.assigned_user == users["school"] and task.compartment == "education"
    item = conference.items.get(case=child)
    page.goto(f"{base}/conferences/{conference.pk}/items/{item.pk}/")
    assert page.locator("#form-decision").count() == 0 and "approved and locked" in page.inner_text("main")
    _sign_out(page)

    _sign_in(page, base, "school")
    page.goto(f"{base}/work/")
    assert "Browser action: assess reading level" in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "conference-04-school-working-list.png", full_page=True)
    page.goto(f"{base}/conferences/{conference.pk}/items/{item.pk}/")
    shown = page.eval_on_selector_all("#summary [data-compartment]", "els => els.map(e => e.dataset.compartment)")
    assert "education" in shown and "security" not in shown and "justice" not in shown and "health" not in shown
    page.screenshot(path=ARTIFACTS / "conference-05-school-summary.png", full_page=True)
    _sign_out(page)

    _sign_in(page, base, "police")
    page.goto(f"{base}/conferences/{conference.pk}/items/{item.pk}/")
    shown = page.eval_on_selector_all("#summary [data-compartment]", "els => els.map(e => e.dataset.compartment)")
    assert "security" in shown and "health" not in shown and "education" not in shown
    page.screenshot(path=ARTIFACTS / "conference-06-police-summary.png", full_page=True)
    _sign_out(page)

    _sign_in(page, base, "ngo")
    assert page.goto(f"{base}/conferences/{conference.pk}/").status == 404
