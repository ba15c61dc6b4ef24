"""Bad input to a plan: negative targets, percentages over 100, a broken grid (nothing half-saved), the period
out of order, a second plan for the same province and year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import DistrictAllocation, DistrictTarget, Indicator, IndicatorKind, Programme
from reports.services import plans as services
from tests import areas
from tests.reports.helpers import kalasin_plan


@pytest.fixture
def seeded(world):
    return (world, *kalasin_plan(world.province_a))


def test_a_negative_target_and_a_percentage_over_100_are_refused_in_thai(seeded):
    world, plan, village, groups, indicators = seeded
    with pytest.raises(ValidationError) as error:
        services.indicator_save(
            user=world.province_a,
            indicator=Indicator(
                programme=village,
                number=9,
                name="ร้อยละ",
                kind=IndicatorKind.PERCENT,
                stated_target=Decimal(101),
                numerator="ก",
                denominator="ข",
            ),
        )
    assert "ร้อยละต้องไม่เกิน 100" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.indicator_save(
            user=world.province_a,
            indicator=Indicator(programme=village, number=9, name="จำนวน", stated_target=Decimal(-1)),
        )
    assert "ต้องไม่ติดลบ" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.indicator_save(
            user=world.province_a,
            indicator=Indicator(
                programme=village,
                number=9,
                name="ร้อยละ",
                kind=IndicatorKind.PERCENT,
                stated_target=Decimal(50),
            ),
        )
    assert "ตัวตั้ง" in str(error.value) and "ตัวหาร" in str(error.value)
    assert village.indicators.count() == 4


def test_a_broken_grid_saves_nothing_and_names_each_cell(client, seeded):
    world, plan, village, groups, indicators = seeded
    before = list(DistrictTarget.objects.order_by("pk").values_list("indicator", "district", "value"))
    percent = indicators["ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น"]
    client.force_login(world.province_a)
    response = client.post(
        reverse("reports:targets_edit", args=[plan.pk, village.pk]),
        {"u-4601": "31", "b-4601": "-5", f"i{percent.pk}-4601": "120", "u-4602": "2.5", "u-4603": "ห้า"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    for message in (
        "เมืองกาฬสินธุ์, งบประมาณ (บาท): ต้องไม่ติดลบ",
        "เมืองกาฬสินธุ์, ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น: ร้อยละต้องไม่เกิน 100",
        "จำนวนหน่วยต้องเป็นจำนวนเต็ม",
        "“ห้า” ไม่ใช่ตัวเลข",
    ):
        assert message in body, message
    assert list(DistrictTarget.objects.order_by("pk").values_list("indicator", "district", "value")) == before
    assert DistrictAllocation.objects.get(programme=village, district_id="4601").units == 30


def test_a_district_of_another_province_is_refused(seeded):
    world, plan, village, *_ = seeded
    areas.district("5001")
    with pytest.raises(ValidationError, match="ไม่ใช่อำเภอของ"):
        services.district_targets_save(user=world.province_a, programme=village, rows={"5001": {"units": 1}})


def test_the_period_in_fiscal_order_and_one_plan_per_province_and_year(seeded):
    world, plan, village, *_ = seeded
    with pytest.raises(ValidationError, match="ช่วงเวลาสิ้นสุดก่อนเริ่ม"):
        services.programme_save(
            user=world.province_a,
            programme=Programme(
                plan=plan, number=3, name="ก", unit_label="หมู่บ้าน", start_month=6, end_month=10
            ),
        )
    with pytest.raises(ValidationError, match="มีแผนของปีงบประมาณนี้แล้ว"):
        services.plan_create(user=world.province_a, province=plan.province, fiscal_year=2565)


def test_the_forms_refuse_over_100_and_negative(client, seeded):
    world, plan, village, *_ = seeded
    client.force_login(world.province_a)
    response = client.post(
        reverse("reports:indicator_create", args=[plan.pk, village.pk]),
        {
            "number": 9,
            "name": "ร้อยละ",
            "kind": "percent",
            "stated_target": "150",
            "numerator": "ก",
            "denominator": "ข",
        },
    )
    assert response.status_code == 200 and "ร้อยละต้องไม่เกิน 100" in response.content.decode()
    response = client.post(
        reverse("reports:programme_edit", args=[plan.pk, village.pk]),
        {"number": 1, "name": village.name, "unit_label": "หมู่บ้าน", "unit_budget": "-24000"},
    )
    assert response.status_code == 200 and "ต้องไม่ติดลบ" in response.content.decode()
    assert Indicator.objects.filter(programme=village).count() == 4
