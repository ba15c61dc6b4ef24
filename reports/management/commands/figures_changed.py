from django.core.management.base import BaseCommand

from reports.services.snapshots import mark_changed


class Command(BaseCommand):
    help = (
        "Mark the dashboard's stored figures out of date after data was written outside the application "
        "(a shell, raw SQL, a restore): the next pages compute them live and the worker refreshes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default="", help="a province code (default: every province)")

    def handle(self, *args, province, **options):
        mark_changed(province[:2])
        self.stdout.write(self.style.SUCCESS("Stored dashboard figures marked out of date."))
