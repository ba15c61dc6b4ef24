"""Why register imports do not use django-import-export's resources (docs/benchmarks.md): the same
10,000-people xlsx imported by a django-import-export `ModelResource` (preview by dry run, then the import, as
its admin does) and by our own importer (check, then commit). Both validate every row and resolve the village;
both write everything or nothing. Run on SQLite and PostgreSQL:

    DJANGO_DEBUG=false .venv/bin/python tests/benchmarks/bench_import_export.py
    DJANGO_DEBUG=false tests/with_postgres.sh .venv/bin/python tests/benchmarks/bench_import_export.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 10_000))


def person_resource(villages, *, bulk=False):
    """A ModelResource as one would write it for the people template: Thai headers, the same mappings."""
    from import_export import fields, resources

    from kit.imports import cells
    from registry.imports.people import SEXES, TITLES
    from registry.models import Person

    by_code = {(v.sub_district_id, v.number): v for v in villages}

    class PersonResource(resources.ModelResource):
        national_id = fields.Field(attribute="national_id", column_name="เลขประจำตัวประชาชน")
        title = fields.Field(attribute="title", column_name="คำนำหน้า")
        first_name = fields.Field(attribute="first_name", column_name="ชื่อ")
        last_name = fields.Field(attribute="last_name", column_name="นามสกุล")
        sex = fields.Field(attribute="sex", column_name="เพศ")
        birth_date = fields.Field(attribute="birth_date", column_name="วันเกิด")
        phone = fields.Field(attribute="phone", column_name="โทรศัพท์")
        house_number = fields.Field(attribute="house_number", column_name="บ้านเลขที่")
        village = fields.Field(attribute="village", column_name="village")

        class Meta:
            model = Person
            import_id_fields = ("national_id",)
            fields = (
                "national_id",
                "title",
                "first_name",
                "last_name",
                "sex",
                "birth_date",
                "phone",
                "house_number",
                "village",
            )
            clean_model_instances = True  # full_clean(): the ID checksum, choices, lengths, uniqueness
            skip_unchanged = True
            use_transactions = True  # all or nothing, like ours
            use_bulk = bulk  # bulk_create / bulk_update in batches instead of save() per row
            batch_size = 2000

        def before_import_row(self, row, **kwargs):
            row["คำนำหน้า"] = TITLES[str(row["คำนำหน้า"]).strip().lower()]
            row["เพศ"] = SEXES[str(row["เพศ"]).strip().lower()]
            row["วันเกิด"] = cells.date(row["วันเกิด"])
            row["เลขประจำตัวประชาชน"] = cells.national_id(row["เลขประจำตัวประชาชน"])
            row["village"] = by_code[(str(row["รหัสตำบล"]), int(row["หมู่ที่"]))]

        def before_save_instance(self, instance, row, **kwargs):
            instance.set_areas()  # bulk_create does not call save(), which sets them

    return PersonResource()


def bench_resource(data, villages, *, bulk=False):
    from import_export.formats.base_formats import XLSX

    from registry.models import Person

    resource = person_resource(villages, bulk=bulk)
    start = time.perf_counter()
    dataset = XLSX().create_dataset(data)
    preview = resource.import_data(dataset, dry_run=True, raise_errors=False)
    checked = time.perf_counter()
    assert not preview.has_errors() and not preview.has_validation_errors(), (
        preview.invalid_rows[:3],
        [(e.error, e.traceback[-600:]) for e in preview.base_errors[:2]],
        [e for _n, errs in preview.row_errors()[:2] for e in errs][:2]
        and [e.traceback[-600:] for _n, errs in preview.row_errors()[:2] for e in errs][:2],
    )
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    done = time.perf_counter()
    assert result.totals["new"] == ROWS and Person.objects.count() == ROWS
    return checked - start, done - checked


def bench_ours(data, office, user):
    from registry.models import Person
    from registry.services.imports import import_check, import_commit

    start = time.perf_counter()
    batch = import_check(user=user, office=office, kind="people", data=data, file_name="bench.xlsx")
    checked = time.perf_counter()
    assert batch.status == "previewed", batch.errors[:5]
    import_commit(user=user, batch=batch)
    done = time.perf_counter()
    assert Person.objects.count() == ROWS
    return checked - start, done - checked


def main():
    from registry.models import AuditEntry, ImportBatch, Person
    from tests.benchmarks.bench_registers import build_office
    from tests.benchmarks.data import PEOPLE_HEADERS, people_rows, xlsx_bytes

    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"Database: {connection.vendor}; {ROWS:,} people from one xlsx, preview then import")
        office, user, villages = build_office()
        data = xlsx_bytes(
            PEOPLE_HEADERS, people_rows(ROWS, [(v.number, v.sub_district_id) for v in villages])
        )
        figures = {}
        for name, run in (
            ("django-import-export ModelResource", lambda: bench_resource(data, villages)),
            (
                "django-import-export ModelResource, use_bulk",
                lambda: bench_resource(data, villages, bulk=True),
            ),
            ("ours (registry.imports)", lambda: bench_ours(data, office, user)),
        ):
            check, commit = run()
            figures[name] = check + commit
            print(
                f"  {name}: preview {check:.1f} s + import {commit:.1f} s = {check + commit:.1f} s "
                f"({ROWS / (check + commit):,.0f} rows/s)"
            )
            AuditEntry.objects.all().delete()
            ImportBatch.objects.all().delete()
            Person.objects.all().delete()
        theirs, theirs_bulk, ours = figures.values()
        print(
            f"  ours is {theirs / ours:.0f}× faster than the plain resource, "
            f"{theirs_bulk / ours:.0f}× than use_bulk"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
