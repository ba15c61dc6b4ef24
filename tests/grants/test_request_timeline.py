"""The request's timeline tells everything done to it, in the order it was recorded, with who did it: its
moves, and its payments, their reversals, refunds and the spending tagged to it. And what is left to return
waits for the group's report (right after the payment nothing is spent yet, and the whole amount is not owed
back)."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from grants import services
from grants.models import Status
from grants.selectors import request_money, request_page
from tests.grants.helpers import advance, days_ago, grant_world, make_request, refresh, today
from tests.groups.helpers import expense


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.fixture(autouse=True)
def in_thai():
    with translation.override("th"):
        yield


def _timeline(gw, request):
    return request_page(request=refresh(request), user=gw.staff, today=today()).timeline


def test_money_records_are_in_the_timeline_in_the_order_made_with_who(gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)  # paid 20,000 (50 days ago), then under way
    payment = request.payments.get()
    spent = expense(gw.staff, gw.group, days_ago(10), "4500")
    services.spending_tag(user=gw.staff, request=request, entries=[spent])
    services.move(user=gw.executive, request=request, to=Status.TERMINATED, reason="กลุ่มยุติโครงการ")
    services.refund_record(
        user=gw.finance,
        request=refresh(request),
        amount="15500",
        refunded_on=today(),
        receipt_number="ใบเสร็จ 5",
    )
    entries = _timeline(gw, request)
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    kinds = [e.kind for e in entries]
    assert kinds[0] == "entered" and entries[0].user == gw.staff
    assert kinds.index("payment") < kinds.index("spending") < kinds.index("refund")
    tail = [(e.kind, e.what, e.user) for e in entries if e.kind != "move" or e.what == "ยุติการสนับสนุน"][-4:]
    assert tail == [
        ("payment", "บันทึกการจ่ายเงิน", gw.finance),
        ("spending", "ผูกรายจ่ายกับเงินสนับสนุน", gw.staff),
        ("move", "ยุติการสนับสนุน", gw.executive),
        ("refund", "บันทึกการคืนเงิน", gw.finance),
    ]
    by_kind = {e.kind: e for e in entries}
    assert "20,000.00" in by_kind["payment"].detail and payment.voucher_number in by_kind["payment"].detail
    assert "4,500.00" in by_kind["spending"].detail
    assert "15,500.00" in by_kind["refund"].detail and "ใบเสร็จ 5" in by_kind["refund"].detail
    moves = [e for e in entries if e.kind == "move"]
    assert moves[-1].reason == "กลุ่มยุติโครงการ" and moves[-1].before == "ดำเนินโครงการ"


def test_a_reversal_is_in_the_timeline_with_its_reason(client, gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    services.payment_reverse(
        user=gw.finance, request=request, payment=request.payments.get(), reason="โอนเงินผิดบัญชี"
    )
    reversal = _timeline(gw, request)[-1]
    assert (reversal.kind, reversal.what, reversal.user, reversal.reason) == (
        "reversal",
        "กลับรายการจ่ายเงิน",
        gw.finance,
        "โอนเงินผิดบัญชี",
    )
    client.force_login(gw.staff)
    body = html.unescape(client.get(reverse("grants:detail", args=[request.pk])).content.decode())
    timeline = body.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]
    for text in ("บันทึกการจ่ายเงิน", "กลับรายการจ่ายเงิน", "โอนเงินผิดบัญชี", "บันทึกคำร้อง", "20,000.00"):
        assert text in timeline
    assert timeline.count('data-kind="payment"') == 1 and timeline.count('data-kind="reversal"') == 1


def test_the_page_costs_the_same_queries_with_more_money_records(client, gw, django_assert_max_num_queries):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    url = reverse("grants:detail", args=[request.pk])
    client.force_login(gw.staff)
    client.get(url)
    with django_assert_max_num_queries(200) as few:
        client.get(url)
    services.spending_tag(
        user=gw.staff,
        request=request,
        entries=[expense(gw.staff, gw.group, days_ago(n), "100") for n in (3, 4, 5)],
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def _left(client, user, request):
    client.force_login(user)
    body = html.unescape(client.get(reverse("grants:detail", args=[request.pk])).content.decode())
    return " ".join(body.split('data-testid="left-to-return"', 1)[1].split("</dd>", 1)[0].split())


def test_left_to_return_waits_for_the_report(client, gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)  # 20,000 paid, nothing spent yet
    assert request_money(request).left_to_return is None
    assert "ยังไม่รายงาน" in _left(client, gw.staff, request) and "20,000.00" not in _left(
        client, gw.staff, request
    )
    services.move(user=gw.staff, request=request, to=Status.REPORTING)
    services.spending_tag(
        user=gw.staff, request=request, entries=[expense(gw.staff, gw.group, days_ago(5), "18000")]
    )
    assert "ยังไม่รายงาน" in _left(client, gw.staff, request)
    services.report_record(
        user=gw.staff, request=refresh(request), results="ทอผ้าได้ 40 ผืน", reported_on=today()
    )
    assert request_money(refresh(request)).left_to_return == Decimal(2000)
    left = _left(client, gw.staff, request)
    assert "2,000.00" in left and "ยังไม่รายงาน" not in left


def test_a_terminated_grant_owes_what_is_left_without_a_report(client, gw):
    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    services.move(user=gw.executive, request=request, to=Status.TERMINATED, reason="กลุ่มยุบเลิก")
    assert request_money(refresh(request)).left_to_return == Decimal(20000)
    assert "20,000.00" in _left(client, gw.finance, request)


def test_the_grant_file_waits_for_the_report_too(gw):
    from grants.pdf import grant_file_context

    request = advance(gw, make_request(gw), Status.IN_PROGRESS)
    assert grant_file_context(refresh(request))["left"] == ""
    services.payment_reverse(user=gw.finance, request=request, payment=request.payments.get(), reason="ผิดฎีกา")
    rows = grant_file_context(refresh(request))["payments"]
    assert [row["amount"] for row in rows] == ["20,000.00", "-20,000.00"] and "ผิดฎีกา" in rows[1]["reference"]
