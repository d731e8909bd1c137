"""A person's assessment history: item by item what changed, and a Vega-Lite chart of
levels and domain profiles over time; readable only where the compartments are."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from reintegra.assessments import selectors
from reintegra.audit.models import AuditEvent

from .conftest import lock_risk


@pytest.mark.django_db
def test_history_shows_what_changed_and_a_chart(aw):
    lock_risk(aw, at=datetime(2023, 1, 10, tzinfo=UTC), level="high", rating="high")
    lock_risk(aw, at=datetime(2023, 4, 10, tzinfo=UTC), level="moderate", rating="moderate")
    lock_risk(aw, at=datetime(2023, 10, 10, tzinfo=UTC), level="moderate", rating="moderate",
              changes={"BA.1": ("low", "Distanced himself in the group sessions.")})
    last = lock_risk(aw, at=datetime(2024, 10, 10, tzinfo=UTC), level="low", rating="low",
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
