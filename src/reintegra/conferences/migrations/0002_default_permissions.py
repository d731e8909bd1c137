"""Grant the conferences permissions to the roles the shipped policy gives them to."""

from django.conf import settings
from django.db import migrations

CODES = ["conferences.manage"]


def grant(apps, schema_editor):
    from reintegra.access.policy_data import permissions_grant_defaults

    permissions_grant_defaults(
        codes=CODES, path=settings.REINTEGRA_POLICY_FILE, role_model=apps.get_model("access", "Role"),
        permission_model=apps.get_model("access", "RolePermission"),
    )


class Migration(migrations.Migration):
    dependencies = [("conferences", "0001_initial"), ("access", "0004_role_permission")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
