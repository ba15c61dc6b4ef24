"""In Chromium, finance corrects a wrong payment of the demo's request being paid: the reversal asks a reason
and a confirmation, the payment stays listed as reversed, the correct payment is recorded, and the timeline,
the budget line and the group's ledger show it. Looked at on a desk (1366 px) and a phone (375 px),
screenshots in var/screenshots/."""

import datetime

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "บันทึกจำนวนเงินผิด จ่ายจริง 20,000 บาท"


def be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_finance_reverses_a_wrong_payment_and_records_the_right_one(live_server, demo, page_at, screenshot):
    from django.utils import timezone

    from grants.models import GrantRequest, PaymentReversal
    from grants.selectors import request_money

    base = live_server.url
    today = timezone.localdate()
    request = GrantRequest.objects.get(title="กี่ทอผ้าแบบพื้นเมืองและอุปกรณ์ม้วนด้าย")  # 25,000 paid
    wrong = request.payments.get()

    finance = page_at(1366, 1000)
    login(finance, base, "fin_lampao")
    finance.goto(f"{base}/grants/{request.pk}/#payments")
    row = finance.get_by_test_id(f"payment-{wrong.pk}")
    row.locator("summary").click()
    row.get_by_role("button", name="กลับรายการจ่ายเงิน").click()  # no reason: the browser asks for one
    assert not PaymentReversal.objects.exists()
    row.get_by_label("เหตุผลที่กลับรายการจ่ายเงิน").fill(REASON)
    screenshot(finance, "grant-reversal-01-reason")
    finance.locator("#money").screenshot(path=str(SCREENSHOTS / "grant-reversal-01-reason-money.png"))
    row.get_by_role("button", name="กลับรายการจ่ายเงิน").click()
    finance.wait_for_load_state()
    confirm = finance.get_by_test_id("confirm").inner_text()
    assert "25,000.00" in confirm and "ฎ 0231/2570" in confirm and REASON in confirm
    assert not PaymentReversal.objects.exists()
    screenshot(finance, "grant-reversal-02-confirm")
    finance.get_by_role("button", name="ใช่ กลับรายการจ่ายเงิน").click()
    finance.wait_for_load_state()
    assert PaymentReversal.objects.get().reason == REASON
    assert "กลับรายการแล้ว" in finance.get_by_test_id(f"payment-{wrong.pk}").inner_text()
    assert request_money(request).paid == 0

    # The correct payment, then the timeline says what happened, who and when.
    finance.locator("#payment-amount").fill("20000")
    finance.locator("#payment-paid_on").fill(be(today))
    finance.locator("#payment-voucher_number").fill("ฎ 0232/2570")
    finance.get_by_role("button", name="บันทึกการจ่ายเงิน").click()
    finance.wait_for_load_state()
    assert request_money(request).paid == 20000
    timeline = finance.get_by_test_id("timeline").inner_text()
    assert timeline.count("บันทึกการจ่ายเงิน") == 2 and "กลับรายการจ่ายเงิน" in timeline and REASON in timeline
    assert "จินตนา" in timeline  # the finance officer, by name
    screenshot(finance, "grant-reversal-03-desk")
    finance.locator("#money").screenshot(path=str(SCREENSHOTS / "grant-reversal-03-desk-money.png"))
    finance.locator("#timeline").screenshot(path=str(SCREENSHOTS / "grant-reversal-03-desk-timeline.png"))

    # The budget line and the group's ledger.
    line = finance.goto(f"{base}/grants/lines/{request.budget_line_id}/")
    assert line.ok and "25,000.00" in finance.get_by_test_id("reversed").inner_text()
    screenshot(finance, "grant-reversal-04-line")
    staff = page_at(375, 800)
    login(staff, base)
    staff.goto(f"{base}/groups/{request.group_id}/#ledger")
    assert "กลับรายการเงินอุดหนุน" in staff.locator("#ledger").inner_text()
    screenshot(staff, "grant-reversal-05-group-ledger-phone")
    staff.locator("#ledger").screenshot(path=str(SCREENSHOTS / "grant-reversal-05-ledger-phone.png"))

    # On a phone: the payments with the reversed one, and the reversal form of the new payment.
    phone = page_at(375, 800)
    login(phone, base, "fin_lampao")
    phone.goto(f"{base}/grants/{request.pk}/#payments")
    right = request.payments.exclude(pk=wrong.pk).get()
    phone.get_by_test_id(f"payment-{right.pk}").locator("summary").click()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width  # nothing wider than the phone
    screenshot(phone, "grant-reversal-06-phone")
    phone.locator("#money").screenshot(path=str(SCREENSHOTS / "grant-reversal-06-phone-money.png"))
    phone.locator("#timeline").screenshot(path=str(SCREENSHOTS / "grant-reversal-06-phone-timeline.png"))
