from django.core.management.base import BaseCommand

from registry.services.areas import areas_load
from reports.services.snapshots import mark_changed


class Command(BaseCommand):
    help = (
        "Load every Thai province, district and sub-district (DOPA codes, Thai and English names, "
        "postal codes, abolished codes) from the offline geothai package. Safe to run again."
    )

    def handle(self, *args, **options):
        result = areas_load()
        for name in ("province", "district", "subdistrict"):
            self.stdout.write(
                f"{name}: {result.current[name]} current, {result.abolished[name]} abolished "
                f"(created {result.created[name]}, updated {result.updated[name]})"
            )
        if result.changed:
            mark_changed()  # the dashboard's stored figures (reports/services/snapshots.py)
        self.stdout.write(
            self.style.SUCCESS("Areas loaded." if result.changed else "Areas already up to date.")
        )
