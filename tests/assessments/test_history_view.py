"""A person's assessment history: item by item what changed, and a Vega-Lite chart of
levels and domain profiles over time; readable only where the compartments are."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from reintegra.assessments import selectors, services
from reintegra.audit.models import AuditEvent

from .conftest import complete


def _lock(aw, at, level, rating, changes=None):
    a = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="VERA-2R", at=at)
    complete(a, aw.police, level=level, rating=rating)
    if changes:
        services.assessment_rate(actor=aw.police, assessment=a, ratings=changes)
    services.assessment_submit(actor=aw.police, assessment=a, at=at)
    return services.assessment_countersign(actor=aw.analyst, assessment=a, at=at)


@pytest.mark.django_db
def test_history_shows_what_changed_and_a_chart(aw):
    _lock(aw, datetime(2023, 1, 10, tzinfo=UTC), "high", "high")
    _lock(aw, datetime(2023, 4, 10, tzinfo=UTC), "moderate", "moderate")
    _lock(aw, datetime(2023, 10, 10, tzinfo=UTC), "moderate", "moderate",
          changes={"BA.1": ("low", "Distanced himself in the group sessions.")})
    last = _lock(aw, datetime(2024, 10, 10, tzinfo=UTC), "low", "low",
                 changes={"P.1": ("high", "Stable work and family support.")})
    found = selectors.history_read(aw.police, aw.adult_case.pk)
    assert found.selected == "VERA-2R" and found.current == last
    diff = {r["code"]: r for r in found.diff}
    assert (diff["P.1"]["before"], diff["P.1"]["after"], diff["P.1"]["changed"]) == ("Moderate", "High", True)
    assert diff["BA.1"]["changed"] is False  # low then, low now
    spec = found.chart
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    levels, profiles = spec["vconcat"]
    assert [p["level"] for p in levels["data"]["values"]] == ["High", "Moderate", "Moderate", "Low"]
    assert {p["domain"] for p in profiles["data"]["values"]} >= {"Beliefs, attitudes and ideology"}

    client = Client()
    client.force_login(aw.police)
    html = client.get(f"/assessments/cases/{aw.adult_case.pk}/").content.decode()
    assert 'id="history-spec"' in html and "vega-embed.min.js" in html and "changed" in html
    event = AuditEvent.objects.filter(object_type="assessment_history").last()
    assert event.compartments == ["identity", "security"]
    # The coordinator sees the supervision history but no risk content.
    html = Client()
    html.force_login(aw.coordinator)
    page = html.get(f"/assessments/cases/{aw.adult_case.pk}/").content.decode()
    assert "Supervision level over time" in page and "history-spec" not in page
    outsider = Client()
    outsider.force_login(aw.world.dpo)
    assert outsider.get(f"/assessments/cases/{aw.adult_case.pk}/").status_code == 404
