"""Grant request benchmarks. Prints figures; run through `make bench` on SQLite and PostgreSQL.

A province (Kalasin) with BENCH_GRANTS requests (default 20,000) from its groups to 100 local offices and the
district offices, across three fiscal years, with payments, refunds and tagged spending, and a budget line per
office and year. Measured as the provincial officer and as one office's staff:
1. the requests list (25 rows of 20,000 in scope), unfiltered and filtered by state and year and "overdue";
2. the budget-line list (every line of the province with its money computed in the database) and one line's
page. Each figure is printed beside a baseline measured in the same run: the same page for the same officer
when the province had a tenth of the requests (2,000). The query counts are pinned: a page must need exactly
as many queries with 20,000 requests as with 2,000 (the run fails when it does not).
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
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_GRANTS", 20_000))
OFFICES = 100
STATES = [
    "draft",
    "submitted",
    "screening",
    "review",
    "approval",
    "approved",
    "agreement",
    "disbursing",
    "in_progress",
    "reporting",
    "report_review",
    "refund_due",
    "closed",
    "rejected",
    "withdrawn",
    "ineligible",
]
PAID_STATES = {"disbursing", "in_progress", "reporting", "report_review", "refund_due", "closed"}
APPROVED = PAID_STATES | {"approved", "agreement"}


def build():
    import geothai

    from grants.models import BudgetLine
    from groups.models import Group
    from registry.models import Occupation, Office, OfficeKind, User, Village
    from tests import areas

    codes = sorted(s.code for d in geothai.districts("46") for s in geothai.subdistricts(d.code))[:OFFICES]
    subs = [areas.sub_district(str(code)) for code in codes]
    province = subs[0].province
    offices = []
    for n, sub in enumerate(subs):
        office = Office.objects.create(
            code=f"B{n:05d}",
            name=f"อบต.{sub.name_th}",
            kind=OfficeKind.TAO,
            province=province,
            district=sub.district,
        )
        office.sub_districts.set([sub])
        offices.append(office)
    province_office = Office.objects.create(
        code="BP46", name="สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์", kind=OfficeKind.PROVINCE_CD, province=province
    )
    staff = User.objects.create(username="bench_tao", role="tao_staff", office=offices[0])
    officer = User.objects.create(username="bench_province", role="province_officer", office=province_office)
    occupation = Occupation.objects.create(name="ทอผ้าทดสอบ", category="textile")
    villages = {
        sub.pk: Village.objects.create(sub_district=sub, number=1, name=f"บ้าน{sub.name_th}") for sub in subs
    }
    today = timezone.localdate()
    years = [2568, 2569, 2570]
    lines = {}
    for office in offices:
        for year in years:
            lines[(office.pk, year)] = BudgetLine(
                office=office,
                fiscal_year=year,
                plan_code="00230",
                work_code="00232",
                budget_code="510000",
                category_code="540000",
                type_code="540100",
                project="ส่งเสริมอาชีพกลุ่มอาชีพ",
                appropriated=Decimal(REQUESTS * 30000 // OFFICES),
                materials_only=True,
            )
    BudgetLine.objects.bulk_create(lines.values())
    lines = {(line.office_id, line.fiscal_year): line for line in BudgetLine.objects.all()}
    groups = []
    for n in range(REQUESTS // 10):  # ten requests a group over three years
        office = offices[n % OFFICES]
        village = villages[subs[n % OFFICES].pk]  # the office's own sub-district
        group = Group(
            office=office,
            name=f"กลุ่มทดสอบ {n}",
            occupation=occupation,
            village=village,
            founded_on=today - datetime.timedelta(days=900),
            status="active",
            registration_number=f"กส {n}/2566",
            registered_on=today - datetime.timedelta(days=800),
        )
        group.sub_district_id, group.district_id, group.province_id = (
            village.sub_district_id,
            village.district_id,
            village.province_id,
        )
        groups.append(group)
    Group.objects.bulk_create(groups, batch_size=2000)
    groups = list(Group.objects.select_related("office").order_by("pk"))
    return staff, officer, lines, groups


def fill(staff, lines, groups, start, count):
    """Requests start .. start+count, with their payments, tagged spending and some refunds (bulk inserts)."""
    from grants.models import GrantRequest, Payment, Refund, SpendingTag
    from groups.models import LedgerEntry

    today = timezone.localdate()
    years = [2568, 2569, 2570]
    requests = []
    for n in range(start, start + count):
        group = groups[n % len(groups)]
        year = years[n % 3]
        state = STATES[n % len(STATES)]
        ends = today - datetime.timedelta(days=(n % 200) - 60)
        request = GrantRequest(
            number=f"{group.office.code}-{year}-{n:05d}",
            office=group.office,
            group=group,
            village_id=group.village_id,
            sub_district_id=group.sub_district_id,
            district_id=group.district_id,
            province_id=group.province_id,
            fiscal_year=year,
            title=f"โครงการส่งเสริมอาชีพ {n}",
            purposes=["output"],
            support_kinds=["materials"],
            activities="กิจกรรม",
            starts_on=ends - datetime.timedelta(days=120),
            ends_on=ends,
            report_due_on=ends + datetime.timedelta(days=30),
            expected_results="ผล",
            amount_requested=Decimal(20000),
            status=state,
            created_by=staff,
        )
        if state in APPROVED:
            request.budget_line = lines[(group.office_id, year)]
            request.approved_amount = Decimal(20000)
        requests.append(request)
    GrantRequest.objects.bulk_create(requests, batch_size=2000)
    paid = list(
        GrantRequest.objects.filter(status__in=PAID_STATES, pk__gt=_last_pk(start)).values_list(
            "pk", "group_id"
        )
    )
    ledger = [
        LedgerEntry(
            group_id=group_id,
            date=today - datetime.timedelta(days=30),
            kind="income",
            category="grant",
            amount=Decimal(20000),
            description="เงินอุดหนุน",
            recorded_by=staff,
        )
        for _pk, group_id in paid
    ]
    spent = [
        LedgerEntry(
            group_id=group_id,
            date=today - datetime.timedelta(days=20),
            kind="expense",
            category="materials",
            amount=Decimal(15000),
            description="ซื้อวัสดุ",
            recorded_by=staff,
        )
        for _pk, group_id in paid
    ]
    LedgerEntry.objects.bulk_create(ledger + spent, batch_size=5000)
    first = LedgerEntry.objects.order_by("-pk").values_list("pk", flat=True)[len(ledger) + len(spent) - 1]
    entries = list(LedgerEntry.objects.filter(pk__gte=first).order_by("pk").values_list("pk", flat=True))
    income, expense = entries[: len(paid)], entries[len(paid) :]
    Payment.objects.bulk_create(
        [
            Payment(
                request_id=pk,
                amount=Decimal(20000),
                paid_on=today,
                voucher_number=f"ฎ{pk}",
                ledger_entry_id=income[i],
                recorded_by=staff,
            )
            for i, (pk, _g) in enumerate(paid)
        ],
        batch_size=5000,
    )
    SpendingTag.objects.bulk_create(
        [
            SpendingTag(request_id=pk, ledger_entry_id=expense[i], tagged_by=staff)
            for i, (pk, _g) in enumerate(paid)
        ],
        batch_size=5000,
    )
    closed_pks = set(GrantRequest.objects.filter(status="closed").values_list("pk", flat=True))
    closed = [(i, pk) for i, (pk, _g) in enumerate(paid) if pk in closed_pks][: count // 40]
    refunds = [
        LedgerEntry(
            group_id=paid[i][1],
            date=today,
            kind="expense",
            category="returned",
            amount=Decimal(5000),
            description="คืนเงิน",
            recorded_by=staff,
        )
        for i, _pk in closed
    ]
    LedgerEntry.objects.bulk_create(refunds)
    refund_ids = list(
        LedgerEntry.objects.filter(category="returned")
        .exclude(pk__in=Refund.objects.values("ledger_entry_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Refund.objects.bulk_create(
        [
            Refund(
                request_id=pk,
                amount=Decimal(5000),
                refunded_on=today,
                receipt_number=f"R{pk}",
                ledger_entry_id=refund_ids[n],
                recorded_by=staff,
            )
            for n, (_i, pk) in enumerate(closed)
        ]
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _last_pk(start):
    from grants.models import GrantRequest

    return GrantRequest.objects.order_by("pk").values_list("pk", flat=True)[start - 1] if start else 0


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


def main():
    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failures = []
    try:
        print(f"Database: {connection.vendor}")
        staff, officer, lines, groups = build()
        line = next(line for (office_id, year), line in lines.items() if year == 2569)
        client = Client()
        client.force_login(officer)
        pages = [
            ("requests list", reverse("grants:list")),
            ("  by state and year", reverse("grants:list") + "?status=in_progress&fiscal_year=2569"),
            ("  overdue only", reverse("grants:list") + "?overdue=true"),
            ("budget lines", reverse("grants:lines")),
            ("one budget line", reverse("grants:line", args=[line.pk])),
            ("due and overdue", reverse("grants:due")),
        ]
        small = REQUESTS // 10
        fill(staff, lines, groups, 0, small)
        baseline = {name: timed(client, url) for name, url in pages}
        start = time.perf_counter()
        fill(staff, lines, groups, small, REQUESTS - small)
        print(
            f"  {REQUESTS:,} requests in the province ({time.perf_counter() - start:.0f} s to add the last "
            f"{REQUESTS - small:,}); as the provincial officer, median of 8:"
        )
        print(
            f"  {'page':<22} {'baseline: ' + format(small, ',') + ' requests':>26}"
            f" {format(REQUESTS, ',') + ' requests':>26}"
        )
        for name, url in pages:
            base_ms, base_q = baseline[name]
            ms, queries = timed(client, url)
            print(f"  {name:<22} {base_ms:>12.0f} ms {base_q:>4} queries {ms:>15.0f} ms {queries:>4} queries")
            if queries != base_q:
                failures.append(
                    f"{name}: {queries} queries with {REQUESTS:,} requests against {base_q} with {small:,}"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if failures:
        print(
            "The query count is pinned, and it changed with the number of requests:\n  "
            + "\n  ".join(failures)
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
