"""The policy as data: the shipped file loads; a bad file is refused with the reason."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reintegra.access.models import PolicyRule, Role


@pytest.mark.django_db
def test_shipped_policy_is_loaded_by_migration_and_reloads():
    assert Role.objects.filter(code="school").exists()
    before = PolicyRule.objects.count()
    call_command("load_policy")
    assert PolicyRule.objects.count() == before > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text,message",
    [
        ("roles:\n  school:\n    rules:\n      gossip: [all, r]\n", "unknown compartment"),
        ("roles:\n  school:\n    rules:\n      identity: [everywhere, r]\n", "unknown scope"),
        ("roles:\n  school:\n    rules:\n      identity: [all, x]\n", "mode must be r or rw"),
        ("roles: [1, 2]\n", "expected a mapping"),
        ("roles: {school: [\n", "not valid YAML"),
        ("roles:\n  school:\n    rules: {}\n    rules: {}\n", "given twice"),
    ],
)
def test_bad_policy_file_is_refused_whole(tmp_path, text, message):
    before = list(PolicyRule.objects.values_list("role__code", "compartment", "scope", "can_read", "can_write"))
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    with pytest.raises(CommandError, match=message):
        call_command("load_policy", str(path))
    after = list(PolicyRule.objects.values_list("role__code", "compartment", "scope", "can_read", "can_write"))
    assert after == before
