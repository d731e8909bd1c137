"""Shipped reference data and access defaults for plans on every database.

- the service catalogue of `plans/reference.py` (an edited service is kept);
- the plans permissions granted to the roles the policy file gives them to.
"""

from django.conf import settings
from django.db import migrations

CODES = ["plans.referral_consent_override"]


def forwards(apps, schema_editor):
    from reintegra.access.policy_data import permissions_grant_defaults
    from reintegra.plans.reference import services_load

    services_load(service_model=apps.get_model("plans", "Service"))
    permissions_grant_defaults(
        codes=CODES, path=settings.REINTEGRA_POLICY_FILE, role_model=apps.get_model("access", "Role"),
        permission_model=apps.get_model("access", "RolePermission"),
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("access", "0004_role_permission")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
