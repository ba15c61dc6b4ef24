"""In Chromium: the district officer goes from the plan page to the district's target villages, proposes (one
village refused with its reason, nothing added), proposes villages that pass (one with a warning), submits;
the provincial officer sees the districts' lists and approves. Screenshots at 1366 and 375 px
(var/screenshots/targets-*.png)."""

import pytest

from tests.browser.test_accessibility import DUPLICATE_IDS, PHONE_LAYOUT, axe_violations
from tests.browser.test_training_flow import login
from tests.reports.targets_helpers import SECURITY, funded, ready_village, target_plan
from tests.scoping import ScopeWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def look(screenshot):
    """Screenshot the page, and check it as the accessibility walk does (axe-core; at phone width, the
    layout)."""

    def take(page, name):
        screenshot(page, name)
        problems = [f"{v['id']}: {v['nodes']}" for v in axe_violations(page)] + page.evaluate(DUPLICATE_IDS)
        if page.viewport_size["width"] < 576:
            problems += page.evaluate(PHONE_LAYOUT)
        assert not problems, (name, problems)

    return take


@pytest.fixture
def seeded(transactional_db):
    world = ScopeWorld.build()
    for user in (world.province_a, world.district_a):
        user.set_password("kalasin2569")
        user.save()
    plan, programme = target_plan(world)
    good, short_team, excluded = (
        ready_village(1, name="บ้านโนนสวรรค์"),
        ready_village(2, name="บ้านหนองแวง", experts=3),
        ready_village(3, name="บ้านดอนยาง"),
    )
    funded(excluded, SECURITY, 2564)
    return world, plan, programme, good, short_team, excluded


def test_propose_and_approve_target_villages(live_server, page_at, look, seeded):
    _world, plan, _programme, good, short_team, excluded = seeded
    base = live_server.url
    page = page_at(1366)
    login(page, base, "district_a")
    page.goto(f"{base}/reports/plans/{plan.pk}/")
    assert "2563–2564" in page.get_by_test_id("exclusions-1").inner_text()
    look(page, "targets-plan-1366")
    page.get_by_test_id("target-villages-link").click()
    page.get_by_test_id("add-villages").click()
    assert "ความมั่นคงด้านอาชีพ" in page.get_by_test_id(f"candidate-{excluded.code}").inner_text()
    page.get_by_label(str(excluded)).check()
    page.get_by_label(str(good)).check()
    page.get_by_role("button", name="เพิ่มหมู่บ้านที่เลือก").click()
    assert "ความมั่นคงด้านอาชีพ" in page.get_by_test_id("form-errors").inner_text()
    look(page, "targets-pick-1366")
    page.get_by_label(str(good)).check()
    page.get_by_label(str(short_team)).check()
    page.get_by_role("button", name="เพิ่มหมู่บ้านที่เลือก").click()
    page.wait_for_url("**/villages/4601/")
    assert "ยังขาดอีก 2 คน" in page.get_by_test_id("target-villages").inner_text()
    look(page, "targets-district-1366")
    narrow = page_at(375)
    login(narrow, base, "district_a")
    narrow.goto(page.url)
    look(narrow, "targets-district-375")
    narrow.get_by_test_id("add-villages").click()
    look(narrow, "targets-pick-375")
    page.get_by_role("button", name="ส่งให้จังหวัด").click()
    page.wait_for_load_state()
    province = page_at(1366)
    login(province, base, "province_a")
    province.goto(f"{base}/reports/plans/{plan.pk}/")
    province.get_by_test_id("target-villages-link").click()
    assert "ส่งจังหวัดแล้ว" in province.get_by_test_id("district-4601").inner_text()
    look(province, "targets-province-1366")
    province_narrow = page_at(375)
    login(province_narrow, base, "province_a")
    province_narrow.goto(province.url)
    look(province_narrow, "targets-province-375")
    province_narrow.get_by_role("link", name="เงื่อนไขยกเว้น").click()
    look(province_narrow, "targets-exclusions-375")
    province.get_by_role("link", name="เมืองกาฬสินธุ์").click()
    province.get_by_role("button", name="อนุมัติ").click()
    province.wait_for_load_state()
    assert province.get_by_test_id("list-state").inner_text().strip() == "อนุมัติแล้ว"
    look(province, "targets-approved-1366")
