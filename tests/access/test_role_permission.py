"""Named permissions: granted to roles by the policy file, checked by the policy."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reintegra.access import policy, policy_data
from reintegra.access.models import Role, RolePermission
from tests import factories

DECLARED = {"demo.countersign": "Countersign", "demo.override": "Override"}


@pytest.fixture
def declared(monkeypatch):
    monkeypatch.setattr(policy_data, "declared_permissions", lambda: DECLARED)


def _policy(tmp_path, text: str):
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return path


@pytest.mark.django_db
def test_policy_file_grants_declared_permissions(tmp_path, declared):
    path = _policy(tmp_path, "roles:\n  school:\n    permissions: [demo.countersign]\n    rules: {}\n")
    call_command("load_policy", str(path))
    assert list(RolePermission.objects.filter(role__code="school").values_list("code", flat=True)) == [
        "demo.countersign"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "permissions,message",
    [("[demo.typo]", "unknown permission 'demo.typo'"), ("demo.countersign", "write a list")],
)
def test_unknown_or_malformed_permission_refuses_the_whole_file(tmp_path, declared, permissions, message):
    RolePermission.objects.create(role=Role.objects.get(code="school"), code="demo.override")
    path = _policy(tmp_path, f"roles:\n  school:\n    permissions: {permissions}\n    rules: {{}}\n")
    with pytest.raises(CommandError, match=message):
        call_command("load_policy", str(path))
    # Nothing half-written: the old grant is still there.
    assert RolePermission.objects.filter(role__code="school", code="demo.override").exists()


@pytest.mark.django_db
def test_grant_defaults_adds_only_the_named_codes_and_keeps_edits(tmp_path, declared):
    school = Role.objects.get(code="school")
    RolePermission.objects.create(role=school, code="demo.override")  # an administrator's edit
    path = _policy(
        tmp_path,
        "roles:\n  school:\n    permissions: [demo.countersign]\n  police:\n    permissions: [demo.countersign, demo.override]\n",
    )
    added = policy_data.permissions_grant_defaults(codes=["demo.countersign"], path=path)
    assert added == 2
    # Only the demo codes: the shipped policy grants apps' own permissions beside them.
    demo = RolePermission.objects.filter(code__startswith="demo.")
    assert set(demo.filter(role=school).values_list("code", flat=True)) == {"demo.countersign", "demo.override"}
    assert set(demo.filter(role__code="police").values_list("code", flat=True)) == {"demo.countersign"}
    assert policy_data.permissions_grant_defaults(codes=["demo.countersign"], path=path) == 0  # idempotent


@pytest.mark.django_db
def test_has_and_require_permission(world):
    RolePermission.objects.create(role=Role.objects.get(code="social"), code="demo.override")
    assert policy.has_permission(world.social, "demo.override")
    assert not policy.has_permission(world.school, "demo.override")
    assert list(policy.holders_of("demo.override")) == [world.social]
    # With a case, the permission acts within the compartment rule: social writes
    # social_support in its jurisdiction (Prishtinë), not in Prizren.
    policy.require_permission(world.social, "demo.override", case=world.case_in, compartment="social_support")
    with pytest.raises(policy.AccessDenied):
        policy.require_permission(world.social, "demo.override", case=world.case_out, compartment="social_support")
    with pytest.raises(policy.AccessDenied):
        policy.require_permission(world.school, "demo.override")


@pytest.mark.django_db
def test_a_user_without_a_profile_holds_no_permission():
    from django.contrib.auth import get_user_model

    lone = get_user_model().objects.create_user(username="lone", password=factories.PASSWORD)
    assert not policy.has_permission(lone, "demo.override")


@pytest.mark.django_db
def test_the_subject_reads_every_roles_permissions_in_its_one_query(world):
    """Every page asks a permission (the navigation), so `subject` reads them with the
    rules; a user with two roles holds the permissions of both, a role with none adds none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    RolePermission.objects.create(role=Role.objects.get(code="social"), code="demo.override")
    RolePermission.objects.create(role=Role.objects.get(code="social"), code="demo.countersign")
    RolePermission.objects.create(role=Role.objects.get(code="police"), code="demo.trace")
    world.social.staff.roles.add(Role.objects.get(code="police"), Role.objects.get(code="ngo"))
    fresh = type(world.social).objects.get(pk=world.social.pk)  # nothing cached on the object
    with CaptureQueriesContext(connection) as queries:
        assert policy.has_permission(fresh, "demo.override") and policy.has_permission(fresh, "demo.trace")
        assert not policy.has_permission(fresh, "demo.unknown")
    assert len(queries.captured_queries) == 1
    expected = set(RolePermission.objects.filter(role__in=world.social.staff.roles.all()).values_list("code", flat=True))
    assert policy._permissions(policy.subject(fresh)) == expected
    assert {"demo.override", "demo.countersign", "demo.trace"} <= expected
