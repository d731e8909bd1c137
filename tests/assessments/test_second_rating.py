"""Two assessors rate the same person independently; the system shows where they agree
and differ, and keeps each rating hidden from the other assessor until they submit."""

import pytest
from django.test import Client

from reintegra.assessments import selectors, services
from reintegra.assessments.models import Supervision

from .conftest import complete


@pytest.mark.django_db
def test_two_independent_ratings_are_compared(aw):
    first = services.assessment_start(actor=aw.police, case=aw.adult_case, instrument_code="ERG22+")
    complete(first, aw.police, rating="partly_present", level="moderate")
    services.assessment_submit(actor=aw.police, assessment=first)
    with pytest.raises(services.AssessmentInputError, match="different assessor"):
        services.assessment_second_start(actor=aw.police, assessment=first)
    second = services.assessment_second_start(actor=aw.analyst, assessment=first)
    assert second.independent_of == first and second.instrument == first.instrument

    # While the second rating is a draft, its assessor does not see the first one's ratings.
    analyst = Client()
    analyst.force_login(aw.analyst)
    html = analyst.get(f"/assessments/{first.pk}/").content.decode()
    assert "stay hidden until you submit" in html and "Partly present" not in html
    assert selectors.ratings_hidden(aw.analyst, first) and not selectors.ratings_hidden(aw.police, first)

    complete(second, aw.analyst, rating="partly_present", level="high")
    services.assessment_rate(actor=aw.analyst, assessment=second,
                             ratings={"ERG.1": ("strongly_present", "Said so twice."),
                                      "ERG.20": ("not_present", "No training abroad.")})
    services.assessment_submit(actor=aw.analyst, assessment=second)
    result = selectors.comparison(first, second)
    assert (result["agree"], result["total"]) == (20, 22)
    assert [r["code"] for r in result["rows"] if not r["agree"]] == ["ERG.1", "ERG.20"]
    assert not result["overall_agree"]
    html = analyst.get(f"/assessments/{first.pk}/").content.decode()
    assert "The two assessors agree on 20 of 22 items." in html

    # The second rating checks agreement; only the first sets the supervision level.
    services.assessment_countersign(actor=aw.analyst, assessment=first)
    services.assessment_countersign(actor=aw.police, assessment=second)
    assert Supervision.objects.get(case=aw.adult_case).level == "moderate"
