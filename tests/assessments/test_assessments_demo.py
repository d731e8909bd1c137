"""The demo's assessments: four risk assessments of one man over time, an overdue
reassessment on the coordinator's list, screenings of children; the demo resets cleanly."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from reintegra.assessments.models import Assessment, Status, Supervision
from reintegra.cases import worklist


@pytest.mark.django_db
def test_the_demo_has_assessments_over_time(demo_world):
    four = (Assessment.objects.filter(instrument__code="VERA-2R", status=Status.LOCKED).values("case")
            .annotate(n=Count("pk")).filter(n=4))
    assert four.count() == 1
    levels = list(Assessment.objects.filter(case=four[0]["case"], status=Status.LOCKED)
                  .order_by("locked_at").values_list("overall_level", flat=True))
    assert levels == ["high", "high", "moderate", "low"]
    assert Supervision.objects.count() == 2
    coordinator = get_user_model().objects.get(username="coordinator")
    overdue = worklist.work_items(coordinator, worklist.Query(due_before=worklist.due_before("overdue")))
    assert [i.kind for i in overdue].count("assessment_due") == 1
    assert {"child-wellbeing", "education-profile", "carer-suitability", "needs-pathways"} <= set(
        Assessment.objects.filter(status=Status.LOCKED).values_list("instrument__code", flat=True))
    for username in ("psychologist", "pedagogue"):
        assert get_user_model().objects.get(username=username).check_password("test-pass-for-demo-2026")
