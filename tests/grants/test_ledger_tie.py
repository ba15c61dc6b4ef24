"""The tie between a grant and the group's own books: payments and refunds are lines of the group's ledger and
statement; the report's spending is the ledger lines tagged to the grant; a closed year is untouched."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from grants import services
from grants.models import Payment, Refund, SpendingTag, Status
from grants.selectors import request_money, with_request_money
from groups import services as books
from groups.models import EntryKind, LedgerEntry
from groups.selectors import year_statement
from kit.workflow import TransitionRefused
from tests.grants.helpers import advance, days_ago, grant_world, make_request, refresh
from tests.groups.helpers import expense, last_year_with_books


@pytest.fixture
def gw(world):
    return grant_world(world)


def _lines(lines):
    return {line.category: line.amount for line in lines}


def test_a_payment_and_a_refund_are_lines_of_the_books_and_the_statement(gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    paid_on = days_ago(3)
    payment = services.payment_record(
        user=gw.finance,
        request=request,
        amount="12500",
        paid_on=paid_on,
        voucher_number="ฎ 88/2569",
        transfer_reference="KTB 778899",
    )
    entry = payment.ledger_entry
    assert (entry.group_id, entry.kind, entry.category, entry.amount, entry.date, entry.document_number) == (
        gw.group.pk,
        EntryKind.INCOME,
        "grant",
        Decimal(12500),
        paid_on,
        "ฎ 88/2569",
    )
    assert request.number in entry.description
    year = gw.group.year_of(paid_on)
    assert _lines(year_statement(group=gw.group, year=year).income_lines)["grant"] == Decimal(12500)

    services.move(user=gw.finance, request=request, to=Status.IN_PROGRESS)
    services.move(user=gw.staff, request=request, to=Status.REPORTING)
    services.report_record(
        user=gw.staff, request=refresh(request), results="ทอผ้าได้ 30 ผืน", reported_on=days_ago(1)
    )
    from grants.models import DocumentKind
    from tests.grants.helpers import pdf

    services.document_add(user=gw.staff, request=request, kind=DocumentKind.REPORT, upload=pdf("รายงาน.pdf"))
    services.move(user=gw.staff, request=request, to=Status.REPORT_REVIEW)
    services.move(user=gw.staff, request=request, to=Status.REFUND_DUE)
    refund = services.refund_record(
        user=gw.finance,
        request=refresh(request),
        amount="12500",
        refunded_on=days_ago(0),
        receipt_number="ใบเสร็จ 45/2569",
    )
    back = refund.ledger_entry
    assert (back.kind, back.category, back.amount, back.document_number) == (
        EntryKind.EXPENSE,
        "returned",
        Decimal(12500),
        "ใบเสร็จ 45/2569",
    )
    statement = year_statement(group=gw.group, year=gw.group.year_of(days_ago(0)))
    if gw.group.year_of(days_ago(0)) == year:
        assert _lines(statement.expense_lines)["returned"] == Decimal(12500)
    assert refund.ledger_entry_id not in {e.pk for e in services.taggable_entries(request)}  # not spending
    services.move(user=gw.staff, request=request, to=Status.CLOSED)
    assert refresh(request).status == Status.CLOSED


def test_the_reports_spending_is_the_tagged_ledger_lines(gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)  # 20,000 paid
    lines = [
        expense(gw.staff, gw.group, days_ago(n), amount)
        for n, amount in ((20, "8500"), (15, "3250.50"), (10, "1200"))
    ]
    untagged = expense(gw.staff, gw.group, days_ago(5), "999")
    services.spending_tag(user=gw.staff, request=request, entries=lines[:2])
    services.spending_tag(user=gw.staff, request=request, entries=[lines[2]])
    tagged = LedgerEntry.objects.filter(
        pk__in=SpendingTag.objects.filter(request=request).values("ledger_entry")
    )
    total = sum(tagged.values_list("amount", flat=True), Decimal(0))
    assert total == Decimal("12950.50") and untagged.pk not in set(tagged.values_list("pk", flat=True))
    money = request_money(request)
    assert money.spent == total and money.left == Decimal(20000) - total
    listed = with_request_money(type(request).objects.filter(pk=request.pk)).get()
    assert listed.money_spent == total and listed.money_paid == Decimal(20000)
    # a line tagged once is not offered again; more than was paid is refused
    assert not set(services.taggable_entries(request).values_list("pk", flat=True)) & {e.pk for e in lines}
    big = expense(gw.staff, gw.group, days_ago(2), "7050")
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        services.spending_tag(user=gw.staff, request=request, entries=[big, untagged])
    assert "20,000.00" in refused.value.messages[0]
    assert SpendingTag.objects.filter(request=request).count() == 3


def test_nothing_is_written_into_a_year_the_general_meeting_closed(gw):
    year, meeting = last_year_with_books(gw.staff, gw.group)
    starts, ends = gw.group.year_bounds(year)
    request = advance(
        gw,
        make_request(
            gw, starts_on=starts, ends_on=datetime.date.today() + datetime.timedelta(30), received_on=starts
        ),
        Status.DISBURSING,
    )
    # approved and signed in that year, and paid on its last day before its general meeting closed it
    type(request).objects.filter(pk=request.pk).update(decided_on=starts, agreement_on=starts)
    services.payment_record(
        user=gw.finance, request=refresh(request), amount="5000", paid_on=ends, voucher_number="ฎ 1/2568"
    )
    books.year_close(user=gw.staff, group=gw.group, year=year, meeting=meeting)
    ledger_before = list(LedgerEntry.objects.values_list("pk", flat=True))
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        services.payment_record(
            user=gw.finance, request=refresh(request), amount="5000", paid_on=ends, voucher_number="ฎ 2/2568"
        )
    assert "ปิด" in refused.value.messages[0]
    assert Payment.objects.count() == 1
    assert list(LedgerEntry.objects.values_list("pk", flat=True)) == ledger_before
    # ended, then a refund dated in the closed year (after the payment): refused too, nothing written
    services.move(user=gw.executive, request=request, to=Status.TERMINATED, reason="กลุ่มยุติโครงการ")
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        services.refund_record(
            user=gw.finance,
            request=refresh(request),
            amount="5000",
            refunded_on=ends,
            receipt_number="ใบเสร็จ 1",
        )
    assert "ปิด" in refused.value.messages[0]
    assert not Refund.objects.exists()
    assert list(LedgerEntry.objects.values_list("pk", flat=True)) == ledger_before


def test_the_books_keep_a_line_a_payment_refund_or_tag_links(gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    spent = expense(gw.staff, gw.group, days_ago(3), "15000")
    services.spending_tag(user=gw.staff, request=request, entries=[spent])
    services.move(user=gw.executive, request=request, to=Status.TERMINATED, reason="กลุ่มยุติโครงการ")
    refund = services.refund_record(
        user=gw.finance,
        request=refresh(request),
        amount="5000",
        refunded_on=days_ago(0),
        receipt_number="ใบเสร็จ 7/2569",
    )
    payment = request.payments.get()
    for entry in (payment.ledger_entry, refund.ledger_entry, spent):
        with translation.override("th"), pytest.raises(ValidationError) as refused:
            books.ledger_remove(user=gw.staff, group=gw.group, entry=entry)
        assert refused.value.messages[0] != (
            "This line is linked to another record (support paid or returned, or a "
            "grant report): it stays in the books. Record a correcting line instead."
        )
        assert LedgerEntry.objects.filter(pk=entry.pk).exists()
    free = expense(gw.staff, gw.group, days_ago(1), "100")
    books.ledger_remove(user=gw.staff, group=gw.group, entry=free)  # an untied line still goes
    assert not LedgerEntry.objects.filter(pk=free.pk).exists()


def test_closing_is_refused_while_money_is_left(gw):
    request = advance(gw, make_request(gw), Status.REPORT_REVIEW)  # 20,000 paid, nothing spent
    spent = expense(gw.staff, gw.group, days_ago(3), "15000")
    SpendingTag.objects.create(
        request=request, ledger_entry=spent, tagged_by=gw.staff
    )  # tagged while reporting
    with translation.override("th"), pytest.raises(TransitionRefused) as refused:
        services.move(user=gw.staff, request=request, to=Status.CLOSED)
    assert "5,000.00" in refused.value.messages[0]
    services.move(user=gw.staff, request=request, to=Status.REFUND_DUE)
    services.refund_record(
        user=gw.finance,
        request=refresh(request),
        amount="4000",
        refunded_on=days_ago(0),
        receipt_number="ใบเสร็จ 8/2569",
    )
    with translation.override("th"), pytest.raises(TransitionRefused) as refused:
        services.move(user=gw.staff, request=request, to=Status.CLOSED)
    assert "1,000.00" in refused.value.messages[0]
    assert refresh(request).status == Status.REFUND_DUE
    with pytest.raises(ValidationError):  # no more than is left may come back
        services.refund_record(
            user=gw.finance,
            request=refresh(request),
            amount="1000.01",
            refunded_on=days_ago(0),
            receipt_number="ใบเสร็จ 9/2569",
        )
    services.refund_record(
        user=gw.finance,
        request=refresh(request),
        amount="1000",
        refunded_on=days_ago(0),
        receipt_number="ใบเสร็จ 9/2569",
    )
    services.move(user=gw.staff, request=request, to=Status.CLOSED)
    assert refresh(request).status == Status.CLOSED
