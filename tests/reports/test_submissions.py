"""District submissions (the provincial guideline's steps 16–17): the district officer freezes the district's
figures for the fiscal year or a quarter; the province accepts or sends back with a reason; who may, and how
the live figures differ."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reports.models import Submission, SubmissionMove, SubmissionStatus
from reports.policies.submissions import DISTRICT_SUBMITS, PROVINCE_DECIDES
from reports.selectors.submissions import current, differences
from reports.services.submissions import period_bounds, submission_decide, submission_submit
from tests import areas

TODAY = datetime.date(2022, 10, 20)  # fiscal year 2565 is over
FIGURES = {"villages_done": 28, "households_promoted": 450, "skill_income_share": 86.5, "budget_spent": None}


@pytest.fixture
def district(world):
    return world.district_a.office.district


def _submit(world, district, quarter=0, figures=FIGURES, **kwargs):
    return submission_submit(
        user=world.district_a,
        district=district,
        fiscal_year=2565,
        quarter=quarter,
        figures=figures,
        today=TODAY,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        (0, datetime.date(2021, 10, 1), datetime.date(2022, 9, 30)),
        (1, datetime.date(2021, 10, 1), datetime.date(2021, 12, 31)),
        (2, datetime.date(2022, 1, 1), datetime.date(2022, 3, 31)),
        (3, datetime.date(2022, 4, 1), datetime.date(2022, 6, 30)),
        (4, datetime.date(2022, 7, 1), datetime.date(2022, 9, 30)),
    ],
)
def test_the_periods_of_a_fiscal_year(quarter, first, last):
    assert period_bounds(2565, quarter) == (first, last)


def test_the_district_freezes_its_figures_and_the_province_accepts(world, district):
    submission = _submit(world, district, note="ข้อมูล ณ สิ้นปีงบประมาณ")
    submission.refresh_from_db()
    assert submission.figures == {
        "villages_done": 28,
        "households_promoted": 450,
        "skill_income_share": 86.5,
        "budget_spent": None,
    }
    assert (submission.status, submission.submitted_by, submission.quarter) == (
        SubmissionStatus.SUBMITTED,
        world.district_a,
        0,
    )
    submission_decide(user=world.province_a, submission=submission, accept=True)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert list(SubmissionMove.objects.values_list("from_state", "to_state", "user")) == [
        ("submitted", "accepted", world.province_a.pk)
    ]


def test_one_open_submission_a_period_and_a_new_one_after_it_is_sent_back(world, district):
    first = _submit(world, district)
    with pytest.raises(ValidationError, match="ส่งรายงานงวดนี้แล้ว"):
        _submit(world, district)
    _submit(world, district, quarter=1)  # another period is its own
    with pytest.raises(ValidationError):
        submission_decide(user=world.province_a, submission=first, accept=False)  # a reason is needed
    submission_decide(user=world.province_a, submission=first, accept=False, reason="ตัวเลขครัวเรือนไม่ตรงทะเบียน")
    second = _submit(world, district, figures={**FIGURES, "households_promoted": 448})
    assert Submission.objects.filter(quarter=0).count() == 2
    found = current(Submission.objects.all(), fiscal_year=2565, quarter=0)
    assert found[district.pk] == second
    # an accepted summary may still be sent back, with a reason
    submission_decide(user=world.province_a, submission=second, accept=True)
    submission_decide(user=world.province_a, submission=second, accept=False, reason="พบข้อมูลซ้ำภายหลัง")
    assert current(Submission.objects.all(), fiscal_year=2565, quarter=0)[district.pk].status == "returned"


def test_the_database_keeps_one_open_submission_a_period(world, district):
    _submit(world, district)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            district=district,
            fiscal_year=2565,
            quarter=0,
            submitted_by=world.district_a,
            submitted_at=datetime.datetime(2022, 10, 1, tzinfo=datetime.UTC),
        )


def test_who_may_submit_and_decide(world, district):
    other = areas.district("4602")
    with pytest.raises(ValidationError, match=str(DISTRICT_SUBMITS)[:30]):
        _submit(world, other)
    for user in (world.tao_a, world.province_a):
        with pytest.raises(ValidationError, match=str(DISTRICT_SUBMITS)[:30]):
            submission_submit(
                user=user, district=district, fiscal_year=2565, quarter=0, figures={}, today=TODAY
            )
    submission = _submit(world, district)
    for user in (world.district_a, world.tao_a, world.province_b):
        with pytest.raises(ValidationError, match=str(PROVINCE_DECIDES)[:30]):
            submission_decide(user=user, submission=submission, accept=True)
    assert (
        Submission.objects.get().status == SubmissionStatus.SUBMITTED and not SubmissionMove.objects.exists()
    )


def test_bad_periods_are_refused_and_nothing_is_saved(world, district):
    with pytest.raises(ValidationError, match="ยังไม่เริ่ม"):
        submission_submit(
            user=world.district_a, district=district, fiscal_year=2566, quarter=2, figures={}, today=TODAY
        )
    with pytest.raises(ValidationError, match="ไตรมาส"):
        _submit(world, district, quarter=5)
    assert not Submission.objects.exists()


def test_each_reader_sees_their_own_area(world, district):
    _submit(world, district)
    assert Submission.objects.for_user(world.province_a).count() == 1
    assert Submission.objects.for_user(world.district_a).count() == 1
    assert Submission.objects.for_user(world.admin).count() == 1
    for user in (world.province_b, world.tao_a):
        assert not Submission.objects.for_user(user).exists()


def test_how_far_the_live_figures_have_moved(world, district):
    submission = _submit(world, district)
    rows = {
        d.key: d
        for d in differences(
            submission,
            {"villages_done": 30, "households_promoted": 450, "skill_income_share": 86.5, "groups_formed": 4},
        )
    }
    assert (rows["villages_done"].delta, rows["villages_done"].changed) == (2, True)
    assert (rows["households_promoted"].delta, rows["households_promoted"].changed) == (0, False)
    assert rows["budget_spent"].live is None and rows["budget_spent"].delta is None
    assert rows["groups_formed"].submitted is None and rows["groups_formed"].changed
