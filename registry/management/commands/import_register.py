from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from registry.imports.registry import importers
from registry.models import ImportStatus, Office
from registry.services.imports import import_check, import_commit


class Command(BaseCommand):
    help = ("Import a register from an xlsx or csv file for one office, all rows or none. "
            "Prints every row error and exits non-zero when there is any, having written nothing.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(importers()), help="Which register.")
        parser.add_argument("file", help="Path of the .xlsx or .csv file.")
        parser.add_argument("--office", required=True, help="The office's code (Office.code).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file only; write nothing.")

    def handle(self, kind, file, office, dry_run=False, **options):
        translation.activate("th")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {file}")
        try:
            office_obj = Office.objects.get(code=office)
        except Office.DoesNotExist as exc:
            raise CommandError(f"ไม่พบหน่วยงานรหัส {office}") from exc
        if not office_obj.is_local:
            raise CommandError(f"{office_obj} ไม่ใช่องค์กรปกครองส่วนท้องถิ่น: registers belong to a TAO or municipality")
        batch = import_check(user=None, office=office_obj, kind=kind, data=path.read_bytes(), file_name=path.name)
        for warning in batch.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if batch.status == ImportStatus.REJECTED:
            for error in batch.errors:
                where = f"แถว {error['row']}" if error["row"] else "ไฟล์"
                column = f" [{error['column']}]" if error["column"] else ""
                self.stderr.write(f"{where}{column}: {error['message']}")
            raise CommandError(f"{len(batch.errors)} ข้อผิดพลาด: ไม่ได้นำเข้าข้อมูลใด ๆ (nothing was written)")
        self.stdout.write(f"{batch.row_count} แถวถูกต้อง: ใหม่ {batch.created_count}, ปรับปรุง {batch.updated_count}")
        if dry_run:
            batch.delete()  # a dry run leaves no trace, not even the checked rows
            self.stdout.write(self.style.SUCCESS("--dry-run: ตรวจสอบแล้ว ไม่ได้บันทึกข้อมูล (nothing was written)"))
            return
        try:
            batch = import_commit(user=None, batch=batch)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"นำเข้าแล้ว: สร้าง {batch.created_count}, ปรับปรุง {batch.updated_count} (import #{batch.pk})"))
