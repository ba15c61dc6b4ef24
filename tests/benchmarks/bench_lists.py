"""The lists a provincial officer opens at national scale. Prints figures; run through `make bench` on
SQLite and PostgreSQL.

A province (Kalasin, 46) and the rest of the country (rows in Khon Kaen, 40, padding every table and index the
way the other 76 provinces would). As the provincial officer of Kalasin, median of 8, at 25 and at 100 rows a
page: people (newest first, and by name), trainings, groups filtered by readiness level (the six checks,
computed in the database), grant requests. BENCH_LISTS_EXPLAIN=1 also prints each list's slowest queries with
their plans.

Each figure is printed beside a baseline measured in the same run: the same page for the same officer when the
province and the country had a tenth of the rows. The query count is pinned: a page needs exactly as many
queries at 25 rows as at 100, and with a tenth of the rows as with all of them (the run fails when it does
not).

Scale (defaults; BENCH_LISTS_SCALE=0.1 for a quick run): in the province 20,000 people, 2,000 trainings with
10 trainees each, 3,000 groups with members, committee, rules, meetings and activities, 2,000 grant requests;
in the rest of the country ten times as many people, trainings and requests, and nine times as many groups
with the same members, meetings and committees (the country's 30,000). A country has ~13,000 people per
province on average (1,000,000 / 77); 20,000 is a large province.
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tests.benchmarks.bench_grants import timed  # noqa: E402  (median ms and queries of a page)
from tests.benchmarks.lists_data import TRAINEES, Area, add_groups, add_people, add_requests, add_trainings  # noqa: E402

SCALE = float(os.environ.get("BENCH_LISTS_SCALE", "1"))
PEOPLE = int(20_000 * SCALE)
TRAININGS = int(2_000 * SCALE)
GROUPS = int(3_000 * SCALE)
REQUESTS = int(2_000 * SCALE)
OUTSIDE = 10  # the rest of the country: this many times the province's rows (groups: nine times)
PAGES = (25, 100)


def fill(province, country, share, user, occupation):
    """Add `share` of every count to the province and to the rest of the country."""
    for area, times, first_digit in ((province, 1, 3), (country, OUTSIDE, 5)):
        add_people(area, int(PEOPLE * times * share), first_digit)
        add_trainings(area, int(TRAININGS * times * share), user, occupation)
        add_groups(area, int(GROUPS * (times - (area is country)) * share), user, occupation, children=True)
        add_requests(area, int(REQUESTS * times * share), user)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


LISTS = (
    ("people", "/registry/people/?per_page={n}"),
    ("people by name", "/registry/people/?sort=name&per_page={n}"),
    ("trainings", "/training/?per_page={n}"),
    ("groups, readiness B", "/groups/?level=B&per_page={n}"),
    ("groups, readiness A", "/groups/?level=A&per_page={n}"),
    ("grant requests", "/grants/?per_page={n}"),
)


def measure(client):
    return {(name, n): timed(client, url.format(n=n)) for name, url in LISTS for n in PAGES}


def explain(client):
    """Each list's queries by the time the database took, the slowest two with their plans
    (BENCH_LISTS_EXPLAIN=1)."""
    for name, url in LISTS:
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            client.get(url.format(n=PAGES[-1]))
            total = (time.perf_counter() - start) * 1000
        queries = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
        print(
            f"\n== {name}: {total:.0f} ms, {len(queries)} queries, "
            f"{sum(float(q['time']) for q in queries) * 1000:.0f} ms in the database"
        )
        for query in queries[:2]:
            print(f"  {float(query['time']) * 1000:.0f} ms: {query['sql'][:300]}")
            if connection.vendor == "postgresql" and query["sql"].lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                    print("    " + "\n    ".join(row[0] for row in cursor.fetchall()[:25]))


def main():
    from registry.models import Occupation, Office, OfficeKind, User

    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failures = []
    try:
        print(f"Database: {connection.vendor}")
        import geothai

        kalasin = sorted(str(s.code) for d in geothai.districts("46") for s in geothai.subdistricts(d.code))[
            :40
        ]
        khonkaen = sorted(str(s.code) for d in geothai.districts("40") for s in geothai.subdistricts(d.code))[
            :40
        ]
        province, country = Area(kalasin, "46"), Area(khonkaen, "40")
        office = Office.objects.create(
            code="LP46",
            name="สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์",
            kind=OfficeKind.PROVINCE_CD,
            province=province.subs[0].province,
        )
        officer = User.objects.create(username="bench_province", role="province_officer", office=office)
        staff = User.objects.create(username="bench_tao", role="tao_staff", office=province.offices[0])
        occupation = Occupation.objects.create(name="ทอผ้าทดสอบ", category="textile")
        client = Client()
        client.force_login(officer)
        fill(province, country, 0.1, staff, occupation)
        baseline = measure(client)
        start = time.perf_counter()
        fill(province, country, 0.9, staff, occupation)
        print(
            f"  in the province: {province.people:,} people, {province.trainings:,} trainings "
            f"({province.trainings * TRAINEES:,} trainees), {province.groups:,} groups, "
            f"{province.requests:,} grant requests; ten times as many in the rest of the country "
            f"({country.groups + province.groups:,} groups); "
            f"{time.perf_counter() - start:.0f} s to add the last nine tenths"
        )
        figures = measure(client)
        print("  as the provincial officer, median of 8; baseline: the same page with a tenth of the rows")
        print(f"  {'list':<22} {'rows':>5} {'baseline (a tenth)':>24} {'national scale':>24}")
        for name, _url in LISTS:
            for n in PAGES:
                (base_ms, base_q), (ms, queries) = baseline[(name, n)], figures[(name, n)]
                print(
                    f"  {name:<22} {n:>5} {base_ms:>11.0f} ms {base_q:>3} queries "
                    f"{ms:>11.0f} ms {queries:>3} queries"
                )
                if queries != base_q:
                    failures.append(
                        f"{name} ({n} rows): {queries} queries at national scale against {base_q}"
                    )
                if queries != figures[(name, PAGES[0])][1]:
                    failures.append(
                        f"{name}: {queries} queries at {n} rows a page against "
                        f"{figures[(name, PAGES[0])][1]} at {PAGES[0]}"
                    )
        if os.environ.get("BENCH_LISTS_EXPLAIN"):
            explain(client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if failures:
        print("The query count is pinned, and it changed:\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
