"""In Chromium: the provincial officer opens the provincial guideline's plan, sees the budget mismatch in its
alert, saves a district grid, publishes, and changes the published plan with a reason; the district officer
reads it. Screenshots at 1366 and 375 px (var/screenshots/plan-*.png) to be looked at."""

import pytest

from tests.browser.test_training_flow import login
from tests.reports.helpers import kalasin_plan
from tests.scoping import ScopeWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(transactional_db):
    world = ScopeWorld.build()
    for user in (world.province_a, world.district_a):
        user.set_password("kalasin2569")
        user.save()
    return (world, *kalasin_plan(world.province_a))


def test_the_plan_from_the_menu_to_a_logged_change(live_server, page_at, screenshot, seeded):
    world, plan, village, groups, indicators = seeded
    base = live_server.url
    page = page_at(1366)
    login(page, base, "province_a")
    page.goto(f"{base}/reports/plans/")
    page.get_by_role("link", name="2565").click()
    flags = page.get_by_test_id("plan-flags").inner_text()
    assert "62 หมู่บ้าน × 24,000 บาท = 1,488,000 บาท แต่งบประมาณรวมที่ระบุคือ 480,000 บาท" in flags
    screenshot(page, "plan-1366")
    narrow = page_at(375)
    login(narrow, base, "province_a")
    narrow.goto(f"{base}/reports/plans/{plan.pk}/")
    screenshot(narrow, "plan-375")
    # the grid of the groups programme
    page.get_by_test_id("programme-2").get_by_role("link", name="เป้าหมายรายอำเภอ").click()
    page.locator("input[name='u-4601']").fill("3")
    screenshot(page, "plan-grid-1366")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(f"{base}/reports/plans/{plan.pk}/")
    page.get_by_role("button", name="เผยแพร่แผน").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("plan-state").inner_text().strip() == "เผยแพร่แล้ว"
    page.get_by_test_id("programme-1").get_by_role("link", name="แก้ไขโครงการ").click()
    page.get_by_label("งบประมาณรวม (บาท ตามที่ระบุในแผน)").fill("1488000")
    page.get_by_role("button", name="บันทึก").click()
    assert "เขียนเหตุผล" in page.content() or "จำเป็น" in page.content()
    page.get_by_label("เหตุผลของการแก้ไข").fill("แก้ตามยอด 62 หมู่บ้าน × 24,000 บาท")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(f"{base}/reports/plans/{plan.pk}/")
    assert "แก้ตามยอด 62 หมู่บ้าน" in page.get_by_test_id("plan-changes").inner_text()
    assert "1,488,000 บาท แต่งบประมาณรวมที่ระบุคือ 480,000" not in page.content()
    screenshot(page, "plan-published-1366")
    district = page_at(375)
    login(district, base, "district_a")
    district.goto(f"{base}/reports/plans/{plan.pk}/")
    assert district.get_by_test_id("read-only").is_visible()
    screenshot(district, "plan-district-375")
