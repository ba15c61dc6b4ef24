"""A payment recorded wrongly is reversed by finance, as accounts are corrected: the payment stays on record,
a reversing line goes into the group's ledger with the reason, the money no longer counts as paid (on the
request, its budget line and the province's figures), the reversal is audited and shown, and the correct
payment can then be recorded."""

import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.models import GrantRequest, Payment, PaymentReversal, Status
from grants.selectors import line_money, request_money, with_request_money
from groups.models import EntryKind, LedgerCategory, LedgerEntry
from groups.selectors import year_statement
from kit import thai
from kit.workflow import TransitionRefused
from registry.models import AuditEntry
from tests.grants.helpers import advance, days_ago, grant_world, make_request, refresh, today
from tests.groups.helpers import expense

REASON = "บันทึกจำนวนเงินผิด ฎีกาจริงคือ ฎ 124/2569"


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.fixture(autouse=True)
def in_thai():
    with translation.override("th"):
        yield


def _pay(gw, request, amount="20000", day=None, voucher="ฎ 123/2569"):
    return services.payment_record(
        user=gw.finance,
        request=refresh(request),
        amount=amount,
        paid_on=day or days_ago(3),
        voucher_number=voucher,
    )


def test_a_reversal_keeps_the_payment_writes_a_reversing_line_and_the_right_payment_follows(gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    wrong = _pay(gw, request, voucher="ฎ 999/2569")
    line_before = line_money(gw.line)
    reversal = services.payment_reverse(
        user=gw.finance, request=request, payment=wrong, reason=f"  {REASON} "
    )

    assert Payment.objects.filter(pk=wrong.pk).exists()  # never deleted
    assert (reversal.payment, reversal.reason, reversal.reversed_on, reversal.recorded_by) == (
        wrong,
        REASON,
        today(),
        gw.finance,
    )
    entry = reversal.ledger_entry
    assert (entry.group, entry.kind, entry.category, entry.amount, entry.date, entry.document_number) == (
        gw.group,
        EntryKind.EXPENSE,
        LedgerCategory.RETURNED,
        Decimal(20000),
        today(),
        "ฎ 999/2569",
    )
    assert request.number in entry.description and REASON in entry.description
    assert wrong.ledger_entry.pk != entry.pk and LedgerEntry.objects.filter(pk=wrong.ledger_entry_id).exists()
    # the money: nothing paid now, all of it to pay again, held on the line as committed
    money = request_money(refresh(request))
    assert (money.paid, money.to_pay) == (Decimal(0), Decimal(20000))
    assert with_request_money(GrantRequest.objects.filter(pk=request.pk)).get().money_paid == Decimal(0)
    line = line_money(gw.line)
    assert (line.money_paid, line.money_reversed, line.money_committed) == (0, Decimal(20000), Decimal(20000))
    assert line.money_available == line_before.money_available
    assert (
        line.appropriated
        == line.money_available + line.money_committed + line.money_paid - line.money_refunded
    )
    # audited against the request
    change = AuditEntry.objects.for_object(request).order_by("-pk").first()
    assert change.user == gw.finance
    assert change.changes["payments"] == [
        f"20,000.00 ({thai.date_short(days_ago(3))}) ฎ 999/2569",
        f"กลับรายการเมื่อ {thai.date_short(today())}: {REASON}",
    ]
    # a reversed payment does not let the request go on; the correct payment does
    with pytest.raises(TransitionRefused):
        services.move(user=gw.finance, request=request, to=Status.IN_PROGRESS)
    right = _pay(gw, request, day=days_ago(1), voucher="ฎ 124/2569")
    assert request_money(refresh(request)).paid == Decimal(20000)
    services.move(user=gw.finance, request=request, to=Status.IN_PROGRESS)
    line = line_money(gw.line)
    assert (line.money_paid, line.money_reversed, line.money_committed) == (Decimal(20000), Decimal(20000), 0)
    # the group's books: both incomes and the reversing line; the year nets to what the group holds
    statement = year_statement(group=gw.group, year=gw.group.year_of(today()))
    incomes = {line.category: line.amount for line in statement.income_lines}
    expenses = {line.category: line.amount for line in statement.expense_lines}
    if gw.group.year_of(days_ago(3)) == gw.group.year_of(today()):
        assert incomes["grant"] - expenses["returned"] == right.amount


def test_who_may_reverse_what_and_when(gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    payment = request.payments.get()
    before = (PaymentReversal.objects.count(), LedgerEntry.objects.count())
    for user, kwargs, message in (
        (gw.staff, {}, "การเงิน"),  # finance only
        (gw.executive, {}, "การเงิน"),
        (gw.finance, {"reason": "   "}, "เหตุผล"),
        (gw.finance, {"payment": 987654}, ""),  # not a payment of this request
    ):
        with pytest.raises(ValidationError) as refused:
            services.payment_reverse(
                user=user, request=request, **{"payment": payment, "reason": REASON, **kwargs}
            )
        assert message in refused.value.messages[0] and refused.value.messages[0]
    assert (PaymentReversal.objects.count(), LedgerEntry.objects.count()) == before
    services.payment_reverse(user=gw.finance, request=request, payment=payment, reason=REASON)
    with pytest.raises(ValidationError, match="กลับรายการไปแล้ว"):
        services.payment_reverse(user=gw.finance, request=request, payment=payment, reason=REASON)
    assert PaymentReversal.objects.count() == 1


def test_no_reversal_once_payments_are_closed(gw):
    request = advance(gw, make_request(gw), Status.REPORTING)
    with pytest.raises(ValidationError, match="ดำเนินโครงการ"):
        services.payment_reverse(
            user=gw.finance, request=request, payment=request.payments.get(), reason=REASON
        )
    assert not PaymentReversal.objects.exists()


def test_spending_tagged_to_the_payment_is_untagged_first(gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    spent = expense(gw.staff, gw.group, days_ago(10), "3000")
    tag = services.spending_tag(user=gw.staff, request=request, entries=[spent])[0]
    with pytest.raises(ValidationError) as refused:
        services.payment_reverse(
            user=gw.finance, request=request, payment=request.payments.get(), reason=REASON
        )
    assert "3,000.00" in refused.value.messages[0] and "ยกเลิกการผูก" in refused.value.messages[0]
    assert not PaymentReversal.objects.exists()
    services.spending_untag(user=gw.staff, request=request, tag=tag)
    services.payment_reverse(user=gw.finance, request=request, payment=request.payments.get(), reason=REASON)


def test_a_reversal_leaves_no_spending_older_than_the_payments_that_stay(gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)  # 20,000 paid 50 days ago
    GrantRequest.objects.filter(pk=request.pk).update(approved_amount=30000)
    later = _pay(gw, request, amount="10000", day=days_ago(5), voucher="ฎ 2")
    early = expense(gw.staff, gw.group, days_ago(20), "1000")
    services.spending_tag(user=gw.staff, request=request, entries=[early])
    with pytest.raises(ValidationError, match="ยกเลิกการผูก"):
        services.payment_reverse(
            user=gw.finance, request=request, payment=request.payments.first(), reason=REASON
        )
    services.payment_reverse(user=gw.finance, request=request, payment=later, reason=REASON)
    assert request_money(refresh(request)).paid == Decimal(20000)


def test_the_province_counts_no_reversed_payment(world, gw):
    from reports.selectors import results
    from reports.selectors.results import Scope

    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    scope = Scope(user=world.province_a, fiscal_year=request.fiscal_year)
    figures = results.grants(scope)
    assert (figures.paid.total, figures.paid_baht.total) == (1, Decimal(20000))
    services.payment_reverse(user=gw.finance, request=request, payment=request.payments.get(), reason=REASON)
    figures = results.grants(scope)
    assert (figures.paid.total, figures.paid_baht.total) == (0, 0)


# --- the request's page -------------------------------------------------------------------------------------


def _post(client, user, request, data):
    client.force_login(user)
    return client.post(reverse("grants:detail", args=[request.pk]), data)


def _text(response):
    return html.unescape(response.content.decode())


def test_finance_reverses_from_the_payment_block_after_a_confirmation(client, gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    payment = request.payments.get()
    url = reverse("grants:detail", args=[request.pk])
    client.force_login(gw.staff)
    assert 'name="action" value="payment_reverse"' not in _text(client.get(url))  # finance's duty only
    client.force_login(gw.finance)
    body = _text(client.get(url))
    block = body.split('id="payments"', 1)[1].split('id="refunds"', 1)[0]
    assert 'value="payment_reverse"' in block and "กลับรายการจ่ายเงินนี้" in block
    data = {"action": "payment_reverse", "id": payment.pk, "reason": "", "anchor": "payments"}
    # no reason: refused in the payment's own row, nothing asked, nothing written
    response = _post(client, gw.finance, request, data)
    assert response.status_code == 200 and "เหตุผลที่กลับรายการจ่ายเงิน" in _text(response)
    assert 'data-testid="confirm"' not in _text(response) and not PaymentReversal.objects.exists()
    # with a reason: asked first (the amount, the day, the voucher, the reason), then done
    response = _post(client, gw.finance, request, {**data, "reason": REASON})
    asked = _text(response)
    assert 'data-testid="confirm"' in asked and not PaymentReversal.objects.exists()
    assert "20,000.00" in asked and "ฎ 123/2569" in asked and REASON in asked
    response = _post(client, gw.staff, request, {**data, "reason": REASON, "confirmed": "1"})
    assert response.status_code == 403 and not PaymentReversal.objects.exists()
    response = _post(client, gw.finance, request, {**data, "reason": REASON, "confirmed": "1"})
    assert response.status_code == 302 and PaymentReversal.objects.get().reason == REASON
    body = _text(client.get(url))
    row = body.split(f'data-testid="payment-{payment.pk}"', 1)[1].split("</li>", 1)[0]
    assert "กลับรายการแล้ว" in row and REASON in row and 'value="payment_reverse"' not in row
    client.force_login(gw.staff)
    line_page = _text(client.get(reverse("grants:line", args=[gw.line.pk])))
    assert "20,000.00" in line_page.split('data-testid="reversed"', 1)[1].split("</div>", 1)[0]
    group_page = _text(client.get(reverse("groups:detail", args=[gw.group.pk])))
    assert "กลับรายการเงินอุดหนุน" in group_page
    # twice (a second tab): refused with the Thai reason
    response = _post(client, gw.finance, request, {**data, "reason": REASON, "confirmed": "1"})
    assert response.status_code == 200 and "กลับรายการไปแล้ว" in _text(response)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"id": "abc", "reason": REASON}, 404),
        ({"id": "99999999999999999999999", "reason": REASON}, 404),
        ({"id": "987654", "reason": REASON, "confirmed": "1"}, 200),  # no payment of this request
        ({"reason": "x" * 1000, "confirmed": "1"}, 200),
        ({"reason": "\x00", "confirmed": "1"}, 400),  # a NUL byte is refused before any page
    ],
)
def test_hostile_input_to_a_reversal_never_breaks_the_page(client, gw, data, status):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    data = {"action": "payment_reverse", "id": request.payments.get().pk, **data}
    response = _post(client, gw.finance, request, data)
    assert response.status_code == status
    assert not PaymentReversal.objects.exists() and request_money(refresh(request)).paid == Decimal(20000)
