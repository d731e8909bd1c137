"""The assessments API: allowed and denied (denied looks like not found), bad input with
its reasons."""

import pytest
from django.test import Client

from reintegra.assessments.models import Assessment, Status
from tests.factories import api_token


def _api(username):
    client = Client()
    token = api_token(username)
    return lambda method, url, **kw: getattr(client, method)(
        f"/api/v1/assessments{url}", HTTP_AUTHORIZATION=f"Bearer {token}", content_type="application/json", **kw)


@pytest.mark.django_db
def test_start_rate_submit_and_countersign_through_the_api(aw):
    police, analyst = _api("officer"), _api("analyst")
    assert any(i["code"] == "VERA-2R" and i["licensed"] for i in police("get", "/instruments").json())
    made = police("post", f"/cases/{aw.adult_case.pk}/start", data={"instrument": "ERG22+"})
    assert made.status_code == 201, made.content
    aid = made.json()["id"]
    ratings = {f"ERG.{i}": {"rating": "not_present", "evidence": "Interview, May."} for i in range(1, 23)}
    bad = police("put", f"/{aid}/ratings", data={"ratings": {"ERG.1": {"rating": "maybe"}}})
    assert bad.status_code == 422 and "ERG.1: maybe is not on its scale." in bad.json()["problems"]
    incomplete = police("post", f"/{aid}/submit")
    assert incomplete.status_code == 422 and "ERG.1 is not rated." in incomplete.json()["problems"]
    ok = police("put", f"/{aid}/ratings", data={"ratings": ratings, "overall_level": "low",
                                               "overall_justification": "No engagement seen."})
    assert ok.status_code == 200
    assert police("post", f"/{aid}/submit").json()["status"] == Status.SUBMITTED
    own = police("post", f"/{aid}/countersign", data={})
    assert own.status_code == 422 and "second person" in own.json()["detail"]
    assert analyst("post", f"/{aid}/countersign", data={"note": "Agreed"}).json()["status"] == Status.LOCKED
    detail = analyst("get", f"/{aid}").json()
    assert detail["overall_level"] == "low" and len(detail["ratings"]) == 22
    history = analyst("get", f"/cases/{aw.adult_case.pk}/history").json()
    assert history["supervision"]["level"] == "low" and history["chart"]["vconcat"]


@pytest.mark.django_db
def test_the_api_hides_what_the_caller_may_not_read(aw):
    police = _api("officer")
    police("post", f"/cases/{aw.adult_case.pk}/start", data={"instrument": "VERA-2R"})
    aid = Assessment.objects.get().pk
    school, coordinator = _api("teacher"), _api("coord")
    for caller in (school, coordinator):
        response = caller("get", f"/{aid}")
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert coordinator("get", f"/cases/{aw.adult_case.pk}").json() == []  # exists, but not in its compartments
    assert coordinator("post", f"/cases/{aw.adult_case.pk}/start", data={"instrument": "VERA-2R"}).status_code == 404
    assert school("get", f"/cases/{aw.world.case_out.pk}").status_code == 404
    assert police("get", "/999999").status_code == 404
