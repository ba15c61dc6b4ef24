"""generate_national: every app's data at a tiny scale on the test database, obeying the models' rules, and
the provincial results it gives."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from grants.models import ApprovedVersion, GrantRequest, Payment, Refund, RequestMove, Status
from grants.selectors import lines_total
from grants.workflow import APPROVED_STATES
from groups.models import (
    CommitteeSeat,
    Group,
    GroupYear,
    LedgerEntry,
    Meeting,
    Membership,
    RuleVersion,
    Visit,
)
from kit import thai
from registry.models import Expert, Household, Office, Person, Village
from registry.models.offices import OfficeKind, User
from registry.scoping import Role
from reports.models import Assessment, DistrictTarget, Indicator, Plan, PlanStatus, TargetVillage
from reports.selectors.results import Scope, plan_progress, results
from reports.selectors.targets import approved_villages
from training.models import Attendance, Certificate, Enrollment, FollowUp, Step, Training

pytestmark = pytest.mark.django_db
SCALE = 0.003


@pytest.fixture
def country(settings):
    settings.DEBUG = True
    call_command("load_areas", verbosity=0)


@pytest.fixture
def generated(country):
    call_command("generate_national", scale=SCALE, seed=1, stdout=None)
    return thai.fiscal_year(timezone.localdate()) - 1


def test_counts_follow_the_scale_and_register_rows_are_consistent(generated):
    assert Village.objects.count() == 225
    assert Person.objects.count() == 3000
    assert Household.objects.count() > 500
    assert Expert.objects.exists()
    # Area columns equal the village's; households hold their members; IDs valid.
    assert not Person.objects.exclude(
        sub_district=F("village__sub_district"),
        district=F("village__district"),
        province=F("village__province"),
    ).exists()
    assert not Person.objects.exclude(village=F("household__village")).exists()
    assert not Village.objects.exclude(district=F("sub_district__district")).exists()
    assert all(thai.national_id_is_valid(n) for n in Person.objects.values_list("national_id", flat=True))
    assert Village.objects.filter(number=2).exists()
    assert Household.objects.values("member_count").distinct().count() > 3
    # An office of each kind, each with its user of the fitting role; every user passes the model's rules.
    assert Office.objects.filter(kind=OfficeKind.PROVINCE_CD).count() == 77
    for user in User.objects.select_related("office").exclude(role=Role.ADMIN)[:50]:
        user.full_clean(exclude=["password"])
    assert User.objects.filter(role=Role.ADMIN, is_superuser=True).count() == 1


def test_every_app_got_data_that_obeys_its_rules(generated):
    year, today = generated, timezone.localdate()
    for model in (
        Training,
        Enrollment,
        Attendance,
        Certificate,
        FollowUp,
        Group,
        Membership,
        Meeting,
        CommitteeSeat,
        RuleVersion,
        GroupYear,
        Visit,
        GrantRequest,
        Payment,
        Refund,
        Plan,
        Indicator,
        DistrictTarget,
        TargetVillage,
    ):
        assert model.objects.exists(), model
    for model in (Training, Group, GrantRequest):  # area columns are the village's
        assert not model.objects.exclude(
            sub_district=F("village__sub_district"),
            district=F("village__district"),
            province=F("village__province"),
        ).exists()
    # Trainings: dates inside their fiscal year, the year set from the start date; moves logged to the step.
    for start, end, fiscal_year in Training.objects.values_list("start_date", "end_date", "fiscal_year"):
        first, last = thai.fiscal_year_bounds(fiscal_year)
        assert fiscal_year == thai.fiscal_year(start) and first <= start <= end <= last
    assert not Training.objects.annotate(moves_n=Count("moves")).exclude(moves_n=F("step") - 1).exists()
    # Certificates only for eligible trainees (all sessions attended, passed), from step 8, numbered per
    # office and year.
    certified = Enrollment.objects.filter(certificate__isnull=False)
    assert not certified.filter(
        Q(post_score__lt=F("training__pass_mark")) | Q(training__step__lt=Step.CERTIFY)
    ).exists()
    assert not certified.annotate(hours=Sum("attendance__hours")).exclude(hours=F("training__hours")).exists()
    assert not Certificate.objects.exclude(fiscal_year=F("enrollment__training__fiscal_year")).exists()
    # Follow-ups: rounds 3 and 6 for certified trainees of trainings at step 10; answers only on a past visit.
    assert set(FollowUp.objects.values_list("round", flat=True)) == {3, 6}
    assert not FollowUp.objects.filter(
        Q(enrollment__certificate__isnull=True) | ~Q(enrollment__training__step=Step.FOLLOW_UP)
    ).exists()
    assert not FollowUp.objects.filter(visited_on__gt=today).exists()
    assert not FollowUp.objects.filter(visited_on__isnull=True).exclude(uses_skill__isnull=True).exists()
    assert FollowUp.objects.filter(uses_skill=True, income_after__gt=F("income_before")).exists()
    # Groups: registered with a date after founding; formed from a finished training, after it ended.
    assert not Group.objects.filter(registered_on__lt=F("founded_on")).exists()
    assert not Group.objects.exclude(registration_number="").filter(registered_on__isnull=True).exists()
    formed = Group.objects.filter(formed_from__isnull=False)
    assert formed.exists()
    assert not formed.filter(
        Q(founded_on__lt=F("formed_from__end_date"))
        | Q(formed_from__step__lt=Step.EVALUATE)
        | ~Q(village=F("formed_from__village"))
    ).exists()
    # A closed year's statement is the sum of its ledger lines (no grant money lands in a closed year).
    for closed in GroupYear.objects.all():
        lines = LedgerEntry.objects.filter(
            group=closed.group_id, date__range=(closed.starts_on, closed.ends_on)
        )
        assert closed.income == lines.filter(kind="income").aggregate(s=Sum("amount"))["s"]
        assert closed.profit == closed.income - closed.expense
    # Grants: the last move is the state; approved ones carry line and amount; paid no more than approved.
    for request in GrantRequest.objects.annotate(last_move=Max("moves__pk")):
        last = RequestMove.objects.filter(pk=request.last_move).values_list("to_state", flat=True).first()
        assert (last or Status.DRAFT) == request.status
    approved = GrantRequest.objects.filter(status__in=APPROVED_STATES)
    assert not approved.filter(Q(approved_amount__isnull=True) | Q(budget_line__isnull=True)).exists()
    assert not approved.annotate(paid=Sum("payments__amount")).filter(paid__gt=F("approved_amount")).exists()
    for version in ApprovedVersion.objects.select_related("request"):  # the agreement's lines add up to it
        assert lines_total(version.cost_lines) == version.amount == version.request.approved_amount
    assert not Payment.objects.exclude(
        request__status__in=[
            Status.DISBURSING,
            Status.IN_PROGRESS,
            Status.REPORTING,
            Status.REPORT_REVIEW,
            Status.REFUND_DUE,
            Status.CLOSED,
        ]
    ).exists()
    assert not Payment.objects.exclude(
        ledger_entry__group=F("request__group"),
        ledger_entry__amount=F("amount"),
        ledger_entry__category="grant",
    ).exists()
    assert not Refund.objects.exclude(request__status=Status.CLOSED).exists()
    assert LedgerEntry.objects.filter(category="returned").count() == Refund.objects.count()
    # Plans: published for every province, every indicator measured; target villages approved and trained in.
    assert Plan.objects.filter(fiscal_year=year, status=PlanStatus.PUBLISHED).count() == 77
    assert not Indicator.objects.filter(measure__isnull=True).exists()
    for village in approved_villages(year):
        assert Training.objects.filter(
            village=village, fiscal_year=year, office__kind=OfficeKind.DISTRICT_CD
        ).exists()
    # Sufficiency assessments of the target villages: every indicator answered, dates in the fiscal year,
    # round 1 before round 2, round 2 after the village training ended.
    first, last = thai.fiscal_year_bounds(year)
    assert Assessment.objects.filter(round=2).exists()
    for assessment in Assessment.objects.annotate(answered=Count("answers")):
        assert assessment.answered == assessment.criteria.indicators.count()
        assert first <= assessment.assessed_on <= min(last, today)
        assert assessment.village_id in set(approved_villages(year).values_list("pk", flat=True))
    for second in Assessment.objects.filter(round=2):
        assert Assessment.objects.get(village=second.village_id, round=1).assessed_on <= second.assessed_on
        assert Training.objects.filter(
            village=second.village_id, fiscal_year=year, end_date__lte=second.assessed_on
        ).exists()


def test_a_generated_province_has_provincial_results(generated):
    year = generated
    province = (
        Training.objects.filter(fiscal_year=year, village__in=approved_villages(year), step=Step.FOLLOW_UP)
        .values("province")
        .annotate(n=Count("pk"))
        .order_by("-n", "province")[0]["province"]
    )
    officer = User.objects.get(role=Role.PROVINCE_OFFICER, office__province=province)
    scope = Scope(user=officer, fiscal_year=year)
    figures = results(scope)
    for figure in (
        figures.target_villages_done,
        figures.households_trained,
        figures.households_promoted,
        figures.households_higher_income,
    ):
        assert figure.total > 0 and figure.by_area
    assert figures.rise.count > 0
    progress = plan_progress(
        plan=Plan.objects.get(province=province, fiscal_year=year),
        scope=scope,
        today=timezone.localdate(),
        figures=figures,
    )
    assert len(progress) == 9 and all(p.total.target is not None for p in progress)
    assert any(p.total.result for p in progress)
    # Over the whole country (an administrator), groups and grants count too.
    national = results(Scope(user=User.objects.get(role=Role.ADMIN), fiscal_year=year))
    for figure in (
        national.groups_formed,
        national.groups_registered,
        national.grants.approved,
        national.grants.paid,
        national.tao.trainings,
        national.tao.certificates,
    ):
        assert figure.total > 0
    assert {round_number for round_number, _level in national.sufficiency.total} == {1, 2}


def test_same_seed_same_data(country):
    def snapshot():
        return (
            list(
                Person.objects.order_by("national_id").values_list(
                    "national_id", "first_name", "village__code"
                )
            ),
            list(Training.objects.order_by("pk").values_list("village__code", "step", "start_date")),
            list(
                GrantRequest.objects.order_by("pk").values_list(
                    "number", "group__name", "status", "approved_amount"
                )
            ),
        )

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():  # the first run is rolled back (a savepoint)
        call_command("generate_national", scale=0.0005, seed=7, stdout=None)
        first = snapshot()
        raise Undo
    assert not Person.objects.exists()
    call_command("generate_national", scale=0.0005, seed=7, stdout=None)
    assert snapshot() == first


def test_refuses_without_debug_or_on_a_database_with_data(country, settings):
    call_command("generate_national", scale=0.0005, stdout=None)
    with pytest.raises(CommandError, match="already has"):
        call_command("generate_national", scale=0.0005)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("generate_national", scale=0.0005)
