"""Load the shipped access policy so a new database is never without one."""

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from reintegra.access.policy_data import policy_load

    policy_load(
        path=settings.REINTEGRA_POLICY_FILE,
        role_model=apps.get_model("access", "Role"),
        rule_model=apps.get_model("access", "PolicyRule"),
        permission_model=None,  # the permission table comes in 0004
    )


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
