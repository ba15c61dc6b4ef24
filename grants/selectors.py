"""Reads with rules in them: a budget line's money, a request's money, eligibility, the duplicate-support
warning, due dates. Every sum is computed by the database (subqueries), so a list of lines or requests
costs one query.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, ExpressionWrapper, F, Max, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from grants.models import (
    BudgetLine,
    CostKind,
    GrantRequest,
    OfficeGrantSettings,
    Payment,
    Purpose,
    Refund,
    SpendingTag,
    Status,
    SupportKind,
)
from grants.workflow import (
    APPROVED_STATES,
    CHANGE_DECIDE,
    COMMITTED_STATES,
    DECIDING_STATES,
    GRANT,
    PAYING_STATES,
    REFUND_STATES,
    REPORT_STATES,
    REQUIRED_DOCUMENTS,
    SIDE_STATES,
)
from kit import thai
from kit.paging import keyed_page
from registry.models import OfficeKind

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
MONEY = DecimalField(max_digits=14, decimal_places=2)
DEFAULT_REPORT_DUE_DAYS = 30
RESULTS_WITHIN_DAYS = 7  # the results of a finished project are recorded within 7 days


def durable_threshold() -> Decimal:
    """Above this unit price an item is durable goods (ครุภัณฑ์), whatever it is called (setting, baht)."""
    return Decimal(str(getattr(settings, "GRANTS_DURABLE_THRESHOLD", 5000)))


def _total(queryset, column: str, key: str):
    grouped = queryset.order_by().values(key).annotate(s=Sum(column)).values("s")
    return Coalesce(Subquery(grouped[:1], output_field=MONEY), ZERO)


def with_money(lines):
    """Budget lines annotated with their money: committed (approved and not yet paid), paid, refunded and
    available = appropriated − committed − paid + refunded. A reversed payment is not paid (its amount is
    committed again until the correct payment is recorded); `money_reversed` is the sum of those reversed."""
    on_line = Q(request__budget_line=OuterRef("pk"))
    approved = _total(
        GrantRequest.objects.filter(budget_line=OuterRef("pk"), status__in=COMMITTED_STATES),
        "approved_amount",
        "budget_line",
    )
    paid_open = _total(
        Payment.objects.not_reversed().filter(on_line, request__status__in=COMMITTED_STATES),
        "amount",
        "request__budget_line",
    )
    paid = _total(Payment.objects.not_reversed().filter(on_line), "amount", "request__budget_line")
    reversed_ = _total(
        Payment.objects.filter(on_line, reversal__isnull=False), "amount", "request__budget_line"
    )
    refunded = _total(Refund.objects.filter(on_line), "amount", "request__budget_line")
    lines = lines.annotate(
        money_approved_open=approved,
        money_paid_open=paid_open,
        money_paid=paid,
        money_refunded=refunded,
        money_reversed=reversed_,
    )
    return lines.annotate(
        money_committed=ExpressionWrapper(
            F("money_approved_open") - F("money_paid_open"), output_field=MONEY
        ),
        money_available=ExpressionWrapper(
            F("appropriated")
            - (F("money_approved_open") - F("money_paid_open"))
            - F("money_paid")
            + F("money_refunded"),
            output_field=MONEY,
        ),
    )


def line_money(line: BudgetLine) -> BudgetLine:
    """The line, read again with its money (one query)."""
    return with_money(BudgetLine.objects.filter(pk=line.pk)).get()


def with_request_money(requests):
    """Requests annotated with paid (not reversed), refunded and tagged spending (one query for a list)."""
    paid = _total(Payment.objects.not_reversed().filter(request=OuterRef("pk")), "amount", "request")
    refunded = _total(Refund.objects.filter(request=OuterRef("pk")), "amount", "request")
    spent = _total(SpendingTag.objects.filter(request=OuterRef("pk")), "ledger_entry__amount", "request")
    return requests.annotate(money_paid=paid, money_refunded=refunded, money_spent=spent)


@dataclass(frozen=True)
class RequestMoney:
    approved: Decimal
    paid: Decimal
    spent: Decimal
    refunded: Decimal
    # The group has accounted for the money: its report is recorded, or the grant was ended (terminated).
    accounted: bool = True

    @property
    def to_pay(self) -> Decimal:
        return max(self.approved - self.paid, Decimal(0))

    @property
    def left(self) -> Decimal:
        """Paid and neither spent (tagged ledger expenses) nor returned: what must come back."""
        return max(self.paid - self.spent - self.refunded, Decimal(0))

    @property
    def left_to_return(self) -> Decimal | None:
        """What must come back, as the page shows it: None until the group has accounted for the money (right
        after the payment nothing is spent yet, and the whole amount is not owed back)."""
        return self.left if self.accounted else None


def request_money(request: GrantRequest) -> RequestMoney:
    row = (
        with_request_money(GrantRequest.objects.filter(pk=request.pk))
        .values("money_paid", "money_refunded", "money_spent")
        .get()
    )
    return RequestMoney(
        approved=request.approved_amount or Decimal(0),
        paid=row["money_paid"],
        spent=row["money_spent"],
        refunded=row["money_refunded"],
        accounted=bool(request.report_results.strip()) or request.status == Status.TERMINATED,
    )


@dataclass(frozen=True)
class PaidDates:
    first: datetime.date | None  # the first payment not reversed: the grant's money exists from this day
    last: datetime.date | None  # the last one: a report or a refund accounts for every payment


def paid_dates(request: GrantRequest) -> PaidDates:
    """The days of the request's first and last payments that count (not reversed), in one query."""
    row = request.payments.not_reversed().aggregate(first=Min("paid_on"), last=Max("paid_on"))
    return PaidDates(first=row["first"], last=row["last"])


def cost_total(request: GrantRequest) -> Decimal:
    return sum((line.amount for line in request.cost_lines.all()), Decimal(0))


# --- rules on cost lines ------------------------------------------------------------------------------------


def materials_problems(cost_lines, line: BudgetLine) -> list[str]:
    """Why these cost lines cannot be paid from a "materials only" line: group-formation money buys
    materials, neither equipment (durable goods, or an item priced over the durable-goods limit) nor other
    expenses such as transport."""
    if not line.materials_only:
        return []
    threshold = durable_threshold()
    problems = []
    for cost in cost_lines:
        kind, item, price = _cost_fields(cost)
        if kind == CostKind.DURABLE:
            problems.append(
                _("“%(item)s” is durable goods (ครุภัณฑ์): the line “%(line)s” pays for materials only.")
                % {"item": item, "line": line.project}
            )
        elif kind == CostKind.OTHER:
            problems.append(
                _(
                    "“%(item)s” is another expense (ค่าใช้จ่ายอื่น), not materials: the line “%(line)s” pays "
                    "for materials only. Remove the line, or approve from another budget line."
                )
                % {"item": item, "line": line.project}
            )
        elif price > threshold:
            problems.append(
                _(
                    "“%(item)s” costs %(price)s baht a unit, over the %(limit)s baht of durable goods: the "
                    "line “%(line)s” pays for materials only."
                )
                % {
                    "item": item,
                    "price": thai.baht(price),
                    "limit": thai.baht(threshold),
                    "line": line.project,
                }
            )
    return problems


def _cost_fields(cost):
    if isinstance(cost, dict):
        return cost["kind"], cost["item"], Decimal(str(cost["unit_price"]))
    return cost.kind, cost.item, cost.unit_price


@dataclass(frozen=True)
class DecidedLine:
    """A cost line as decided at a step: as asked, or as the committee or the executive adjusted it."""

    line: object  # CostLine, as the group asked it
    quantity: Decimal | None  # None: removed
    unit_price: Decimal | None
    by: str = ""  # the Adjuster whose decision this is; "" as asked
    reason: str = ""

    @property
    def removed(self) -> bool:
        return self.quantity is None

    @property
    def changed(self) -> bool:
        return bool(self.by)

    @property
    def by_label(self) -> str:
        from grants.models import Adjuster

        return str(Adjuster(self.by).label) if self.by else ""

    @property
    def amount(self) -> Decimal:
        if self.removed:
            return Decimal(0)
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))

    @property
    def kind(self) -> str:
        return self.line.kind

    @property
    def item(self) -> str:
        return self.line.item

    def snapshot(self) -> dict:
        """The line as ApprovedVersion.cost_lines keeps it."""
        return {
            "item": self.line.item,
            "quantity": str(self.quantity),
            "unit": self.line.unit,
            "unit_price": str(self.unit_price),
            "kind": self.line.kind,
        }

    def adjustment(self) -> dict:
        """What was decided other than asked, and why, as ApprovedVersion.adjustments keeps it."""
        return {
            "item": self.line.item,
            "unit": self.line.unit,
            "kind": self.line.kind,
            "asked_quantity": str(self.line.quantity),
            "asked_unit_price": str(self.line.unit_price),
            "quantity": None if self.removed else str(self.quantity),
            "unit_price": None if self.removed else str(self.unit_price),
            "removed": self.removed,
            "by": self.by,
            "reason": self.reason,
        }


def decided_lines(request: GrantRequest, upto: str | None) -> list[DecidedLine]:
    """The request's cost lines as decided up to a step: `None` as asked; the committee's recommendation
    (Adjuster.COMMITTEE); the executive's approval over it (Adjuster.EXECUTIVE). A line neither adjusted is as
    asked; a removed line stays in the list, marked (two queries)."""
    from grants.models import Adjuster, CostAdjustment

    steps = {None: (), Adjuster.COMMITTEE: (Adjuster.COMMITTEE,)}.get(
        upto, (Adjuster.EXECUTIVE, Adjuster.COMMITTEE)
    )
    adjusted = {
        (a.cost_line_id, a.by): a for a in CostAdjustment.objects.filter(request=request, by__in=steps)
    }
    rows = []
    for line in request.cost_lines.all():
        decision = next((adjusted[line.pk, by] for by in steps if (line.pk, by) in adjusted), None)
        if decision is None:
            rows.append(DecidedLine(line=line, quantity=line.quantity, unit_price=line.unit_price))
        else:
            rows.append(
                DecidedLine(
                    line=line,
                    quantity=None if decision.removed else decision.quantity,
                    unit_price=None if decision.removed else decision.unit_price,
                    by=decision.by,
                    reason=decision.reason,
                )
            )
    return rows


def lines_total(lines) -> Decimal:
    """The sum of cost lines (decided lines, or the frozen JSON of a version), each rounded to the satang."""
    total = Decimal(0)
    for line in lines:
        if isinstance(line, dict):
            total += (Decimal(str(line["quantity"])) * Decimal(str(line["unit_price"]))).quantize(
                Decimal("0.01")
            )
        else:
            total += line.amount
    return total


def approved_lines(request: GrantRequest) -> list[dict]:
    """The lines of the request's latest approved version (what the agreement lists)."""
    version = request.versions.order_by("-number").first()
    return version.cost_lines if version is not None else []


# --- eligibility and duplicates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str


@dataclass(frozen=True)
class Eligibility:
    checks: list[Check] = field(default_factory=list)
    readiness: object = None  # the groups app's Readiness, shown beside

    @property
    def eligible(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def reasons(self) -> list[str]:
        return [check.text for check in self.checks if not check.ok]


def report_due_days(office_id) -> int:
    days = (
        OfficeGrantSettings.objects.filter(office_id=office_id)
        .values_list("report_due_days", flat=True)
        .first()
    )
    return days or DEFAULT_REPORT_DUE_DAYS


def report_due_on(request: GrantRequest, days: int | None = None) -> datetime.date | None:
    """The project's end + the office's days (kept on the request as `report_due_on`,
    so lists filter on a column)."""
    if request.ends_on is None:
        return None
    return request.ends_on + datetime.timedelta(
        days=days if days is not None else report_due_days(request.office_id)
    )


def overdue_q(today: datetime.date) -> Q:
    """Requests whose report is overdue: still to report, past the project's end + the office's days."""
    return Q(status__in=REPORT_STATES, report_due_on__lt=today)


def results_due_on(request: GrantRequest) -> datetime.date | None:
    """The results of a finished project are recorded within 7 days of its end."""
    return request.ends_on + datetime.timedelta(days=RESULTS_WITHIN_DAYS) if request.ends_on else None


def _earlier_problems(groups, today: datetime.date, exclude_request=None) -> dict:
    """{group pk: (overdue numbers, unreturned numbers)} of the groups' requests (all in one query): a report
    overdue, or money paid and neither spent nor returned on a terminated request or one owing a refund."""
    requests = GrantRequest.objects.filter(group__in=groups)
    if exclude_request is not None:
        requests = requests.exclude(pk=exclude_request)
    owing = Q(status__in=REFUND_STATES, money_left__gt=0)
    rows = (
        with_request_money(requests)
        .annotate(
            money_left=ExpressionWrapper(
                F("money_paid") - F("money_spent") - F("money_refunded"), output_field=MONEY
            )
        )
        .filter(overdue_q(today) | owing)
        .order_by("number")
        .values_list("group_id", "number", "status")
    )
    problems: dict = {}
    for group_id, number, status in rows:
        overdue, unreturned = problems.setdefault(group_id, ([], []))
        (overdue if status in REPORT_STATES else unreturned).append(number)
    return problems


def _group_checks(group, members: int, overdue: list, unreturned: list) -> list[Check]:
    """The eligibility rules of one group, each with its reason (never silent)."""
    from groups.models import GroupStatus

    return [
        Check(
            bool(group.registration_number),
            _("The group is registered with the district office (number %(n)s).")
            % {"n": group.registration_number}
            if group.registration_number
            else _("The group is not registered with the district office."),
        ),
        Check(members >= 5, _("%(n)s active members (at least 5 are needed).") % {"n": members}),
        Check(
            group.status not in (GroupStatus.DISSOLVED, GroupStatus.SUSPENDED),
            _("The group is %(status)s.") % {"status": group.get_status_display()},
        ),
        Check(
            not overdue,
            _("No overdue report from an earlier grant.")
            if not overdue
            else _("The report of an earlier grant is overdue: %(numbers)s.")
            % {"numbers": ", ".join(overdue)},
        ),
        Check(
            not unreturned,
            _("No unreturned money from an earlier grant.")
            if not unreturned
            else _("Money of an earlier grant is not yet returned: %(numbers)s.")
            % {"numbers": ", ".join(unreturned)},
        ),
    ]


def groups_eligibility(groups, today: datetime.date, *, exclude_request=None) -> dict:
    """{group pk: Eligibility} of every group of the queryset, in two queries whatever their number (the
    groups with their active members; their earlier requests' overdue reports and unreturned money)."""
    from groups.selectors import with_active_count

    rows = list(with_active_count(groups.order_by(), today))
    problems = _earlier_problems(groups.values("pk"), today, exclude_request)
    none = ([], [])
    return {
        group.pk: Eligibility(checks=_group_checks(group, group.active_count, *problems.get(group.pk, none)))
        for group in rows
    }


def eligibility(request: GrantRequest, today: datetime.date) -> Eligibility:
    """Whether the request's group may be supported, each rule with its reason (never silent), the request
    itself left out of its earlier grants; and its readiness beside."""
    from groups.models import Group
    from groups.selectors import readiness

    found = groups_eligibility(Group.objects.filter(pk=request.group_id), today, exclude_request=request.pk)
    return Eligibility(checks=found[request.group_id].checks, readiness=readiness(request.group, today))


def duplicates(request: GrantRequest):
    """Approved requests of the same group in the same fiscal year, from any office,
    with an overlapping purpose."""
    purposes = set(request.purposes or [])
    others = (
        GrantRequest.objects.filter(
            group_id=request.group_id, fiscal_year=request.fiscal_year, status__in=APPROVED_STATES
        )
        .exclude(pk=request.pk)
        .select_related("office")
    )
    return [other for other in others if purposes & set(other.purposes or [])]


# --- lists: the request list, the due list, the home page's work and the group page's marker ----------------

VERY_LATE_DAYS = 30  # a report overdue by more than this is marked on the group's page
DUE_SOON_DAYS = 14  # the due list shows reports due within this many days, and every late one


def request_rows(requests, today: datetime.date):
    """The request list's rows: every join and sum the list shows,
    and whether the report is overdue (one query)."""
    from django.db.models import BooleanField, Case, When

    return with_request_money(requests.select_related("group", "office")).annotate(
        is_overdue=Case(
            When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def request_list_page(requests, *, today: datetime.date, number, per_page: int):
    """One page of the request list in the same queries at any page size and scope: the count and the page's
    keys over `requests` alone (kit.paging), then the page's rows with their money and overdue mark."""
    keys = requests.order_by("-created_at", "-pk").values_list("pk", flat=True)
    return keyed_page(keys, number=number, per_page=per_page, rows=request_rows(requests, today))


def days_late(due_on: datetime.date | None, today: datetime.date) -> int:
    return max((today - due_on).days, 0) if due_on else 0


@dataclass(frozen=True)
class DueRow:
    request: GrantRequest
    due_on: datetime.date
    days_late: int  # 0: due, not yet late


def _due_rows(requests, column, today) -> list[DueRow]:
    return [
        DueRow(request=r, due_on=getattr(r, column), days_late=days_late(getattr(r, column), today))
        for r in requests
    ]


DUE_SHOWN = (
    200  # rows of each due table on the page; the rest are counted (and found with the list's filters)
)


@dataclass(frozen=True)
class DueTable:
    rows: list
    total: int  # every due row in scope, of which `rows` are the latest DUE_SHOWN


def reports_due(requests, today: datetime.date, limit: int = DUE_SHOWN) -> DueTable:
    """Reports due within DUE_SOON_DAYS or overdue, the latest first."""
    due = requests.filter(
        status__in=REPORT_STATES, report_due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
    )
    rows = due.select_related("group", "office").order_by("report_due_on", "pk")[:limit]
    return DueTable(rows=_due_rows(rows, "report_due_on", today), total=due.count())


def results_due(requests, today: datetime.date, limit: int = DUE_SHOWN) -> DueTable:
    """Finished projects whose results are not yet recorded (they are due within 7 days of the end),
    the latest first."""
    due = requests.filter(
        status__in=(*REPORT_STATES, Status.REPORT_REVIEW), results_recorded_on__isnull=True, ends_on__lt=today
    )
    rows = due.select_related("group", "office").order_by("ends_on", "pk")[:limit]
    return DueTable(
        rows=[
            DueRow(request=r, due_on=results_due_on(r), days_late=days_late(results_due_on(r), today))
            for r in rows
        ],
        total=due.count(),
    )


def very_late(requests, today: datetime.date):
    """Requests whose report is overdue by more than VERY_LATE_DAYS days."""
    return requests.filter(overdue_q(today - datetime.timedelta(days=VERY_LATE_DAYS))).order_by(
        "report_due_on"
    )


def waiting_payment(requests):
    """Approved money not yet all paid, in the states in which finance pays (the finance officer's home)."""
    rows = with_request_money(requests.filter(status__in=PAYING_STATES))
    return (
        rows.annotate(
            money_to_pay=ExpressionWrapper(F("approved_amount") - F("money_paid"), output_field=MONEY)
        )
        .filter(money_to_pay__gt=0)
        .select_related("group")
        .order_by("pk")
    )


def refunds_due(requests):
    return (
        with_request_money(requests.filter(status=Status.REFUND_DUE)).select_related("group").order_by("pk")
    )


def waiting_decision(requests):
    """Requests waiting for the executive, and pending change requests (the executive's home)."""
    from grants.models import ChangeRequest, ChangeStatus

    return (
        requests.filter(status__in=DECIDING_STATES).select_related("group").order_by("pk"),
        ChangeRequest.objects.filter(request__in=requests, status=ChangeStatus.PENDING)
        .select_related("request", "request__group")
        .order_by("pk"),
    )


def line_totals(lines) -> dict:
    """The sums of a list of lines (annotated by with_money), computed by the database."""
    return with_money(lines).aggregate(
        appropriated=Coalesce(Sum("appropriated"), ZERO),
        committed=Coalesce(Sum("money_committed"), ZERO),
        paid=Coalesce(Sum("money_paid"), ZERO),
        refunded=Coalesce(Sum("money_refunded"), ZERO),
        reversed=Coalesce(Sum("money_reversed"), ZERO),
        available=Coalesce(Sum("money_available"), ZERO),
    )


# --- the request's page (grants/views/requests.py) ----------------------------------------------------------


def groups_for_request(user):
    """The groups a new request may be for: those the user sees, in the area of the user's funding office."""
    from groups.models import Group

    groups = Group.objects.for_user(user).select_related("village").order_by("name", "pk")
    office = getattr(user, "office", None)
    if user.is_admin or office is None:
        return groups
    if office.kind == OfficeKind.DISTRICT_CD:
        return groups.filter(district_id=office.district_id)
    return groups.filter(sub_district__in=office.sub_districts.all())


@dataclass(frozen=True)
class MoveChoice:
    """One move of the request's state, as its button: who may make it (or why not),
    and what it still needs."""

    to: str
    label: str
    needs_reason: bool
    missing: list
    decision: object  # kit.policy.Decision
    made_by: str | None = None  # the page action whose form makes this move (shown instead of a button)

    @property
    def ready(self) -> bool:
        return bool(self.decision) and not self.missing


@dataclass(frozen=True)
class CostChange:
    item: str
    before: dict | None
    after: dict | None

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


@dataclass(frozen=True)
class VersionDiff:
    version: object  # ApprovedVersion
    amount: tuple | None = None  # (before, after) when it changed
    dates: tuple | None = None  # ((starts, ends) before, after)
    cost_lines: list = field(default_factory=list)


def version_diff(before, after) -> VersionDiff:
    """What an approved change altered between two frozen versions (amount, dates, cost lines by item)."""
    if before is None:
        return VersionDiff(version=after)
    old = {line["item"]: line for line in before.cost_lines}
    new = {line["item"]: line for line in after.cost_lines}
    keys = ("quantity", "unit", "unit_price", "kind")
    lines = [
        CostChange(item, old.get(item), new.get(item))
        for item in [*old, *(k for k in new if k not in old)]
        if item not in old
        or item not in new
        or any(_same(old[item].get(k)) != _same(new[item].get(k)) for k in keys)
    ]
    return VersionDiff(
        version=after,
        amount=(before.amount, after.amount) if before.amount != after.amount else None,
        dates=((before.starts_on, before.ends_on), (after.starts_on, after.ends_on))
        if (before.starts_on, before.ends_on) != (after.starts_on, after.ends_on)
        else None,
        cost_lines=lines,
    )


def _same(value):
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return value


@dataclass(frozen=True)
class PaymentRow:
    payment: object  # Payment
    reversal: object | None  # its PaymentReversal, if it was reversed
    reversible: bool  # this user may reverse it here and now


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the request's timeline: a move of its state or a money record, who and when."""

    at: datetime.datetime
    kind: str  # "entered", "move", "payment", "reversal", "refund", "spending"
    what: str  # the new state, or what was recorded
    user: object
    before: str = ""  # a move: the state it left
    detail: str = ""  # a money record: its amount, day and document
    reason: str = ""


# Of records made in the same instant, the earlier step first.
_TIMELINE_ORDER = {"entered": 0, "payment": 1, "spending": 2, "reversal": 3, "refund": 4, "move": 5}


def timeline(request: GrantRequest, *, moves, payments, refunds, tags) -> list[TimelineEntry]:
    """Everything done to the request in the order it was recorded: its entry, its moves, payments and their
    reversals, refunds and the spending tagged to it (rows read by the caller, with their users)."""
    entries = [
        TimelineEntry(at=request.created_at, kind="entered", what=_("entered"), user=request.created_by)
    ]
    entries += [
        TimelineEntry(
            at=move.at,
            kind="move",
            what=move.get_to_state_display(),
            before=move.get_from_state_display(),
            user=move.user,
            reason=move.reason,
        )
        for move in moves
    ]
    for payment in payments:
        paid = _("%(amount)s baht paid on %(day)s, voucher %(voucher)s") % {
            "amount": thai.baht(payment.amount),
            "day": thai.date_short(payment.paid_on),
            "voucher": payment.voucher_number,
        }
        entries.append(
            TimelineEntry(
                at=payment.recorded_at,
                kind="payment",
                what=_("payment recorded"),
                detail=paid,
                user=payment.recorded_by,
            )
        )
        reversal = _reversal_of(payment)
        if reversal is not None:
            entries.append(
                TimelineEntry(
                    at=reversal.recorded_at,
                    kind="reversal",
                    what=_("payment reversed"),
                    detail=_("%(payment)s; reversed on %(day)s")
                    % {"payment": paid, "day": thai.date_short(reversal.reversed_on)},
                    user=reversal.recorded_by,
                    reason=reversal.reason,
                )
            )
    entries += [
        TimelineEntry(
            at=refund.recorded_at,
            kind="refund",
            what=_("money returned recorded"),
            detail=_("%(amount)s baht returned on %(day)s, receipt %(receipt)s")
            % {
                "amount": thai.baht(refund.amount),
                "day": thai.date_short(refund.refunded_on),
                "receipt": refund.receipt_number,
            },
            user=refund.recorded_by,
        )
        for refund in refunds
    ]
    entries += [
        TimelineEntry(
            at=tag.tagged_at,
            kind="spending",
            what=_("spending tagged"),
            detail=_("%(description)s, %(amount)s baht of %(day)s")
            % {
                "description": tag.ledger_entry.description,
                "amount": thai.baht(tag.ledger_entry.amount),
                "day": thai.date_short(tag.ledger_entry.date),
            },
            user=tag.tagged_by,
        )
        for tag in tags
    ]
    return sorted(entries, key=lambda entry: (entry.at, _TIMELINE_ORDER[entry.kind]))


def _reversal_of(payment):
    from grants.models import PaymentReversal

    try:
        return payment.reversal
    except PaymentReversal.DoesNotExist:
        return None


@dataclass(frozen=True)
class RequestPage:
    """Everything the request's page reads (one call; the view adds only its forms)."""

    request: GrantRequest
    progress: list
    moves: list  # [MoveChoice]
    timeline: list  # [TimelineEntry], oldest first
    checklist: list  # [(label, have)] of the documents the state needs
    documents: list
    eligibility: Eligibility
    duplicates: list
    cost_lines: list
    cost_total: Decimal
    versions: list  # [VersionDiff], oldest first
    changes: list  # ChangeRequest rows, newest first
    pending_change: object
    money: RequestMoney
    payments: list  # [PaymentRow]
    paid_from: datetime.date | None  # the first payment that counts: spending is tagged from this day
    refunds: list
    tags: list  # SpendingTag rows with their ledger entry
    taggable: object  # queryset of the group's ledger entries that may be tagged
    lines: object  # the office's budget lines of the year, with their money (for the approval)
    results_due_on: datetime.date | None
    results_late: bool
    report_due_on: datetime.date | None
    report_late: bool
    show: dict  # page action -> shown to this user (open at the state and allowed)
    may: dict  # page action -> Decision (whatever the state: the table's permission for it)
    purposes: list  # labels
    support_kinds: list  # labels
    mismatch: bool  # the cost lines do not add up to the amount requested


def request_page(*, request: GrantRequest, user, today: datetime.date) -> RequestPage:
    from grants.models import ChangeStatus, DocumentKind
    from grants.services import taggable_entries
    from kit.policy import can

    may = GRANT.decisions(user, request)
    state = GRANT.state_of(request)
    moves = [
        MoveChoice(
            to=move.to,
            label=str(move.label or GRANT.state(move.to).label),
            needs_reason=move.needs_reason,
            missing=[str(m) for m in GRANT.move_missing(request, move)],
            decision=can(user, GRANT.act_of(move), request),
            made_by=move.made_by,
        )
        for move in state.moves
    ]
    documents = list(request.documents.select_related("uploaded_by"))
    have = {d.kind for d in documents}
    checklist = [
        (DocumentKind(kind).label, kind in have) for kind in REQUIRED_DOCUMENTS.get(request.status, ())
    ]
    versions = list(request.versions.select_related("approved_by"))
    diffs = [version_diff(versions[i - 1] if i else None, v) for i, v in enumerate(versions)]
    changes = list(request.changes.select_related("asked_by", "decided_by"))
    show = {action: GRANT.is_open(request, action) and bool(decision) for action, decision in may.items()}
    show[CHANGE_DECIDE] = bool(may[CHANGE_DECIDE]) and any(c.status == ChangeStatus.PENDING for c in changes)
    cost_lines = list(request.cost_lines.all())
    moves_made = list(request.moves.select_related("user"))
    payments = list(request.payments.select_related("recorded_by", "reversal", "reversal__recorded_by"))
    refunds = list(request.refunds.select_related("recorded_by"))
    tags = list(request.spending.select_related("ledger_entry", "tagged_by"))
    results_due = results_due_on(request)
    report_due = request.report_due_on
    return RequestPage(
        request=request,
        progress=_road(GRANT, request, moves_made),
        moves=moves,
        timeline=timeline(request, moves=moves_made, payments=payments, refunds=refunds, tags=tags),
        checklist=checklist,
        documents=documents,
        eligibility=eligibility(request, today),
        duplicates=duplicates(request),
        cost_lines=cost_lines,
        cost_total=sum((c.amount for c in cost_lines), Decimal(0)),
        versions=diffs,
        changes=changes,
        pending_change=next((c for c in changes if c.status == ChangeStatus.PENDING), None),
        money=request_money(request),
        payments=[
            PaymentRow(
                payment=p,
                reversal=_reversal_of(p),
                reversible=show["pay"] and _reversal_of(p) is None,
            )
            for p in payments
        ],
        paid_from=paid_dates(request).first,
        refunds=refunds,
        tags=tags,
        taggable=taggable_entries(request).order_by("-date", "-pk"),
        lines=with_money(
            BudgetLine.objects.filter(office_id=request.office_id, fiscal_year=request.fiscal_year).order_by(
                "plan_code", "project", "pk"
            )
        ),
        results_due_on=results_due,
        results_late=bool(
            results_due
            and results_due < today
            and not request.results_recorded_on
            and request.status in REPORT_STATES
        ),
        report_due_on=report_due,
        report_late=bool(report_due and report_due < today and request.status in REPORT_STATES),
        show=show,
        may=may,
        purposes=_labels(Purpose, request.purposes),
        support_kinds=_labels(SupportKind, request.support_kinds),
        mismatch=bool(
            request.amount_requested
            and cost_lines
            and sum((c.amount for c in cost_lines), Decimal(0)) != request.amount_requested
        ),
    )


def _road(workflow, request, timeline) -> list:
    """The main road with where the request stands: the states it passed, the current one,
    and the ones ahead."""
    from kit.workflow import Progress

    visited = {move.from_state for move in timeline} | {move.to_state for move in timeline}
    current = request.status
    return [
        Progress(
            state, done=state.value in visited and state.value != current, current=state.value == current
        )
        for state in workflow.states
        if state.value not in SIDE_STATES or state.value in visited or state.value == current
    ]


def _labels(choices, values) -> list:
    labels = dict(choices.choices)
    return [str(labels.get(value, value)) for value in (values or [])]
