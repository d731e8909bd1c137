"""The duplicate review in a real Chromium on the demo data: the coordinator opens the
queue, sees a returnee and the camp list's Cyrillic record of the same person side by
side with the weights of each field, and merges them; the police see no queue.
Screenshots go to test-artifacts/ for a person to look at."""

import pytest

from tests.web.test_browser_tour import ARTIFACTS, CHROMIUM, _sign_in, browser_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="No Chromium found: apt-get install chromium, or set REINTEGRA_CHROMIUM."),
]


@pytest.mark.django_db(transaction=True)
def test_duplicate_review_in_chromium(live_server, browser_page, demo_committed):  # noqa: F811

    from reintegra.linkage.models import CandidatePair, Merge
    from reintegra.people.models import Script

    ARTIFACTS.mkdir(exist_ok=True)
    page, base = browser_page, live_server.url
    pair = next(p for p in CandidatePair.objects.filter(status="pending", source="find_duplicates")
                if p.person_b.names.filter(script=Script.CYRILLIC).exists())

    _sign_in(page, base, "coordinator")
    page.click("nav a:has-text('Duplicates')")
    page.wait_for_selector("h1:has-text('Possible duplicates')")
    page.screenshot(path=ARTIFACTS / "linkage-01-queue.png", full_page=True)
    page.goto(f"{base}/linkage/duplicates/{pair.pk}/")
    text = page.inner_text("main")
    cyrillic = pair.person_b.names.get().as_written()
    assert pair.person_a.display_name in text and cyrillic in text
    assert "Why they may be the same person" in text and "Family name" in text and "Bayes factor" in text
    page.screenshot(path=ARTIFACTS / "linkage-02-pair.png", full_page=True)
    page.click("button:has-text('Same person: merge')")
    page.wait_for_selector(".message")
    assert "Merged" in page.inner_text(".message")
    merge = Merge.objects.get(pair=pair)
    page.goto(f"{base}/linkage/duplicates/{pair.pk}/")
    assert "Undo the merge" in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "linkage-03-merged.png", full_page=True)
    page.click("button:has-text('Sign out')")

    _sign_in(page, base, "police")
    assert "Duplicates" not in page.inner_text("header nav")
    response = page.goto(f"{base}/linkage/duplicates/{pair.pk}/")
    assert response.status == 404
    assert merge.kept_id in (pair.person_a_id, pair.person_b_id)
