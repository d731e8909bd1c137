"""Name tokens carry the person's display name, so search lists matches in name order
from the token index alone. Existing tokens get it from their person."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_display_names(apps, schema_editor):
    NameToken = apps.get_model("people", "NameToken")
    Person = apps.get_model("people", "Person")
    NameToken.objects.update(
        sort_name=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("display_name")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_person_display_name_not_indexed"),
    ]

    operations = [
        migrations.AddField(
            model_name="nametoken",
            name="sort_name",
            field=models.CharField(default="", editable=False, max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(copy_display_names, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(model_name="nametoken", name="nametoken_token_person"),
        migrations.AddIndex(
            model_name="nametoken",
            index=models.Index(fields=["token", "sort_name", "person"], name="nametoken_token_sort_person"),
        ),
    ]
