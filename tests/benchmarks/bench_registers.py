"""Register benchmarks. Prints figures; run through `make bench` on SQLite and PostgreSQL.

1. Rows per second importing 10,000 people from xlsx, full validation, preview and commit together.
2. The people list page with 100,000 people in scope: time and query count at 25 and 100 rows a page.
"""

import os
import statistics
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 10_000))
LIST_PEOPLE = int(os.environ.get("BENCH_LIST_PEOPLE", 100_000))


def build_office():
    from registry.models import Office, OfficeKind, User, Village
    from tests import areas

    subs = [areas.sub_district(code) for code in ("460105", "460119")]
    office = Office.objects.create(
        code="BENCH",
        name="อบต.ทดสอบความเร็ว",
        kind=OfficeKind.TAO,
        province=subs[0].province,
        district=subs[0].district,
    )
    office.sub_districts.set(subs)
    villages = [
        Village.objects.create(sub_district=sub, number=n, name=f"บ้านทดสอบ{n}")
        for sub in subs
        for n in range(1, 11)
    ]
    user = User.objects.create(username="bench", role="tao_staff", office=office)
    return office, user, villages


def bench_import(office, user, villages):
    from registry.models import Person
    from registry.services.imports import import_check, import_commit
    from tests.benchmarks.data import PEOPLE_HEADERS, people_rows, xlsx_bytes

    data = xlsx_bytes(
        PEOPLE_HEADERS, people_rows(IMPORT_ROWS, [(v.number, v.sub_district_id) for v in villages])
    )
    start = time.perf_counter()
    batch = import_check(user=user, office=office, kind="people", data=data, file_name="bench.xlsx")
    checked = time.perf_counter()
    assert batch.status == "previewed", batch.errors[:5]
    batch = import_commit(user=user, batch=batch)
    done = time.perf_counter()
    assert Person.objects.count() == IMPORT_ROWS
    total = done - start
    print(
        f"  import {IMPORT_ROWS:,} people from xlsx: {IMPORT_ROWS / total:,.0f} rows/s "
        f"(check {checked - start:.2f} s + commit {done - checked:.2f} s = {total:.2f} s)"
    )
    return IMPORT_ROWS / total


def fill_people(villages, count):
    from kit.imports.bulk import fast_insert
    from registry.models import Person
    from tests.benchmarks.data import FIRST, LAST, national_id

    existing = Person.objects.count()
    batch = []
    for i in range(existing, count):
        village = villages[i % len(villages)]
        person = Person(
            title="mr",
            first_name=FIRST[i % len(FIRST)],
            last_name=LAST[(i // 7) % len(LAST)],
            national_id=national_id(900000000 + i, 5),
            sex="m",
            house_number=str(i % 300),
            village=village,
        )
        person.sub_district_id, person.district_id, person.province_id = (
            village.sub_district_id,
            village.district_id,
            village.province_id,
        )
        batch.append(person)
        if len(batch) == 20_000:
            fast_insert(Person, batch)
            batch = []
    fast_insert(Person, batch)
    if connection.vendor == "postgresql":
        # What autovacuum does to a real table: statistics, and the visibility map for index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE registry_person")


def bench_list(user):
    client = Client()
    client.force_login(user)
    results = {}
    for per_page in (25, 100):
        url = f"/registry/people/?per_page={per_page}"
        client.get(url)  # warm up
        timings = []
        for _ in range(15):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        results[per_page] = (statistics.median(timings), len(ctx))
        print(
            f"  people list, {LIST_PEOPLE:,} in scope, {per_page} rows/page: "
            f"median {statistics.median(timings):.0f} ms, {len(ctx)} queries"
        )
    sorted_url = "/registry/people/?per_page=25&sort=-name&page=3"
    start = time.perf_counter()
    client.get(sorted_url)
    print(f"  people list sorted by name, page 3: {(time.perf_counter() - start) * 1000:.0f} ms")
    return results


def main():
    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"Database: {connection.vendor}")
        office, user, villages = build_office()
        rate = bench_import(office, user, villages)
        fill_people(villages, LIST_PEOPLE)
        lists = bench_list(user)
        goal_import = 3000 if connection.vendor == "sqlite" else 2000
        print(
            f"  goals: import ≥ {goal_import:,} rows/s → {'met' if rate >= goal_import else 'NOT met'}; "
            f"list (default 25 rows) ≤ 150 ms → {'met' if lists[25][0] <= 150 else 'NOT met'}"
            f" (100 rows: {lists[100][0]:.0f} ms); "
            f"same queries at 25 and 100 → {'yes' if lists[25][1] == lists[100][1] else 'NO'}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
