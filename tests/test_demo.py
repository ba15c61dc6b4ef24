"""seed_demo: the demo province it builds, and that running it again changes nothing.

The demo is built once for this module (about half a minute on PostgreSQL), inside a transaction rolled back
after the module's last test; each test reads it inside its own transaction (a savepoint), rolled back too, so
what one test changes (running seed_demo again, next year's programme) no other test sees, and nothing is left
for other modules.
"""

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from registry.models import Office, User, Village
from registry.scoping import Role
from registry.services.areas import areas_load


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """What seed_demo printed on its first run; the demo stays in the database until the module ends."""
    out = io.StringIO()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEBUG=True), translation.override(translation.get_language()):
                areas_load()
                call_command("seed_demo", stdout=out)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield out.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(seeded, db):
    return seeded


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")


def test_seed_demo_builds_kalasin(demo):
    for username in (
        "tao_lampao",
        "fin_lampao",
        "exec_lampao",
        "cd_mueang",
        "cd_yangtalat",
        "pcd_kalasin",
        "admin",
    ):
        assert username in demo
    assert "kalasin2569" in demo
    assert set(User.objects.values_list("role", flat=True)) == set(Role)
    assert User.objects.count() == 9
    assert Office.objects.filter(province_id="46", kind="tao").count() == 3
    assert set(Office.objects.values_list("district_id", flat=True).exclude(district=None)) == {
        "4601",
        "4607",
    }
    assert Village.objects.count() >= 20
    assert not Village.objects.filter(name__startswith="Test").exists()
    tao = User.objects.get(username="tao_lampao")
    assert tao.check_password("kalasin2569") and tao.office.name == "องค์การบริหารส่วนตำบลลำปาว"


def _fingerprint():
    """The row count of every table, and the counts the demo's pages rely on."""
    from grants.models import BudgetLine
    from kit import thai
    from reports.models import FundedVillage, Plan, TargetList

    year = thai.fiscal_year_now()
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    counts.update(
        {
            "BudgetLine of lampao": BudgetLine.objects.filter(office__code="6460105").count(),
            "Plan of Kalasin": Plan.objects.filter(province_id="46").count(),
            "earlier years' funded villages": FundedVillage.objects.filter(fiscal_year__lt=year - 1).count(),
            "TargetList": TargetList.objects.count(),
            "registers": _register_counts(),
        }
    )
    return counts


def test_seed_demo_can_run_again_and_nothing_is_doubled(demo, settings):
    before = _fingerprint()
    settings.DEBUG = True
    call_command("seed_demo", quiet=True)
    after = _fingerprint()
    assert after == before, {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert after["registry.User"] == 9 and after["Plan of Kalasin"] == 2 and after["TargetList"] == 2
    assert after["BudgetLine of lampao"] == 2
    assert after["earlier years' funded villages"] == 2


def test_seed_demo_has_groups_at_every_readiness_level(demo):
    from django.utils import timezone

    from groups.models import Group
    from groups.selectors import Level, with_readiness

    levels = {
        name: Level.of(score)
        for name, score in with_readiness(Group.objects.all(), timezone.localdate()).values_list(
            "name", "readiness_score"
        )
    }
    assert levels["กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์"] == "A"
    assert levels["กลุ่มเพาะเห็ดนางฟ้าบ้านโนนสูง"] == "D"
    assert set(levels.values()) >= {"A", "B", "C", "D"}, levels
    weavers = Group.objects.get(name="กลุ่มทอผ้าไหมลายขิดบ้านดอนสวรรค์")
    assert weavers.years.exists() and weavers.formed_from is not None
    year = weavers.years.get()
    assert sum(d.amount_satang for d in year.dividends.all()) == round(
        Decimal(year.allocation["dividend_pct"]) * 100
    )


def test_seed_demo_has_grant_requests_in_several_states_and_budget_lines(demo):
    from django.utils import timezone

    from grants.models import BudgetLine, GrantRequest, Status
    from grants.selectors import line_money, overdue_q, request_money
    from groups.models import LedgerCategory, LedgerEntry

    lampao = Office.objects.get(code="6460105")
    assert {u.username: u.role for u in User.objects.filter(office=lampao)} == {
        "tao_lampao": Role.TAO_STAFF,
        "fin_lampao": Role.FINANCE,
        "exec_lampao": Role.EXECUTIVE,
    }
    lines = BudgetLine.objects.filter(office=lampao)
    assert lines.count() == 2 and lines.filter(materials_only=True).count() == 1
    assert all(line.plan_code and line.type_code for line in lines)
    assert all(line_money(line).money_available >= 0 for line in lines)
    states = set(GrantRequest.objects.filter(office=lampao).values_list("status", flat=True))
    assert states >= {
        Status.DRAFT,
        Status.SCREENING,
        Status.APPROVAL,
        Status.DISBURSING,
        Status.IN_PROGRESS,
        Status.CLOSED,
    }
    assert GrantRequest.objects.filter(overdue_q(timezone.localdate())).exists()
    closed = GrantRequest.objects.get(office=lampao, status=Status.CLOSED)
    money = request_money(closed)
    assert money.refunded > 0 and money.left == 0 and money.spent + money.refunded == money.paid
    assert LedgerEntry.objects.filter(group=closed.group, category=LedgerCategory.RETURNED).exists()
    assert LedgerEntry.objects.filter(category="grant").count() >= 3  # every payment in a group's books


PROGRAMME = {  # village code: (team size, target households) of the current fiscal year
    "46010503": (5, 21),
    "46010504": (5, 22),
    "46010505": (5, 16),  # too few target households
    "46070201": (5, 20),
    "46070202": (5, 22),
    "46070203": (4, 20),  # a team of only 4
}


def _programme(year):
    from django.db.models import Count

    from registry.models import InstructorTeam, TargetHousehold

    teams = dict(
        InstructorTeam.objects.filter(fiscal_year=year)
        .annotate(n=Count("members"))
        .values_list("village__code", "n")
    )
    targets = dict(
        TargetHousehold.objects.filter(fiscal_year=year)
        .values("village__code")
        .annotate(n=Count("pk"))
        .values_list("village__code", "n")
    )
    return {code: (teams.get(code), targets.get(code)) for code in teams.keys() | targets.keys()}


def _register_counts():
    from registry import models as m

    registers = (
        m.Household,
        m.Person,
        m.PersonOccupation,
        m.WantedOccupation,
        m.Expert,
        m.InstructorTeam,
        m.TeamMember,
        m.TargetHousehold,
    )

    return {model.__name__: model.objects.count() for model in registers}


def test_seed_demo_has_the_current_fiscal_years_village_programme(demo):
    from datetime import timedelta

    from django.utils import timezone

    from kit.thai import fiscal_year_bounds, fiscal_year_now
    from kit.validators import validate_national_id
    from registry.models import Household, Person, TargetHousehold, TeamMember

    year, today = fiscal_year_now(), timezone.localdate()
    assert _programme(year) == PROGRAMME
    assert _programme(2569) == {"46010501": (5, 12), "46010502": (5, 12)}  # the 2569 teams, as before
    forum = min(fiscal_year_bounds(year)[0] + timedelta(weeks=3), today)
    assert set(TargetHousehold.objects.filter(fiscal_year=year).values_list("forum_date", flat=True)) == {
        forum
    }
    for code in PROGRAMME:  # a believable village: more households than the forum chose, all with people
        households = Household.objects.filter(village__code=code)
        assert households.count() >= 32 and not households.filter(head=None).exists()
    members = TeamMember.objects.filter(team__fiscal_year=year).select_related("team", "expert__person")
    assert all(m.expert.active and m.expert.person.village_id == m.team.village_id for m in members)
    assert sorted(members.filter(is_lead=True).values_list("team__village__code", flat=True)) == sorted(
        PROGRAMME
    )
    for national_id in Person.objects.filter(village__code__in=PROGRAMME).values_list(
        "national_id", flat=True
    ):
        validate_national_id(national_id)


def test_demo_programme_next_fiscal_year_adds_a_forum_and_teams_but_no_people(demo):
    from datetime import timedelta

    from kit.thai import fiscal_year_bounds, fiscal_year_now
    from registry.demo_programme import seed_programme
    from registry.models import Household, Person, TargetHousehold

    year = fiscal_year_now()
    people, households = Person.objects.count(), Household.objects.count()
    today = fiscal_year_bounds(year + 1)[0] + timedelta(
        days=5
    )  # before the forum's usual date: forum is today
    seed_programme(fiscal_year=year + 1, today=today, log=lambda message: None)
    assert _programme(year + 1) == PROGRAMME and _programme(year) == PROGRAMME
    assert set(TargetHousehold.objects.filter(fiscal_year=year + 1).values_list("forum_date", flat=True)) == {
        today
    }
    assert (Person.objects.count(), Household.objects.count()) == (people, households)


def test_seed_demo_has_a_published_plan_of_this_year_and_last_years_to_copy(demo):
    from kit import thai
    from reports.models import DistrictAllocation, DistrictTarget, Plan, PlanStatus
    from reports.selectors.plans import plan_page

    year = thai.fiscal_year_now()
    plans = {p.fiscal_year: p for p in Plan.objects.filter(province_id="46")}
    assert set(plans) == {year - 1, year}
    assert {p.status for p in plans.values()} == {PlanStatus.PUBLISHED}
    plan = plans[year]
    villages, groups = plan.programmes.get(number=1), plan.programmes.get(number=2)
    assert villages.name == "โครงการสร้างสัมมาชีพชุมชนในระดับหมู่บ้าน" and groups.name == "จัดตั้งและพัฒนากลุ่มอาชีพ"
    assert (villages.stated_units, villages.unit_budget, villages.stated_total) == (10, 24000, 240000)
    allocations = {
        a.district_id: (a.units, a.budget) for a in DistrictAllocation.objects.filter(programme=villages)
    }
    assert allocations == {"4601": (6, 144000), "4607": (4, 96000)}
    targets = {
        (t.indicator.name, t.district_id): t.value
        for t in DistrictTarget.objects.filter(indicator__programme=villages).select_related("indicator")
    }
    assert targets[("ปราชญ์ชุมชนด้านอาชีพ", "4601")] == 30 and targets[("ผู้แทนครัวเรือนเป้าหมาย", "4607")] == 80
    assert targets[("ประชาชนเป้าหมายนำความรู้ไปประกอบอาชีพและมีรายได้เพิ่มขึ้น", "4601")] == 85
    assert DistrictTarget.objects.filter(indicator__programme=groups).count() == 2
    assert (
        villages.indicators.get(number=1).per_unit == 5 and villages.indicators.get(number=2).per_unit == 20
    )
    # the figures add up: no flag on the page of the province's officer
    assert plan_page(plan, User.objects.get(username="pcd_kalasin")).flags == []
    # last year's plan has its own, smaller, figures (a plan to copy from, not this year's twice)
    assert plans[year - 1].programmes.get(number=1).stated_units == 8


def test_seed_demo_has_sufficiency_assessments_in_both_rounds_after_the_village_training(demo):
    from kit import thai
    from registry.models import InstructorTeam, TargetHousehold
    from reports.models import Assessment, Level, PlanItem
    from reports.selectors.assessments import with_levels
    from training.models import Training

    year = thai.fiscal_year_now()
    rounds = {}
    for assessment in Assessment.objects.filter(fiscal_year=year):
        rounds.setdefault(assessment.village_id, {})[assessment.round] = assessment
    both = [r for r in rounds.values() if set(r) == {1, 2}]
    only_first = [r for r in rounds.values() if set(r) == {1}]
    assert len(both) == 3 and len(only_first) == 2
    for pair in both:  # round 2 after the village training there (its team teaching its target households)
        second = pair[2]
        training = Training.objects.get(village_id=second.village_id, fiscal_year=year)
        assert pair[1].assessed_on <= training.end_date <= second.assessed_on
        team = InstructorTeam.objects.get(village_id=second.village_id, fiscal_year=year)
        assert {i.expert_id for i in training.instructors.all()} == {m.expert_id for m in team.members.all()}
        assert (
            training.enrollments.count()
            == TargetHousehold.objects.filter(village_id=second.village_id, fiscal_year=year).count()
        )
    for first in [*both, *only_first]:  # the village-development plan after round 1
        assert PlanItem.objects.filter(assessment=first[1]).exists()
    levels = set(with_levels(Assessment.objects.filter(fiscal_year=year)).values_list("level", flat=True))
    assert levels == set(Level.values)  # every level, for the district list to show
    cd_mueang = User.objects.get(username="cd_mueang")
    assert set(Assessment.objects.values_list("district_id", flat=True)) == {cd_mueang.office.district_id}


def test_seed_demo_has_approved_target_villages_in_both_districts_and_the_district_runs_the_training(demo):
    from kit import programmes, thai
    from registry.models import Village
    from reports.models import FundedVillage, ListStatus, TargetList
    from reports.selectors.targets import Pick, check_picks
    from training.models import Training

    year = thai.fiscal_year_now()
    lists = {t.district_id: t for t in TargetList.objects.filter(programme__plan__fiscal_year=year)}
    assert set(lists) == {"4601", "4607"}
    assert {t.status for t in lists.values()} == {ListStatus.APPROVED}
    codes = {d: sorted(t.villages.values_list("village__code", flat=True)) for d, t in lists.items()}
    assert codes == {
        "4601": ["46010503", "46010504", "46010505"],
        "4607": ["46070201", "46070202", "46070203"],
    }
    borrowed = lists["4601"].villages.get(village__code="46010505")
    assert (borrowed.borrowed_from.code, borrowed.borrowed_households) == (
        "46010501",
        4,
    ) and borrowed.borrowed_note
    assert set(programmes.target_villages(year).values_list("code", flat=True)) == {
        *codes["4601"],
        *codes["4607"],
    }
    # the district office keeps the village trainings it ran in its target villages
    cd_mueang = User.objects.get(username="cd_mueang")
    trainings = Training.objects.filter(fiscal_year=year, village__code__in=codes["4601"])
    assert trainings.count() == 3 and {t.office_id for t in trainings} == {cd_mueang.office_id}
    # earlier years' lists: proposing a village funded by an excluded project-year is refused with the reason
    assert FundedVillage.objects.filter(fiscal_year=year - 1).count() == 2
    excluded = Village.objects.get(code="46010506")
    [check] = check_picks(
        programme=lists["4601"].programme,
        district=lists["4601"].district,
        picks=[Pick(village=excluded)],
        each_alone=True,
    )
    assert any("2561" in str(reason) for reason in check.refusals)
