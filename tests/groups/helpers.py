"""Build occupation groups with realistic Thai data, at any state."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from groups import services
from groups.models import CommitteeRole, EntryKind, MeetingKind
from tests.registers.helpers import make_person
from tests.training.helpers import village_a

_numbers = itertools.count(5000)  # distinct national IDs for every person these helpers make
FIRST_NAMES = ["บุญมี", "สมหญิง", "คำปุน", "ทองใบ", "มะลิ", "จันทร์เพ็ญ", "สมศักดิ์", "ประไพ"]


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - datetime.timedelta(days=n)


def make_group(user, office, *, members=5, founded_on=None, name="กลุ่มทอผ้าไหมบ้านดอนสวรรค์", catalogue=None):
    from registry.models import Occupation

    village = village_a()
    occupation = Occupation.objects.get_or_create(name="ทอผ้าไหม", defaults={"category": "textile"})[0]
    founded_on = founded_on or days_ago(800)
    people = [
        make_person(
            village, next(_numbers), first_name=FIRST_NAMES[i % len(FIRST_NAMES)], last_name=f"ศรีสุข{i}"
        )
        for i in range(members)
    ]
    return services.group_create(
        user=user,
        office=office,
        name=name,
        occupation=occupation,
        village=village,
        founded_on=founded_on,
        founders=people,
        products="ผ้าไหมลายขิด ผ้าพันคอ",
    )


def member(group, n=0):
    return group.memberships.order_by("pk")[n]


def held_meeting(user, group, day, kind=MeetingKind.MONTHLY, present=None, resolutions="รับรองรายงานการประชุม"):
    present = list(group.memberships.all()) if present is None else present
    present = [m for m in present if m.active_on(day)]
    return services.meeting_record(
        user=user,
        group=group,
        kind=kind,
        date=day,
        held=True,
        agenda="ติดตามงานผลิต",
        resolutions=resolutions,
        present=present,
    )


def adopt_rules(user, group, meeting, **allocation):
    allocation = allocation or {
        "dividend_pct": 60,
        "reserve_pct": 20,
        "welfare_pct": 10,
        "committee_pct": 5,
        "other_pct": 5,
    }
    return services.rules_adopt(
        user=user,
        group=group,
        meeting=meeting,
        effective_from=meeting.date,
        text="1. สมาชิกบันทึกเวลาทำงานทุกวัน\n2. ปันผลตามผลงาน ทำมากได้มาก ทำน้อยได้น้อย ไม่ทำไม่ได้",
        work_unit="hours",
        allocation=allocation,
    )


def full_committee(user, group, day):
    for n, role in enumerate((CommitteeRole.PRESIDENT, CommitteeRole.TREASURER, CommitteeRole.ACCOUNTING)):
        services.seat_add(user=user, group=group, membership=member(group, n), role=role, starts_on=day)


def ledger(user, group, day, kind, amount, category, **extra):
    return services.ledger_add(
        user=user,
        group=group,
        date=day,
        kind=kind,
        category=category,
        amount=Decimal(amount),
        description=extra.pop("description", "รายการทดสอบ"),
        **extra,
    )


def income(user, group, day, amount):
    return ledger(user, group, day, EntryKind.INCOME, amount, "sales", description="ขายผ้าไหม")


def expense(user, group, day, amount):
    return ledger(user, group, day, EntryKind.EXPENSE, amount, "materials", description="ซื้อเส้นไหม")


def last_year_with_books(user, group, *, sales="15000", materials=None):
    """Last year of `group`: rules adopted at its start, work 12 : 8 : 5 units, sales (and materials bought),
    and the general meeting after it ends (not yet closing the year). Returns (year, general meeting)."""
    year = group.year_of(today()) - 1
    starts, ends = group.year_bounds(year)
    adopt_rules(user, group, held_meeting(user, group, starts + datetime.timedelta(days=2)))
    services.work_log_day(
        user=user,
        group=group,
        date=starts + datetime.timedelta(days=30),
        units={member(group, 0).pk: "12", member(group, 1).pk: "8", member(group, 2).pk: "5"},
    )
    income(user, group, starts + datetime.timedelta(days=40), sales)
    if materials:
        expense(user, group, starts + datetime.timedelta(days=41), materials)
    return year, held_meeting(user, group, ends + datetime.timedelta(days=3), kind=MeetingKind.GENERAL)
