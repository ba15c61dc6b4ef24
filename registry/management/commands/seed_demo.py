from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from registry.demo import DEMO_PASSWORD, USERS
from registry.models import Province
from reports.services.snapshots import mark_changed


class Command(BaseCommand):
    help = (
        "Build a believable demo province (Kalasin) with offices, villages and one user per role. Debug only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print only the demo logins.")

    def handle(self, *args, quiet=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo ทำงานเฉพาะเมื่อ DJANGO_DEBUG=true (demo data never goes into production)."
            )
        if not Province.objects.filter(code="46").exists():
            raise CommandError("ยังไม่มีข้อมูลเขตการปกครอง: run `python manage.py load_areas` first.")
        log = (lambda message: None) if quiet else self.stdout.write
        translation.activate("th")
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.path.startswith(str(settings.BASE_DIR)) and find_spec(module_name):
                import_module(module_name).seed(log=log)
        mark_changed()  # the dashboard's stored figures (reports/services/snapshots.py)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for user in USERS:
            office = f" · {user.office_code}" if user.office_code else ""
            self.stdout.write(
                f"  {user.username:<15} {DEMO_PASSWORD}   {user.role}{office}  "
                f"{user.first_name} {user.last_name}"
            )
