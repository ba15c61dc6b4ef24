"""The lists a provincial officer opens at national scale (issue 13). Prints figures; run through `make bench` on
SQLite and PostgreSQL.

A province (Kalasin, 46) and the rest of the country (rows in Khon Kaen, 40, padding every table and index the way
the other 76 provinces would). As the provincial officer of Kalasin, median of 8, at 25 and at 100 rows a page:
people, trainings, groups filtered by readiness level (the six checks, computed in the database), grant requests.

Each figure is printed beside a baseline measured in the same run: the same page for the same officer when the
province and the country had a tenth of the rows. The query count is pinned: a page needs exactly as many queries at
25 rows as at 100, and with a tenth of the rows as with all of them (the run fails when it does not).

Scale (defaults; BENCH_LISTS_SCALE=0.1 for a quick run): in the province 20,000 people, 2,000 trainings with 10
trainees each, 3,000 groups with members, committee, rules, meetings and activities, 2,000 grant requests; in the
rest of the country ten times as many people, trainings and requests, and nine times as many groups (the country's
30,000). A country has ~13,000 people per province on average (1,000,000 / 77); 20,000 is a large province.
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

SCALE = float(os.environ.get("BENCH_LISTS_SCALE", "1"))
PEOPLE = int(20_000 * SCALE)
TRAININGS = int(2_000 * SCALE)
TRAINEES = 10
GROUPS = int(3_000 * SCALE)
MEMBERS = 8
REQUESTS = int(2_000 * SCALE)
OUTSIDE = 10  # the rest of the country: this many times the province's rows (groups: nine times)
PAGES = (25, 100)


class Area:
    """One province's offices, villages and an occupation, and what has been put in it so far."""

    def __init__(self, sub_codes, code):
        from registry.models import Office, OfficeKind, Village
        from tests import areas

        self.subs = [areas.sub_district(c) for c in sub_codes]
        self.offices = []
        for n, sub in enumerate(self.subs):
            office = Office.objects.create(code=f"L{code}{n:03d}", name=f"อบต.{sub.name_th}", kind=OfficeKind.TAO,
                                           province=sub.province, district=sub.district)
            office.sub_districts.set([sub])
            self.offices.append(office)
        self.villages = [Village.objects.create(sub_district=sub, number=n, name=f"บ้าน{sub.name_th} {n}")
                         for sub in self.subs for n in range(1, 6)]
        self.people = self.trainings = self.groups = self.requests = 0

    def village(self, n):
        return self.villages[n % len(self.villages)]

    def office_of(self, village):
        return self.offices[self.subs.index(next(s for s in self.subs if s.pk == village.sub_district_id))]


def _areas_of(record, village):
    record.sub_district_id, record.district_id, record.province_id = (
        village.sub_district_id, village.district_id, village.province_id)
    return record


def add_people(area, count, first_digit):
    from kit.imports.bulk import fast_insert
    from registry.models import Person
    from tests.benchmarks.data import national_id

    start = area.people
    fast_insert(Person, [_areas_of(Person(
        title="mrs" if i % 2 else "mr", first_name=f"ชื่อ{i}", last_name=f"สกุล{i % 997}", sex="f" if i % 2 else "m",
        national_id=national_id(700000000 + i, first_digit), house_number=str(i % 300), village=area.village(i)),
        area.village(i)) for i in range(start, start + count)])
    area.people += count


def person_ids(area):
    from registry.models import Person

    return list(Person.objects.filter(sub_district__in=area.subs).order_by("pk").values_list("pk", flat=True))


def add_trainings(area, count, user, occupation):
    from training.models import Enrollment, Training

    today = timezone.localdate()
    start = area.trainings
    rows = []
    for i in range(start, start + count):
        village = area.village(i)
        begins = today - datetime.timedelta(days=i % 900)
        rows.append(_areas_of(Training(
            office=area.office_of(village), village=village, topic=f"อบรมอาชีพ {i}", occupation=occupation,
            step=1 + i % 10, start_date=begins, end_date=begins + datetime.timedelta(days=2),
            fiscal_year=2567 + i % 3), village))
    Training.objects.bulk_create(rows, batch_size=2000)
    trainings = list(Training.objects.filter(sub_district__in=area.subs).order_by("-pk")
                     .values_list("pk", flat=True)[:count])
    people = person_ids(area)
    Enrollment.objects.bulk_create([Enrollment(training_id=t, person_id=people[(n * TRAINEES + k) % len(people)])
                                    for n, t in enumerate(trainings) for k in range(TRAINEES)], batch_size=5000)
    area.trainings += count


def add_groups(area, count, user, occupation, children):
    """Groups as a province would have them after a year; with `children`, the members, committee, rules, meetings,
    activities and closed years the readiness checks read (the rest of the country's groups only pad the tables)."""
    from groups.models import Activity, CommitteeSeat, Group, GroupYear, Meeting, Membership, RuleVersion

    today = timezone.localdate()
    founded = today - datetime.timedelta(days=500)
    start = area.groups
    Group.objects.bulk_create([_areas_of(Group(
        office=area.office_of(area.village(i)), name=f"กลุ่มทดสอบ {i}", occupation=occupation, village=area.village(i),
        founded_on=founded, status="active" if i % 5 else "registered"), area.village(i))
        for i in range(start, start + count)], batch_size=2000)
    area.groups += count
    if not children:
        return
    groups = list(Group.objects.filter(sub_district__in=area.subs).order_by("-pk").values_list("pk", flat=True)[:count])
    people = person_ids(area)
    Membership.objects.bulk_create([Membership(group_id=g, person_id=people[(n * MEMBERS + m) % len(people)],
                                               joined_on=founded, founder=True)
                                    for n, g in enumerate(groups) for m in range(MEMBERS - g % 4)], batch_size=5000)
    members = {}
    for m in Membership.objects.filter(group__in=groups).order_by("pk").values("pk", "group_id"):
        members.setdefault(m["group_id"], []).append(m["pk"])
    Meeting.objects.bulk_create([Meeting(group_id=g, date=today - datetime.timedelta(days=30 * k + 5), held=True,
                                         resolutions="มติ") for g in groups for k in range(12 if g % 3 else 2)],
                                batch_size=5000)
    first_meeting = {row["group_id"]: row["pk"]
                     for row in Meeting.objects.filter(group__in=groups).order_by("-pk").values("group_id", "pk")}
    roles = ("president", "treasurer", "accounting")
    CommitteeSeat.objects.bulk_create([
        CommitteeSeat(group_id=g, membership_id=members[g][n], role=role, starts_on=founded)
        for g in groups for n, role in enumerate(roles[: 3 if g % 2 else 2])], batch_size=5000)
    RuleVersion.objects.bulk_create([
        RuleVersion(group_id=g, version=1, adopted_at_id=first_meeting[g], effective_from=founded, text="กติกา",
                    dividend_pct=60, reserve_pct=20, welfare_pct=10, committee_pct=5, other_pct=5)
        for g in groups if g % 4], batch_size=5000)
    Activity.objects.bulk_create([Activity(group_id=g, title="ผลิตสินค้า", decided_at_id=first_meeting[g],
                                           starts_on=today - datetime.timedelta(days=20))
                                  for g in groups if g % 5], batch_size=5000)
    rules = dict(RuleVersion.objects.filter(group__in=groups).values_list("group_id", "pk"))
    GroupYear.objects.bulk_create([GroupYear(group_id=g, year=today.year - 1, starts_on=today - datetime.timedelta(days=400),
                                             ends_on=today - datetime.timedelta(days=36), approved_at_id=first_meeting[g],
                                             rules_id=rules[g], income=Decimal(0), expense=Decimal(0), profit=Decimal(0),
                                             work_units=Decimal(0), closed_by=user)
                                   for g in groups if g % 7 and g in rules], batch_size=5000)


def add_requests(area, count, user):
    from grants.models import GrantRequest
    from groups.models import Group

    today = timezone.localdate()
    groups = list(Group.objects.filter(sub_district__in=area.subs).values("pk", "office_id", "village_id"))
    states = ["draft", "submitted", "review", "approved", "in_progress", "reporting", "closed", "rejected"]
    start = area.requests
    rows = []
    for n in range(start, start + count):
        group = groups[n % len(groups)]
        village = next(v for v in area.villages if v.pk == group["village_id"])
        ends = today - datetime.timedelta(days=(n % 200) - 60)
        rows.append(_areas_of(GrantRequest(
            number=f"{area.offices[0].code}-{n:06d}", office_id=group["office_id"], group_id=group["pk"], village=village,
            fiscal_year=2567 + n % 3, title=f"โครงการส่งเสริมอาชีพ {n}", purposes=["output"],
            support_kinds=["materials"], activities="กิจกรรม", starts_on=ends - datetime.timedelta(days=120),
            ends_on=ends, report_due_on=ends + datetime.timedelta(days=30), expected_results="ผล",
            amount_requested=Decimal(20000), status=states[n % len(states)], created_by=user), village))
    GrantRequest.objects.bulk_create(rows, batch_size=2000)
    area.requests += count


def fill(province, country, share, user, occupation):
    """Add `share` of every count to the province and to the rest of the country."""
    for area, times, first_digit in ((province, 1, 3), (country, OUTSIDE, 5)):
        add_people(area, int(PEOPLE * times * share), first_digit)
        add_trainings(area, int(TRAININGS * times * share), user, occupation)
        add_groups(area, int(GROUPS * (times - (area is country)) * share), user, occupation,
                   children=area is province)
        add_requests(area, int(REQUESTS * times * share), user)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def timed(client, url, runs=8):
    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(ctx)


LISTS = (
    ("people", "/registry/people/?per_page={n}"),
    ("trainings", "/training/?per_page={n}"),
    ("groups, readiness B", "/groups/?level=B&per_page={n}"),
    ("groups, readiness A", "/groups/?level=A&per_page={n}"),
    ("grant requests", "/grants/?per_page={n}"),
)


def measure(client):
    return {(name, n): timed(client, url.format(n=n)) for name, url in LISTS for n in PAGES}


def main():
    from registry.models import Occupation, Office, OfficeKind, User

    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failures = []
    try:
        print(f"Database: {connection.vendor}")
        import geothai
        kalasin = sorted(str(s.code) for d in geothai.districts("46") for s in geothai.subdistricts(d.code))[:40]
        khonkaen = sorted(str(s.code) for d in geothai.districts("40") for s in geothai.subdistricts(d.code))[:40]
        province, country = Area(kalasin, "46"), Area(khonkaen, "40")
        office = Office.objects.create(code="LP46", name="สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์", kind=OfficeKind.PROVINCE_CD,
                                       province=province.subs[0].province)
        officer = User.objects.create(username="bench_province", role="province_officer", office=office)
        staff = User.objects.create(username="bench_tao", role="tao_staff", office=province.offices[0])
        occupation = Occupation.objects.create(name="ทอผ้าทดสอบ", category="textile")
        client = Client()
        client.force_login(officer)
        fill(province, country, 0.1, staff, occupation)
        baseline = measure(client)
        start = time.perf_counter()
        fill(province, country, 0.9, staff, occupation)
        print(f"  in the province: {province.people:,} people, {province.trainings:,} trainings "
              f"({province.trainings * TRAINEES:,} trainees), {province.groups:,} groups, {province.requests:,} grant "
              f"requests; ten times as many in the rest of the country ({country.groups + province.groups:,} groups); "
              f"{time.perf_counter() - start:.0f} s to add the last nine tenths")
        figures = measure(client)
        print("  as the provincial officer, median of 8; baseline: the same page with a tenth of the rows")
        print(f"  {'list':<22} {'rows':>5} {'baseline (a tenth)':>24} {'national scale':>24}")
        for name, _url in LISTS:
            for n in PAGES:
                (base_ms, base_q), (ms, queries) = baseline[(name, n)], figures[(name, n)]
                print(f"  {name:<22} {n:>5} {base_ms:>11.0f} ms {base_q:>3} queries {ms:>11.0f} ms {queries:>3} queries")
                if queries != base_q:
                    failures.append(f"{name} ({n} rows): {queries} queries at national scale against {base_q}")
                if queries != figures[(name, PAGES[0])][1]:
                    failures.append(f"{name}: {queries} queries at {n} rows a page against "
                                    f"{figures[(name, PAGES[0])][1]} at {PAGES[0]}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if failures:
        print("The query count is pinned, and it changed:\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
