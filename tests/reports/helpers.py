"""Seed 004 (Kalasin's plan for fiscal year 2565) entered through the services, as a provincial officer would."""

from decimal import Decimal

from reports.models import Indicator, IndicatorKind, Programme
from reports.services import plans as services
from tests import areas

# Three of Kalasin's districts carry the seed's 62 villages and 6 groups in these tests (the seed gives no split).
DISTRICTS = ("4601", "4602", "4603")
VILLAGES = {"4601": 30, "4602": 20, "4603": 12}
GROUPS = {"4601": 3, "4602": 2, "4603": 1}


def seed_004(user):
    """The plan of seed 004 with both programmes, their indicators and a district split; returns
    (plan, village programme, group programme, {name: indicator})."""
    for code in DISTRICTS:
        areas.district(code)
    plan = services.plan_create(user=user, province=areas.province("46"), fiscal_year=2565)
    village = services.programme_save(user=user, programme=Programme(
        plan=plan, number=1, name="โครงการสร้างสัมมาชีพชุมชนในระดับหมู่บ้าน",
        objective="เพื่อส่งเสริมให้ประชาชนมีความรู้และได้รับการพัฒนาทักษะด้านอาชีพ",
        organising_level="สำนักงานพัฒนาชุมชนอำเภอ", start_month=10, end_month=6, unit_label="หมู่บ้าน",
        stated_units=62, unit_budget=Decimal(24000), stated_total=Decimal(480000)))
    groups = services.programme_save(user=user, programme=Programme(
        plan=plan, number=2, name="จัดตั้งและพัฒนากลุ่มอาชีพ", organising_level="สำนักงานพัฒนาชุมชนอำเภอ",
        start_month=10, end_month=6, unit_label="กลุ่ม", stated_units=6, stated_total=Decimal(3600)))
    indicators = {}
    for programme, number, name, kind, per_unit, target, extra in (
        (village, 1, "ปราชญ์ชุมชนด้านอาชีพ", IndicatorKind.COUNT, 5, 310, {}),
        (village, 2, "ผู้แทนครัวเรือนเป้าหมาย", IndicatorKind.COUNT, 20, 1240, {}),
        (village, 3, "ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ", IndicatorKind.COUNT, None, 992, {}),
        (village, 4, "ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น", IndicatorKind.PERCENT, None, 85,
         {"numerator": "ครัวเรือนที่ติดตามแล้วประกอบอาชีพตามที่ฝึกและมีรายได้เพิ่มขึ้น",
          "denominator": "ครัวเรือนเป้าหมายที่ได้รับการส่งเสริมอาชีพ"}),
        (groups, 1, "กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน", IndicatorKind.COUNT, None, 6, {}),
    ):
        indicators[name] = services.indicator_save(user=user, indicator=Indicator(
            programme=programme, number=number, name=name, kind=kind, unit_label="คน/ครัวเรือน",
            per_unit=None if per_unit is None else Decimal(per_unit), stated_target=Decimal(target), **extra))
    promoted = {"4601": 480, "4602": 320, "4603": 192}  # 16 per village: 992
    services.district_targets_save(user=user, programme=village, rows={
        code: {"units": VILLAGES[code], "budget": VILLAGES[code] * 24000,
               indicators["ปราชญ์ชุมชนด้านอาชีพ"].pk: 5 * VILLAGES[code],
               indicators["ผู้แทนครัวเรือนเป้าหมาย"].pk: 20 * VILLAGES[code],
               indicators["ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ"].pk: promoted[code],
               indicators["ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น"].pk: "85"}
        for code in DISTRICTS})
    services.district_targets_save(user=user, programme=groups, rows={
        code: {"units": GROUPS[code], "budget": GROUPS[code] * 600,
               indicators["กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน"].pk: GROUPS[code]}
        for code in DISTRICTS})
    return plan, village, groups, indicators
