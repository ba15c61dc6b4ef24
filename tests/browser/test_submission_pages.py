"""In Chromium, on the demo province: the district officer submits the district's summary from the menu; the
provincial officer opens it from the menu and accepts it. Screenshots at 1366 and 375 px
(var/screenshots/submission-*.png)."""

import pytest

from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _menu(page, item):
    page.locator(".navbar .dropdown-toggle", has_text="แผนและรายงาน").click()
    page.get_by_role("link", name=item).click()


def test_the_district_submits_and_the_province_accepts(live_server, demo, page_at, screenshot):
    from reports.models import Submission

    base = live_server.url
    district = page_at(1366)
    login(district, base, "cd_mueang")
    _menu(district, "รายงานสรุปของอำเภอ")
    district.get_by_label("หมายเหตุถึงจังหวัด (ถ้ามี)").fill("ผลสะสมถึงปัจจุบัน")
    screenshot(district, "submission-district-1366")
    district.get_by_role("button", name="ส่งตัวเลขชุดนี้ให้จังหวัด").click()
    district.wait_for_load_state()
    assert "ส่งแล้ว รอจังหวัดพิจารณา" in district.get_by_test_id("state").inner_text()
    narrow = page_at(375)
    login(narrow, base, "cd_mueang")
    narrow.goto(district.url)
    screenshot(narrow, "submission-district-375")

    province = page_at(1366)
    login(province, base, "pcd_kalasin")
    _menu(province, "รายงานสรุปของอำเภอ")
    province.get_by_test_id("district-4601").get_by_role("link").click()
    screenshot(province, "submission-province-1366")
    province.get_by_role("button", name="รับรอง").click()
    province.wait_for_load_state()
    assert "จังหวัดรับรองแล้ว" in province.get_by_test_id("state").inner_text()
    assert Submission.objects.get().status == "accepted"
    narrow = page_at(375)
    login(narrow, base, "pcd_kalasin")
    narrow.goto(province.url)
    screenshot(narrow, "submission-province-375")
