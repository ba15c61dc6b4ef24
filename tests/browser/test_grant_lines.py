"""In Chromium, with no script: the executive approves the demo's request waiting for a decision with fewer
fish than asked, giving the reason, from a budget line that is not "materials only"; the approval's choice of
line says which one is. Screenshots of the approval card at 1366 and 375 px (var/screenshots/)."""

import datetime
from decimal import Decimal

import pytest

from tests.browser.test_grant_flow import alert_text, state
from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_executive_approves_fewer_fish_with_the_reason(live_server, demo, page_at, screenshot):
    from grants.models import BudgetLine, GrantRequest, Status
    from grants.selectors import lines_total

    request = GrantRequest.objects.get(status=Status.APPROVAL, title="เพิ่มกำลังผลิตปลาส้มไร้ก้างบรรจุสุญญากาศ")
    # The demo's group has a report overdue on an earlier grant, which refuses any approval: here its due date
    # was moved on (the office gave the group more time).
    GrantRequest.objects.filter(group=request.group, status=Status.IN_PROGRESS).update(
        report_due_on=datetime.date.today() + datetime.timedelta(days=30)
    )
    support = BudgetLine.objects.get(office=request.office, materials_only=False)
    materials = BudgetLine.objects.get(office=request.office, materials_only=True)
    phone = page_at(375, 900)
    login(phone, live_server.url, "exec_lampao")
    phone.goto(f"{live_server.url}/grants/{request.pk}/#approval")
    phone.locator("#approval").scroll_into_view_if_needed()
    screenshot(phone, "grant-lines-approval-375")

    page = page_at(1366, 1000)
    login(page, live_server.url, "exec_lampao")
    page.goto(f"{live_server.url}/grants/{request.pk}/")
    assert "เฉพาะวัสดุ" in page.locator(f"#approve-line option[value='{materials.pk}']").inner_text()
    assert "เฉพาะวัสดุ" not in page.locator(f"#approve-line option[value='{support.pk}']").inner_text()
    page.locator("#approve-line").select_option(str(support.pk))
    grid = page.get_by_test_id("approve-lines")
    fish = grid.locator("tr", has_text="ปลาตะเพียนสด")
    fish.locator("input[name$='-quantity']").fill("250")  # 250 kg at 70: 17,500 + 9,000 of bags
    page.locator("#approve-amount").fill("26,500")
    page.get_by_role("button", name="อนุมัติจากรายการนี้").click()
    page.wait_for_load_state()
    assert "เขียนเหตุผลที่ปรับ “ปลาตะเพียนสด”" in alert_text(page) + page.locator("#approval").inner_text()
    assert "รอผู้บริหาร" in state(page)
    fish = page.get_by_test_id("approve-lines").locator("tr", has_text="ปลาตะเพียนสด")
    assert fish.locator("input[name$='-quantity']").input_value() == "250"  # what was typed is kept
    fish.locator("input[name$='-reason']").fill("กลุ่มมีปลาจากบ่อของสมาชิก 50 กิโลกรัม")
    screenshot(page, "grant-lines-approval-1366")
    page.get_by_role("button", name="อนุมัติจากรายการนี้").click()
    page.wait_for_load_state()
    assert state(page) == "ได้รับอนุมัติ", alert_text(page)
    version = GrantRequest.objects.get(pk=request.pk).versions.get()
    assert lines_total(version.cost_lines) == version.amount == Decimal(26500)
    assert "กลุ่มมีปลาจากบ่อของสมาชิก 50 กิโลกรัม" in page.get_by_test_id("adjustments").inner_text()
    screenshot(page, "grant-lines-approved-1366")
