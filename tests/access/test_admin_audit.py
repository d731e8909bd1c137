"""Changes in the admin to who may read what are audited; admin is for staff only."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from reintegra.access.models import PolicyRule, Role, StaffProfile
from reintegra.audit.models import AuditEvent


@pytest.fixture
def admin_client(world):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "x" * 12)
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_giving_a_user_a_role_is_audited(world, admin_client):
    profile = StaffProfile.objects.get(user=world.school)
    coordinator = Role.objects.get(code="coordinator")
    school = Role.objects.get(code="school")
    response = admin_client.post(
        f"/admin/access/staffprofile/{profile.pk}/change/",
        {"user": world.school.pk, "agency": profile.agency_id, "roles": [school.pk, coordinator.pk]},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(object_type="access.staffprofile", channel="admin").get()
    assert (event.username, event.action, event.detail["fields"]) == ("root", "update", ["roles"])


@pytest.mark.django_db
def test_changing_and_deleting_a_rule_is_audited(world, admin_client):
    rule = PolicyRule.objects.get(role__code="school", compartment="education")
    response = admin_client.post(
        f"/admin/access/policyrule/{rule.pk}/change/",
        {"role": rule.role_id, "compartment": "education", "scope": "all", "can_read": "on", "can_write": "on"},
    )
    assert response.status_code == 302
    response = admin_client.post(f"/admin/access/policyrule/{rule.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    actions = list(AuditEvent.objects.filter(object_type="access.policyrule").order_by("seq").values_list("action", flat=True))
    assert actions == ["update", "delete"]


@pytest.mark.django_db
def test_admin_is_refused_to_non_staff(world):
    client = Client()
    client.force_login(world.coordinator)
    response = client.get("/admin/access/policyrule/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
