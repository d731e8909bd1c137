"""The working list merges every app's sources, filtered by the policy and by owner."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reintegra.cases import services, worklist
from tests.factories import api_token


def _task(world, title, *, days, **kwargs):
    defaults = {
        "actor": world.coordinator, "case": world.case_in, "compartment": "social_support",
        "title": title, "assigned_agency": world.social.staff.agency,
        "due_at": timezone.now() + timedelta(days=days),
    }
    defaults.update(kwargs)
    return services.task_create(**defaults)


@pytest.fixture
def extra_source():
    """A source as another app registers one: items only for the social worker."""

    @worklist.source("test_visit", "Visit")
    def visits(user, query):
        if user.get_username() != "sw":
            return []
        items = [worklist.WorkItem(kind="test_visit", title="Undated visit", due_at=None, url="/x/"),
                 worklist.WorkItem(kind="test_visit", title="Visit tomorrow",
                                   due_at=timezone.now() + timedelta(days=1), url="/y/")]
        if query.due_before is not None:  # a source honours the query
            items = [i for i in items if i.due_at and i.due_at < query.due_before]
        return items

    yield
    del worklist._SOURCES["test_visit"]


@pytest.mark.django_db
def test_items_from_every_source_earliest_first_undated_last(world, extra_source):
    _task(world, "Late visit", days=-2)
    _task(world, "Next week", days=6)
    items = worklist.work_items(world.social, worklist.Query())
    assert [i.title for i in items] == ["Late visit", "Visit tomorrow", "Next week", "Undated visit"]
    assert items[0].overdue and not items[1].overdue
    assert items[0].kind_label == "Task" and items[1].kind_label == "Visit"


@pytest.mark.django_db
def test_filters_due_whose_case_kind(world, extra_source):
    _task(world, "Late visit", days=-2)
    _task(world, "Mine", days=1, assigned_agency=None, assigned_user=world.social)
    _task(world, "Other case", days=1, case=world.case_out, actor=world.coordinator)
    overdue = worklist.work_items(world.social, worklist.Query(due_before=worklist.due_before("overdue")))
    assert [i.title for i in overdue] == ["Late visit"]
    mine = worklist.work_items(world.social, worklist.Query(whose=worklist.Whose.MINE), only_kinds=["task"])
    assert [i.title for i in mine] == ["Mine"]
    on_case = worklist.work_items(world.social, worklist.Query(case_id=world.case_in.pk), only_kinds=["task"])
    assert {i.title for i in on_case} == {"Late visit", "Mine"}


@pytest.mark.django_db
def test_a_task_on_a_case_outside_the_policy_is_not_listed(world):
    # Assigned to the social agency, but the case is in Prizren, outside its jurisdiction.
    _task(world, "Other case", days=1, case=world.case_out)
    assert worklist.work_items(world.social, worklist.Query()) == []


@pytest.mark.django_db
def test_others_see_nothing(world):
    _task(world, "Late visit", days=-2)
    assert worklist.work_items(world.police, worklist.Query()) == []
    assert worklist.work_items(world.school, worklist.Query()) == []


@pytest.mark.django_db
def test_page_lists_and_filters(client, world):
    _task(world, "Late visit", days=-2)
    _task(world, "Next week", days=6)
    client.force_login(world.social)
    page = client.get("/work/").content.decode()
    assert "Late visit" in page and "Next week" in page and "overdue" in page
    overdue = client.get("/work/", {"due": "overdue"}).content.decode()
    assert "Late visit" in overdue and "Next week" not in overdue
    unknown_case = client.get("/work/", {"case": "NO-SUCH"}).content.decode()
    assert "Late visit" not in unknown_case


@pytest.mark.django_db
def test_page_rejects_a_bad_filter_value(client, world):
    client.force_login(world.social)
    response = client.get("/work/", {"due": "yesterday"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_page_needs_sign_in(client):
    assert client.get("/work/").status_code == 302


@pytest.mark.django_db
def test_api_lists_and_validates(client, world):
    _task(world, "Late visit", days=-2)
    token = api_token("sw")
    response = client.get("/api/v1/work", {"due": "overdue"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [i["title"] for i in response.json()] == ["Late visit"] and response.json()[0]["overdue"]
    bad = client.get("/api/v1/work", {"limit": 0}, headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "limit"
    other = api_token("officer")
    assert client.get("/api/v1/work", headers={"Authorization": f"Bearer {other}"}).json() == []
    assert client.get("/api/v1/work").status_code == 401
