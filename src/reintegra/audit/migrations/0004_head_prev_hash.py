from django.db import migrations, models

GENESIS_HASH = "0" * 64


def fill_prev_hash(apps, schema_editor):
    """The head of an existing log takes its newest event's predecessor."""
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    newest = AuditEvent.objects.order_by("-seq").values_list("prev_hash", flat=True).first()
    if newest is not None:
        AuditHead.objects.filter(pk=1).update(prev_hash=newest)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_logout_action")]

    operations = [
        migrations.AddField(
            model_name="audithead",
            name="prev_hash",
            field=models.CharField(default=GENESIS_HASH, max_length=64),
        ),
        migrations.RunPython(fill_prev_hash, migrations.RunPython.noop),
    ]
