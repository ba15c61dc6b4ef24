"""A small province built by hand for the results, dashboard and export tests (the `small` fixture, shared
through tests/reports/conftest.py): two districts of Kalasin with village trainings, trainees with follow-ups,
groups, grants and assessments, and a TAO in Chiang Mai that Kalasin never sees. Every figure on it is known
(test_results.py)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.models import GrantRequest, Payment, Refund, Status
from groups.models import EntryKind, Group, LedgerCategory, LedgerEntry
from registry.models import Household, Person, Village
from registry.models.experts import Expert
from registry.models.occupations import Occupation, OccupationCategory
from reports.models import Answer, Assessment, ListStatus, Plan, PlanStatus, Round, TargetList, TargetVillage
from tests.factories import UserFactory, district_office, tao_office
from tests.reports import helpers
from training.models import Certificate, Enrollment, FollowUp, Step, Training, TrainingInstructor

YEAR = 2565
DAY = datetime.date(2022, 1, 10)  # in fiscal year 2565
VISIT = datetime.date(2022, 4, 10)
_ids = itertools.count(1_000_000_000_001)


class Builder:
    """Hand-made records, written straight to the tables (the results only read them)."""

    def __init__(self, user, plan):
        self.user = user
        self.plan = plan
        self.programme = plan.programmes.get(number=1)
        self.occupation = Occupation.objects.get_or_create(
            name="ทำน้ำพริก", defaults={"category": OccupationCategory.AGRICULTURE}
        )[0]
        self.lists = {}

    def village(self, sub_district, number, *, target=True):
        village = Village.objects.create(sub_district=sub_district, number=number, name=f"บ้านทดสอบ {number}")
        if target:
            target_list = self.lists.get(village.district_id) or TargetList.objects.create(
                programme=self.programme, district_id=village.district_id, status=ListStatus.APPROVED
            )
            self.lists[village.district_id] = target_list
            TargetVillage.objects.create(target_list=target_list, village=village, added_by=self.user)
        return village

    def household(self, village):
        return Household.objects.create(village=village, house_number=str(next(_ids) % 100000))

    def person(self, village, household=None):
        return Person.objects.create(
            village=village,
            household=household,
            title="mr",
            first_name="สมชาย",
            last_name="ใจดี",
            national_id=str(next(_ids)),
            sex="m",
            house_number="1",
        )

    def expert(self, village):
        return Expert.objects.create(person=self.person(village))

    def training(
        self, office, village, step, *, experts=(), outside="", start=DAY, approved=None, spent=None
    ):
        training = Training.objects.create(
            office=office,
            village=village,
            topic="น้ำพริก",
            start_date=start,
            end_date=start,
            step=step,
            budget_approved=approved,
            budget_spent=spent,
        )
        for expert in experts:
            TrainingInstructor.objects.create(training=training, expert=expert)
        if outside:
            TrainingInstructor.objects.create(training=training, name=outside)
        return training

    def trainee(self, training, household, *, certified=True, revoked=False, follow_ups=()):
        """follow_ups: (round, visited, uses_skill, before, after)."""
        enrollment = Enrollment.objects.create(
            training=training, person=self.person(training.village, household)
        )
        if certified:
            Certificate.objects.create(
                enrollment=enrollment,
                office=training.office,
                fiscal_year=YEAR,
                number=next(_ids) % 100000,
                issued_on=DAY,
                revoked_at=timezone.now() if revoked else None,
            )
        for months, visited, uses, before, after in follow_ups:
            FollowUp.objects.create(
                enrollment=enrollment,
                round=months,
                due_on=VISIT,
                visited_on=VISIT if visited else None,
                uses_skill=uses,
                income_before=None if before is None else Decimal(before),
                income_after=None if after is None else Decimal(after),
            )
        return enrollment

    def group(self, office, village, *, formed_from=None, registered=False):
        return Group.objects.create(
            office=office,
            village=village,
            name=f"กลุ่มน้ำพริก {next(_ids) % 1000}",
            occupation=self.occupation,
            founded_on=DAY,
            formed_from=formed_from,
            registered_on=DAY if registered else None,
        )

    def grant(self, office, group, status, *, approved=None, paid=None, refunded=None, year=YEAR):
        grant = GrantRequest.objects.create(
            number=f"G{next(_ids)}",
            office=office,
            group=group,
            village=group.village,
            fiscal_year=year,
            title="ขอสนับสนุนวัสดุ",
            created_by=self.user,
            status=status,
            approved_amount=None if approved is None else Decimal(approved),
        )
        for model, amount, extra in (
            (Payment, paid, {"paid_on": DAY, "voucher_number": "1"}),
            (Refund, refunded, {"refunded_on": DAY, "receipt_number": "1"}),
        ):
            if amount is not None:
                entry = LedgerEntry.objects.create(
                    group=group,
                    date=DAY,
                    kind=EntryKind.INCOME,
                    category=LedgerCategory.GRANT,
                    amount=Decimal(amount),
                    description="เงินอุดหนุน",
                    recorded_by=self.user,
                )
                model.objects.create(
                    request=grant, amount=Decimal(amount), ledger_entry=entry, recorded_by=self.user, **extra
                )
        return grant

    def assessment(self, village, round_number, *, passed, core_failed=0):
        version = helpers.criteria()
        assessment = Assessment.objects.create(
            village=village,
            fiscal_year=YEAR,
            round=round_number,
            criteria=version,
            assessed_on=DAY,
            assessed_by=self.user,
            committee=helpers.COMMITTEE,
        )
        Answer.objects.bulk_create(
            Answer(assessment=assessment, indicator_id=a.indicator_id, passed=a.passed)
            for a in helpers.answers(version, passed, core_failed)
        )
        return assessment


def _plan(user):
    plan, _, _, indicators = helpers.kalasin_plan(user)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)
    plan.refresh_from_db()
    return plan, indicators


@pytest.fixture
def admin():
    from registry.scoping import Role

    return UserFactory(username="results_admin", role=Role.ADMIN, office=None)


@pytest.fixture
def small(world, admin):
    """Two districts of Kalasin (4601: a finished and an unfinished village training, a TAO training; 4602:
    two finished village trainings) and a TAO training and grant in Chiang Mai that Kalasin never sees."""
    plan, indicators = _plan(admin)
    b = Builder(admin, plan)
    office_c = tao_office("460201")
    sub_1, sub_2 = world.office_a.sub_districts.get(), office_c.sub_districts.get()
    dcd_1, dcd_2 = district_office("4601"), district_office("4602")
    v1, v2, v3 = b.village(sub_1, 1), b.village(sub_1, 2), b.village(sub_1, 3, target=False)
    v4, v5 = b.village(sub_2, 1), b.village(sub_2, 2)
    e1, e2, e3, e4 = (b.expert(v1) for _ in range(4))

    # district 4601
    t1 = b.training(
        dcd_1, v1, Step.EVALUATE, experts=(e1, e2), outside="นักวิชาการเกษตร", approved=20000, spent=18000
    )
    t2 = b.training(dcd_1, v2, Step.RUN, experts=(e3,), approved=10000)
    t3 = b.training(world.office_a, v3, Step.FOLLOW_UP)
    h1, h2, h3, h4 = b.household(v1), b.household(v1), b.household(v1), b.household(v2)
    b.trainee(t1, h1, follow_ups=[(3, True, True, 1000, 1500), (6, True, True, 1000, 900)])  # latest: down
    b.trainee(t1, h1, follow_ups=[(3, True, True, 2000, 2600), (6, False, None, None, None)])  # latest: up
    b.trainee(t1, h2, follow_ups=[(3, True, True, None, 3000)])  # income missing
    b.trainee(t1, h3, revoked=True, follow_ups=[(3, True, True, 1000, 5000)])  # revoked
    b.trainee(t1, None, follow_ups=[(3, True, True, 1000, 5000)])  # no household
    b.trainee(t2, h4, certified=False)
    b.trainee(t3, b.household(v3))
    g1 = b.group(dcd_1, v1, formed_from=t1, registered=True)
    b.group(dcd_1, v1, formed_from=t1)
    b.group(world.office_a, v3)  # not formed from a training
    g4 = b.group(world.office_a, v3, formed_from=t3, registered=True)
    b.grant(world.office_a, g4, Status.CLOSED, approved=10000, paid=10000, refunded=1500)
    b.grant(world.office_a, g4, Status.APPROVED, approved=5000)
    b.grant(world.office_a, g4, Status.REJECTED)
    b.grant(dcd_1, g1, Status.IN_PROGRESS, approved=3000, paid=3000)
    b.assessment(v1, Round.BEFORE, passed=12)
    b.assessment(v1, Round.AFTER, passed=18)
    b.assessment(v2, Round.BEFORE, passed=15, core_failed=1)

    # district 4602
    t4 = b.training(dcd_2, v4, Step.FOLLOW_UP, experts=(e1, e4), approved=15000, spent=15000)
    t5 = b.training(dcd_2, v5, Step.CERTIFY)
    h5, h6, h7 = b.household(v4), b.household(v4), b.household(v5)
    b.trainee(t4, h5, follow_ups=[(3, True, True, 1000, 1100)])
    b.trainee(t4, h6, follow_ups=[(3, True, False, 1000, 1200)])  # higher, but the skill is not used
    b.trainee(t5, h7, follow_ups=[(3, True, True, 1000, 1010)])
    g5 = b.group(dcd_2, v4, formed_from=t4, registered=True)
    old = b.training(dcd_2, v4, Step.FOLLOW_UP, start=datetime.date(2021, 3, 1))  # fiscal year 2564
    b.group(dcd_2, v4, formed_from=old, registered=True)
    b.grant(office_c, g5, Status.REFUND_DUE, approved=8000, paid=8000)
    b.grant(office_c, g5, Status.CLOSED, approved=9000, year=YEAR - 1)
    b.assessment(v4, Round.BEFORE, passed=10)
    b.assessment(v4, Round.AFTER, passed=23)
    b.assessment(v5, Round.AFTER, passed=17)

    # Chiang Mai
    sub_b = world.office_b.sub_districts.get()
    vb = b.village(sub_b, 1, target=False)
    tb = b.training(world.office_b, vb, Step.FOLLOW_UP)
    b.trainee(tb, b.household(vb))
    gb = b.group(world.office_b, vb, formed_from=tb, registered=True)
    b.grant(world.office_b, gb, Status.CLOSED, approved=7000, paid=7000)
    return {"plan": plan, "indicators": indicators, "villages": (v1, v2, v3, v4, v5)}
