"""National-scale grant requests, written by `manage.py generate_national` through kit.bulkload, as the
workflow (grants/workflow.py) and grants/services.py would leave them:

- requests of registered groups, funded by the group's office (its village and area columns are the group's);
  numbered uniquely; a cost line adding up to the amount asked;
- each request walked along the workflow's moves from draft to its state (a RequestMove per move, dated in
  order), with the fields each state needs: recommended amount from committee review, budget line, approved
  amount and decision date from approval (and the frozen ApprovedVersion 1, its line priced at the approved
  amount), agreement number and date from
  the agreement, payments from disbursing (posted to the group's ledger as grant income, through
  groups.generate.ledger_rows), the report from report review, a refund (posted as an expense) on the way to
  closed for some;
- rejected, ineligible and withdrawn requests stop where the workflow lets them; the next fiscal year's
  requests are still early in the workflow;
- a budget line per funding office and year, appropriated above what it approved.
"""

import datetime
from decimal import Decimal

from grants.models import (
    ApprovedVersion,
    BudgetLine,
    CostKind,
    CostLine,
    GrantRequest,
    Payment,
    Purpose,
    Refund,
    RequestMove,
    Status,
    SupportKind,
)
from groups.generate import ledger_rows
from groups.models import EntryKind, LedgerCategory, LedgerEntry
from kit import thai

GRANTS = 20_000
S = Status
MAIN = [
    S.DRAFT,
    S.SUBMITTED,
    S.SCREENING,
    S.REVIEW,
    S.APPROVAL,
    S.APPROVED,
    S.AGREEMENT,
    S.DISBURSING,
    S.IN_PROGRESS,
    S.REPORTING,
    S.REPORT_REVIEW,
]
# Where a request of the year stands (weights), and the path that leads there.
ENDS = [
    (S.CLOSED, 28),
    (S.REFUND_DUE, 4),
    (S.REPORT_REVIEW, 5),
    (S.REPORTING, 10),
    (S.IN_PROGRESS, 15),
    (S.DISBURSING, 5),
    (S.AGREEMENT, 5),
    (S.APPROVED, 5),
    (S.APPROVAL, 4),
    (S.REVIEW, 3),
    (S.REJECTED, 6),
    (S.INELIGIBLE, 4),
    (S.WITHDRAWN, 3),
    (S.SCREENING, 1),
    (S.SUBMITTED, 1),
    (S.DRAFT, 1),
]
EARLY = [S.DRAFT, S.SUBMITTED, S.SCREENING, S.REVIEW, S.APPROVAL, S.APPROVED]


def path_to(end: str, refunded: bool) -> list:
    if end in MAIN:
        return MAIN[: MAIN.index(end) + 1]
    if end == S.REJECTED:
        return MAIN[: MAIN.index(S.APPROVAL) + 1] + [S.REJECTED]
    if end == S.INELIGIBLE:
        return MAIN[: MAIN.index(S.SCREENING) + 1] + [S.INELIGIBLE]
    if end == S.WITHDRAWN:
        return [S.DRAFT, S.WITHDRAWN]
    if end == S.REFUND_DUE:
        return MAIN + [S.REFUND_DUE]
    return MAIN + ([S.REFUND_DUE] if refunded else []) + [S.CLOSED]


def generate(writer, register, rnd, *, scale: float, year: int, today: datetime.date, groups: list):
    total = max(1, round(GRANTS * scale))
    # Registered groups ask; not those whose last year is closed (a payment would land in a locked year).
    registered = [g for g in groups if g.registered and not g.closed_year] or groups
    ends, weights = zip(*ENDS, strict=True)
    first = thai.fiscal_year_bounds(year)[0]
    next_first = thai.fiscal_year_bounds(year + 1)[0]
    planned = []
    for _ in range(total):
        group = registered[rnd.randrange(len(registered))]
        if rnd.random() < 0.85:
            refunded = rnd.random() < 0.3
            path = path_to(rnd.choices(ends, weights)[0], refunded)
            received = max(first, group.registered or group.founded) + datetime.timedelta(
                days=rnd.randrange(0, 120)
            )
            fiscal_year = year
        else:
            path = MAIN[: MAIN.index(rnd.choice(EARLY)) + 1]
            received = next_first + datetime.timedelta(
                days=rnd.randrange(0, max(1, (today - next_first).days))
            )
            fiscal_year = year + 1
        received = max(received, group.registered or group.founded)
        if (
            fiscal_year == year and received >= next_first
        ):  # a group registered late in the year: asks next year
            path, fiscal_year = MAIN[: 1 + rnd.randrange(3)], year + 1
        planned.append((group, fiscal_year, path, received))
    # Moves a week apart at most, never after today.
    lines = {}
    request_ids = writer.ids(GrantRequest, len(planned))
    requests, moves, costs, versions, payments, refunds, ledger = [], [], [], [], [], [], []
    payment_count = sum(1 for _, _, path, _ in planned if S.DISBURSING in path)
    refund_count = sum(1 for _, _, path, _ in planned if S.REFUND_DUE in path)
    ledger_ids = iter(writer.ids(LedgerEntry, payment_count + refund_count))
    for n, (request_id, (group, fiscal_year, path, received)) in enumerate(
        zip(request_ids, planned, strict=True), start=1
    ):
        user = group.user
        days = [received]
        for _ in path[1:]:
            days.append(min(today, days[-1] + datetime.timedelta(days=rnd.randrange(1, 8))))
        on = dict(zip(path, days, strict=True))
        asked = Decimal(rnd.randrange(20_000, 300_000, 1000))
        recommended = (
            (asked * Decimal(rnd.choice(["0.8", "0.9", "1"]))).quantize(Decimal(100))
            if S.APPROVAL in path
            else None
        )
        approved = recommended if S.APPROVED in path else None
        line = None
        if S.APPROVAL in path:
            line = lines.setdefault((group.office, fiscal_year), [None, Decimal(0)])
            line[1] += recommended
        decided = on.get(S.APPROVED) or on.get(S.REJECTED)
        starts = (decided or received) + datetime.timedelta(days=14)
        ends = starts + datetime.timedelta(days=rnd.randrange(90, 180))
        requests.append(
            [
                request_id,
                group.village.id,
                group.village.sub_district,
                group.village.district,
                group.village.province,
                f"GEN-{fiscal_year}-{n:06d}",
                group.office,
                group.id,
                fiscal_year,
                "โครงการพัฒนาการผลิตของกลุ่ม",
                [rnd.choice(Purpose.values)],
                [SupportKind.MONEY],
                "จัดซื้อวัสดุและพัฒนาผลิตภัณฑ์",
                starts,
                ends,
                "รายได้ของสมาชิกเพิ่มขึ้น",
                asked,
                received,
                ends + datetime.timedelta(days=30),
                path[-1],
                recommended,
                "ผ่านการพิจารณา" if recommended else "",
                80 if recommended else None,
                line,
                approved,
                decided,
                "ไม่ผ่านการพิจารณา" if S.REJECTED in path else "",
                f"สัญญา {n}" if S.AGREEMENT in path else "",
                on.get(S.AGREEMENT),
                "ดำเนินการตามแผน" if S.REPORT_REVIEW in path else "",
                on.get(S.REPORT_REVIEW),
                user,
            ]
        )
        costs.append((request_id, "วัสดุการผลิต", Decimal(1), "ชุด", asked, CostKind.MATERIAL))
        previous = ""
        for state, day in zip(path, days, strict=True):
            if state != S.DRAFT:
                moves.append(
                    (
                        request_id,
                        previous,
                        state,
                        user,
                        "ไม่ผ่านการพิจารณา" if state in (S.REJECTED, S.INELIGIBLE, S.WITHDRAWN) else "",
                        datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC),
                    )
                )
            previous = state
        if approved:
            # The approved line is priced at the approved amount (the committee's lower figure, with why).
            line = {"item": "วัสดุการผลิต", "quantity": "1", "unit": "ชุด", "kind": "material"}
            lower = approved != asked
            adjustments = [
                {
                    **line,
                    "asked_quantity": "1",
                    "asked_unit_price": str(asked),
                    "unit_price": str(approved),
                    "removed": False,
                    "by": "committee",
                    "reason": "ปรับลดตามวงเงินที่คณะกรรมการเสนอ",
                }
            ]
            versions.append(
                (
                    request_id,
                    1,
                    approved,
                    starts,
                    ends,
                    [{**line, "unit_price": str(approved)}],
                    adjustments if lower else [],
                    user,
                )
            )
        if S.DISBURSING in path:
            paid_on = on[S.DISBURSING]
            parts = [approved] if S.IN_PROGRESS in path else [(approved / 2).quantize(Decimal("0.01"))]
            for number, amount in enumerate(parts, start=1):
                entry = next(ledger_ids)
                ledger.append(
                    (
                        entry,
                        group.id,
                        paid_on,
                        EntryKind.INCOME,
                        LedgerCategory.GRANT,
                        amount,
                        "เงินสนับสนุน",
                        f"ฎีกา {n}",
                        None,
                        user,
                    )
                )
                payments.append((request_id, amount, paid_on, f"ฎีกา {n}/{number}", entry, user))
        if S.REFUND_DUE in path and S.CLOSED in path:
            entry = next(ledger_ids)
            amount = (approved * Decimal(rnd.choice(["0.05", "0.1", "0.2"]))).quantize(Decimal("0.01"))
            ledger.append(
                (
                    entry,
                    group.id,
                    on[S.CLOSED],
                    EntryKind.EXPENSE,
                    LedgerCategory.RETURNED,
                    amount,
                    "คืนเงินเหลือจ่าย",
                    f"ใบเสร็จ {n}",
                    None,
                    user,
                )
            )
            refunds.append((request_id, amount, on[S.CLOSED], f"ใบเสร็จ {n}", entry, user))
    line_ids = iter(writer.ids(BudgetLine, len(lines)))
    line_rows = []
    for (office, fiscal_year), line in sorted(lines.items()):
        line[0] = next(line_ids)
        line_rows.append(
            (
                line[0],
                office,
                fiscal_year,
                "แผนงานสร้างความเข้มแข็งของชุมชน",
                "ส่งเสริมกลุ่มอาชีพ",
                (line[1] * Decimal("1.2") + 100_000).quantize(Decimal(1)),
            )
        )
    writer.write(
        BudgetLine, ["id", "office", "fiscal_year", "plan_code", "project", "appropriated"], line_rows
    )
    for row in requests:
        if row[23] is not None:
            row[23] = row[23][0]
    writer.write(
        GrantRequest,
        [
            "id",
            "village",
            "sub_district",
            "district",
            "province",
            "number",
            "office",
            "group",
            "fiscal_year",
            "title",
            "purposes",
            "support_kinds",
            "activities",
            "starts_on",
            "ends_on",
            "expected_results",
            "amount_requested",
            "received_on",
            "report_due_on",
            "status",
            "recommended_amount",
            "committee_notes",
            "score",
            "budget_line",
            "approved_amount",
            "decided_on",
            "decision_reason",
            "agreement_number",
            "agreement_on",
            "report_results",
            "reported_on",
            "created_by",
        ],
        requests,
    )
    writer.write(CostLine, ["request", "item", "quantity", "unit", "unit_price", "kind"], costs)
    writer.write(RequestMove, ["request", "from_state", "to_state", "user", "reason", "at"], moves)
    writer.write(
        ApprovedVersion,
        ["request", "number", "amount", "starts_on", "ends_on", "cost_lines", "adjustments", "approved_by"],
        versions,
    )
    ledger_rows(writer, ledger)
    writer.write(
        Payment, ["request", "amount", "paid_on", "voucher_number", "ledger_entry", "recorded_by"], payments
    )
    writer.write(
        Refund, ["request", "amount", "refunded_on", "receipt_number", "ledger_entry", "recorded_by"], refunds
    )
    return len(requests)
