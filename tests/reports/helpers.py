"""Test data for the reports app: the provincial guideline's plan (Kalasin, fiscal year 2565) entered through
the services, as a provincial officer would; and sufficiency-village assessments with realistic data: a
village of office A (Kalasin) or B (Chiang Mai), and rounds with a chosen number of indicators passed."""

import datetime
import importlib
from decimal import Decimal

from kit import thai
from registry.models import Village
from reports.models import CriteriaVersion, Indicator, IndicatorKind, Measure, Programme
from reports.services import assessments as services
from reports.services import plans as plan_services
from reports.services.assessments import AnswerInput
from tests import areas

# Three of Kalasin's districts carry the guideline's 62 villages and 6 groups here (it gives no split).
DISTRICTS = ("4601", "4602", "4603")
VILLAGES = {"4601": 30, "4602": 20, "4603": 12}
GROUPS = {"4601": 3, "4602": 2, "4603": 1}


def kalasin_plan(user):
    """The provincial guideline's plan (Kalasin, fiscal year 2565) with both programmes, their indicators and
    a district split; returns (plan, village programme, group programme, {name: indicator})."""
    for code in DISTRICTS:
        areas.district(code)
    plan = plan_services.plan_create(user=user, province=areas.province("46"), fiscal_year=2565)
    village = plan_services.programme_save(
        user=user,
        programme=Programme(
            plan=plan,
            number=1,
            name="โครงการสร้างสัมมาชีพชุมชนในระดับหมู่บ้าน",
            objective="เพื่อส่งเสริมให้ประชาชนมีความรู้และได้รับการพัฒนาทักษะด้านอาชีพ",
            organising_level="สำนักงานพัฒนาชุมชนอำเภอ",
            start_month=10,
            end_month=6,
            unit_label="หมู่บ้าน",
            stated_units=62,
            unit_budget=Decimal(24000),
            stated_total=Decimal(480000),
        ),
    )
    groups = plan_services.programme_save(
        user=user,
        programme=Programme(
            plan=plan,
            number=2,
            name="จัดตั้งและพัฒนากลุ่มอาชีพ",
            organising_level="สำนักงานพัฒนาชุมชนอำเภอ",
            start_month=10,
            end_month=6,
            unit_label="กลุ่ม",
            stated_units=6,
            stated_total=Decimal(3600),
        ),
    )
    indicators = {}
    for programme, number, name, kind, per_unit, target, extra in (
        (village, 1, "ปราชญ์ชุมชนด้านอาชีพ", IndicatorKind.COUNT, 5, 310, {"measure": Measure.EXPERTS_TAUGHT}),
        (
            village,
            2,
            "ผู้แทนครัวเรือนเป้าหมาย",
            IndicatorKind.COUNT,
            20,
            1240,
            {"measure": Measure.HOUSEHOLDS_TRAINED},
        ),
        (
            village,
            3,
            "ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ",
            IndicatorKind.COUNT,
            None,
            992,
            {"measure": Measure.HOUSEHOLDS_PROMOTED},
        ),
        (
            village,
            4,
            "ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น",
            IndicatorKind.PERCENT,
            None,
            85,
            {
                "numerator": "ครัวเรือนที่ติดตามแล้วประกอบอาชีพตามที่ฝึกและมีรายได้เพิ่มขึ้น",
                "denominator": "ครัวเรือนเป้าหมายที่ได้รับการส่งเสริมอาชีพ",
                "measure": Measure.HIGHER_INCOME_SHARE,
            },
        ),
        (
            groups,
            1,
            "กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน",
            IndicatorKind.COUNT,
            None,
            6,
            {"measure": Measure.GROUPS_FORMED},
        ),
    ):
        indicators[name] = plan_services.indicator_save(
            user=user,
            indicator=Indicator(
                programme=programme,
                number=number,
                name=name,
                kind=kind,
                unit_label="คน/ครัวเรือน",
                per_unit=None if per_unit is None else Decimal(per_unit),
                stated_target=Decimal(target),
                **extra,
            ),
        )
    promoted = {"4601": 480, "4602": 320, "4603": 192}  # 16 per village: 992
    plan_services.district_targets_save(
        user=user,
        programme=village,
        rows={
            code: {
                "units": VILLAGES[code],
                "budget": VILLAGES[code] * 24000,
                indicators["ปราชญ์ชุมชนด้านอาชีพ"].pk: 5 * VILLAGES[code],
                indicators["ผู้แทนครัวเรือนเป้าหมาย"].pk: 20 * VILLAGES[code],
                indicators["ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ"].pk: promoted[code],
                indicators["ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น"].pk: "85",
            }
            for code in DISTRICTS
        },
    )
    plan_services.district_targets_save(
        user=user,
        programme=groups,
        rows={
            code: {
                "units": GROUPS[code],
                "budget": GROUPS[code] * 600,
                indicators["กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน"].pk: GROUPS[code],
            }
            for code in DISTRICTS
        },
    )
    return plan, village, groups, indicators


# A fiscal year already over, so every date in it is in the past.
YEAR = thai.fiscal_year_now() - 1
FIRST_DAY, LAST_DAY = thai.fiscal_year_bounds(YEAR)
ROUND_1_ON = FIRST_DAY + datetime.timedelta(days=40)  # before the village training
ROUND_2_ON = FIRST_DAY + datetime.timedelta(days=200)  # after it
COMMITTEE = "นายสมชาย ใจดี (ผู้ใหญ่บ้าน)\nนางบุญมี ศรีสุข\nนายทองดี พันธ์ดี"


def criteria() -> CriteriaVersion:
    """Version 1 of the criteria (the data migration; a transactional test flushes it, so put it back)."""
    version = CriteriaVersion.objects.filter(number=1).first()
    if version is None:
        from django.apps import apps

        migration = importlib.import_module("reports.migrations.0003_sufficiency_criteria")
        migration.create_version_1(apps, None)
        version = CriteriaVersion.objects.get(number=1)
    return version


def village(world, side="a", number=11, name=None) -> Village:
    office = world.office_a if side == "a" else world.office_b
    return Village.objects.create(
        sub_district=office.sub_districts.get(),
        number=number,
        name=name or ("บ้านหนองบัว" if side == "a" else "บ้านแม่ริม"),
    )


def answers(version, passed: int, core_failed: int = 0, notes=None) -> list[AnswerInput]:
    """An answer for every indicator: `core_failed` core indicators not passed, and `passed` indicators passed
    in all (core ones first, so that a count of 10 or more passes every core indicator unless told
    otherwise)."""
    indicators = list(version.indicators.order_by("-core", "number"))
    core = [i for i in indicators if i.core]
    failing = {i.pk for i in core[:core_failed]}
    passing = [i for i in indicators if i.pk not in failing][:passed]
    assert len(passing) == passed, "cannot pass that many with those core indicators failing"
    chosen = {i.pk for i in passing}
    notes = notes or {}
    return [
        AnswerInput(indicator_id=i.pk, passed=i.pk in chosen, note=notes.get(i.number, ""))
        for i in sorted(indicators, key=lambda i: i.number)
    ]


def village_training(village, *, ends_on=ROUND_2_ON, starts_on=None):
    """The provincial guideline's one-day village training, held in the village (ending on `ends_on`), as
    the training app stores it; round 2 is assessed after it."""
    from registry.models import Office
    from training.models import Training

    office = Office.objects.filter(sub_districts=village.sub_district_id).order_by("pk").first()
    return Training.objects.create(
        office=office,
        village=village,
        topic="การทำน้ำพริกแปรรูปเพื่อจำหน่าย",
        start_date=starts_on or ends_on,
        end_date=ends_on,
        hours=Decimal(6),
    )


def record(user, village, *, round_number=1, passed=23, core_failed=0, on=None, year=YEAR, version=None):
    """A round recorded by the service; before round 2 the village's training is held (ending on the day of
    round 2) unless the test held one already."""
    version = version or criteria()
    on = on or (ROUND_1_ON if round_number == 1 else ROUND_2_ON)
    from training.models import Training

    if round_number == 2 and not Training.objects.filter(village=village, fiscal_year=year).exists():
        village_training(village, ends_on=on)
    return services.assessment_record(
        user=user,
        village=village,
        fiscal_year=year,
        round_number=round_number,
        assessed_on=on,
        committee=COMMITTEE,
        answers=answers(version, passed, core_failed),
    )


def post_data(version, passed: int, *, on=ROUND_1_ON, committee=COMMITTEE, core_failed=0) -> dict:
    """The record form's POST for a round with `passed` indicators passed."""
    data = {"assessed_on": f"{on.day:02d}/{on.month:02d}/{thai.be_year(on)}", "committee": committee}
    for answer in answers(version, passed, core_failed):
        data[f"answer_{answer.indicator_id}"] = "1" if answer.passed else "0"
        data[f"note_{answer.indicator_id}"] = ""
    return data
