"""The queue entry of each grant file's job (kit/jobs.py finds it to put right a job left running); a failed
file's `error` is now shown to the officer, so the exception class names stored before are blanked."""

from django.db import migrations, models


def blank_class_names(apps, schema_editor):
    files = apps.get_model("grants", "GrantFile").objects
    files.filter(state="failed").exclude(error__contains=" ").update(error="")


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="grantfile", name="task_id", field=models.CharField(blank=True, max_length=64)
        ),
        migrations.RunPython(blank_class_names, migrations.RunPython.noop),
    ]
