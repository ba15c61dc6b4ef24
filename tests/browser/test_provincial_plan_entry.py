"""In Chromium: a provincial officer who has never used the product enters the provincial guideline's plan
(Kalasin's plan for fiscal year
2565) from the menu, through the pages only: the plan, both programmes with their period, units and budgets,
      the indicators and the district targets. The seed's own budget mismatch (62 villages × 24,000 baht
      stated as 480,000 baht) is shown to her, and the figures read back from the database exactly as the seed
      states them."""

from decimal import Decimal

import pytest

from reports.models import DistrictAllocation, DistrictTarget, IndicatorKind, Plan, PlanStatus
from reports.selectors import plans as selectors
from tests import areas
from tests.browser.test_training_flow import login
from tests.scoping import ScopeWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VILLAGE = "โครงการสร้างสัมมาชีพชุมชนในระดับหมู่บ้าน"
GROUPS = "จัดตั้งและพัฒนากลุ่มอาชีพ"
# The provincial guideline gives the province's figures only; the officer splits them over three districts.
SPLIT = {
    "4601": (30, 720000, 150, 600, 480, 3, 1800),
    "4602": (20, 480000, 100, 400, 320, 2, 1200),
    "4603": (12, 288000, 60, 240, 192, 1, 600),
}


@pytest.fixture
def officer(transactional_db):
    world = ScopeWorld.build()
    for code in SPLIT:
        areas.district(code)
    world.province_a.set_password("kalasin2569")
    world.province_a.save()
    return world.province_a


def _fill(page, values: dict):
    for name, value in values.items():
        field = page.locator(f"[name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(str(value))


def _save(page):
    page.locator("main").get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state()


def _programme(page, values):
    page.get_by_role("link", name="เพิ่มโครงการ").click()
    _fill(page, values)
    _save(page)


def _indicator(page, programme_number, values):
    page.get_by_test_id(f"programme-{programme_number}").get_by_role("link", name="เพิ่มตัวชี้วัด").click()
    _fill(page, values)
    _save(page)


def test_the_provincial_plan_entered_through_the_pages_reads_back_exactly(
    live_server, page_at, screenshot, officer
):
    base = live_server.url
    page = page_at(1366)
    login(page, base, "province_a")
    page.locator(".navbar .dropdown-toggle", has_text="แผนและรายงาน").click()
    page.get_by_role("link", name="แผนใหม่").click()
    page.locator("[name='fiscal_year']").fill("2565")
    page.locator("[name='copy_previous']").uncheck()
    _save(page)
    assert page.get_by_test_id("plan-state").inner_text().strip() == "ร่าง"

    _programme(
        page,
        {
            "number": 1,
            "name": VILLAGE,
            "objective": "เพื่อส่งเสริมให้ประชาชนมีความรู้และได้รับการพัฒนาทักษะด้านอาชีพ",
            "organising_level": "สำนักงานพัฒนาชุมชนอำเภอ",
            "start_month": "10",
            "end_month": "6",
            "unit_label": "หมู่บ้าน",
            "stated_units": 62,
            "unit_budget": 24000,
            "stated_total": 480000,
        },
    )
    _programme(
        page,
        {
            "number": 2,
            "name": GROUPS,
            "organising_level": "สำนักงานพัฒนาชุมชนอำเภอ",
            "start_month": "10",
            "end_month": "6",
            "unit_label": "กลุ่ม",
            "stated_units": 6,
            "stated_total": 3600,
        },
    )
    for values in (
        {"number": 1, "name": "ปราชญ์ชุมชนด้านอาชีพ", "unit_label": "คน", "per_unit": 5, "stated_target": 310},
        {
            "number": 2,
            "name": "ผู้แทนครัวเรือนเป้าหมาย",
            "unit_label": "คน/ครัวเรือน",
            "per_unit": 20,
            "stated_target": 1240,
        },
        {
            "number": 3,
            "name": "ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ",
            "unit_label": "คน/ครัวเรือน",
            "stated_target": 992,
        },
        {
            "number": 4,
            "name": "ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น",
            "kind": "percent",
            "stated_target": 85,
            "numerator": "ครัวเรือนที่ติดตามแล้วประกอบอาชีพตามที่ฝึกและมีรายได้เพิ่มขึ้น",
            "denominator": "ครัวเรือนเป้าหมายที่ได้รับการส่งเสริมอาชีพ",
        },
    ):
        _indicator(page, 1, values)
    _indicator(
        page,
        2,
        {
            "number": 1,
            "name": "กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน",
            "unit_label": "กลุ่ม",
            "stated_target": 6,
        },
    )

    plan = Plan.objects.get(province_id="46", fiscal_year=2565)
    village, groups = plan.programmes.order_by("number")
    ind = {i.number: i for i in village.indicators.all()}
    group_indicator = groups.indicators.get()
    page.get_by_test_id("programme-1").get_by_role("link", name="เป้าหมายรายอำเภอ").click()
    for code, (units, budget, experts, households, promoted, _g, _b) in SPLIT.items():
        _fill(
            page,
            {
                f"u-{code}": units,
                f"b-{code}": budget,
                f"i{ind[1].pk}-{code}": experts,
                f"i{ind[2].pk}-{code}": households,
                f"i{ind[3].pk}-{code}": promoted,
                f"i{ind[4].pk}-{code}": 85,
            },
        )
    screenshot(page, "provincial-plan-grid-1366")
    _save(page)
    page.get_by_test_id("programme-2").get_by_role("link", name="เป้าหมายรายอำเภอ").click()
    for code, (*_v, group_count, group_budget) in SPLIT.items():
        _fill(
            page,
            {
                f"u-{code}": group_count,
                f"b-{code}": group_budget,
                f"i{group_indicator.pk}-{code}": group_count,
            },
        )
    _save(page)

    # What the officer sees: the seed's own mismatch, and the province's totals summed by the database
    flags = page.get_by_test_id("plan-flags").inner_text()
    assert "62 หมู่บ้าน × 24,000 บาท = 1,488,000 บาท แต่งบประมาณรวมที่ระบุคือ 480,000 บาท" in flags
    totals = page.get_by_test_id("totals-1").inner_text()
    assert (
        "62" in totals and "1,488,000" in totals and "310" in totals and "1,240" in totals and "992" in totals
    )
    assert (
        "6" in page.get_by_test_id("totals-2").inner_text()
        and "3,600" in page.get_by_test_id("totals-2").inner_text()
    )
    screenshot(page, "provincial-plan-plan-1366")
    narrow = page_at(375)
    login(narrow, base, "province_a")
    narrow.goto(f"{base}/reports/plans/{plan.pk}/")
    screenshot(narrow, "provincial-plan-plan-375")

    # ...and what the database holds, exactly
    plan.refresh_from_db()
    assert (plan.province_id, plan.fiscal_year, plan.status) == ("46", 2565, PlanStatus.DRAFT)
    p1, p2 = selectors.programmes_with_totals(plan)
    assert (p1.name, p1.organising_level, p1.start_month, p1.end_month, p1.unit_label) == (
        VILLAGE,
        "สำนักงานพัฒนาชุมชนอำเภอ",
        10,
        6,
        "หมู่บ้าน",
    )
    assert (p1.stated_units, p1.unit_budget, p1.stated_total, p1.units_total, p1.budget_total) == (
        62,
        Decimal(24000),
        Decimal(480000),
        62,
        Decimal(1488000),
    )
    assert (p2.name, p2.stated_units, p2.stated_total, p2.units_total, p2.budget_total) == (
        GROUPS,
        6,
        Decimal(3600),
        6,
        Decimal(3600),
    )
    totals = {
        i.name: (i.kind, i.per_unit, i.stated_target, i.district_total)
        for i in selectors.indicators_with_totals(plan)
    }
    assert totals == {
        "ปราชญ์ชุมชนด้านอาชีพ": (IndicatorKind.COUNT, Decimal(5), Decimal(310), Decimal(310)),
        "ผู้แทนครัวเรือนเป้าหมาย": (IndicatorKind.COUNT, Decimal(20), Decimal(1240), Decimal(1240)),
        "ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ": (IndicatorKind.COUNT, None, Decimal(992), Decimal(992)),
        "ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น": (
            IndicatorKind.PERCENT,
            None,
            Decimal(85),
            Decimal(255),
        ),
        "กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน": (IndicatorKind.COUNT, None, Decimal(6), Decimal(6)),
    }
    assert {
        a.district_id: (a.units, a.budget) for a in DistrictAllocation.objects.filter(programme=village)
    } == {code: (row[0], Decimal(row[1])) for code, row in SPLIT.items()}
    assert {t.district_id: t.value for t in DistrictTarget.objects.filter(indicator=ind[4])} == {
        code: Decimal(85) for code in SPLIT
    }
