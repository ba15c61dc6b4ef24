"""The provincial guideline's plan entered through the services and read back exactly; the flags of figures
that do not add up; copy, publish and change with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kit.workflow import TransitionRefused
from reports.models import DistrictTarget, Indicator, IndicatorKind, Plan, PlanChange, PlanStatus, Programme
from reports.selectors import plans as selectors
from reports.services import plans as services
from tests import areas
from tests.reports.helpers import kalasin_plan


@pytest.fixture
def seeded(world):
    return (world, *kalasin_plan(world.province_a))


def test_the_provincial_guidelines_plan_reads_back_exactly(seeded):
    world, plan, village, groups, indicators = seeded
    assert (plan.province_id, plan.fiscal_year, plan.status) == ("46", 2565, PlanStatus.DRAFT)
    p1, p2 = selectors.programmes_with_totals(plan)
    assert (p1.unit_label, p1.stated_units, p1.unit_budget, p1.stated_total) == (
        "หมู่บ้าน",
        62,
        Decimal(24000),
        Decimal(480000),
    )
    assert (p1.start_month, p1.end_month) == (10, 6)
    assert (p1.units_total, p1.budget_total) == (62, Decimal(1488000))  # summed by the database
    assert (p2.unit_label, p2.stated_units, p2.stated_total, p2.units_total, p2.budget_total) == (
        "กลุ่ม",
        6,
        Decimal(3600),
        6,
        Decimal(3600),
    )
    totals = {
        i.name: (i.kind, i.stated_target, i.district_total) for i in selectors.indicators_with_totals(plan)
    }
    assert totals == {
        "ปราชญ์ชุมชนด้านอาชีพ": (IndicatorKind.COUNT, Decimal(310), Decimal(310)),
        "ผู้แทนครัวเรือนเป้าหมาย": (IndicatorKind.COUNT, Decimal(1240), Decimal(1240)),
        "ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ": (IndicatorKind.COUNT, Decimal(992), Decimal(992)),
        "ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น": (IndicatorKind.PERCENT, Decimal(85), Decimal(255)),
        "กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน": (IndicatorKind.COUNT, Decimal(6), Decimal(6)),
    }
    percent = indicators["ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น"]
    assert percent.numerator and percent.denominator
    assert DistrictTarget.objects.get(indicator=percent, district_id="4602").value == Decimal(85)


def test_the_seeds_budget_mismatch_is_flagged_on_the_page(client, seeded):
    world, plan, *_ = seeded
    page = selectors.plan_page(plan, world.province_a)
    messages = [f.message for f in page.flags]
    assert "62 หมู่บ้าน × 24,000 บาท = 1,488,000 บาท แต่งบประมาณรวมที่ระบุคือ 480,000 บาท" in messages
    assert "งบประมาณของอำเภอรวมกันได้ 1,488,000 บาท แต่งบประมาณรวมที่ระบุคือ 480,000 บาท" in messages
    assert len(messages) == 2  # everything else adds up (5 × 62 = 310, 20 × 62 = 1,240, the districts' sums)
    client.force_login(world.province_a)
    body = client.get(reverse("reports:plan", args=[plan.pk])).content.decode()
    assert 'data-testid="plan-flags"' in body and "1,488,000" in body and "480,000" in body


def test_district_sums_against_the_provinces_stated_target_are_flagged(seeded):
    world, plan, village, groups, indicators = seeded
    indicator = indicators["ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ"]
    DistrictTarget.objects.filter(indicator=indicator, district_id="4603").update(value=100)
    messages = [f.message for f in selectors.plan_page(plan, world.province_a).flags]
    assert "เป้าหมายของอำเภอรวมกันได้ 900 แต่เป้าหมายของจังหวัดคือ 992" in messages
    indicator.per_unit = Decimal(15)
    services.indicator_save(user=world.province_a, indicator=indicator)
    messages = [f.message for f in selectors.plan_page(plan, world.province_a).flags]
    assert "62 หมู่บ้าน × 15 = 930 แต่เป้าหมายที่ระบุคือ 992" in messages


def test_copy_from_the_previous_year_makes_a_draft_with_everything(seeded):
    world, plan, *_ = seeded
    services.plan_publish(user=world.province_a, plan=plan)
    copy = services.plan_copy(user=world.province_a, source=plan, fiscal_year=2566)
    assert (copy.fiscal_year, copy.status) == (2566, PlanStatus.DRAFT)
    assert list(copy.programmes.values_list("number", "name", "stated_total")) == list(
        plan.programmes.values_list("number", "name", "stated_total")
    )
    assert Indicator.objects.filter(programme__plan=copy).count() == 5
    assert (
        DistrictTarget.objects.filter(indicator__programme__plan=copy).count()
        == DistrictTarget.objects.filter(indicator__programme__plan=plan).count()
        == 15
    )
    assert [p.units_total for p in selectors.programmes_with_totals(copy)] == [62, 6]


def test_copy_is_all_or_nothing(seeded):
    world, plan, *_ = seeded
    services.plan_copy(user=world.province_a, source=plan, fiscal_year=2566)
    with pytest.raises(ValidationError):  # the year has a plan already: nothing more is made
        services.plan_copy(user=world.province_a, source=plan, fiscal_year=2566)
    assert Plan.objects.count() == 2 and Programme.objects.count() == 4


def test_copy_through_the_page(client, seeded):
    world, plan, *_ = seeded
    client.force_login(world.province_a)
    response = client.post(reverse("reports:plan_create"), {"fiscal_year": 2566, "copy_previous": "on"})
    copy = Plan.objects.get(fiscal_year=2566)
    assert response.status_code == 302 and copy.programmes.count() == 2
    response = client.post(reverse("reports:plan_create"), {"fiscal_year": 2570, "copy_previous": "on"})
    assert "ไม่มีแผนของปีงบประมาณ 2569 ให้คัดลอก" in response.content.decode()


def test_publish_needs_programmes_with_indicators(world):
    plan = services.plan_create(user=world.province_a, province=areas.province("46"), fiscal_year=2566)
    with pytest.raises(TransitionRefused):
        services.plan_publish(user=world.province_a, plan=plan)
    services.programme_save(
        user=world.province_a, programme=Programme(plan=plan, number=1, name="ทดสอบ", unit_label="หมู่บ้าน")
    )
    with pytest.raises(TransitionRefused) as refused:
        services.plan_publish(user=world.province_a, plan=plan)
    assert "ตัวชี้วัดของ “ทดสอบ”" in " ".join(map(str, refused.value.reasons))


def test_a_published_plan_changes_only_with_a_logged_reason(client, seeded):
    world, plan, village, groups, indicators = seeded
    services.plan_publish(user=world.province_a, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and plan.moves.get().user == world.province_a
    village.stated_total = Decimal(1488000)
    with pytest.raises(ValidationError, match="เขียนเหตุผล"):
        services.programme_save(user=world.province_a, programme=village)
    assert Programme.objects.get(pk=village.pk).stated_total == Decimal(480000)
    services.programme_save(
        user=world.province_a, programme=village, reason="แก้ตามหนังสือกรมฯ ยอดรวม 1,488,000 บาท"
    )
    change = PlanChange.objects.get()
    assert change.reason == "แก้ตามหนังสือกรมฯ ยอดรวม 1,488,000 บาท" and change.user == world.province_a
    assert "480000" in change.what and "1488000" in change.what
    assert len(selectors.plan_page(plan, world.province_a).flags) == 0
    # the grid on the page: refused without a reason, logged with one
    client.force_login(world.province_a)
    url = reverse("reports:targets_edit", args=[plan.pk, groups.pk])
    indicator = indicators["กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน"]
    data = {
        "u-4601": 4,
        "b-4601": 2400,
        f"i{indicator.pk}-4601": 4,
        "u-4602": 1,
        "b-4602": 600,
        f"i{indicator.pk}-4602": 1,
        "u-4603": 1,
        "b-4603": 600,
        f"i{indicator.pk}-4603": 1,
    }
    assert client.post(url, data).status_code == 200
    assert PlanChange.objects.count() == 1
    assert client.post(url, {**data, "reason": "อำเภอเมืองขอเพิ่ม 1 กลุ่ม"}).status_code == 302
    change = PlanChange.objects.first()
    assert change.reason == "อำเภอเมืองขอเพิ่ม 1 กลุ่ม" and "3 → 4" in change.what
    body = client.get(reverse("reports:plan", args=[plan.pk])).content.decode()
    assert 'data-testid="plan-changes"' in body and "อำเภอเมืองขอเพิ่ม 1 กลุ่ม" in body


def test_pages_enter_a_programme_and_indicator(client, world):
    areas.district("4601")
    client.force_login(world.province_a)
    response = client.post(reverse("reports:plan_create"), {"fiscal_year": 2565})
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.province_id == "46"
    response = client.post(
        reverse("reports:programme_create", args=[plan.pk]),
        {
            "number": 1,
            "name": "โครงการสร้างสัมมาชีพชุมชนในระดับหมู่บ้าน",
            "unit_label": "หมู่บ้าน",
            "stated_units": 62,
            "unit_budget": "24000",
            "stated_total": "480000",
            "start_month": 10,
            "end_month": 6,
        },
    )
    assert response.status_code == 302
    programme = plan.programmes.get()
    response = client.post(
        reverse("reports:indicator_create", args=[plan.pk, programme.pk]),
        {
            "number": 1,
            "name": "ร้อยละประชาชนมีรายได้เพิ่มขึ้น",
            "kind": "percent",
            "stated_target": "85",
            "numerator": "ครัวเรือนมีรายได้เพิ่มขึ้น",
            "denominator": "ครัวเรือนเป้าหมาย",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("reports:plan", args=[plan.pk])).content.decode()
    assert "1,488,000" in body and "ร้อยละประชาชนมีรายได้เพิ่มขึ้น" in body


def test_the_indicator_form_links_the_live_measure_and_a_published_change_is_logged(client, seeded):
    world, plan, village, groups, indicators = seeded
    share = indicators["ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น"]
    url = reverse("reports:indicator_edit", args=[plan.pk, share.pk])
    client.force_login(world.province_a)
    form = {
        "number": share.number,
        "name": share.name,
        "kind": "percent",
        "stated_target": "85",
        "numerator": share.numerator,
        "denominator": share.denominator,
    }
    refused = client.post(
        url, {**form, "measure": "households_promoted"}
    )  # a count for a percentage indicator
    assert refused.status_code == 200 and "measure" in refused.context["form"].errors
    services.plan_publish(user=world.province_a, plan=plan)
    assert client.post(url, {**form, "measure": "", "reason": "ยังไม่ผูกกับผลจริง"}).status_code == 302
    share.refresh_from_db()
    assert share.measure is None
    assert (
        client.post(url, {**form, "measure": "higher_income_share", "reason": "ผูกกับผลการติดตาม"}).status_code
        == 302
    )
    share.refresh_from_db()
    assert share.measure == "higher_income_share"
    assert PlanChange.objects.filter(reason="ผูกกับผลการติดตาม").exists()
