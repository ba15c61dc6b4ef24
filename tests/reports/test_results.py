"""The provincial results (reports/selectors/results.py) on a small world built by hand: every figure exactly
per district and in total, the plan against them, the scope, and a fixed number of aggregate queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import GrantRequest, Payment, Refund, Status
from groups.models import Group, LedgerEntry
from registry.models import Household, Person, Village
from registry.models.experts import Expert
from reports.models import (
    Answer,
    Assessment,
    Level,
    Plan,
    Round,
    TargetList,
    TargetVillage,
)
from reports.selectors import results as r
from reports.selectors.results import Mark, Scope
from tests.factories import district_office, tao_office
from tests.reports import helpers
from tests.reports.results_world import DAY, YEAR, Builder, _plan
from training.models import Certificate, Enrollment, FollowUp, Step, Training, TrainingInstructor

pytestmark = pytest.mark.django_db


def _scope(user, **kwargs):
    return Scope(user=user, fiscal_year=YEAR, **kwargs)


def _check(figure, by_area, total):
    assert {area: value for area, value in figure.by_area.items() if value} == by_area
    assert figure.total == total


def test_every_figure_per_district_and_in_total(world, small):
    got = r.results(_scope(world.province_a))
    _check(got.target_villages_done, {"4601": 1, "4602": 2}, 3)
    _check(got.experts_taught, {"4601": 2, "4602": 2}, 3)  # e1 taught in both districts: once in the total
    _check(got.households_trained, {"4601": 4, "4602": 3}, 7)
    _check(got.households_promoted, {"4601": 2, "4602": 3}, 5)
    _check(got.households_higher_income, {"4601": 1, "4602": 2}, 3)
    assert got.higher_income_share("4601") == Decimal("50.00")
    assert got.higher_income_share("4602") == Decimal("66.67")
    assert got.higher_income_share() == Decimal("60.00")
    assert {area: rise.percent for area, rise in got.rise_by_area.items()} == {
        "4601": Decimal("16.67"),
        "4602": Decimal("10.33"),
    }
    assert (got.rise.count, got.rise.before, got.rise.after, got.rise.percent, got.rise.reached) == (
        5,
        Decimal(6000),
        Decimal(6810),
        Decimal("13.50"),
        True,
    )
    _check(got.groups_formed, {"4601": 3, "4602": 1}, 4)
    _check(got.groups_registered, {"4601": 2, "4602": 1}, 3)
    _check(got.grants.approved, {"4601": 3, "4602": 1}, 4)
    _check(got.grants.approved_baht, {"4601": Decimal(18000), "4602": Decimal(8000)}, Decimal(26000))
    _check(got.grants.paid, {"4601": 2, "4602": 1}, 3)
    _check(got.grants.paid_baht, {"4601": Decimal(13000), "4602": Decimal(8000)}, Decimal(21000))
    _check(got.grants.refunded_baht, {"4601": Decimal(1500)}, Decimal(1500))
    assert got.sufficiency.by_area == {
        "4601": {(1, Level.SUFFICIENT): 1, (2, Level.WELL): 1, (1, Level.NONE): 1},
        "4602": {(1, Level.SUFFICIENT): 1, (2, Level.PROSPEROUS): 1, (2, Level.WELL): 1},
    }
    assert got.sufficiency.total == {
        (1, Level.SUFFICIENT): 2,
        (1, Level.NONE): 1,
        (2, Level.WELL): 2,
        (2, Level.PROSPEROUS): 1,
    }
    _check(got.tao.trainings, {"4601": 1}, 1)
    _check(got.tao.certificates, {"4601": 1}, 1)
    _check(got.tao.groups_supported, {"4601": 1, "4602": 1}, 2)
    _check(got.tao.grants.approved, {"4601": 2, "4602": 1}, 3)
    _check(got.tao.grants.approved_baht, {"4601": Decimal(15000), "4602": Decimal(8000)}, Decimal(23000))
    _check(got.tao.grants.paid_baht, {"4601": Decimal(10000), "4602": Decimal(8000)}, Decimal(18000))


def test_income_rise_per_village_and_the_3_percent_mark(world, small):
    v1, _, _, v4, v5 = small["villages"]
    by_village, total = r.income_rise(_scope(world.province_a, level="village"))
    assert {area: (rise.percent, rise.reached) for area, rise in by_village.items()} == {
        v1.pk: (Decimal("16.67"), True),
        v4.pk: (Decimal("15.00"), True),
        v5.pk: (Decimal("1.00"), False),
    }
    assert total.percent == Decimal("13.50")


def test_sub_district_level_and_area_filters(world, small):
    scope = _scope(world.province_a, level="sub_district", district="4602")
    _check(r.households_promoted(scope), {"460201": 3}, 3)
    _check(
        r.target_villages_done(_scope(world.province_a, level="village", village=small["villages"][0].pk)),
        {small["villages"][0].pk: 1},
        1,
    )


def test_budget_planned_approved_spent(world, small):
    got = r.budget(_scope(world.province_a), small["plan"])
    planned = {
        code: Decimal(helpers.VILLAGES[code] * 24000 + helpers.GROUPS[code] * 600)
        for code in helpers.DISTRICTS
    }
    _check(got.planned, planned, sum(planned.values()))
    _check(got.approved, {"4601": Decimal(33000), "4602": Decimal(15000)}, Decimal(48000))
    _check(got.spent, {"4601": Decimal(21000), "4602": Decimal(15000)}, Decimal(36000))


def test_plan_against_results_with_marks(world, small):
    indicators = small["indicators"]
    untracked = indicators["ปราชญ์ชุมชนด้านอาชีพ"]
    untracked.measure = None
    untracked.save()
    # 1 February 2022: 5 of the programme's 9 months (October to June) have begun
    progress = {
        p.indicator.name: p
        for p in r.plan_progress(
            plan=small["plan"], scope=_scope(world.province_a), today=datetime.date(2022, 2, 1)
        )
    }
    promoted = progress["ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ"]
    assert promoted.expected_pct == Decimal("55.56")
    assert (promoted.total.target, promoted.total.result, promoted.total.mark) == (
        Decimal(992),
        5,
        Mark.BEHIND,
    )
    rows = {row.area: (row.target, row.result, row.mark) for row in promoted.rows}
    assert rows == {
        "4601": (Decimal(480), 2, Mark.BEHIND),
        "4602": (Decimal(320), 3, Mark.BEHIND),
        "4603": (Decimal(192), 0, Mark.BEHIND),
    }
    share = progress["ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น"]
    assert (share.total.result, share.total.mark) == (Decimal("60.00"), Mark.BEHIND)
    groups = progress["กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน"]
    rows = {row.area: (row.target, row.result, row.reached_pct, row.mark) for row in groups.rows}
    # 4601: 3 groups of 3 (reached); 4602: 1 of 2 is behind 55.56 % of the period; 4603: none
    assert rows == {
        "4601": (Decimal(3), 3, Decimal("100.00"), Mark.REACHED),
        "4602": (Decimal(2), 1, Decimal("50.00"), Mark.BEHIND),
        "4603": (Decimal(1), 0, Decimal("0.00"), Mark.BEHIND),
    }
    later = {
        p.indicator.name: p
        for p in r.plan_progress(
            plan=small["plan"], scope=_scope(world.province_a), today=datetime.date(2021, 11, 15)
        )
    }
    # 15 November 2021: 2 of 9 months begun, 1 of 2 groups is on track
    row_4602 = next(row for row in later["กลุ่มอาชีพที่เกิดจากแนวทางการสร้างสัมมาชีพชุมชน"].rows if row.area == "4602")
    assert row_4602.mark == Mark.ON_TRACK
    experts = progress["ปราชญ์ชุมชนด้านอาชีพ"]
    assert (experts.total.target, experts.total.result, experts.total.mark) == (
        Decimal(310),
        None,
        Mark.NO_MEASURE,
    )
    village_level = r.plan_progress(
        plan=small["plan"], scope=_scope(world.province_a, level="village"), today=datetime.date(2022, 2, 1)
    )
    assert {row.mark for p in village_level for row in p.rows} <= {Mark.NO_TARGET, Mark.NO_MEASURE}


def test_a_district_officer_compares_with_their_district_targets(world, small):
    progress = {
        p.indicator.name: p
        for p in r.plan_progress(
            plan=small["plan"], scope=_scope(world.district_a), today=datetime.date(2022, 2, 1)
        )
    }
    promoted = progress["ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ"]
    assert [(row.area, row.target, row.result) for row in promoted.rows] == [("4601", Decimal(480), 2)]
    assert (promoted.total.target, promoted.total.result) == (Decimal(480), 2)
    assert progress["ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น"].total.target == Decimal(85)
    # a TAO's staff see their area's results, below the district targets
    tao = r.plan_progress(plan=small["plan"], scope=_scope(world.tao_a), today=datetime.date(2022, 2, 1))
    assert {(p.total.target, p.total.mark) for p in tao} <= {
        (None, Mark.NO_TARGET),
        (Decimal(310), Mark.NO_MEASURE),
    }
    assert [p.total.result for p in tao if p.indicator.name == "ประชาชนเป้าหมายได้รับการส่งเสริมอาชีพ"] == [2]


def test_measure_must_be_of_the_indicator_kind(world, small):
    from django.core.exceptions import ValidationError

    from reports.models import Measure

    indicator = small["indicators"]["ปราชญ์ชุมชนด้านอาชีพ"]
    indicator.measure = Measure.HIGHER_INCOME_SHARE
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert "measure" in refused.value.message_dict


def test_district_officer_gets_only_their_district(world, small):
    got = r.results(_scope(world.district_a))
    _check(got.households_promoted, {"4601": 2}, 2)
    _check(got.grants.approved, {"4601": 3}, 3)
    assert set(got.sufficiency.by_area) == {"4601"}
    # an area filter never widens the scope
    _check(r.households_promoted(_scope(world.district_a, district="4602")), {}, 0)


def test_another_province_sees_nothing_of_kalasin(world, small, admin):
    got = r.results(_scope(world.province_b, province="46"))
    for figure in (
        got.target_villages_done,
        got.households_trained,
        got.groups_formed,
        got.grants.approved,
        got.tao.trainings,
    ):
        _check(figure, {}, 0)
    own = r.results(_scope(world.province_b))
    _check(own.tao.trainings, {"5001": 1}, 1)
    _check(own.grants.approved_baht, {"5001": Decimal(7000)}, Decimal(7000))
    country = r.results(_scope(admin))
    _check(country.tao.trainings, {"4601": 1, "5001": 1}, 2)


def _districts(admin, count):
    """`count` districts of Kalasin, each with a target village, a finished training with trainees,
    follow-ups, a group, a grant and an assessment."""
    plan, _ = _plan(admin)
    b = Builder(admin, plan)
    for n in range(1, count + 1):
        sub = helpers.areas.sub_district(f"460{n}01")
        office = tao_office(sub.code)
        village = b.village(sub, 1)
        training = b.training(
            district_office(sub.district_id),
            village,
            Step.FOLLOW_UP,
            experts=[b.expert(village)],
            approved=1000,
            spent=900,
        )
        for _ in range(3):
            b.trainee(training, b.household(village), follow_ups=[(3, True, True, 1000, 1200)])
        group = b.group(office, village, formed_from=training, registered=True)
        b.grant(office, group, Status.CLOSED, approved=5000, paid=5000, refunded=100)
        b.assessment(village, Round.BEFORE, passed=12)
    return plan


def _queries(user, plan, *, with_plan=True):
    scope = _scope(user, province="46")
    with CaptureQueriesContext(connection) as queries:
        got = r.results(scope)
        r.budget(scope, plan)
        if with_plan:
            r.plan_progress(plan=plan, scope=scope, today=DAY, figures=got)
    return got, [q["sql"] for q in queries.captured_queries]


def test_query_count_is_the_same_for_2_and_5_districts(world, admin):
    plan = _districts(admin, 2)
    got, two = _queries(world.province_a, plan)
    assert got.households_promoted.total == 6
    for model in (
        Answer,
        Assessment,
        Payment,
        Refund,
        GrantRequest,
        LedgerEntry,
        Group,
        FollowUp,
        Certificate,
        Enrollment,
        TrainingInstructor,
        Training,
        Expert,
        Person,
        Household,
        TargetVillage,
        TargetList,
        Village,
    ):
        model.objects.all().delete()
    Plan.objects.all().delete()
    plan = _districts(admin, 5)
    got, five = _queries(world.province_a, plan)
    assert got.households_promoted.total == 15
    assert len(got.households_promoted.by_area) == 5
    assert len(two) == len(five) == 22, len(two)


def test_every_figure_is_an_aggregate_of_the_database(world, admin):
    """Each query of the results counts or sums in the database (a figure worked out in Python over fetched
    rows would add a query without an aggregate, or grow with the rows)."""
    plan = _districts(admin, 3)
    _, reads = _queries(world.province_a, plan, with_plan=False)
    assert len(reads) > 15
    # the village trainings' keys, read once (a fixed query)
    keys = 'SELECT "training_training"."id" AS "pk" FROM'
    assert sum(q.startswith(keys) for q in reads) == 1
    reads = [q for q in reads if not q.startswith(keys)]
    assert all(("COUNT(" in q or "SUM(" in q) for q in reads), [
        q for q in reads if "COUNT(" not in q and "SUM(" not in q
    ]
