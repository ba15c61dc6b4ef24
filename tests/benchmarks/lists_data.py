"""Rows for the lists a provincial officer opens (people, trainings, groups with what readiness reads, grant
requests), bulk-inserted: used by bench_lists.py at national-like scale and by tests/test_list_queries.py to
pin the lists' query counts with few and with many rows in scope."""

import datetime
from decimal import Decimal

from django.utils import timezone

TRAINEES = 10
MEMBERS = 8


class Area:
    """One province's offices, villages and an occupation, and what has been put in it so far."""

    def __init__(self, sub_codes, code):
        from registry.models import Office, OfficeKind, Village
        from tests import areas

        self.subs = [areas.sub_district(c) for c in sub_codes]
        self.offices = []
        for n, sub in enumerate(self.subs):
            office = Office.objects.create(
                code=f"L{code}{n:03d}",
                name=f"อบต.{sub.name_th}",
                kind=OfficeKind.TAO,
                province=sub.province,
                district=sub.district,
            )
            office.sub_districts.set([sub])
            self.offices.append(office)
        self.villages = [
            Village.objects.create(sub_district=sub, number=n, name=f"บ้าน{sub.name_th} {n}")
            for sub in self.subs
            for n in range(1, 6)
        ]
        self.people = self.trainings = self.groups = self.requests = 0

    def village(self, n):
        return self.villages[n % len(self.villages)]

    def office_of(self, village):
        return self.offices[self.subs.index(next(s for s in self.subs if s.pk == village.sub_district_id))]


def _areas_of(record, village):
    record.sub_district_id, record.district_id, record.province_id = (
        village.sub_district_id,
        village.district_id,
        village.province_id,
    )
    return record


def add_people(area, count, first_digit):
    from kit.imports.bulk import fast_insert
    from registry.models import Person
    from tests.benchmarks.data import national_id

    start = area.people
    fast_insert(
        Person,
        [
            _areas_of(
                Person(
                    title="mrs" if i % 2 else "mr",
                    first_name=f"ชื่อ{i}",
                    last_name=f"สกุล{i % 997}",
                    sex="f" if i % 2 else "m",
                    national_id=national_id(700000000 + i, first_digit),
                    house_number=str(i % 300),
                    village=area.village(i),
                ),
                area.village(i),
            )
            for i in range(start, start + count)
        ],
    )
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
        rows.append(
            _areas_of(
                Training(
                    office=area.office_of(village),
                    village=village,
                    topic=f"อบรมอาชีพ {i}",
                    occupation=occupation,
                    step=1 + i % 10,
                    start_date=begins,
                    end_date=begins + datetime.timedelta(days=2),
                    fiscal_year=2567 + i % 3,
                ),
                village,
            )
        )
    Training.objects.bulk_create(rows, batch_size=2000)
    trainings = list(
        Training.objects.filter(sub_district__in=area.subs)
        .order_by("-pk")
        .values_list("pk", flat=True)[:count]
    )
    people = person_ids(area)
    Enrollment.objects.bulk_create(
        [
            Enrollment(training_id=t, person_id=people[(n * TRAINEES + k) % len(people)])
            for n, t in enumerate(trainings)
            for k in range(TRAINEES)
        ],
        batch_size=5000,
    )
    area.trainings += count


def add_groups(area, count, user, occupation, children):
    """Groups as a province would have them after a year; with `children`, the members, committee, rules,
    meetings, activities and closed years the readiness checks read."""
    from groups.models import Activity, CommitteeSeat, Group, GroupYear, Meeting, Membership, RuleVersion

    today = timezone.localdate()
    founded = today - datetime.timedelta(days=500)
    start = area.groups
    Group.objects.bulk_create(
        [
            _areas_of(
                Group(
                    office=area.office_of(area.village(i)),
                    name=f"กลุ่มทดสอบ {i}",
                    occupation=occupation,
                    village=area.village(i),
                    founded_on=founded,
                    status="active" if i % 5 else "registered",
                ),
                area.village(i),
            )
            for i in range(start, start + count)
        ],
        batch_size=2000,
    )
    area.groups += count
    if not children:
        return
    groups = list(
        Group.objects.filter(sub_district__in=area.subs).order_by("-pk").values_list("pk", flat=True)[:count]
    )
    people = person_ids(area)
    Membership.objects.bulk_create(
        [
            Membership(
                group_id=g, person_id=people[(n * MEMBERS + m) % len(people)], joined_on=founded, founder=True
            )
            for n, g in enumerate(groups)
            for m in range(MEMBERS - g % 4)
        ],
        batch_size=5000,
    )
    members = {}
    for m in Membership.objects.filter(group__in=groups).order_by("pk").values("pk", "group_id"):
        members.setdefault(m["group_id"], []).append(m["pk"])
    Meeting.objects.bulk_create(
        [
            Meeting(group_id=g, date=today - datetime.timedelta(days=30 * k + 5), held=True, resolutions="มติ")
            for g in groups
            for k in range(12 if g % 3 else 2)
        ],
        batch_size=5000,
    )
    first_meeting = {
        row["group_id"]: row["pk"]
        for row in Meeting.objects.filter(group__in=groups).order_by("-pk").values("group_id", "pk")
    }
    roles = ("president", "treasurer", "accounting")
    CommitteeSeat.objects.bulk_create(
        [
            CommitteeSeat(group_id=g, membership_id=members[g][n], role=role, starts_on=founded)
            for g in groups
            for n, role in enumerate(roles[: 3 if g % 2 else 2])
        ],
        batch_size=5000,
    )
    RuleVersion.objects.bulk_create(
        [
            RuleVersion(
                group_id=g,
                version=1,
                adopted_at_id=first_meeting[g],
                effective_from=founded,
                text="กติกา",
                dividend_pct=60,
                reserve_pct=20,
                welfare_pct=10,
                committee_pct=5,
                other_pct=5,
            )
            for g in groups
            if g % 4
        ],
        batch_size=5000,
    )
    Activity.objects.bulk_create(
        [
            Activity(
                group_id=g,
                title="ผลิตสินค้า",
                decided_at_id=first_meeting[g],
                starts_on=today - datetime.timedelta(days=20),
            )
            for g in groups
            if g % 5
        ],
        batch_size=5000,
    )
    rules = dict(RuleVersion.objects.filter(group__in=groups).values_list("group_id", "pk"))
    GroupYear.objects.bulk_create(
        [
            GroupYear(
                group_id=g,
                year=today.year - 1,
                starts_on=today - datetime.timedelta(days=400),
                ends_on=today - datetime.timedelta(days=36),
                approved_at_id=first_meeting[g],
                rules_id=rules[g],
                income=Decimal(0),
                expense=Decimal(0),
                profit=Decimal(0),
                work_units=Decimal(0),
                closed_by=user,
            )
            for g in groups
            if g % 7 and g in rules
        ],
        batch_size=5000,
    )


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
        rows.append(
            _areas_of(
                GrantRequest(
                    number=f"{area.offices[0].code}-{n:06d}",
                    office_id=group["office_id"],
                    group_id=group["pk"],
                    village=village,
                    fiscal_year=2567 + n % 3,
                    title=f"โครงการส่งเสริมอาชีพ {n}",
                    purposes=["output"],
                    support_kinds=["materials"],
                    activities="กิจกรรม",
                    starts_on=ends - datetime.timedelta(days=120),
                    ends_on=ends,
                    report_due_on=ends + datetime.timedelta(days=30),
                    expected_results="ผล",
                    amount_requested=Decimal(20000),
                    status=states[n % len(states)],
                    created_by=user,
                ),
                village,
            )
        )
    GrantRequest.objects.bulk_create(rows, batch_size=2000)
    area.requests += count
