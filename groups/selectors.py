"""Reads of the groups app. Readiness, the year's statement and the dividends are computed in the database."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    RowRange,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from groups import dividends
from groups.models import (
    CORE_ROLES,
    MIN_MEMBERS_TO_REGISTER,
    Activity,
    CommitteeSeat,
    EntryKind,
    Group,
    GroupStatus,
    GroupYear,
    LedgerCategory,
    LedgerEntry,
    Meeting,
    Membership,
    RuleVersion,
    Visit,
    WorkEntry,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def active_q(day: datetime.date, prefix: str = "") -> Q:
    """Memberships active on `day`."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": day})
    )


def active_members(group: Group, day: datetime.date):
    return group.memberships.filter(active_q(day)).select_related("person")


def rules_in_force(group: Group, day: datetime.date) -> RuleVersion | None:
    return group.rules.filter(effective_from__lte=day).order_by("-effective_from", "-version").first()


def current_committee(group: Group, day: datetime.date):
    return (
        group.committee.filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("membership__person")
    )


def locked_until(group: Group) -> datetime.date | None:
    """The last day of the latest year the general meeting approved: entries up to it are locked."""
    return group.years.aggregate(last=Max("ends_on"))["last"]


# --- readiness (the 5 ก score) ------------------------------------------------------------------------------


def _month_start(day: datetime.date, back: int) -> datetime.date:
    month = day.month - back
    year = day.year + (month - 1) // 12
    return datetime.date(year, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class ReadinessRule:
    key: str
    label: str
    explanation: str


READINESS_RULES = (
    ReadinessRule("members_ok", _("Members"), _("At least 5 active members.")),
    ReadinessRule("activity_ok", _("Activities"), _("An activity or production plan in the last 3 months.")),
    ReadinessRule(
        "committee_ok", _("Committee"), _("A president, a treasurer and an accounting member in office.")
    ),
    ReadinessRule("rules_ok", _("Rules"), _("Rules in force, with the yearly profit allocation.")),
    ReadinessRule("meetings_ok", _("Meetings"), _("A meeting held in each of the last 3 full months.")),
    ReadinessRule(
        "accounts_ok",
        _("Accounts"),
        _("Last year's profit-and-loss statement approved by the general meeting."),
    ),
)


class Level:
    """Readiness levels from the score (0–6): A ready (all six), B good (4–5), C developing (2–3),
    D needs support."""

    CHOICES = (("A", _("ready")), ("B", _("good")), ("C", _("developing")), ("D", _("needs support")))
    LABELS = dict(CHOICES)
    LOWEST_SCORE = {"A": 6, "B": 4, "C": 2, "D": 0}

    @classmethod
    def of(cls, score: int) -> str:
        return next(level for level, lowest in cls.LOWEST_SCORE.items() if score >= lowest)

    @classmethod
    def filter(cls, queryset, level: str):
        """Groups (annotated with `readiness_score`) at `level`: a range of scores,
        so the database filters."""
        levels = list(cls.LOWEST_SCORE)
        higher = levels.index(level) - 1
        top = cls.LOWEST_SCORE[levels[higher]] - 1 if higher >= 0 else len(READINESS_RULES)
        # One IN: the score (its subqueries) is worked out once per group
        # (PostgreSQL expands BETWEEN into two).
        return queryset.filter(readiness_score__in=range(cls.LOWEST_SCORE[level], top + 1))


def _active_count(today: datetime.date):
    """The number of a group's (OuterRef "pk") members on `today`, as a subquery."""
    members = (
        Membership.objects.filter(group=OuterRef("pk"))
        .filter(active_q(today))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), 0)


def with_active_count(queryset, today: datetime.date):
    """Annotate each group with `active_count`, its members on `today` (one subquery, for any number of
    groups)."""
    return queryset.annotate(active_count=_active_count(today))


def _checks(today: datetime.date) -> dict:
    """The six readiness checks as conditions on a group (OuterRef "pk"), one subquery each."""
    group = OuterRef("pk")
    seats = CommitteeSeat.objects.filter(group=group, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    three_months_ago = _month_start(today, 3)
    held = Meeting.objects.filter(group=group, held=True)
    return {
        "members_ok": Q(GreaterThanOrEqual(_active_count(today), MIN_MEMBERS_TO_REGISTER)),
        "activity_ok": Q(
            Exists(
                Activity.objects.filter(group=group).filter(
                    Q(starts_on__gte=three_months_ago, starts_on__lte=today)
                    | Q(starts_on__lte=today, ends_on__gte=three_months_ago)
                )
            )
        ),
        "committee_ok": Q(*[Exists(seats.filter(role=role)) for role in CORE_ROLES]),
        "rules_ok": Q(Exists(RuleVersion.objects.filter(group=group, effective_from__lte=today))),
        "meetings_ok": Q(
            *[
                Exists(
                    held.filter(date__gte=_month_start(today, back), date__lt=_month_start(today, back - 1))
                )
                for back in (3, 2, 1)
            ]
        ),
        # The group's most recent year is closed: a year that ended within the last twelve months was approved
        # (each group's year has its own start month, so this compares stored year ends, not a fixed date).
        "accounts_ok": Q(
            Exists(
                GroupYear.objects.filter(
                    group=group, ends_on__lt=today, ends_on__gte=today - datetime.timedelta(days=366)
                )
            )
        ),
    }


def with_readiness(queryset, today: datetime.date):
    """Annotate each group with `readiness_score` (0–6) and `active_count`. Each check appears once in the
    SQL: the level is a range of scores (Level.filter), its letter is worked out for the
    rows shown (Level.of)."""
    score = sum(
        (
            Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())
            for q in _checks(today).values()
        ),
        Value(0),
    )
    return queryset.annotate(active_count=_active_count(today), readiness_score=score)


@dataclass(frozen=True)
class ReadinessCheck:
    rule: ReadinessRule
    ok: bool


@dataclass(frozen=True)
class Readiness:
    """One group's six checks with their explanations, its score (checks met) and level (A–D)."""

    checks: tuple[ReadinessCheck, ...]
    score: int
    out_of: int
    level: str
    level_label: str
    active_count: int


def readiness(group: Group, today: datetime.date) -> Readiness:
    """One group's readiness (the same conditions as the lists), in one query."""
    checks = _checks(today)
    row = (
        Group.objects.filter(pk=group.pk)
        .annotate(**{key: Case(When(q, then=Value(True)), default=Value(False)) for key, q in checks.items()})
        .annotate(active_count=_active_count(today))
        .values("active_count", *checks)
        .get()
    )
    score = sum(1 for key in checks if row[key])
    level = Level.of(score)
    return Readiness(
        checks=tuple(ReadinessCheck(rule=rule, ok=bool(row[rule.key])) for rule in READINESS_RULES),
        score=score,
        out_of=len(READINESS_RULES),
        level=level,
        level_label=str(Level.LABELS[level]),
        active_count=row["active_count"],
    )


@dataclass(frozen=True)
class Participation:
    """Signs of the 5 ร่วม over the last 12 months; shares are percentages (0–100),
    None when nothing to count."""

    meetings: int
    attendance_pct: int | None  # ร่วมคิด
    workers_pct: int | None  # ร่วมทำ, ร่วมรับผลประโยชน์
    decisions_pct: int | None  # ร่วมตัดสินใจ
    activities: int
    visits: int  # ร่วมตรวจสอบติดตาม


def participation(group: Group, today: datetime.date) -> Participation:
    """The 5 ร่วม of `group` over the year to `today`, computed in the database."""
    since = today - datetime.timedelta(days=365)
    meetings = group.meetings.filter(held=True, date__gte=since, date__lte=today)
    active = group.memberships.filter(active_q(today)).count()
    attendance = meetings.annotate(n=Count("present")).aggregate(
        present=Coalesce(Sum("n"), 0), meetings=Count("pk")
    )
    workers = group.work.filter(date__gte=since, date__lte=today).values("membership").distinct().count()
    decided = meetings.exclude(resolutions="").count()
    return Participation(
        meetings=attendance["meetings"],
        attendance_pct=_pct(attendance["present"], attendance["meetings"] * active),
        workers_pct=_pct(workers, active),
        decisions_pct=_pct(decided, attendance["meetings"]),
        activities=group.activities.filter(starts_on__gte=since).count(),
        visits=group.visits.filter(visited_on__gte=since).count(),
    )


def _pct(part, whole):
    return None if not whole else round(Decimal(part) * 100 / whole)


# --- the year's statement and dividends ---------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    """One line of the profit-and-loss statement: a ledger category and its total for the year."""

    category: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class AllocationLine:
    """One share of the profit by the rules: its rule field (`dividend_pct`…), label,
    percentage and amount."""

    name: str
    label: str
    pct: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DividendRow:
    """One member's dividend: their work units in the year, their share of all work (%) and the amount."""

    membership: Membership
    units: Decimal
    share_pct: Decimal
    amount: Decimal


@dataclass(frozen=True)
class YearStatement:
    """A group's year: profit and loss, the split of the profit by the rules in force at the year's end, and
    each member's dividend by recorded work; for a closed year (`closed`),
    what the general meeting approved."""

    group: Group
    year: int
    starts_on: datetime.date
    ends_on: datetime.date
    closed: GroupYear | None
    income_lines: tuple[StatementLine, ...]
    expense_lines: tuple[StatementLine, ...]
    income: Decimal
    expense: Decimal
    profit: Decimal
    rules: RuleVersion | None
    allocation: tuple[AllocationLine, ...]
    pool: Decimal  # the dividend share of the profit, shared by work
    total_units: Decimal
    undistributed: Decimal  # the pool when nobody's work was recorded: it stays with the group
    rows: tuple[DividendRow, ...]

    @property
    def total_amount(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal(0))

    def ended(self, today: datetime.date) -> bool:
        return self.ends_on < today


def year_statement(*, group: Group, year: int) -> YearStatement:
    """The statement of the group's year `year` (see YearStatement), summed in the database."""
    starts_on, ends_on = group.year_bounds(year)
    closed = group.years.filter(year=year).select_related("approved_at", "rules").first()
    entries = LedgerEntry.objects.filter(group=group, date__gte=starts_on, date__lte=ends_on)
    by_category = {
        (row["kind"], row["category"]): row["total"]
        for row in entries.filter(kind__in=[EntryKind.INCOME, EntryKind.EXPENSE])
        .values("kind", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    income = sum((v for (k, _c), v in by_category.items() if k == EntryKind.INCOME), Decimal(0))
    expense = sum((v for (k, _c), v in by_category.items() if k == EntryKind.EXPENSE), Decimal(0))
    profit = income - expense
    rules = closed.rules if closed else rules_in_force(group, ends_on)
    units = {
        row["membership"]: row["units"]
        for row in WorkEntry.objects.filter(group=group, date__gte=starts_on, date__lte=ends_on)
        .values("membership")
        .annotate(units=Sum("units"))
        .order_by()
    }
    allocation, pool = {}, 0
    if rules is not None and profit > 0:
        allocation = dividends.split(dividends.to_satang(profit), rules.allocation())
        pool = allocation["dividend_pct"]
    if closed:
        lines = {d.membership_id: d.amount_satang for d in closed.dividends.all()}
    else:
        lines = dividends.split(pool, units)
    members = {
        m.pk: m for m in Membership.objects.filter(pk__in=set(units) | set(lines)).select_related("person")
    }
    total_units = sum(units.values(), Decimal(0))
    rows = sorted(
        (
            DividendRow(
                membership=members[pk],
                units=units.get(pk, Decimal(0)),
                share_pct=(units.get(pk, Decimal(0)) * 100 / total_units) if total_units else Decimal(0),
                amount=dividends.to_baht(lines.get(pk, 0)),
            )
            for pk in members
        ),
        key=lambda r: (-r.units, r.membership.person.first_name, r.membership.pk),
    )

    def statement_lines(kind):
        return tuple(
            StatementLine(category=c, label=LedgerCategory(c).label, amount=by_category[(k, c)])
            for k, c in sorted(by_category)
            if k == kind
        )

    return YearStatement(
        group=group,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        closed=closed,
        income_lines=statement_lines(EntryKind.INCOME),
        expense_lines=statement_lines(EntryKind.EXPENSE),
        income=income,
        expense=expense,
        profit=profit,
        rules=rules,
        allocation=tuple(
            AllocationLine(
                name=name,
                label=rules.ALLOCATION_LABELS[name],
                pct=getattr(rules, name),
                amount=dividends.to_baht(allocation.get(name, 0)),
            )
            for name in rules.ALLOCATION
        )
        if rules
        else (),
        pool=dividends.to_baht(pool),
        total_units=total_units,
        undistributed=dividends.to_baht(pool) if pool and not total_units else Decimal(0),
        rows=tuple(rows),
    )


# --- follow-up visits ---------------------------------------------------------------------------------------

FIRST_YEAR_DAYS = 365
WEEKLY, MONTHLY = datetime.timedelta(days=7), datetime.timedelta(days=31)


def visits_due(queryset, today: datetime.date):
    """Groups whose next visit is due or overdue: weekly in their first year, then monthly.

    The comparison is with fixed dates, so the database does it on both SQLite and PostgreSQL."""
    young = Q(founded_on__gt=today - datetime.timedelta(days=FIRST_YEAR_DAYS))
    last = Subquery(
        Visit.objects.filter(group=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    )
    queryset = queryset.exclude(status__in=[GroupStatus.DISSOLVED, GroupStatus.SUSPENDED]).annotate(
        last_visit=last
    )
    overdue = (
        young & (Q(last_visit__lt=today - WEEKLY) | Q(last_visit__isnull=True, founded_on__lt=today - WEEKLY))
    ) | (~young & (Q(last_visit__lt=today - MONTHLY) | Q(last_visit__isnull=True)))
    return queryset.filter(overdue).order_by("last_visit", "founded_on")


def next_visit_due(group: Group, last_visit: datetime.date | None, today: datetime.date) -> datetime.date:
    young = group.founded_on > today - datetime.timedelta(days=FIRST_YEAR_DAYS)
    return (last_visit or group.founded_on) + (WEEKLY if young else MONTHLY)


def group_list(user, today: datetime.date):
    """The groups list: one query with readiness and member counts."""
    return with_readiness(
        Group.objects.for_user(user).select_related("village", "occupation", "office", "district"), today
    )


def group_rows(*, queryset, level: str | None = None, status: str | None = None, q: str = ""):
    """The list's rows from `queryset` (group_list, already filtered): of one readiness level, one status, and
    a name containing `q`, by name."""
    if level is not None:
        queryset = Level.filter(queryset, level)
    if status is not None:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(name__icontains=q)
    return queryset.order_by("name", "pk")


def group_list_page(*, rows, today: datetime.date, number, per_page: int = 25):
    """One page of `rows` (group_rows) in two queries at any page size and scope: the pks in order (the score
    is worked out once per group, in WHERE only, and the count is the length of that list, not a second COUNT
    over every subquery), then the page's groups with their readiness,
    each worked out once for the rows shown."""
    ids = list(rows.values_list("pk", flat=True))
    page = Paginator(ids, per_page).get_page(number)
    by_pk = with_readiness(
        Group.objects.filter(pk__in=list(page.object_list)).select_related(
            "village", "occupation", "office", "district"
        ),
        today,
    ).in_bulk()
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    for group in page.object_list:  # the level's letter for the rows shown; the database filtered by score
        group.readiness_level = Level.of(group.readiness_score)
    return page


def visits_for(group):
    return Visit.objects.filter(group=group).select_related("visitor")


def people_to_add(*, user, group: Group, q: str, today: datetime.date, limit: int = 10):
    """People of the user's register matching `q` (names, or a whole national ID from a POST body), each
    marked `is_member` if already an active member. None for fewer than 2 characters."""
    from registry.models import Person
    from registry.selectors import people_search

    q = (q or "").strip()
    if len(q) < 2:
        return Person.objects.none()
    members = Membership.objects.filter(group=group, person=OuterRef("pk")).filter(active_q(today))
    return (
        people_search(Person.objects.for_user(user), q, by_national_id=True)  # the keeper's area
        .select_related("village")
        .annotate(is_member=Exists(members))
        .order_by("first_name", "last_name", "pk")[:limit]
    )


def _signed_savings():
    return Case(
        When(kind=EntryKind.SAVING, then="amount"),
        When(kind=EntryKind.WITHDRAWAL, then=-1 * F("amount")),
        default=ZERO,
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def savings_balance(group: Group, membership) -> Decimal:
    """One member's savings and shares with the group: paid in less paid back."""
    return LedgerEntry.objects.filter(group=group, membership=membership).aggregate(
        balance=Coalesce(Sum(_signed_savings()), ZERO)
    )["balance"]


def savings_balances(group: Group):
    """Each member's savings and shares: paid in less paid back, summed in the database."""
    signed = _signed_savings()
    return (
        LedgerEntry.objects.filter(group=group, kind__in=[EntryKind.SAVING, EntryKind.WITHDRAWAL])
        .values("membership", "membership__person__first_name", "membership__person__last_name")
        .annotate(balance=Sum(signed))
        .order_by("membership__person__first_name")
    )


def ledger_with_balance(group: Group):
    """The group's ledger lines, newest first, each with `balance`: the money the group holds after that line
    (income and savings paid in add, expenses and savings paid back take away). The database sums every line
    in date order with a window, before any slice of the newest is taken."""
    money = DecimalField(max_digits=14, decimal_places=2)
    signed = Case(
        When(kind__in=[EntryKind.INCOME, EntryKind.SAVING], then="amount"),
        default=-1 * F("amount"),
        output_field=money,
    )
    running = Window(
        Sum(signed), order_by=[F("date").asc(), F("pk").asc()], frame=RowRange(start=None, end=0)
    )
    return group.ledger.annotate(balance=running).order_by("-date", "-pk")


@dataclass(frozen=True)
class GroupYearRow:
    """One of the group's years: its bounds, the general meeting's closing
    (or None) and whether it has ended."""

    year: int
    starts_on: datetime.date
    ends_on: datetime.date
    closed: GroupYear | None
    ended: bool


def group_years(group: Group, today: datetime.date) -> list[GroupYearRow]:
    """The group's years from its founding to today, newest first,
    each with whether the general meeting closed it."""
    closed = {y.year: y for y in group.years.all()}
    first, last = group.year_of(group.founded_on), group.year_of(today)
    years = []
    for year in range(last, first - 1, -1):
        starts_on, ends_on = group.year_bounds(year)
        years.append(
            GroupYearRow(
                year=year,
                starts_on=starts_on,
                ends_on=ends_on,
                closed=closed.get(year),
                ended=ends_on < today,
            )
        )
    return years


@dataclass(frozen=True)
class MeetingMonth:
    month: datetime.date  # its first day
    count: int  # meetings held
    current: bool


def meeting_months(group: Group, today: datetime.date, months: int = 12) -> list[MeetingMonth]:
    """The last `months` calendar months since the group was founded, each with its held meetings: a month
    without one is shown as missing (a group meets at least once a month)."""
    start = max(_month_start(today, months - 1), group.founded_on.replace(day=1))
    counts = {
        (row["date__year"], row["date__month"]): row["n"]
        for row in group.meetings.filter(held=True, date__gte=start, date__lte=today)
        .values("date__year", "date__month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    result, month = [], start
    while month <= today:
        result.append(
            MeetingMonth(
                month=month,
                count=counts.get((month.year, month.month), 0),
                current=(month.year, month.month) == (today.year, today.month),
            )
        )
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return result


# --- the group's page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupPage:
    """Everything the group's page shows about the group, read in a fixed number of queries whatever the
    number of members, meetings, work days, ledger lines and visits."""

    group: Group
    today: datetime.date
    readiness: Readiness
    participation: Participation
    memberships: list[Membership]  # everyone who ever joined, members first
    active_members: list[Membership]
    applications: list
    committee: list[CommitteeSeat]
    past_seats: list[CommitteeSeat]
    rules: RuleVersion | None  # in force today
    rule_versions: list[RuleVersion]
    meetings: list[Meeting]
    meeting_months: list[MeetingMonth]
    activities: list[Activity]
    work: list[WorkEntry]
    ledger: list[LedgerEntry]
    locked_until: datetime.date | None
    savings: list[dict]
    years: list[GroupYearRow]
    visits: list[Visit]
    next_visit: datetime.date
    history: list | None  # the change log, for those who may change the group; else None
    thai_ids: bool | None  # whether every active member has a Thai national ID (None: no active members)


def group_page(*, group: Group, today: datetime.date, with_history: bool) -> GroupPage:
    memberships = list(
        group.memberships.select_related("person", "person__village").order_by(
            "left_on", "person__first_name", "pk"
        )
    )
    active = [m for m in memberships if m.active_on(today)]
    visits = list(visits_for(group)[:20])
    last_visit = group.visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
    return GroupPage(
        group=group,
        today=today,
        readiness=readiness(group, today),
        participation=participation(group, today),
        memberships=memberships,
        active_members=active,
        applications=list(group.applications.select_related("person").order_by("status", "-applied_on")),
        committee=list(current_committee(group, today)),
        past_seats=list(group.committee.filter(ends_on__lt=today).select_related("membership__person")),
        rules=rules_in_force(group, today),
        rule_versions=list(group.rules.select_related("adopted_at")),
        meetings=list(group.meetings.prefetch_related("present")[:24]),
        meeting_months=meeting_months(group, today),
        activities=list(group.activities.select_related("decided_at")[:30]),
        work=list(group.work.select_related("membership__person", "activity")[:15]),
        ledger=list(ledger_with_balance(group).select_related("membership__person")[:15]),
        locked_until=locked_until(group),
        savings=list(savings_balances(group)),
        years=group_years(group, today),
        visits=visits,
        next_visit=next_visit_due(group, last_visit, today),
        history=group_history(group=group) if with_history else None,
        thai_ids=all(m.person.national_id[:1] in "12345" for m in active) if active else None,
    )


def group_history(*, group: Group, limit: int = 30) -> list:
    """The group's change log, newest first."""
    from registry.models import AuditEntry

    return list(
        AuditEntry.objects.for_object(group).select_related("user", "import_batch", "content_type")[:limit]
    )


@dataclass(frozen=True)
class VisitDue:
    group: Group  # annotated with `last_visit`
    due_on: datetime.date


def group_visits_due(*, groups, today: datetime.date, limit: int = 200) -> list[VisitDue]:
    """The groups of `groups` (already scoped) whose follow-up visit is due or overdue,
    with the day it was due."""
    return [
        VisitDue(group=g, due_on=next_visit_due(g, g.last_visit, today))
        for g in visits_due(groups, today)[:limit]
    ]
