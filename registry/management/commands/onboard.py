from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from registry.services.imports import ROW_AT
from registry.services.onboarding import onboard

SHEET_LABELS = {"offices": "สำนักงาน", "villages": "หมู่บ้าน", "users": "ผู้ใช้"}


class Command(BaseCommand):
    help = (
        "Set up a province from one workbook: its offices, villages and users (sheets สำนักงาน, หมู่บ้าน, "
        "ผู้ใช้). The whole file is checked first; every problem is printed with its sheet, row and column and "
        "nothing is written, else all of it is written in one transaction. Running it again with the same "
        "file changes nothing. New users get no usable password."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The set-up workbook (.xlsx), or the official village list alone.")
        parser.add_argument(
            "--province", help="The 2-digit province code; by default, the province the file's codes are in."
        )
        parser.add_argument(
            "--villages",
            help="The official village list (รหัสหมู่บ้าน, หมู่ที่, ชื่อหมู่บ้าน) as a file of its own (.xlsx/.csv).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file only; write nothing.")

    def handle(self, *args, **options):
        # The administrators who read this output read Thai, whatever the shell's language.
        with translation.override("th"):
            return self.run(**options)

    def run(self, file, province=None, villages=None, dry_run=False, **options):
        data = self.read(file)
        village_file = (self.read(villages), Path(villages).name) if villages else None
        result = onboard(
            user=None,
            province_code=province,
            data=data,
            file_name=Path(file).name,
            villages=village_file,
            commit=not dry_run,
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(str(warning)))
        if result.errors:
            for error in result.errors:
                where = ROW_AT % {"row": error["row"]} if error["row"] else _("whole file")
                sheet = f"{error['sheet']} " if error["sheet"] else ""
                column = f" [{error['column']}]" if error["column"] else ""
                self.stderr.write(f"{sheet}{where}{column}: {error['message']}")
            raise CommandError(_("%(count)s errors: nothing was written.") % {"count": len(result.errors)})
        self.stdout.write(
            _("Province %(province)s") % {"province": f"{result.province.code} {result.province}"}
        )
        for key, counts in result.counts.items():
            self.stdout.write(
                _("%(sheet)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged")
                % {"sheet": SHEET_LABELS[key], **counts}
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS(_("--dry-run: checked; nothing was saved.")))
            return
        if not result.changes:
            self.stdout.write(self.style.SUCCESS(_("Nothing to change: the system already holds this file.")))
            return
        if result.new_users:
            self.stdout.write(
                _("New users, without a password until they use their sign-in code (%(count)s):")
                % {"count": len(result.new_users)}
            )
            for user in result.new_users:
                self.stdout.write(f"  {user['username']}\t{user['name']}\t{user['office']}")
        self.stdout.write(self.style.SUCCESS(_("Written.")))

    def read(self, file):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        return path.read_bytes()
