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


@pytest.mark.django_db
def test_the_precompiled_subject_query_answers_for_each_user_and_moment(world):
    """`subject` runs SQL compiled once per process with the user and the moment filled in:
    it must answer for every user as the ORM query it was compiled from, including whether
    a break-glass grant is live now (not when the SQL was compiled)."""
    from datetime import timedelta

    from django.utils import timezone

    from reintegra.access.models import BreakGlassGrant

    def fresh(user):
        return get_user_model().objects.get(pk=user.pk)  # nothing cached on the object

    users = [world.coordinator, world.police, world.school, world.social]
    for user in users:
        subj = policy.subject(fresh(user))
        orm = list(policy._subject_query(user_id=user.pk, at=timezone.now()))
        assert subj.role_codes == {row[5] for row in orm if row[5] is not None}
        assert set(subj.rules) == {policy.Rule(*row[9:13]) for row in orm if row[9] is not None}
        assert all(isinstance(r.can_read, bool) and isinstance(r.can_write, bool) for r in subj.rules)
        assert subj.agency.pk == orm[0][0] and subj.agency.name == orm[0][1]
    assert policy._has_live_grant(policy.subject(fresh(world.police))) is False
    grant = BreakGlassGrant.objects.create(user=world.police, case=world.case_out, reason="Urgent: a threat reported",
                                           granted_at=timezone.now(),
                                           expires_at=timezone.now() + timedelta(minutes=30))
    assert policy._has_live_grant(policy.subject(fresh(world.police))) is True
    assert policy._has_live_grant(policy.subject(fresh(world.school))) is False
    grant.expires_at = timezone.now() - timedelta(seconds=1)
    grant.save()
    assert policy._has_live_grant(policy.subject(fresh(world.police))) is False


@pytest.mark.django_db
def test_case_access_compiled_once_answers_for_each_case_and_follows_the_agency(world):
    """`case_access` runs SQL compiled once per process and subject with the case filled
    in: two cases in a row get their own answers, and moving the agency to another
    municipality (a different subject) changes them at once."""
    from reintegra.access.models import Agency

    def fresh(user):
        return get_user_model().objects.get(pk=user.pk)

    police = fresh(world.police)  # jurisdiction scope: Prishtinë
    assert policy.case_access(police, world.case_in).visible
    assert not policy.case_access(police, world.case_out).visible
    assert policy.case_access(fresh(world.police), world.case_in).visible  # from the compiled SQL
    assert not policy.case_access(fresh(world.police), world.case_out).visible
    Agency.objects.filter(pk=world.police.staff.agency_id).update(municipality=world.case_out.municipality)
    assert not policy.case_access(fresh(world.police), world.case_in).visible
    assert policy.case_access(fresh(world.police), world.case_out).visible
    # "All" needs no query: the coordinator reads both.
    coordinator = fresh(world.coordinator)
    assert policy.case_access(coordinator, world.case_in).visible and policy.case_access(coordinator, world.case_out).visible
