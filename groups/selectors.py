"""Reads of the groups app. Readiness, the year's statement and the dividends are computed in the database."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (Case, Count, DecimalField, Exists, F, IntegerField, Max, OuterRef, Q, Subquery, Sum,
                              Value, When)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from groups import dividends
from groups.models import (CORE_ROLES, MIN_MEMBERS_TO_REGISTER, Activity, CommitteeSeat, EntryKind, Group, GroupYear,
                           LedgerCategory, LedgerEntry, Meeting, Membership, RuleVersion, Visit, WorkEntry)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def active_q(day: datetime.date, prefix: str = "") -> Q:
    """Memberships active on `day`."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (Q(**{f"{prefix}left_on__isnull": True})
                                                    | Q(**{f"{prefix}left_on__gte": day}))


def active_members(group: Group, day: datetime.date):
    return group.memberships.filter(active_q(day)).select_related("person")


def rules_in_force(group: Group, day: datetime.date) -> RuleVersion | None:
    return group.rules.filter(effective_from__lte=day).order_by("-effective_from", "-version").first()


def current_committee(group: Group, day: datetime.date):
    return (group.committee.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .select_related("membership__person"))


def locked_until(group: Group) -> datetime.date | None:
    """The last day of the latest year the general meeting approved: entries up to it are locked."""
    return group.years.aggregate(last=Max("ends_on"))["last"]


# --- readiness (the 5 ก score) -------------------------------------------------------------------------------

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
    ReadinessRule("committee_ok", _("Committee"), _("A president, a treasurer and an accounting member in office.")),
    ReadinessRule("rules_ok", _("Rules"), _("Rules in force, with the yearly profit allocation.")),
    ReadinessRule("meetings_ok", _("Meetings"), _("A meeting held in each of the last 3 full months.")),
    ReadinessRule("accounts_ok", _("Accounts"), _("Last year's profit-and-loss statement approved by the general "
                                                  "meeting.")),
)


class Level:
    """Readiness levels from the score (0–6): A ready (all six), B good (4–5), C developing (2–3), D needs support."""

    CHOICES = (("A", _("ready")), ("B", _("good")), ("C", _("developing")), ("D", _("needs support")))
    LABELS = dict(CHOICES)
    LOWEST_SCORE = {"A": 6, "B": 4, "C": 2, "D": 0}

    @classmethod
    def of(cls, score: int) -> str:
        return next(level for level, lowest in cls.LOWEST_SCORE.items() if score >= lowest)

    @classmethod
    def filter(cls, queryset, level: str):
        """Groups (annotated with `readiness_score`) at `level`: a range of scores, so the database filters."""
        levels = list(cls.LOWEST_SCORE)
        higher = levels.index(level) - 1
        top = cls.LOWEST_SCORE[levels[higher]] - 1 if higher >= 0 else len(READINESS_RULES)
        # One IN: the score (its subqueries) is worked out once per group (PostgreSQL expands BETWEEN into two).
        return queryset.filter(readiness_score__in=range(cls.LOWEST_SCORE[level], top + 1))


def _active_count(today: datetime.date):
    """The number of a group's (OuterRef "pk") members on `today`, as a subquery."""
    members = (Membership.objects.filter(group=OuterRef("pk")).filter(active_q(today)).order_by()
               .values("group").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(members, output_field=IntegerField()), 0)


def _checks(today: datetime.date) -> dict:
    """The six readiness checks as conditions on a group (OuterRef "pk"), one subquery each."""
    group = OuterRef("pk")
    seats = CommitteeSeat.objects.filter(group=group, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    three_months_ago = _month_start(today, 3)
    held = Meeting.objects.filter(group=group, held=True)
    return {
        "members_ok": Q(GreaterThanOrEqual(_active_count(today), MIN_MEMBERS_TO_REGISTER)),
        "activity_ok": Q(Exists(Activity.objects.filter(group=group).filter(
            Q(starts_on__gte=three_months_ago, starts_on__lte=today)
            | Q(starts_on__lte=today, ends_on__gte=three_months_ago)))),
        "committee_ok": Q(*[Exists(seats.filter(role=role)) for role in CORE_ROLES]),
        "rules_ok": Q(Exists(RuleVersion.objects.filter(group=group, effective_from__lte=today))),
        "meetings_ok": Q(*[Exists(held.filter(date__gte=_month_start(today, back), date__lt=_month_start(today, back - 1)))
                          for back in (3, 2, 1)]),
        # The group's most recent year is closed: a year that ended within the last twelve months was approved
        # (each group's year has its own start month, so this compares stored year ends, not a fixed date).
        "accounts_ok": Q(Exists(GroupYear.objects.filter(group=group, ends_on__lt=today,
                                                         ends_on__gte=today - datetime.timedelta(days=366)))),
    }


def with_readiness(queryset, today: datetime.date):
    """Annotate each group with `readiness_score` (0–6) and `active_count`. Each check appears once in the SQL:
    the level is a range of scores (Level.filter), its letter is worked out for the rows shown (Level.of)."""
    score = sum((Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())
                 for q in _checks(today).values()), Value(0))
    return queryset.annotate(active_count=_active_count(today), readiness_score=score)


def readiness(group: Group, today: datetime.date) -> dict:
    """One group's checks with their explanations, its score and level (the same conditions as the lists)."""
    checks = _checks(today)
    row = (Group.objects.filter(pk=group.pk)
           .annotate(**{key: Case(When(q, then=Value(True)), default=Value(False)) for key, q in checks.items()})
           .annotate(active_count=_active_count(today))
           .values("active_count", *checks).get())
    score = sum(1 for key in checks if row[key])
    level = Level.of(score)
    return {
        "rules": [(rule, row[rule.key]) for rule in READINESS_RULES],
        "score": score, "out_of": len(READINESS_RULES), "level": level, "level_label": Level.LABELS[level],
        "active_count": row["active_count"],
    }


def participation(group: Group, today: datetime.date) -> dict:
    """Signs of the 5 ร่วม over the last 12 months, as shares (0–100) computed in the database."""
    since = today - datetime.timedelta(days=365)
    meetings = group.meetings.filter(held=True, date__gte=since, date__lte=today)
    active = group.memberships.filter(active_q(today)).count()
    attendance = meetings.annotate(n=Count("present")).aggregate(present=Coalesce(Sum("n"), 0), meetings=Count("pk"))
    workers = group.work.filter(date__gte=since, date__lte=today).values("membership").distinct().count()
    decided = meetings.exclude(resolutions="").count()
    activities = group.activities.filter(starts_on__gte=since).count()
    return {
        "meetings": attendance["meetings"],
        "attendance_pct": _pct(attendance["present"], attendance["meetings"] * active),  # ร่วมคิด
        "workers_pct": _pct(workers, active),  # ร่วมทำ, ร่วมรับผลประโยชน์
        "decisions_pct": _pct(decided, attendance["meetings"]),  # ร่วมตัดสินใจ
        "activities": activities,
        "visits": group.visits.filter(visited_on__gte=since).count(),  # ร่วมตรวจสอบติดตาม
    }


def _pct(part, whole):
    return None if not whole else round(Decimal(part) * 100 / whole)


# --- the year's statement and dividends ----------------------------------------------------------------------

def year_statement(group: Group, year: int) -> dict:
    """Profit and loss of the group's year `year`, the split of the profit by the rules in force at the year's end,
    and each member's dividend by recorded work; or, for a closed year, what the general meeting approved."""
    starts_on, ends_on = group.year_bounds(year)
    closed = group.years.filter(year=year).select_related("approved_at", "rules").first()
    entries = LedgerEntry.objects.filter(group=group, date__gte=starts_on, date__lte=ends_on)
    by_category = {(row["kind"], row["category"]): row["total"] for row in
                   entries.filter(kind__in=[EntryKind.INCOME, EntryKind.EXPENSE]).values("kind", "category")
                   .annotate(total=Sum("amount")).order_by()}
    income = sum((v for (k, _c), v in by_category.items() if k == EntryKind.INCOME), Decimal(0))
    expense = sum((v for (k, _c), v in by_category.items() if k == EntryKind.EXPENSE), Decimal(0))
    profit = income - expense
    rules = closed.rules if closed else rules_in_force(group, ends_on)
    units = {row["membership"]: row["units"] for row in
             WorkEntry.objects.filter(group=group, date__gte=starts_on, date__lte=ends_on).values("membership")
             .annotate(units=Sum("units")).order_by()}
    allocation, pool = {}, 0
    if rules is not None and profit > 0:
        allocation = dividends.split(dividends.to_satang(profit), rules.allocation())
        pool = allocation["dividend_pct"]
    if closed:
        lines = {d.membership_id: d.amount_satang for d in closed.dividends.all()}
    else:
        lines = dividends.split(pool, units)
    members = {m.pk: m for m in Membership.objects.filter(pk__in=set(units) | set(lines)).select_related("person")}
    total_units = sum(units.values(), Decimal(0))
    rows = sorted(({"membership": members[pk], "units": units.get(pk, Decimal(0)),
                    "share_pct": (units.get(pk, Decimal(0)) * 100 / total_units) if total_units else Decimal(0),
                    "amount": dividends.to_baht(lines.get(pk, 0))} for pk in members),
                  key=lambda r: (-r["units"], r["membership"].person.first_name, r["membership"].pk))
    return {
        "group": group, "year": year, "starts_on": starts_on, "ends_on": ends_on, "closed": closed,
        "income_lines": [(LedgerCategory(c).label, by_category[(k, c)]) for k, c in sorted(by_category)
                         if k == EntryKind.INCOME],
        "expense_lines": [(LedgerCategory(c).label, by_category[(k, c)]) for k, c in sorted(by_category)
                          if k == EntryKind.EXPENSE],
        "income": income, "expense": expense, "profit": profit, "rules": rules,
        "allocation": [(name, rules.ALLOCATION_LABELS[name], getattr(rules, name),
                        dividends.to_baht(allocation.get(name, 0))) for name in rules.ALLOCATION] if rules else [],
        "pool": dividends.to_baht(pool), "total_units": total_units,
        "undistributed": dividends.to_baht(pool) if pool and not total_units else Decimal(0),
        "rows": rows,
    }


# --- follow-up visits ------------------------------------------------------------------------------------------

FIRST_YEAR_DAYS = 365
WEEKLY, MONTHLY = datetime.timedelta(days=7), datetime.timedelta(days=31)


def visits_due(queryset, today: datetime.date):
    """Groups whose next visit is due or overdue: weekly in their first year, then monthly (seed 002).

    The comparison is with fixed dates, so the database does it on both SQLite and PostgreSQL."""
    young = Q(founded_on__gt=today - datetime.timedelta(days=FIRST_YEAR_DAYS))
    last = Subquery(Visit.objects.filter(group=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1])
    queryset = queryset.exclude(status__in=["dissolved", "suspended"]).annotate(last_visit=last)
    overdue = (young & (Q(last_visit__lt=today - WEEKLY) | Q(last_visit__isnull=True, founded_on__lt=today - WEEKLY))) | (
        ~young & (Q(last_visit__lt=today - MONTHLY) | Q(last_visit__isnull=True)))
    return queryset.filter(overdue).order_by("last_visit", "founded_on")


def next_visit_due(group: Group, last_visit: datetime.date | None, today: datetime.date) -> datetime.date:
    young = group.founded_on > today - datetime.timedelta(days=FIRST_YEAR_DAYS)
    return (last_visit or group.founded_on) + (WEEKLY if young else MONTHLY)


def group_list(user, today: datetime.date):
    """The groups list: one query with readiness and member counts (STYLE.md §6)."""
    return with_readiness(Group.objects.for_user(user).select_related("village", "occupation", "office",
                                                                                   "district"), today)


def visits_for(group):
    return Visit.objects.filter(group=group).select_related("visitor")


def people_to_add(*, user, group: Group, q: str, today: datetime.date, limit: int = 10):
    """People of the user's register matching `q` (names, or a whole national ID from a POST body), each marked
    `is_member` if already an active member. None for fewer than 2 characters."""
    from registry.models import Person
    from registry.scoping import Action
    from registry.selectors import people_search

    q = (q or "").strip()
    if len(q) < 2:
        return Person.objects.none()
    members = Membership.objects.filter(group=group, person=OuterRef("pk")).filter(active_q(today))
    return (people_search(Person.objects.for_user(user, Action.CHANGE), q, by_national_id=True)
            .select_related("village").annotate(is_member=Exists(members))
            .order_by("first_name", "last_name", "pk")[:limit])


def _signed_savings():
    return Case(When(kind=EntryKind.SAVING, then="amount"), When(kind=EntryKind.WITHDRAWAL, then=-1 * F("amount")),
                default=ZERO, output_field=DecimalField(max_digits=14, decimal_places=2))


def savings_balance(group: Group, membership) -> Decimal:
    """One member's savings and shares with the group: paid in less paid back."""
    return LedgerEntry.objects.filter(group=group, membership=membership).aggregate(
        balance=Coalesce(Sum(_signed_savings()), ZERO))["balance"]


def savings_balances(group: Group):
    """Each member's savings and shares: paid in less paid back, summed in the database."""
    signed = _signed_savings()
    return (LedgerEntry.objects.filter(group=group, kind__in=[EntryKind.SAVING, EntryKind.WITHDRAWAL])
            .values("membership", "membership__person__first_name", "membership__person__last_name")
            .annotate(balance=Sum(signed)).order_by("membership__person__first_name"))


def group_years(group: Group, today: datetime.date) -> list[dict]:
    """The group's years from its founding to today, each with whether the general meeting closed it."""
    closed = {y.year: y for y in group.years.all()}
    first, last = group.year_of(group.founded_on), group.year_of(today)
    years = []
    for year in range(last, first - 1, -1):
        starts_on, ends_on = group.year_bounds(year)
        years.append({"year": year, "starts_on": starts_on, "ends_on": ends_on, "closed": closed.get(year),
                      "ended": ends_on < today})
    return years


def meeting_months(group: Group, today: datetime.date, months: int = 12) -> list[dict]:
    """The last `months` calendar months since the group was founded, each with its held meetings: a month
    without one is shown as missing (seed 002: at least one meeting a month)."""
    start = max(_month_start(today, months - 1), group.founded_on.replace(day=1))
    counts = {(row["date__year"], row["date__month"]): row["n"] for row in
              group.meetings.filter(held=True, date__gte=start, date__lte=today)
              .values("date__year", "date__month").annotate(n=Count("pk")).order_by()}
    result, month = [], start
    while month <= today:
        result.append({"month": month, "count": counts.get((month.year, month.month), 0),
                       "current": (month.year, month.month) == (today.year, today.month)})
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return result
