"""A failed batch's `error` is now shown to the officer: the exception class names stored before (e.g.
"OSError") are blanked, so the page shows its general message instead."""

from django.db import migrations


def blank_class_names(apps, schema_editor):
    batches = apps.get_model("training", "CertificateBatch").objects
    batches.filter(status="failed").exclude(error__contains=" ").update(error="")


class Migration(migrations.Migration):
    dependencies = [("training", "0003_certificate_batches")]

    operations = [migrations.RunPython(blank_class_names, migrations.RunPython.noop)]
