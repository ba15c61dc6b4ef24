"""Every dated step of a grant keeps the order of the steps and is never in the future: a payment on or after
the agreement (or the approval where no agreement was made), a reversal, a refund and the report on or after
the payment, spending tagged from the first payment on, a request received by today. Each boundary: the day
before is refused with a Thai message and nothing written, the same day accepted, tomorrow refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from grants import services
from grants.models import GrantRequest, Payment, PaymentReversal, Refund, SpendingTag, Status
from groups.models import LedgerEntry
from kit import thai
from tests.grants.helpers import advance, days_ago, grant_world, make_request, refresh, today
from tests.groups.helpers import expense

TOMORROW = "tomorrow"


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.fixture(autouse=True)
def in_thai():
    with translation.override("th"):
        yield


def _day(offset, base):
    """The boundary's days: the day before, the same day, tomorrow."""
    if offset == TOMORROW:
        return today() + datetime.timedelta(days=1)
    return base + datetime.timedelta(days=offset)


def _written():
    return (
        Payment.objects.count(),
        PaymentReversal.objects.count(),
        Refund.objects.count(),
        LedgerEntry.objects.count(),
        list(GrantRequest.objects.values_list("reported_on", flat=True)),
    )


def _refused(call, message):
    before = _written()
    with pytest.raises(ValidationError) as refused:
        call()
    assert message in refused.value.messages[0], refused.value.messages
    assert _written() == before


BOUNDARIES = [(-1, "ต้องไม่ก่อน"), (0, None), (TOMORROW, "อนาคต")]


def _disbursing(gw, *, agreement_on, decided_on):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    GrantRequest.objects.filter(pk=request.pk).update(agreement_on=agreement_on, decided_on=decided_on)
    return refresh(request)


@pytest.mark.parametrize(("offset", "message"), BOUNDARIES)
def test_a_payment_is_dated_on_or_after_the_agreement(gw, offset, message):
    agreed = days_ago(5)
    request = _disbursing(gw, agreement_on=agreed, decided_on=days_ago(8))

    def pay():
        return services.payment_record(
            user=gw.finance,
            request=request,
            amount="5000",
            paid_on=_day(offset, agreed),
            voucher_number="ฎ 1",
        )

    if message is None:
        assert pay().paid_on == agreed
    else:
        _refused(pay, message)
        if offset == -1:  # the Thai message names the step and its day
            with pytest.raises(ValidationError, match="วันที่ทำบันทึกข้อตกลง"):
                pay()


@pytest.mark.parametrize(("offset", "message"), BOUNDARIES)
def test_without_an_agreement_a_payment_is_dated_on_or_after_the_approval(gw, offset, message):
    approved = days_ago(3)
    request = _disbursing(gw, agreement_on=None, decided_on=approved)

    def pay():
        return services.payment_record(
            user=gw.finance,
            request=request,
            amount="5000",
            paid_on=_day(offset, approved),
            voucher_number="ฎ 1",
        )

    if message is None:
        assert pay().paid_on == approved
    else:
        _refused(pay, message)


def test_a_payment_three_days_before_the_approval_is_refused(gw):
    """Approved on the 8th, a payment dated the 5th: refused, naming the approval's day."""
    request = _disbursing(gw, agreement_on=None, decided_on=today())
    with pytest.raises(ValidationError) as refused:
        services.payment_record(
            user=gw.finance, request=request, amount="5000", paid_on=days_ago(3), voucher_number="ฎ 1"
        )
    assert refused.value.messages == [f"วันที่จ่ายเงิน ต้องไม่ก่อนวันที่อนุมัติ ({thai.date_short(today())})"]
    assert not Payment.objects.exists()


def _paid(gw, state):
    """A request at `state`, paid 50 days ago (the helpers' road)."""
    request = advance(gw, make_request(gw), state)
    return request, request.payments.get().paid_on


@pytest.mark.parametrize(("offset", "message"), BOUNDARIES)
def test_a_refund_is_dated_on_or_after_the_payment(gw, offset, message):
    request, paid_on = _paid(gw, Status.IN_PROGRESS)
    services.move(user=gw.executive, request=request, to=Status.TERMINATED, reason="กลุ่มยุติโครงการ")

    def refund():
        return services.refund_record(
            user=gw.finance,
            request=refresh(request),
            amount="1000",
            refunded_on=_day(offset, paid_on),
            receipt_number="ใบเสร็จ 1",
        )

    if message is None:
        assert refund().refunded_on == paid_on
    else:
        _refused(refund, message)


def test_a_refund_comes_after_the_last_payment(gw):
    request, first = _paid(gw, Status.IN_PROGRESS)
    GrantRequest.objects.filter(pk=request.pk).update(approved_amount=30000)
    services.payment_record(
        user=gw.finance, request=refresh(request), amount="10000", paid_on=days_ago(20), voucher_number="ฎ 2"
    )
    services.move(user=gw.executive, request=request, to=Status.TERMINATED, reason="กลุ่มยุติโครงการ")
    _refused(
        lambda: services.refund_record(
            user=gw.finance,
            request=refresh(request),
            amount="1000",
            refunded_on=days_ago(21),
            receipt_number="ใบเสร็จ 1",
        ),
        "วันที่จ่ายเงิน",
    )


@pytest.mark.parametrize(("offset", "message"), BOUNDARIES)
def test_the_report_is_received_on_or_after_the_payment(gw, offset, message):
    request, paid_on = _paid(gw, Status.REPORTING)

    def report():
        return services.report_record(
            user=gw.staff, request=request, results="ทอผ้าได้ 40 ผืน", reported_on=_day(offset, paid_on)
        )

    if message is None:
        assert report().reported_on == paid_on
    else:
        _refused(report, message)


@pytest.mark.parametrize(("offset", "message"), BOUNDARIES)
def test_a_reversal_is_dated_on_or_after_the_payment(gw, offset, message):
    request, paid_on = _paid(gw, Status.IN_PROGRESS)

    def reverse():
        return services.payment_reverse(
            user=gw.finance,
            request=request,
            payment=request.payments.get(),
            reason="บันทึกเลขฎีกาผิด",
            reversed_on=_day(offset, paid_on),
        )

    if message is None:
        assert reverse().reversed_on == paid_on
    else:
        _refused(reverse, message)


def test_spending_is_tagged_from_the_first_payment_on(gw):
    request, paid_on = _paid(gw, Status.IN_PROGRESS)
    before = expense(gw.staff, gw.group, paid_on - datetime.timedelta(days=1), "900")
    same_day = expense(gw.staff, gw.group, paid_on, "1100")
    offered = set(services.taggable_entries(request).values_list("pk", flat=True))
    assert same_day.pk in offered and before.pk not in offered
    with pytest.raises(ValidationError) as refused:
        services.spending_tag(user=gw.staff, request=request, entries=[before, same_day])
    assert refused.value.messages == [
        f"“{before.description}” ลงวันที่ {thai.date_short(before.date)} "
        f"ก่อนวันที่จ่ายเงินสนับสนุน ({thai.date_short(paid_on)}) จึงไม่ใช่รายจ่ายจากเงินสนับสนุนนี้"
    ]
    assert not SpendingTag.objects.exists()
    services.spending_tag(user=gw.staff, request=request, entries=[same_day])
    assert list(request.spending.values_list("ledger_entry", flat=True)) == [same_day.pk]
    # A ledger line is never dated in the future (the group's books refuse it), so none is offered.


def test_nothing_is_taggable_while_nothing_is_paid(gw):
    request, _paid_on = _paid(gw, Status.IN_PROGRESS)
    services.payment_reverse(
        user=gw.finance, request=request, payment=request.payments.get(), reason="จ่ายผิดกลุ่ม"
    )
    entry = expense(gw.staff, gw.group, days_ago(1), "500")
    assert not services.taggable_entries(request).exists()
    with pytest.raises(ValidationError, match="ยังไม่มีการจ่ายเงิน"):
        services.spending_tag(user=gw.staff, request=refresh(request), entries=[entry])


@pytest.mark.parametrize(("day", "accepted"), [(0, True), (TOMORROW, False)])
def test_a_request_is_received_by_today(gw, day, accepted):
    received = _day(day, today())
    if accepted:
        assert make_request(gw, received_on=received).received_on == received
        request = make_request(gw)
        services.request_update(user=gw.staff, request=request, fields={"received_on": received})
        assert refresh(request).received_on == received
        return
    with pytest.raises(ValidationError, match="วันที่รับคำร้อง เป็นวันในอนาคตไม่ได้"):
        make_request(gw, received_on=received)
    assert not GrantRequest.objects.exists()
    request = make_request(gw)
    with pytest.raises(ValidationError, match="อนาคต"):
        services.request_update(user=gw.staff, request=request, fields={"received_on": received})
    assert refresh(request).received_on == days_ago(90)
