"""National-scale plans and target villages, written by `manage.py generate_national` through kit.bulkload,
as reports/services would leave them:

- `pick_targets` chooses each district's target villages first (the training generator holds a village
  training in each), about one village in ten;
- `generate` writes, for every province, the fiscal year's plan, published (a PlanMove from draft), with two
  programmes: the village programme (unit: village, its project the สัมมาชีพชุมชน project of the target villages)
  and group formation (unit: group); each split over all the province's districts (DistrictAllocation), with
  indicators measured live (`Indicator.measure`, a count or the percentage) and their targets per district
  (DistrictTarget) adding up to the province's stated target;
- each district with target villages has its list approved (draft → submitted by the district officer →
  approved by the provincial officer, TargetListMove rows), its villages recorded as funded by the
  project that year;
- `assessments`: each target village's sufficiency assessment, round 1 before its village training and round 2
  after it (for a training past step 6, on a date inside the fiscal year and not in the future), by the
  district's community developer, with an answer for every indicator of the criteria in force
  (reports/services/assessments.py checks the same); more indicators pass in round 2.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from kit import thai
from reports.models import (
    Answer,
    Assessment,
    CriteriaVersion,
    DistrictAllocation,
    DistrictTarget,
    Indicator,
    IndicatorKind,
    ListStatus,
    Measure,
    Plan,
    PlanStatus,
    Programme,
    Project,
    TargetList,
    TargetVillage,
)
from reports.models.plans import PlanMove
from reports.models.targets import FundedSource, FundedVillage, TargetListMove

TARGET_SHARE = 0.1
VILLAGE_BUDGET = Decimal(30_000)
GROUP_BUDGET = Decimal(50_000)
# (measure, kind, name, unit, target per unit of the programme; a percentage: the target itself)
VILLAGE_INDICATORS = [
    (Measure.TARGET_VILLAGES_DONE, IndicatorKind.COUNT, "หมู่บ้านเป้าหมายดำเนินการแล้วเสร็จ", "หมู่บ้าน", 1),
    (Measure.EXPERTS_TAUGHT, IndicatorKind.COUNT, "ปราชญ์ชาวบ้านเป็นวิทยากร", "คน", 2),
    (Measure.HOUSEHOLDS_TRAINED, IndicatorKind.COUNT, "ครัวเรือนเป้าหมายได้รับการอบรม", "ครัวเรือน", 15),
    (Measure.HOUSEHOLDS_PROMOTED, IndicatorKind.COUNT, "ครัวเรือนสัมมาชีพชุมชน", "ครัวเรือน", 12),
    (Measure.HIGHER_INCOME_SHARE, IndicatorKind.PERCENT, "ร้อยละของครัวเรือนที่นำความรู้ไปใช้และมีรายได้เพิ่มขึ้น", "", 60),
]
GROUP_INDICATORS = [
    (Measure.GROUPS_FORMED, IndicatorKind.COUNT, "กลุ่มอาชีพที่จัดตั้งจากการอบรม", "กลุ่ม", 1),
    (Measure.GROUPS_REGISTERED, IndicatorKind.COUNT, "กลุ่มที่จดทะเบียนกับอำเภอ", "กลุ่ม", 1),
    (Measure.GRANTS_APPROVED, IndicatorKind.COUNT, "คำร้องขอรับการสนับสนุนที่อนุมัติ", "คำร้อง", 2),
    (Measure.GRANTS_PAID, IndicatorKind.COUNT, "คำร้องที่เบิกจ่ายแล้ว", "คำร้อง", 2),
]


def pick_targets(rnd, villages: list) -> dict:
    """{district: [village]}: about one village in ten, chosen at random, at least one."""
    picked = rnd.sample(villages, max(1, round(len(villages) * TARGET_SHARE)))
    targets = defaultdict(list)
    for village in sorted(picked, key=lambda v: v.id):
        targets[village.district].append(village)
    return dict(targets)


def generate(writer, register, *, year: int, districts: list, targets: dict):
    """Plans of `year` for every province (districts: [(code, province)])."""
    project = Project.objects.order_by("pk").values_list("pk", flat=True).first()
    by_province = defaultdict(list)
    for code, province in districts:
        by_province[province].append(code)
    provinces = sorted(by_province)
    plan_ids = writer.ids(Plan, len(provinces))
    programme_ids = iter(writer.ids(Programme, 2 * len(provinces)))
    indicator_ids = iter(
        writer.ids(Indicator, (len(VILLAGE_INDICATORS) + len(GROUP_INDICATORS)) * len(provinces))
    )
    published = datetime.datetime(year - 543 - 1, 10, 15, 10, tzinfo=datetime.UTC)
    plans, moves, programmes, indicators, allocations, district_targets = [], [], [], [], [], []
    for plan_id, province in zip(plan_ids, provinces, strict=True):
        officer = register.province_officer[province]
        plans.append((plan_id, province, year, PlanStatus.PUBLISHED))
        moves.append((plan_id, PlanStatus.DRAFT, PlanStatus.PUBLISHED, officer, published))
        units = {district: len(targets.get(district, [])) for district in by_province[province]}
        group_units = {district: (count + 1) // 2 for district, count in units.items()}
        for number, (name, unit_label, budget, per_district, specs, project_id) in enumerate(
            (
                ("หมู่บ้านสัมมาชีพชุมชน", "หมู่บ้าน", VILLAGE_BUDGET, units, VILLAGE_INDICATORS, project),
                ("ส่งเสริมกลุ่มอาชีพ", "กลุ่ม", GROUP_BUDGET, group_units, GROUP_INDICATORS, None),
            ),
            start=1,
        ):
            programme_id = next(programme_ids)
            total_units = sum(per_district.values())
            programmes.append(
                (
                    programme_id,
                    plan_id,
                    number,
                    name,
                    unit_label,
                    total_units,
                    budget,
                    budget * total_units,
                    project_id,
                )
            )
            allocations.extend(
                (programme_id, district, count, budget * count) for district, count in per_district.items()
            )
            for indicator_number, (measure, kind, indicator_name, counted_in, per_unit) in enumerate(
                specs, start=1
            ):
                indicator_id = next(indicator_ids)
                percent = kind == IndicatorKind.PERCENT
                stated = Decimal(per_unit) if percent else Decimal(per_unit * total_units)
                indicators.append(
                    (
                        indicator_id,
                        programme_id,
                        indicator_number,
                        indicator_name,
                        kind,
                        counted_in,
                        "ครัวเรือนที่นำความรู้ไปใช้และมีรายได้เพิ่มขึ้น" if percent else "",
                        "ครัวเรือนสัมมาชีพชุมชน" if percent else "",
                        None if percent else Decimal(per_unit),
                        stated,
                        measure,
                    )
                )
                district_targets.extend(
                    (indicator_id, district, Decimal(per_unit) if percent else Decimal(per_unit * count))
                    for district, count in per_district.items()
                )
        targets_of_province = [
            (district, targets[district]) for district in by_province[province] if district in targets
        ]
        village_programme = programmes[-2][0]
        list_ids = writer.ids(TargetList, len(targets_of_province))
        for list_id, (district, villages) in zip(list_ids, targets_of_province, strict=True):
            _target_list(
                writer,
                register,
                list_id,
                village_programme,
                district,
                villages,
                project,
                year,
                officer,
                published,
            )
    writer.write(Plan, ["id", "province", "fiscal_year", "status"], plans)
    writer.write(PlanMove, ["plan", "from_state", "to_state", "user", "at"], moves)
    writer.write(
        Programme,
        [
            "id",
            "plan",
            "number",
            "name",
            "unit_label",
            "stated_units",
            "unit_budget",
            "stated_total",
            "project",
        ],
        programmes,
    )
    writer.write(
        Indicator,
        [
            "id",
            "programme",
            "number",
            "name",
            "kind",
            "unit_label",
            "numerator",
            "denominator",
            "per_unit",
            "stated_target",
            "measure",
        ],
        indicators,
    )
    writer.write(DistrictAllocation, ["programme", "district", "units", "budget"], allocations)
    writer.write(DistrictTarget, ["indicator", "district", "value"], district_targets)
    writer.flush_later()
    return len(plans)


def _target_list(
    writer, register, list_id, programme, district, villages, project, year, province_officer, at
):
    officer = register.district_officer[district]
    writer.later(
        TargetList,
        ["id", "programme", "district", "status"],
        [(list_id, programme, district, ListStatus.APPROVED)],
    )
    writer.later(
        TargetListMove,
        ["target_list", "from_state", "to_state", "user", "at"],
        [
            (list_id, ListStatus.DRAFT, ListStatus.SUBMITTED, officer, at + datetime.timedelta(days=5)),
            (
                list_id,
                ListStatus.SUBMITTED,
                ListStatus.APPROVED,
                province_officer,
                at + datetime.timedelta(days=10),
            ),
        ],
    )
    writer.later(
        TargetVillage, ["target_list", "village", "added_by"], [(list_id, v.id, officer) for v in villages]
    )
    writer.later(
        FundedVillage,
        ["project", "fiscal_year", "village", "source"],
        [(project, year, v.id, FundedSource.PRODUCT) for v in villages],
    )


def assessments(writer, register, rnd, *, year: int, today: datetime.date, trainings: list) -> int:
    """Rounds 1 and 2 of the target villages' sufficiency assessment (see the module's docstring)."""
    criteria = CriteriaVersion.for_year(year)
    if criteria is None:
        return 0
    indicators = list(criteria.indicators.order_by("number").values_list("pk", "core"))
    first, last = thai.fiscal_year_bounds(year)
    village_trainings = [
        t
        for t in trainings
        if t.fiscal_year == year and t.office == register.district_office[t.village.district]
    ]
    planned = []
    for t in village_trainings:
        planned.append((t, 1, max(first, t.start - datetime.timedelta(days=rnd.randrange(1, 20)))))
        after = t.end + datetime.timedelta(days=rnd.randrange(1, 30))
        if t.step > 6 and after <= min(last, today):
            planned.append((t, 2, after))
    rows, answers = [], []
    for assessment_id, (t, round_number, day) in zip(
        writer.ids(Assessment, len(planned)), planned, strict=True
    ):
        v = t.village
        officer = register.district_officer[v.district]
        rows.append(
            (
                assessment_id,
                v.id,
                v.sub_district,
                v.district,
                v.province,
                year,
                round_number,
                criteria.pk,
                day,
                officer,
                register.district_office[v.district],
                "ผู้ใหญ่บ้าน\nคณะกรรมการหมู่บ้าน",
            )
        )
        chance = 0.6 if round_number == 1 else 0.8
        answers.extend(
            (assessment_id, indicator, rnd.random() < (0.95 if core else chance))
            for indicator, core in indicators
        )
    writer.write(
        Assessment,
        [
            "id",
            "village",
            "sub_district",
            "district",
            "province",
            "fiscal_year",
            "round",
            "criteria",
            "assessed_on",
            "assessed_by",
            "office",
            "committee",
        ],
        rows,
    )
    writer.write(Answer, ["assessment", "indicator", "passed"], answers)
    return len(rows)
