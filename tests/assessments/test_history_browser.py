"""The history view and its chart in a real Chromium, for a person with four risk
assessments: the chart is drawn (vega-embed, served locally) and the item changes shown.
The screenshot goes to test-artifacts/ for a person to look at."""

from datetime import UTC, datetime

import pytest

from tests.web.test_browser_tour import ARTIFACTS, CHROMIUM, _sign_in, browser_page  # noqa: F401

from .conftest import lock_risk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="No Chromium found: apt-get install chromium, or set REINTEGRA_CHROMIUM."),
]


@pytest.mark.django_db(transaction=True)
def test_history_view_and_chart_for_four_assessments(aw, live_server, browser_page):  # noqa: F811
    lock_risk(aw, at=datetime(2023, 1, 10, tzinfo=UTC), level="high", rating="high")
    lock_risk(aw, at=datetime(2023, 5, 10, tzinfo=UTC), level="high", rating="moderate",
              changes={"BA.1": ("high", "Still says so.")})
    lock_risk(aw, at=datetime(2024, 2, 10, tzinfo=UTC), level="moderate", rating="moderate",
              changes={"P.1": ("high", "Steady work at the bakery.")})
    lock_risk(aw, at=datetime(2025, 3, 10, tzinfo=UTC), level="low", rating="low",
              changes={"P.1": ("high", "Steady work, married.")})
    ARTIFACTS.mkdir(exist_ok=True)
    page, base = browser_page, live_server.url
    _sign_in(page, base, "officer")
    page.goto(f"{base}/cases/{aw.adult_case.pk}/security/")
    page.click("text=Assessment history and change over time")
    page.wait_for_selector("#history-chart[data-rendered=true] svg", timeout=20000)
    svg = page.inner_html("#history-chart")
    assert "High" in svg and "Low" in svg and "Moderate" in svg  # the level axis
    assert "Beliefs, attitudes and ideology" in svg  # the domain profile legend
    marks = page.locator("#history-chart svg path.mark-symbol, #history-chart svg .mark-symbol path").count()
    assert marks >= 4  # one point per assessment at least
    changed = page.locator("table.diff tr.changed").all_inner_texts()
    assert any("BA." in row for row in changed)
    page.screenshot(path=ARTIFACTS / "assessments-history.png", full_page=True)
    # The coordinator, who may not read security, sees the level but no chart.
    page.click("button:has-text('Sign out')")
    _sign_in(page, base, "coord")
    page.goto(f"{base}/assessments/cases/{aw.adult_case.pk}/")
    assert page.locator("#history-chart").count() == 0
    assert "Supervision level over time" in page.content()
