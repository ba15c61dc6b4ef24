from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from registry.imports.registry import importers
from registry.models import ImportStatus, Office
from registry.services.imports import ROW_AT, import_check, import_commit


class Command(BaseCommand):
    help = (
        "Import a register from an xlsx or csv file for one office, all rows or none. "
        "Prints every row error and exits non-zero when there is any, having written nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(importers()), help="Which register.")
        parser.add_argument("file", help="Path of the .xlsx or .csv file.")
        parser.add_argument("--office", required=True, help="The office's code (Office.code).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file only; write nothing.")

    def handle(self, *args, **options):
        # The officers who read this output read Thai, whatever the shell's or the caller's language: every
        # message, including those made by the import machinery, is written in Thai.
        with translation.override("th"):
            return self.run(*args, **options)

    def run(self, kind, file, office, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        try:
            office_obj = Office.objects.get(code=office)
        except Office.DoesNotExist as exc:
            raise CommandError(_("No office has the code %(code)s.") % {"code": office}) from exc
        if not office_obj.is_local:
            raise CommandError(
                _("%(office)s is not a local government office: registers belong to a TAO or a municipality.")
                % {"office": office_obj}
            )
        batch = import_check(
            user=None, office=office_obj, kind=kind, data=path.read_bytes(), file_name=path.name
        )
        for warning in batch.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if batch.status == ImportStatus.REJECTED:
            for error in batch.errors:
                where = ROW_AT % {"row": error["row"]} if error["row"] else _("whole file")
                column = f" [{error['column']}]" if error["column"] else ""
                self.stderr.write(f"{where}{column}: {error['message']}")
            raise CommandError(_("%(count)s errors: nothing was imported.") % {"count": len(batch.errors)})
        self.stdout.write(
            _("%(rows)s rows are correct: %(created)s new, %(updated)s to update, %(unchanged)s unchanged.")
            % {
                "rows": batch.row_count,
                "created": batch.created_count,
                "updated": batch.updated_count,
                "unchanged": batch.unchanged_count,
            }
        )
        if dry_run:
            batch.delete()  # a dry run leaves no trace, not even the checked rows
            self.stdout.write(self.style.SUCCESS(_("--dry-run: checked; nothing was saved.")))
            return
        try:
            batch = import_commit(user=None, batch=batch)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged "
                    "(import no. %(batch)s)."
                )
                % {
                    "created": batch.created_count,
                    "updated": batch.updated_count,
                    "unchanged": batch.unchanged_count,
                    "batch": batch.pk,
                }
            )
        )
