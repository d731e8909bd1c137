"""Grant `linkage.review` to the roles the policy file gives it to (the coordinator), on
every existing database; grants an administrator has edited are left alone."""

from django.conf import settings
from django.db import migrations

CODES = ["linkage.review"]


def forwards(apps, schema_editor):
    from reintegra.access.policy_data import permissions_grant_defaults

    permissions_grant_defaults(
        codes=CODES, path=settings.REINTEGRA_POLICY_FILE, role_model=apps.get_model("access", "Role"),
        permission_model=apps.get_model("access", "RolePermission"),
    )


class Migration(migrations.Migration):
    dependencies = [("linkage", "0001_initial"), ("access", "0004_role_permission")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
