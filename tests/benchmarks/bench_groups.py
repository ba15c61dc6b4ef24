"""Occupation-group benchmarks. Prints figures; run through `make bench` on SQLite and PostgreSQL.

1. The groups list as a provincial officer sees it, with BENCH_GROUPS groups in scope, each with members, a
   committee, rules, a year of meetings, work and ledger entries: time and query count, unfiltered and
   filtered by readiness level (the six checks are computed in the database for every group in scope).
2. One group's page, and its year statement with a year of daily work for 20 members.
No speed goal is set for these; the figures show where the limits are.
"""

import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
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
from django.utils import timezone  # noqa: E402

GROUPS = int(os.environ.get("BENCH_GROUPS", 3_000))
MEMBERS = 8


def build():
    from kit.imports.bulk import fast_insert
    from registry.models import Occupation, Office, OfficeKind, Person, User, Village
    from tests import areas
    from tests.benchmarks.data import national_id

    subs = [areas.sub_district(code) for code in ("460105", "460119")]
    office = Office.objects.create(
        code="BENCH",
        name="อบต.ทดสอบความเร็ว",
        kind=OfficeKind.TAO,
        province=subs[0].province,
        district=subs[0].district,
    )
    office.sub_districts.set(subs)
    province_office = Office.objects.create(
        code="BENCH46", name="สำนักงานพัฒนาชุมชนจังหวัด", kind="province_cd", province=subs[0].province
    )
    villages = [
        Village.objects.create(sub_district=sub, number=n, name=f"บ้านทดสอบ{n}")
        for sub in subs
        for n in range(1, 11)
    ]
    tao = User.objects.create(username="bench_tao", role="tao_staff", office=office)
    province = User.objects.create(username="bench_province", role="province_officer", office=province_office)
    occupation = Occupation.objects.create(name="ทอผ้าทดสอบ", category="textile")
    people = []
    for i in range(GROUPS * MEMBERS):
        village = villages[i % len(villages)]
        person = Person(
            title="mrs",
            first_name=f"สมาชิก{i}",
            last_name="ทดสอบ",
            national_id=national_id(800000000 + i, 5),
            sex="f",
            house_number=str(i % 300),
            village=village,
        )
        person.sub_district_id, person.district_id, person.province_id = (
            village.sub_district_id,
            village.district_id,
            village.province_id,
        )
        people.append(person)
    fast_insert(Person, people)
    return (
        office,
        tao,
        province,
        villages,
        occupation,
        list(Person.objects.order_by("pk").values_list("pk", flat=True)),
    )


def fill_groups(office, tao, villages, occupation, person_ids):
    """Groups as a province would have them after a year, bulk-inserted as a migration would load them."""
    from groups.models import CommitteeSeat, Group, LedgerEntry, Meeting, Membership, RuleVersion, WorkEntry

    today = timezone.localdate()
    founded = today - datetime.timedelta(days=500)
    groups = []
    for i in range(GROUPS):
        village = villages[i % len(villages)]
        group = Group(
            office=office,
            name=f"กลุ่มทดสอบ {i}",
            occupation=occupation,
            village=village,
            founded_on=founded,
            status="active",
        )
        group.sub_district_id, group.district_id, group.province_id = (
            village.sub_district_id,
            village.district_id,
            village.province_id,
        )
        groups.append(group)
    Group.objects.bulk_create(groups, batch_size=2000)
    groups = list(Group.objects.order_by("pk"))
    Membership.objects.bulk_create(
        [
            Membership(group=g, person_id=person_ids[i * MEMBERS + m], joined_on=founded, founder=True)
            for i, g in enumerate(groups)
            for m in range(MEMBERS)
        ],
        batch_size=5000,
    )
    members = {}
    for m in Membership.objects.order_by("pk").values("pk", "group_id"):
        members.setdefault(m["group_id"], []).append(m["pk"])
    meetings = [
        Meeting(group=g, date=today - datetime.timedelta(days=30 * k + 5), held=True, resolutions="มติ")
        for g in groups
        for k in range(12 if g.pk % 3 else 2)
    ]
    Meeting.objects.bulk_create(meetings, batch_size=5000)
    first_meeting = {
        row["group_id"]: row["pk"] for row in Meeting.objects.order_by("-pk").values("group_id", "pk")
    }
    roles = ("president", "treasurer", "accounting")
    CommitteeSeat.objects.bulk_create(
        [
            CommitteeSeat(group=g, membership_id=members[g.pk][n], role=role, starts_on=founded)
            for g in groups
            for n, role in enumerate(roles[: 3 if g.pk % 2 else 2])
        ],
        batch_size=5000,
    )
    RuleVersion.objects.bulk_create(
        [
            RuleVersion(
                group=g,
                version=1,
                adopted_at_id=first_meeting[g.pk],
                effective_from=founded,
                text="กติกา",
                dividend_pct=60,
                reserve_pct=20,
                welfare_pct=10,
                committee_pct=5,
                other_pct=5,
            )
            for g in groups
            if g.pk % 4
        ],
        batch_size=5000,
    )
    WorkEntry.objects.bulk_create(
        [
            WorkEntry(
                group=g,
                membership_id=members[g.pk][k % MEMBERS],
                date=today - datetime.timedelta(days=7 * k + 1),
                units=Decimal(4),
                recorded_by=tao,
            )
            for g in groups
            for k in range(20)
        ],
        batch_size=5000,
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                group=g,
                date=today - datetime.timedelta(days=15 * k + 1),
                kind="income" if k % 2 else "expense",
                category="sales" if k % 2 else "materials",
                amount=Decimal(1000 + k),
                description="รายการ",
                recorded_by=tao,
            )
            for g in groups
            for k in range(24)
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return groups


def timed(client, url, runs=10):
    client.get(url)  # warm up
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(ctx)


def level_filter_both_ways(user, level="B", runs=10):
    """The readiness-filtered page of 25 the plain way (Paginator over the annotated list: a COUNT over every
    group's subqueries, then the page with the score in WHERE and SELECT) and the way the list page reads it
    (group_list_page: the pks with the score in WHERE once, then the page's 25 rows), side by side."""
    from django.core.paginator import Paginator

    from groups.selectors import group_list, group_list_page, group_rows

    today = timezone.localdate()

    def plain():
        page = Paginator(group_rows(queryset=group_list(user, today), level=level), 25).get_page(1)
        return [g.pk for g in page]

    def two_step():
        page = group_list_page(
            rows=group_rows(queryset=group_list(user, today), level=level), today=today, number=1
        )
        return [g.pk for g in page.object_list]

    figures = []
    for way in (plain, two_step):
        way()
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                pks = way()
                timings.append((time.perf_counter() - start) * 1000)
        figures.append((statistics.median(timings), len(ctx), pks))
    assert figures[0][2] == figures[1][2], "the two ways give different groups"
    return figures


def big_year(group, tao):
    """A year of daily work for 20 members and daily sales: the year statement's worst case."""
    from groups.models import LedgerEntry, Membership, WorkEntry
    from groups.selectors import year_statement

    year = group.year_of(timezone.localdate()) - 1
    starts, ends = group.year_bounds(year)
    extra = Membership.objects.filter(group=group).values_list("pk", flat=True)
    days = [starts + datetime.timedelta(days=d) for d in range((ends - starts).days + 1)]
    WorkEntry.objects.bulk_create(
        [
            WorkEntry(group=group, membership_id=m, date=d, units=Decimal(3), recorded_by=tao)
            for d in days
            for m in extra
        ],
        batch_size=5000,
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                group=group,
                date=d,
                kind="income",
                category="sales",
                amount=Decimal(250),
                description="ขาย",
                recorded_by=tao,
            )
            for d in days
        ]
    )
    timings = []
    for _ in range(10):
        start = time.perf_counter()
        statement = year_statement(group=group, year=year)
        timings.append((time.perf_counter() - start) * 1000)
    assert statement.total_amount == statement.pool
    return statistics.median(timings), len(days) * len(extra)


def main():
    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"Database: {connection.vendor}")
        office, tao, province, villages, occupation, person_ids = build()
        groups = fill_groups(office, tao, villages, occupation, person_ids)
        client = Client()
        client.force_login(province)
        ms, queries = timed(client, "/groups/")
        print(
            f"  groups list, {GROUPS:,} groups in scope (provincial officer), 25 rows: "
            f"median {ms:.0f} ms, {queries} queries"
        )
        ms, queries = timed(client, "/groups/?level=B")
        print(f"  groups list filtered by readiness level: median {ms:.0f} ms, {queries} queries")
        (plain_ms, plain_q, _), (pks_ms, pks_q, _) = level_filter_both_ways(province)
        print(
            "  readiness-filtered page of 25, selectors only: "
            f"plain (COUNT + page) {plain_ms:.0f} ms, {plain_q} queries;"
            f" the list's (pks + page) {pks_ms:.0f} ms, {pks_q} queries"
        )
        client.force_login(tao)
        ms, queries = timed(client, f"/groups/{groups[1].pk}/")
        print(f"  one group's page: median {ms:.0f} ms, {queries} queries")
        ms, entries = big_year(groups[1], tao)
        print(f"  year statement with {entries:,} work entries: median {ms:.0f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
