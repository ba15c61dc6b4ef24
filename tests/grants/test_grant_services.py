"""The grant services along the main road, and the money rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants import services
from grants.models import Status
from grants.selectors import line_money, request_money
from tests.grants.helpers import advance, days_ago, grant_world, make_request, refresh


@pytest.fixture
def gw(world):
    return grant_world(world)


def test_the_main_road_to_closed_with_a_refund(gw):
    request = make_request(gw)
    request = advance(gw, request, Status.REPORT_REVIEW)
    money = request_money(request)
    assert money.paid == Decimal("20000") and money.left == Decimal("20000")
    assert line_money(gw.line).money_available == Decimal("80000")
    services.move(user=gw.staff, request=request, to=Status.REFUND_DUE)
    with pytest.raises(ValidationError):
        services.move(user=gw.staff, request=request, to=Status.CLOSED)
    services.refund_record(
        user=gw.finance,
        request=refresh(request),
        amount="20000",
        refunded_on=days_ago(0),
        receipt_number="ใบเสร็จ 45/2569",
    )
    services.move(user=gw.staff, request=request, to=Status.CLOSED)
    assert refresh(request).status == Status.CLOSED
    assert line_money(gw.line).money_available == Decimal("100000")
    categories = set(gw.group.ledger.values_list("category", flat=True))
    assert {"grant", "returned"} <= categories


def test_a_payment_beyond_the_approved_amount_is_refused(gw):
    request = advance(gw, make_request(gw), Status.DISBURSING)
    with pytest.raises(ValidationError, match="20,000"):
        services.payment_record(
            user=gw.finance, request=request, amount="20000.01", paid_on=days_ago(1), voucher_number="ฎ 1"
        )
    assert not gw.group.ledger.filter(category="grant").exists()
