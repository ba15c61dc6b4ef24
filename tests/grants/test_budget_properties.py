"""Budget arithmetic under random sequences of operations (hypothesis).

Four requests of one group on a line of 70,000 baht: one waits for the executive, one is approved for 20,000
and waits for payment, one is paid 20,000 and under way, one was paid 20,000 and must return it. Hypothesis
draws a sequence of operations on them (approve an amount, take the next step of the road, pay, reverse a
payment, tag the group's spending, return money, terminate, change the approved amount up or down) and after
every operation, allowed or refused:
- the line's available amount is never negative;
- appropriated = available + committed + paid − refunded, with committed, paid (less what was reversed),
  reversed and refunded summed HERE from what the services accepted (not read from the selectors' SQL), and
  the database's available equals that;
- no request's payments that stand exceed its approved amount;
- the group's ledger reconciles: its grant income lines less the reversing lines are what stands paid, and
  its returned-money lines are what was returned and reversed;
- a refused operation changed nothing (requests, payments, reversals, refunds, tags, changes, moves, versions,
  ledger).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from grants import services
from grants.models import (
    ApprovedVersion,
    ChangeRequest,
    Document,
    DocumentKind,
    GrantRequest,
    Payment,
    PaymentReversal,
    Refund,
    RequestMove,
    SpendingTag,
)
from grants.selectors import line_money
from groups.models import EntryKind, LedgerCategory, LedgerEntry
from tests.grants.helpers import PDF, advance, days_ago, grant_world, make_request

APPROPRIATED = Decimal(70000)
HOLDING = {
    "approved",
    "agreement",
    "disbursing",
    "in_progress",
    "reporting",
    "report_review",
}  # written out here
NEXT = {
    "approved": "agreement",
    "agreement": "disbursing",
    "disbursing": "in_progress",
    "in_progress": "reporting",
    "reporting": "report_review",
    "refund_due": "closed",
}
N = 4


@pytest.fixture
def budget(world):
    gw = grant_world(world, appropriated=str(APPROPRIATED))
    requests = []
    for state in (
        "approval",
        "disbursing",
        "in_progress",
        "refund_due",
    ):  # 20,000 approved on three; two paid
        request = make_request(gw)
        # What the later steps' guards ask for (the signed agreement, the report): each operation is one call.
        for kind in (DocumentKind.SIGNED_AGREEMENT, DocumentKind.REPORT):
            document = Document(
                request=request, kind=kind, name="scan.pdf", size=len(PDF), uploaded_by=gw.staff
            )
            document.file.save("scan.pdf", ContentFile(PDF), save=False)
            document.save()
        advance(gw, request, state)
        GrantRequest.objects.filter(pk=request.pk).update(
            report_results="ทอผ้าได้ 40 ผืน", reported_on=days_ago(1)
        )
        requests.append(request.pk)
    return gw, requests


def snapshot(gw):
    return (
        sorted(
            GrantRequest.objects.values_list(
                "pk", "status", "approved_amount", "budget_line_id", "starts_on", "ends_on"
            )
        ),
        sorted(Payment.objects.values_list("pk", "amount")),
        sorted(PaymentReversal.objects.values_list("pk", "payment_id")),
        sorted(Refund.objects.values_list("pk", "amount")),
        sorted(SpendingTag.objects.values_list("pk", "ledger_entry_id")),
        sorted(ChangeRequest.objects.values_list("pk", "status", "amount")),
        RequestMove.objects.count(),
        ApprovedVersion.objects.count(),
        sorted(LedgerEntry.objects.values_list("pk", "amount")),
    )


# Refunds and payments only work late on the road: drawn more often.
WEIGHTED = [
    "approve",
    "approve",
    "change",
    "change",
    "next",
    "next",
    "pay",
    "pay",
    "reverse",
    "tag",
    "refund",
    "refund",
    "terminate",
]
AMOUNTS = st.one_of(
    st.sampled_from([0, 1, 5_000, 10_000, 10_001, 15_000, 20_000, 25_000, 50_001]),
    st.integers(min_value=1, max_value=25_000),
)  # edges of the line's 10,000 left, and anything
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(WEIGHTED), st.integers(min_value=0, max_value=N - 1), AMOUNTS),
    min_size=5,
    max_size=14,
)


class _Rollback(Exception):
    pass


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
# Always tried as well: over the line's 10,000 left, a change up past it, a payment and a refund past their
# limits, and the whole road of the paid request to its refund.
@example(operations=[("approve", 0, 15_000), ("change", 1, 50_001), ("pay", 2, 1), ("refund", 3, 20_001)])
# A wrong payment reversed and paid again, a reversal refused while its spending is tagged, and one after
# the payments closed.
@example(
    operations=[
        ("pay", 1, 15_000),
        ("reverse", 1, 0),
        ("pay", 1, 20_000),
        ("tag", 2, 5_000),
        ("reverse", 2, 0),
        ("reverse", 3, 0),
        ("next", 1, 0),
    ]
)
@example(
    operations=[
        ("approve", 0, 10_000),
        ("next", 1, 0),
        ("next", 1, 0),
        ("pay", 1, 12_000),
        ("next", 1, 0),
        ("tag", 1, 2_000),
        ("change", 1, 11_000),
        ("terminate", 1, 0),
        ("refund", 1, 10_000),
        ("refund", 3, 5_000),
        ("next", 3, 0),
    ]
)
def test_the_line_reconciles_after_any_sequence(budget, operations):
    gw, pks = budget
    try:
        with transaction.atomic():  # each example starts from the same four requests
            _run(gw, pks, operations)
            raise _Rollback
    except _Rollback:
        pass


def _run(gw, pks, operations):
    # What the services accepted, kept here: per request approved, paid, refunded.
    approved = {pk: GrantRequest.objects.get(pk=pk).approved_amount or Decimal(0) for pk in pks}
    paid = {
        pk: sum(Payment.objects.filter(request_id=pk).values_list("amount", flat=True), Decimal(0))
        for pk in pks
    }
    refunded = dict.fromkeys(pks, Decimal(0))
    reversed_ = dict.fromkeys(pks, Decimal(0))
    for op, index, number in operations:
        pk, amount = (
            pks[0 if op == "approve" else index],
            Decimal(number),
        )  # the first request waits for approval
        request = GrantRequest.objects.get(pk=pk)
        before = snapshot(gw)
        try:
            if op == "approve":
                services.approve(user=gw.executive, request=request, line=gw.line, amount=amount)
                approved[pk] = amount
            elif op == "next":
                if request.status == "report_review":
                    left = paid[pk] - _spent(request) - refunded[pk]
                    to = "refund_due" if left else "closed"
                else:
                    to = NEXT.get(request.status, "closed")
                user = gw.finance if to == "in_progress" else gw.staff
                services.move(user=user, request=request, to=to)
            elif op == "pay":
                services.payment_record(
                    user=gw.finance,
                    request=request,
                    amount=amount,
                    paid_on=days_ago(0),
                    voucher_number=f"ฎ {len(paid)}/2569",
                )
                paid[pk] += amount
            elif op == "reverse":  # the request's latest payment that stands
                payment = request.payments.not_reversed().order_by("-pk").first()
                services.payment_reverse(
                    user=gw.finance, request=request, payment=payment or 0, reason="บันทึกจำนวนเงินผิด"
                )
                paid[pk] -= payment.amount
                reversed_[pk] += payment.amount
            elif op == "tag":
                from groups import services as groups

                entry = groups.ledger_add(
                    user=gw.staff,
                    group=gw.group,
                    date=days_ago(0),
                    kind=EntryKind.EXPENSE,
                    category="materials",
                    amount=amount,
                    description="ซื้อเส้นไหม",
                )
                before = snapshot(gw)
                services.spending_tag(user=gw.staff, request=request, entries=[entry])
            elif op == "refund":
                services.refund_record(
                    user=gw.finance,
                    request=request,
                    amount=amount,
                    refunded_on=days_ago(0),
                    receipt_number="ใบเสร็จ 1/2569",
                )
                refunded[pk] += amount
            elif op == "terminate":
                services.move(user=gw.executive, request=request, to="terminated", reason="กลุ่มยุบเลิก")
            elif op == "change":
                change = services.change_ask(
                    user=gw.staff, request=request, amount=amount, reason="ราคาวัสดุเปลี่ยน"
                )
                before = snapshot(gw)
                try:
                    services.change_decide(user=gw.executive, request=request, change=change, approve=True)
                except ValidationError:
                    assert snapshot(gw) == before, f"{op} refused but changed something"
                    services.change_decide(user=gw.executive, request=request, change=change, approve=False)
                    raise
                approved[pk] = amount
            event(f"{op} done")
        except ValidationError as refused:
            event(f"{op} refused")
            assert refused.messages and all(refused.messages)
            if op != "change":  # a refused change leaves its rejected request, checked above
                assert snapshot(gw) == before, f"{op} {index} {number} refused but changed something"
        _check(gw, pks, approved, paid, refunded, reversed_)


def _spent(request):
    return sum(
        (tag.ledger_entry.amount for tag in request.spending.select_related("ledger_entry")), Decimal(0)
    )


def _check(gw, pks, approved, paid, refunded, reversed_):
    line = line_money(gw.line)
    statuses = dict(GrantRequest.objects.filter(pk__in=pks).values_list("pk", "status"))
    committed = sum((approved[pk] - paid[pk] for pk in pks if statuses[pk] in HOLDING), Decimal(0))
    total_paid, total_refunded = sum(paid.values(), Decimal(0)), sum(refunded.values(), Decimal(0))
    total_reversed = sum(reversed_.values(), Decimal(0))
    assert line.money_available >= 0
    assert line.money_committed == committed
    assert line.money_paid == total_paid and line.money_refunded == total_refunded
    assert line.money_reversed == total_reversed
    assert line.appropriated == line.money_available + committed + total_paid - total_refunded
    books = LedgerEntry.objects.filter(group=gw.group)
    grant_income = sum(
        books.filter(category=LedgerCategory.GRANT).values_list("amount", flat=True), Decimal(0)
    )
    returned = sum(
        books.filter(category=LedgerCategory.RETURNED).values_list("amount", flat=True), Decimal(0)
    )
    assert grant_income - total_reversed == total_paid
    assert returned == total_refunded + total_reversed
    for pk in pks:
        request = GrantRequest.objects.get(pk=pk)
        on_record = sum(request.payments.not_reversed().values_list("amount", flat=True), Decimal(0))
        assert on_record == paid[pk] <= (request.approved_amount or 0)
        assert sum(request.refunds.values_list("amount", flat=True), Decimal(0)) == refunded[pk] <= paid[pk]
        if request.approved_amount is not None:
            assert request.approved_amount == approved[pk]
