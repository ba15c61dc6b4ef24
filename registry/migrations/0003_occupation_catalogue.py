"""The starting occupation catalogue (admins edit it afterwards)."""

from django.db import migrations

from registry.catalogue import ensure_catalogue


def load(apps, schema_editor):
    ensure_catalogue(apps.get_model("registry", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_registers")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
