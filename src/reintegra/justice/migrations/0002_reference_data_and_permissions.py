"""Shipped reference data and access defaults for justice on every database.

- the offences of `offences/*.yaml`;
- the `court` role of the policy file, created with its rules where it does not exist yet
  (an existing database keeps every role and rule an administrator has edited);
- the justice permissions granted to the roles the policy file gives them to.
"""

from django.conf import settings
from django.db import migrations

CODES = [
    "justice.proceedings_write",
    "justice.custody_write",
    "justice.separation_override",
    "justice.release_plan_write",
    "justice.supervision_write",
]


def forwards(apps, schema_editor):
    from reintegra.access.policy_data import _parse_rule, _read, permissions_grant_defaults
    from reintegra.justice.reference import offences_load

    offences_load(offence_model=apps.get_model("justice", "Offence"))
    Role = apps.get_model("access", "Role")
    PolicyRule = apps.get_model("access", "PolicyRule")
    spec = (_read(settings.REINTEGRA_POLICY_FILE)["roles"].get("court")) or None
    if spec is not None and not Role.objects.filter(code="court").exists():
        role = Role.objects.create(code="court", name=spec.get("name", "court"))
        for compartment, value in (spec.get("rules") or {}).items():
            scope, can_read, can_write = _parse_rule("court", compartment, value)
            PolicyRule.objects.create(role=role, compartment=compartment, scope=scope,
                                      can_read=can_read, can_write=can_write)
    permissions_grant_defaults(
        codes=CODES, path=settings.REINTEGRA_POLICY_FILE, role_model=Role,
        permission_model=apps.get_model("access", "RolePermission"),
    )


class Migration(migrations.Migration):
    dependencies = [("justice", "0001_initial"), ("access", "0004_role_permission")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
