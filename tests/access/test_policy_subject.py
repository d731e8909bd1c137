"""What the policy reads about a user once per request: agency, roles and their rules."""

import pytest
from django.contrib.auth import get_user_model

from reintegra.access import policy
from reintegra.access.models import PolicyRule, Role, StaffProfile
from tests import factories


@pytest.mark.django_db
def test_subject_joins_every_role_and_rule():
    agency = factories.agency("Police Prizren", "police", "Prizren")
    user = factories.user("two-hats", "police", agency)
    StaffProfile.objects.get(user=user).roles.add(Role.objects.get(code="dpo"), Role.objects.get(code="health"))
    subj = policy.subject(user)
    assert (subj.agency.pk, subj.agency.name, subj.agency.municipality) == (agency.pk, "Police Prizren", "Prizren")
    assert subj.role_codes == {"police", "dpo", "health"}
    expected = {
        policy.Rule(r.compartment, r.scope, r.can_read, r.can_write)
        for r in PolicyRule.objects.filter(role__code__in=["police", "dpo", "health"])
    }
    assert set(subj.rules) == expected and len(subj.rules) == len(expected)
    assert subj.may_break_glass and subj.break_glass_minutes == 60  # the longest of police (30) and health (60)
    assert subj.reads_audit and not subj.is_admin


@pytest.mark.django_db
def test_subject_of_a_user_without_roles_or_profile():
    agency = factories.agency("Somewhere", "ngo")
    bare = factories.user("no-roles", "ngo", agency)
    StaffProfile.objects.get(user=bare).roles.clear()
    subj = policy.subject(bare)
    assert subj.agency.pk == agency.pk and subj.rules == () and subj.role_codes == frozenset()
    assert not subj.may_break_glass and subj.break_glass_minutes == 0 and not subj.reads_audit
    nobody = get_user_model().objects.create_user(username="no-profile", password=factories.PASSWORD)
    subj = policy.subject(nobody)
    assert subj.agency is None and subj.rules == () and not subj.is_admin
