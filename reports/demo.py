"""Demo plans and sufficiency-village assessments (seed_demo),
entered through the services as the officers would.

- Kalasin's plan of last fiscal year (published), and this fiscal year's plan copied from it, adjusted and
  published: the guideline's two programmes (the village-level สัมมาชีพชุมชน activity and the occupation groups)
  with their indicators and per-unit figures (5 experts and 20 households per village, 24,000 baht per
  village, 600 baht per group), split between the demo's two districts and scaled to their villages, with the
  plan's exclusions (สัมมาชีพชุมชน 2560–2562, ความมั่นคงด้านอาชีพฯ 2563–2564, the same year's sufficiency villages).
- Earlier years' target villages as the province's imported lists would give them, and this year's approved
  target villages of both districts, proposed by their district officers (one with households borrowed from
  last year's target village next to it) and approved by the provincial officer.
- Sufficiency-village assessments of this fiscal year in อำเภอเมืองกาฬสินธุ์ (cd_mueang's district), each round 1
  with its village-development plan: both rounds in three of the year's programme villages, round 2 after the
  village training the district office held there (the one-day training by the village's team of 5 for its
  target households, entered through the training app's service), and round 1 only in two other villages.

Dates are counted inside the current fiscal year up to today, so the data hold whenever the demo is built."""

import datetime
from decimal import Decimal
from importlib import import_module

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kit import thai
from registry.models import InstructorTeam, Occupation, Province, TargetHousehold, User, Village
from reports.models import (
    Assessment,
    CriteriaVersion,
    Exclusion,
    FundedSource,
    FundedVillage,
    Indicator,
    IndicatorKind,
    ListStatus,
    Measure,
    Plan,
    Programme,
    Project,
)
from reports.selectors.targets import Pick
from reports.services import assessments as assessment_services
from reports.services import plans as plan_services
from reports.services import targets as target_services
from reports.services.assessments import AnswerInput

# The plan's per-unit figures.
EXPERTS_PER_VILLAGE, HOUSEHOLDS_PER_VILLAGE, PROMOTED_PER_VILLAGE = (
    5,
    20,
    16,
)  # 992 promoted of 62 × 20 households
VILLAGE_BUDGET, GROUP_BUDGET, SKILL_SHARE = Decimal(24000), Decimal(600), Decimal(85)

# Target villages and groups per district, scaled to the demo's villages (4601 has 18, 4607 has 11).
THIS_YEAR = {"4601": (6, 2), "4607": (4, 1)}
LAST_YEAR = {"4601": (5, 1), "4607": (3, 1)}

INDICATORS = [
    # programme number, indicator number, name, kind, per village, live measure (reports/selectors/results.py)
    (1, 1, "ปราชญ์ชุมชนด้านอาชีพ", IndicatorKind.COUNT, EXPERTS_PER_VILLAGE, Measure.EXPERTS_TAUGHT),
    (1, 2, "ผู้แทนครัวเรือนเป้าหมาย", IndicatorKind.COUNT, HOUSEHOLDS_PER_VILLAGE, Measure.HOUSEHOLDS_TRAINED),
    (
        1,
        3,
        "ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ",
        IndicatorKind.COUNT,
        PROMOTED_PER_VILLAGE,
        Measure.HOUSEHOLDS_PROMOTED,
    ),
    (
        1,
        4,
        "ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น",
        IndicatorKind.PERCENT,
        None,
        Measure.HIGHER_INCOME_SHARE,
    ),
    (2, 1, "กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน", IndicatorKind.COUNT, None, Measure.GROUPS_FORMED),
]

# The excluded projects (shipped by migration 0004) and the plan's exclusions: (project, from, to,
# same fiscal year).
SAMMACHIP = "โครงการสร้างสัมมาชีพชุมชนตามหลักปรัชญาของเศรษฐกิจพอเพียง"
SECURITY = "โครงการสร้างความมั่นคงด้านอาชีพและรายได้ ตามหลักปรัชญาของเศรษฐกิจพอเพียง"
SUFFICIENCY = "โครงการพัฒนาหมู่บ้านเศรษฐกิจพอเพียง"
EXCLUSIONS = [(SAMMACHIP, 2560, 2562, False), (SECURITY, 2563, 2564, False), (SUFFICIENCY, None, None, True)]
# Earlier years' target villages, as the province's lists would be imported: (sub-district, village, project,
# year counted back from the current one, or a fixed year). ลำปาว หมู่ 1–2 were last year's; หมู่ 6 and หัวงัว หมู่ 4
# fall under the exclusions, so proposing them is refused with the reason.
EARLIER = [
    ("460105", 1, SAMMACHIP, -1),
    ("460105", 2, SAMMACHIP, -1),
    ("460105", 6, SAMMACHIP, 2561),
    ("460702", 4, SECURITY, 2564),
]
# This year's target villages per district officer: (sub-district, village,
# borrowed from village number, how many).
TARGETS = {
    "cd_mueang": [("460105", 3, None, 0), ("460105", 4, None, 0), ("460105", 5, 1, 4)],
    "cd_yangtalat": [("460702", 1, None, 0), ("460702", 2, None, 0), ("460702", 3, None, 0)],
}
BORROWED_NOTE = "ครัวเรือนสัมมาชีพชุมชนของหมู่ 1 (ปีที่แล้ว) ที่อยู่ติดกัน ร่วมฝึกเพื่อให้ครบ 20 ครัวเรือน"

COMMITTEE = "นายบุญมา ศรีบุญเรือง (ผู้ใหญ่บ้าน)\nนางคำปุน ภูมิสะอาด (ผู้ช่วยผู้ใหญ่บ้าน)\nนายสมพงษ์ ไชยคำ (กรรมการหมู่บ้าน)"

# (sub-district, village number, indicators passed in round 1, in round 2 or None: round 1 only). The villages
# with both rounds are the current year's programme villages of ลำปาว (registry/demo_programme.py: a team of 5
# and the target households chosen at the village forum),
# where the village training is held between the rounds.
ASSESSED = [
    ("460105", 3, 12, 18),
    ("460105", 4, 9, 14),
    ("460105", 5, 15, 23),
    ("460105", 1, 11, None),
    ("460119", 3, 8, None),
]


@transaction.atomic
def seed(log=print):
    kalasin = Province.objects.get(code="46")
    year = thai.fiscal_year_now()
    if Plan.objects.filter(province=kalasin, fiscal_year=year).exists():
        log("reports: demo plans and assessments already there")
        return
    officer = User.objects.get(username="pcd_kalasin")
    last = _plan(officer, kalasin, year - 1)
    _earlier_targets(year)
    plan = plan_services.plan_copy(user=officer, source=last, fiscal_year=year)
    _figures(officer, plan, THIS_YEAR)
    plan_services.plan_publish(user=officer, plan=plan)
    chosen = _target_villages(officer, plan.programmes.get(number=1))
    assessed = _assessments(year)
    log(
        f"reports: plans of fiscal years {year - 1} and {year} (published), "
        f"{chosen} approved target villages, {assessed} sufficiency-village assessments"
    )


def _plan(officer, province, year) -> Plan:
    plan = plan_services.plan_create(user=officer, province=province, fiscal_year=year)
    plan_services.programme_save(
        user=officer,
        programme=Programme(
            plan=plan,
            number=1,
            name="โครงการสร้างสัมมาชีพชุมชนในระดับหมู่บ้าน",
            objective="เพื่อส่งเสริมให้ประชาชนมีความรู้และได้รับการพัฒนาทักษะด้านอาชีพ สามารถนำไปประกอบอาชีพสร้างรายได้",
            organising_level="สำนักงานพัฒนาชุมชนอำเภอ",
            start_month=10,
            end_month=6,
            unit_label="หมู่บ้าน",
            project=Project.objects.get_or_create(name=SAMMACHIP)[0],
        ),
    )
    plan_services.programme_save(
        user=officer,
        programme=Programme(
            plan=plan,
            number=2,
            name="จัดตั้งและพัฒนากลุ่มอาชีพ",
            objective="เพื่อรวมครัวเรือนที่ผ่านการฝึกอาชีพเป็นกลุ่มอาชีพ และพัฒนากลุ่มให้เข้มแข็ง",
            organising_level="สำนักงานพัฒนาชุมชนอำเภอ",
            start_month=10,
            end_month=6,
            unit_label="กลุ่ม",
        ),
    )
    programmes = {p.number: p for p in plan.programmes.all()}
    for programme, number, name, kind, per_unit, measure in INDICATORS:
        percent = kind == IndicatorKind.PERCENT
        plan_services.indicator_save(
            user=officer,
            indicator=Indicator(
                programme=programmes[programme],
                number=number,
                name=name,
                kind=kind,
                unit_label="" if percent else ("กลุ่ม" if programme == 2 else "คน/ครัวเรือน"),
                per_unit=None if per_unit is None else Decimal(per_unit),
                stated_target=Decimal(0),
                numerator="ครัวเรือนที่ติดตามแล้วประกอบอาชีพตามที่ฝึกและมีรายได้เพิ่มขึ้น" if percent else "",
                denominator="ครัวเรือนเป้าหมายที่ได้รับการส่งเสริมอาชีพ" if percent else "",
                measure=measure,
            ),
        )
    for name, start, end, same_year in EXCLUSIONS:
        target_services.exclusion_add(
            user=officer,
            exclusion=Exclusion(
                programme=programmes[1],
                project=Project.objects.get_or_create(name=name)[0],
                from_year=start,
                to_year=end,
                same_year=same_year,
            ),
        )
    _figures(officer, plan, LAST_YEAR)
    plan_services.plan_publish(user=officer, plan=plan)
    return plan


def _earlier_targets(year):
    """The province's lists of earlier years' target villages, as its import would record them."""
    for sub_district, number, name, when in EARLIER:
        FundedVillage.objects.get_or_create(
            project=Project.objects.get_or_create(name=name)[0],
            fiscal_year=year + when if when < 0 else when,
            village=Village.objects.get(sub_district_id=sub_district, number=number),
            defaults={"source": FundedSource.IMPORTED},
        )


def _target_villages(province_officer, programme) -> int:
    """Each district officer proposes the district's villages (ลำปาว หมู่ 5 with households borrowed from หมู่ 1)
    and submits; the provincial officer approves both lists."""
    chosen = 0
    for username, rows in TARGETS.items():
        officer = User.objects.get(username=username)
        picks = []
        for sub_district, number, lender, borrowed in rows:
            village = Village.objects.get(sub_district_id=sub_district, number=number)
            picks.append(
                Pick(
                    village=village,
                    borrowed_households=borrowed,
                    note=BORROWED_NOTE if lender else "",
                    borrowed_from=Village.objects.get(sub_district_id=sub_district, number=lender)
                    if lender
                    else None,
                )
            )
        rows = target_services.target_villages_add(
            user=officer, programme=programme, district=officer.office.district, picks=picks
        )
        target_list = rows[0].target_list
        target_services.target_list_move(user=officer, target_list=target_list, to=ListStatus.SUBMITTED)
        target_services.target_list_move(
            user=province_officer, target_list=target_list, to=ListStatus.APPROVED
        )
        chosen += len(rows)
    return chosen


def _figures(officer, plan, split):
    """The stated totals and the district rows of both programmes, from villages and groups per district (a
    draft: no reason to give)."""
    villages = sum(v for v, _g in split.values())
    groups = sum(g for _v, g in split.values())
    village_programme, group_programme = plan.programmes.get(number=1), plan.programmes.get(number=2)
    for programme, units, unit_budget in (
        (village_programme, villages, VILLAGE_BUDGET),
        (group_programme, groups, GROUP_BUDGET),
    ):
        programme.stated_units, programme.unit_budget = units, unit_budget
        programme.stated_total = unit_budget * units
        plan_services.programme_save(user=officer, programme=programme)
    totals = {
        1: villages * EXPERTS_PER_VILLAGE,
        2: villages * HOUSEHOLDS_PER_VILLAGE,
        3: villages * PROMOTED_PER_VILLAGE,
        4: SKILL_SHARE,
    }
    indicators = {i.number: i for i in village_programme.indicators.all()}
    for number, target in totals.items():
        indicators[number].stated_target = Decimal(target)
        plan_services.indicator_save(user=officer, indicator=indicators[number])
    plan_services.district_targets_save(
        user=officer,
        programme=village_programme,
        rows={
            code: {
                "units": v,
                "budget": VILLAGE_BUDGET * v,
                indicators[1].pk: EXPERTS_PER_VILLAGE * v,
                indicators[2].pk: HOUSEHOLDS_PER_VILLAGE * v,
                indicators[3].pk: PROMOTED_PER_VILLAGE * v,
                indicators[4].pk: SKILL_SHARE,
            }
            for code, (v, _g) in split.items()
        },
    )
    formed = group_programme.indicators.get()
    formed.stated_target = Decimal(groups)
    plan_services.indicator_save(user=officer, indicator=formed)
    plan_services.district_targets_save(
        user=officer,
        programme=group_programme,
        rows={
            code: {"units": g, "budget": GROUP_BUDGET * g, formed.pk: g} for code, (_v, g) in split.items()
        },
    )


def _day(start, span, share):
    return start + datetime.timedelta(days=span * share // 4)


def _assessments(year) -> int:
    """After the village forum: round 1, the village training (the training app's own service, run by the
    district office in its approved target village, with the village's instructor team and target households),
    then round 2; every date by today."""
    from training import services as training_services

    officer = User.objects.get(username="cd_mueang")
    criteria = CriteriaVersion.for_year(year) or _shipped_criteria()
    today = timezone.localdate()
    indicators = list(criteria.indicators.order_by("-core", "number"))
    occupation = Occupation.objects.filter(name="ทำน้ำพริก").first()
    for sub_district, number, before, after in ASSESSED:
        village = Village.objects.get(sub_district_id=sub_district, number=number)
        start = (
            TargetHousehold.objects.filter(village=village, fiscal_year=year).aggregate(Max("forum_date"))[
                "forum_date__max"
            ]
            or thai.fiscal_year_bounds(year)[0]
        )
        span = (today - start).days
        first = assessment_services.assessment_record(
            user=officer,
            village=village,
            fiscal_year=year,
            round_number=1,
            assessed_on=_day(start, span, 1),
            committee=COMMITTEE,
            answers=_answers(indicators, before),
        )
        not_passed = indicators[before:]
        for indicator, activity in zip(
            not_passed[:2],
            ("อบรมและติดตามการจัดทำบัญชีครัวเรือนทุกครัวเรือน", "จัดเวทีประชาคมทบทวนแผนชุมชนและกฎกติกาหมู่บ้าน"),
            strict=False,
        ):
            assessment_services.plan_item_add(
                user=officer,
                assessment=first,
                activity=activity,
                indicator=indicator,
                responsible="คณะกรรมการหมู่บ้าน",
                due_on=_day(start, span, 3),
            )
        if after is None:
            continue
        training_services.village_training_create(
            user=officer,
            team=InstructorTeam.objects.get(village=village, fiscal_year=year),
            topic="การทำน้ำพริกสมุนไพรบรรจุขวด (สัมมาชีพชุมชน)",
            occupation=occupation,
            date=_day(start, span, 2),
            hours=Decimal(6),
            venue="ศาลาประชาคมหมู่บ้าน",
        )
        assessment_services.assessment_record(
            user=officer,
            village=village,
            fiscal_year=year,
            round_number=2,
            assessed_on=_day(start, span, 3),
            committee=COMMITTEE,
            answers=_answers(indicators, after),
        )
    return Assessment.objects.filter(fiscal_year=year, province_id="46").count()


def _shipped_criteria():
    """Version 1 as its data migration ships it (a database flushed after migrating, as the browser tests' is,
    has lost those rows)."""
    from django.apps import apps

    import_module("reports.migrations.0003_sufficiency_criteria").create_version_1(apps, None)
    return CriteriaVersion.objects.get(number=1)


def _answers(indicators, passed: int) -> list[AnswerInput]:
    """`passed` indicators passed, core ones first (so 10 or more passes every core indicator)."""
    chosen = {i.pk for i in indicators[:passed]}
    return [
        AnswerInput(
            indicator_id=i.pk, passed=i.pk in chosen, note="" if i.pk in chosen else "ยังไม่ผ่าน: ต้องส่งเสริมต่อ"
        )
        for i in sorted(indicators, key=lambda i: i.number)
    ]
