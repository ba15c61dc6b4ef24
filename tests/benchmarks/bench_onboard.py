"""Setting up a whole province from one workbook (docs/onboarding.md): 169 offices, 1,500 villages and 500
users of Kalasin, checked, written, then the same file again (everything unchanged) and a later file with 10%
more rows.
Run on SQLite and PostgreSQL:

    DJANGO_DEBUG=false .venv/bin/python tests/benchmarks/bench_onboard.py
    DJANGO_DEBUG=false tests/with_postgres.sh .venv/bin/python tests/benchmarks/bench_onboard.py
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
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PROVINCE = os.environ.get("BENCH_ONBOARD_PROVINCE", "46")


def timed(function):
    reset_queries()
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start, len(connection.queries)


def run(data, *, commit):
    from registry.imports.onboard import ProvinceWorkbook

    setup = ProvinceWorkbook(province_code=PROVINCE)
    setup.read(data, "setup.xlsx")
    return setup.write() if commit else setup.check()


def line(label, result, seconds, queries):
    assert result.ok, result.errors[:5]
    counts = ", ".join(
        f"{key} {c['created']} new/{c['updated']} updated/{c['unchanged']} unchanged"
        for key, c in result.counts.items()
    )
    print(f"  {label}: {seconds:.2f} s, {queries} queries ({counts})")


def main():
    from registry.imports.onboard_template import onboard_template_xlsx
    from registry.models import Office, Province, User, Village
    from registry.services.areas import areas_load
    from tests.benchmarks.onboard_data import province_workbook

    setup_test_environment()
    settings.DEBUG = True  # to count the queries
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        areas_load()
        data = province_workbook(PROVINCE)
        more = province_workbook(PROVINCE, local_offices=165, villages=1650, users=550)
        print(
            f"Database: {connection.vendor}; province {PROVINCE}: 169 offices, 1,500 villages, 500 users "
            f"in one workbook ({len(data) / 1024:.0f} KB)"
        )
        total = 0.0
        for label, file, commit in (
            ("check (preview)", data, False),
            ("write (checked again inside the transaction)", data, True),
            ("the same file again: check", data, False),
            ("the same file again: write", data, True),
            ("a later file with 10% more rows: write", more, True),
        ):
            result, seconds, queries = timed(lambda file=file, commit=commit: run(file, commit=commit))
            line(label, result, seconds, queries)
            if label.startswith(("check (preview)", "write (")):
                total += seconds
        print(f"  first import, check + write: {total:.2f} s")
        print(
            f"  stored: {Office.objects.filter(province=PROVINCE).count()} offices, "
            f"{Village.objects.filter(province=PROVINCE).count()} villages, "
            f"{User.objects.filter(office__province=PROVINCE).count()} users"
        )
        _template, seconds, queries = timed(
            lambda: onboard_template_xlsx(Province.objects.get(code=PROVINCE))
        )
        print(
            f"  the province's workbook, downloaded with what is stored: {seconds:.2f} s, {queries} queries"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
