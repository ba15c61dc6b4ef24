"""In Chromium, the village programme end to end: the provincial officer publishes the plan; the district
officer proposes target villages (one refused with its reason: an earlier project of the years the plan
excludes), submits; the province approves; from the approved list the district officer records round 1 of the
sufficiency-village assessment, organises the village training (the village's team of 5 teaching its 20 target
households, kept by the district office), and records round 2. Each page is looked at in screenshots at 1366
and 375 px (var/screenshots/programme-*.png)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_training_flow import login
from tests.reports.targets_helpers import SECURITY, funded, ready_village, target_plan
from tests.scoping import ScopeWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(transactional_db):
    from registry.catalogue import ensure_catalogue
    from registry.models import Occupation
    from tests.reports.helpers import criteria

    ensure_catalogue(
        Occupation
    )  # the occupations of the training form (a transactional test's database was flushed)
    world = ScopeWorld.build()
    for user in (world.province_a, world.district_a, world.tao_a):
        user.set_password("kalasin2569")
        user.save()
    criteria()  # the shipped criteria (a transactional test's database was flushed)
    plan, _programme = target_plan(
        world, publish=False
    )  # the provincial guideline's plan, fiscal year 2565, still a draft
    good = ready_village(1, name="บ้านโนนสวรรค์")
    excluded = ready_village(3, name="บ้านดอนยาง")
    funded(excluded, SECURITY, 2564)
    return world, plan, good, excluded


def _both_widths(page_at, base, username, url, name, screenshot):
    narrow = page_at(375)
    login(narrow, base, username)
    narrow.goto(url)
    screenshot(narrow, f"{name}-375")


def _answer(page, passed: set):
    for item in page.locator("li[data-indicator]").all():
        number = int(item.get_attribute("data-indicator"))
        item.locator(f"input[value='{1 if number in passed else 0}']").check()


def test_the_village_programme_from_the_plan_to_round_2(live_server, page_at, screenshot, seeded):
    from registry.models import InstructorTeam
    from reports.models import Assessment, Criterion, TargetList
    from training.models import Training

    world, _plan, good, excluded = seeded
    base = live_server.url
    core = set(Criterion.objects.filter(version__number=1, core=True).values_list("number", flat=True))
    others = sorted(set(Criterion.objects.filter(version__number=1).values_list("number", flat=True)) - core)

    # 1. The provincial officer publishes the plan, from the menu.
    page = page_at(1366)
    login(page, base, "province_a")
    page.locator(".navbar .dropdown-toggle", has_text="แผนและรายงาน").click()
    page.get_by_role("link", name="แผนปฏิบัติงาน").click()
    page.get_by_role("link", name="2565").click()
    page.get_by_role("button", name="เผยแพร่").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("เผยแพร่แล้ว")
    screenshot(page, "programme-1-published-1366")
    _both_widths(page_at, base, "province_a", page.url, "programme-1-published", screenshot)

    # 2. The district officer proposes: the excluded village is refused with its reason, nothing is added.
    district = page_at(1366)
    login(district, base, "district_a")
    district.locator(".navbar .dropdown-toggle", has_text="แผนและรายงาน").click()
    district.get_by_role("link", name="แผนปฏิบัติงาน").click()
    district.get_by_role("link", name="2565").click()
    district.get_by_test_id("target-villages-link").click()
    district.get_by_test_id("add-villages").click()
    district.get_by_label(str(excluded)).check()
    district.get_by_label(str(good)).check()
    district.get_by_role("button", name="เพิ่มหมู่บ้านที่เลือก").click()
    errors = district.get_by_test_id("form-errors").inner_text()
    assert "ความมั่นคงด้านอาชีพ" in errors and "2564" in errors
    assert not TargetList.objects.filter(villages__isnull=False).exists()
    screenshot(district, "programme-2-refused-1366")
    _both_widths(page_at, base, "district_a", district.url, "programme-2-pick", screenshot)
    district.get_by_label(str(good)).check()
    district.get_by_role("button", name="เพิ่มหมู่บ้านที่เลือก").click()
    district.wait_for_url("**/villages/4601/")
    list_url = district.url
    district.get_by_role("button", name="ส่งให้จังหวัด").click()
    district.wait_for_load_state()

    # 3. The province approves the district's list.
    page.get_by_test_id("target-villages-link").click()
    page.get_by_role("link", name="เมืองกาฬสินธุ์").click()
    page.get_by_role("button", name="อนุมัติ").click()
    expect(page.get_by_test_id("list-state")).to_have_text("อนุมัติแล้ว")
    screenshot(page, "programme-3-approved-1366")

    # 4. From the approved list, the district officer records round 1 (before the training: the provincial
    # guideline's step 8).
    district.goto(list_url)
    progress = district.get_by_test_id(f"progress-{good.code}")
    expect(progress).to_contain_text("ประเมินครั้งที่ 1")
    screenshot(district, "programme-4-list-1366")
    _both_widths(page_at, base, "district_a", list_url, "programme-4-list", screenshot)
    progress.get_by_role("link", name="บันทึกผลการประเมินครั้งที่ 1").click()
    district.locator("[name='assessed_on']").fill("10/01/2565")
    district.locator("[name='committee']").fill("นายสมชาย ใจดี (ผู้ใหญ่บ้าน)\nนางบุญมี ศรีสุข")
    _answer(district, core | set(others[:2]))  # 12 passed, every core one: พออยู่ พอกิน
    screenshot(district, "programme-5-round-1-1366")
    district.get_by_role("button", name="บันทึกการประเมิน").click()
    district.wait_for_url(re.compile(r".*/sufficiency/villages/\d+/\?year=2565$"))
    assert Assessment.objects.get(village=good, round=1).assessed_on.isoformat() == "2022-01-10"

    # 5. The village training: from the list, the village's team already chosen; kept by the district office.
    district.goto(list_url)
    district.get_by_test_id(f"progress-{good.code}").get_by_role("link", name="จัดฝึกอาชีพระดับหมู่บ้าน").click()
    assert district.locator("#id_team").input_value() == str(InstructorTeam.objects.get(village=good).pk)
    district.locator("#id_topic").fill("การทำน้ำพริกสมุนไพรบรรจุขวด")
    district.locator("#id_occupation").select_option(index=1)
    district.locator("#id_date").fill("10/02/2565")
    district.locator("#id_venue").fill("ศาลาประชาคมหมู่บ้าน")
    screenshot(district, "programme-6-training-form-1366")
    district.get_by_role("button", name="สร้างการฝึกอบรมระดับหมู่บ้าน").click()
    district.wait_for_url(re.compile(r".*/training/\d+/$"))
    training = Training.objects.get(village=good)
    assert training.office_id == world.district_a.office_id
    assert training.enrollments.count() == 20 and training.instructors.count() == 5
    screenshot(district, "programme-7-training-1366")
    _both_widths(page_at, base, "district_a", district.url, "programme-7-training", screenshot)
    tao = page_at(375)  # the TAO of the village reads it, and is told who keeps it
    login(tao, base, "tao_a")
    tao.goto(district.url)
    expect(tao.get_by_text(f"รายการนี้เป็นของ{training.office.name}").first).to_be_visible()
    screenshot(tao, "programme-7-training-as-tao-375")

    # 6. Round 2, after the training (the provincial guideline's step 10), from the list; both rounds side by
    # side.
    district.goto(list_url)
    district.get_by_test_id(f"progress-{good.code}").get_by_role("link", name="บันทึกผลการประเมินครั้งที่ 2").click()
    district.locator("[name='assessed_on']").fill("10/03/2565")
    district.locator("[name='committee']").fill("นายสมชาย ใจดี (ผู้ใหญ่บ้าน)\nนางบุญมี ศรีสุข")
    _answer(district, core | set(others[:8]))  # 18 passed: อยู่ดี กินดี
    district.get_by_role("button", name="บันทึกการประเมิน").click()
    district.wait_for_url(re.compile(r".*/sufficiency/villages/\d+/\?year=2565$"))
    body = district.locator("main").inner_text()
    assert "พออยู่ พอกิน" in body and "อยู่ดี กินดี" in body
    screenshot(district, "programme-8-rounds-1366")
    _both_widths(page_at, base, "district_a", district.url, "programme-8-rounds", screenshot)
    district.goto(list_url)
    progress = district.get_by_test_id(f"progress-{good.code}").inner_text()
    assert "ประเมินครั้งที่ 2" in progress and "การทำน้ำพริกสมุนไพรบรรจุขวด" in progress
    screenshot(district, "programme-9-list-done-1366")
    _both_widths(page_at, base, "district_a", list_url, "programme-9-list-done", screenshot)
