"""National-scale occupation groups, written by `manage.py generate_national` through kit.bulkload, as
groups/services.py would leave them:

- about a third formed from a finished training (founded after its end, in its village, kept by its office,
  with certified trainees among the founders), the rest by the village's TAO; names unique in their office;
- registered groups carry a registration number and date (after founding); forming ones neither;
- members (5 to 12, each person once per group), a founding general meeting; for some groups a committee
  (president, treasurer, accounting), rules adopted at the founding meeting (allocation adding to 100 %), an
  activity, monthly meetings in the last three full months, and a closed year approved at a general meeting
  whose income and expense are the sums of the year's ledger lines;
  visits by the district's community developer;
- `ledger_rows` is how the grants generator posts payments and refunds to a group's ledger (the groups app
  writes its own ledger).
Readiness (groups/selectors.with_readiness) then spreads the groups over the levels A to D.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from groups.models import (
    Activity,
    CommitteeRole,
    CommitteeSeat,
    EntryKind,
    Group,
    GroupStatus,
    GroupYear,
    LedgerCategory,
    LedgerEntry,
    Meeting,
    MeetingKind,
    Membership,
    RuleVersion,
    Visit,
)
from groups.selectors import _month_start
from registry.models import Occupation
from training.models import Step

GROUPS = 30_000
FROM_TRAININGS = 0.35
LEDGER_FIELDS = [
    "id",
    "group",
    "date",
    "kind",
    "category",
    "amount",
    "description",
    "document_number",
    "membership",
    "recorded_by",
]


@dataclass
class GroupRow:
    id: int
    village: object
    office: int
    founded: datetime.date
    registered: datetime.date | None
    user: int  # the office's user (records the ledger)
    visitor: int  # the district's community developer
    members: list  # membership ids, founders first
    closed_year: bool = False  # its last year is closed: no more entries in it (no grant money there)


def ledger_rows(writer, rows):
    """Post ledger lines (tuples in LEDGER_FIELDS order, ids from `writer.ids(LedgerEntry, n)`)."""
    writer.write(LedgerEntry, LEDGER_FIELDS, rows)


def generate(writer, register, rnd, *, scale: float, today: datetime.date, trainings: list):
    total = max(1, round(GROUPS * scale))
    occupations = list(Occupation.objects.order_by("pk").values_list("pk", "name"))
    finished = [t for t in trainings if t.step >= Step.EVALUATE and t.certified]
    formed_from = rnd.sample(finished, min(len(finished), round(total * FROM_TRAININGS)))
    planned = []
    for t in formed_from:
        founded = min(today, t.end + datetime.timedelta(days=rnd.randrange(7, 60)))
        planned.append((t.village, t.office, t, founded, [p for _, p, _ in t.certified]))
    while len(planned) < total:
        village = register.villages[rnd.randrange(len(register.villages))]
        founded = today - datetime.timedelta(days=rnd.randrange(30, 6 * 365))
        planned.append((village, register.tao[village.sub_district], None, founded, []))
    group_rows, groups = [], []
    for n, (group_id, (village, office, training, founded, trainees)) in enumerate(
        zip(writer.ids(Group, len(planned)), planned, strict=True), start=1
    ):
        occupation, occupation_name = rnd.choice(occupations)
        registered = founded + datetime.timedelta(days=rnd.randrange(10, 90)) if rnd.random() < 0.6 else None
        if registered and registered > today:
            registered = None
        group_rows.append(
            (
                group_id,
                village.id,
                village.sub_district,
                village.district,
                village.province,
                office,
                f"กลุ่ม{occupation_name} {n}",
                occupation,
                founded,
                GroupStatus.ACTIVE if registered else GroupStatus.FORMING,
                f"{village.district}/{n}" if registered else "",
                registered,
                training.id if training else None,
            )
        )
        people = list(
            dict.fromkeys(
                trainees[: rnd.randrange(3, 8)]
                + [
                    p
                    for p, _ in rnd.sample(
                        register.people_by_sub[village.sub_district],
                        min(12, len(register.people_by_sub[village.sub_district])),
                    )
                ]
            )
        )
        groups.append(
            GroupRow(
                group_id,
                village,
                office,
                founded,
                registered,
                register.user_of_office[office],
                register.district_officer[village.district],
                people[: rnd.randrange(5, 13)],
            )
        )
    writer.write(
        Group,
        [
            "id",
            "village",
            "sub_district",
            "district",
            "province",
            "office",
            "name",
            "occupation",
            "founded_on",
            "status",
            "registration_number",
            "registered_on",
            "formed_from",
        ],
        group_rows,
    )
    writer.write(Group.villages.through, ["group", "village"], ((g.id, g.village.id) for g in groups))
    _members(writer, rnd, groups)
    _five_k(writer, rnd, groups, today)
    writer.write(
        Visit,
        ["group", "visited_on", "visitor", "notes"],
        (
            (
                g.id,
                g.founded + datetime.timedelta(days=rnd.randrange(0, max(1, (today - g.founded).days))),
                g.visitor,
                "ติดตามการดำเนินงานของกลุ่ม",
            )
            for g in groups
            for _ in range(rnd.randrange(1, 5))
        ),
    )
    return groups


def _members(writer, rnd, groups):
    ids = iter(writer.ids(Membership, sum(len(g.members) for g in groups)))
    rows = []
    for g in groups:
        people, g.members = g.members, []
        for person in people:
            membership = next(ids)
            g.members.append(membership)
            rows.append((membership, g.id, person, g.founded, True))
    writer.write(Membership, ["id", "group", "person", "joined_on", "founder"], rows)


def _five_k(writer, rnd, groups, today):
    """Committee, meetings, rules, activities and closed years (each for a share of the groups)."""
    meetings, seats, rules, activities, years, ledger = [], [], [], [], [], []
    meeting_ids = iter(writer.ids(Meeting, len(groups) * 5))
    rule_ids = iter(writer.ids(RuleVersion, len(groups)))
    ledger_ids = iter(writer.ids(LedgerEntry, len(groups) * 2))
    months = [_month_start(today, back) for back in (3, 2, 1)]
    # The groups' year runs October to September (the default): the last one ended on 30 September.
    year_end = datetime.date(today.year if today.month >= 10 else today.year - 1, 9, 30)
    year_start = datetime.date(year_end.year - 1, 10, 1)
    for g in groups:
        founding = next(meeting_ids)
        meetings.append((founding, g.id, MeetingKind.GENERAL, g.founded, "ประชุมจัดตั้งกลุ่ม", "จัดตั้งกลุ่ม"))
        if rnd.random() < 0.7:
            for role, membership in zip(
                (CommitteeRole.PRESIDENT, CommitteeRole.TREASURER, CommitteeRole.ACCOUNTING),
                g.members,
                strict=False,
            ):
                seats.append((g.id, membership, role, g.founded))
        if rnd.random() < 0.5 and g.founded < months[0]:
            for month in months:
                meetings.append(
                    (
                        next(meeting_ids),
                        g.id,
                        MeetingKind.MONTHLY,
                        month + datetime.timedelta(days=9),
                        "ประชุมประจำเดือน",
                        "",
                    )
                )
        if rnd.random() < 0.5:
            starts = max(g.founded, today - datetime.timedelta(days=rnd.randrange(0, 80)))
            activities.append(
                (g.id, "ผลิตสินค้าตามคำสั่งซื้อ", founding, starts, starts + datetime.timedelta(days=30))
            )
        if rnd.random() < 0.6:
            rule = next(rule_ids)
            rules.append((rule, g.id, 1, founding, g.founded, "ระเบียบกลุ่ม"))
            if g.founded < year_start and rnd.random() < 0.5:
                income, expense = (
                    Decimal(rnd.randrange(50_000, 200_000, 100)),
                    Decimal(rnd.randrange(20_000, 50_000, 100)),
                )
                ledger.append(
                    (
                        next(ledger_ids),
                        g.id,
                        year_end - datetime.timedelta(days=60),
                        EntryKind.INCOME,
                        LedgerCategory.SALES,
                        income,
                        "ขายสินค้า",
                        "",
                        None,
                        g.user,
                    )
                )
                ledger.append(
                    (
                        next(ledger_ids),
                        g.id,
                        year_end - datetime.timedelta(days=90),
                        EntryKind.EXPENSE,
                        LedgerCategory.MATERIALS,
                        expense,
                        "ซื้อวัตถุดิบ",
                        "",
                        None,
                        g.user,
                    )
                )
                g.closed_year = True
                general = next(meeting_ids)
                meetings.append(
                    (
                        general,
                        g.id,
                        MeetingKind.GENERAL,
                        min(today, year_end + datetime.timedelta(days=20)),
                        "ประชุมใหญ่สามัญประจำปี",
                        "อนุมัติงบการเงิน",
                    )
                )
                profit = income - expense
                allocation = {
                    "dividend_pct": str(profit * Decimal("0.6")),
                    "reserve_pct": str(profit * Decimal("0.2")),
                    "welfare_pct": str(profit * Decimal("0.1")),
                    "committee_pct": str(profit * Decimal("0.05")),
                    "other_pct": str(profit * Decimal("0.05")),
                }
                years.append(
                    (
                        g.id,
                        year_end.year + 543,
                        year_start,
                        year_end,
                        general,
                        rule,
                        income,
                        expense,
                        profit,
                        allocation,
                        Decimal(0),
                        g.user,
                    )
                )
    writer.write(Meeting, ["id", "group", "kind", "date", "agenda", "resolutions"], meetings)
    writer.write(CommitteeSeat, ["group", "membership", "role", "starts_on"], seats)
    writer.write(
        RuleVersion,
        [
            "id",
            "group",
            "version",
            "adopted_at",
            "effective_from",
            "text",
            "dividend_pct",
            "reserve_pct",
            "welfare_pct",
            "committee_pct",
            "other_pct",
        ],
        (row + (Decimal(60), Decimal(20), Decimal(10), Decimal(5), Decimal(5)) for row in rules),
    )
    writer.write(Activity, ["group", "title", "decided_at", "starts_on", "ends_on"], activities)
    ledger_rows(writer, ledger)
    writer.write(
        GroupYear,
        [
            "group",
            "year",
            "starts_on",
            "ends_on",
            "approved_at",
            "rules",
            "income",
            "expense",
            "profit",
            "allocation",
            "work_units",
            "closed_by",
        ],
        years,
    )
