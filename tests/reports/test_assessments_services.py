"""The rules of recording a round (reports/services/assessments.py): round order, one answer per indicator,
every indicator answered, dates in the fiscal year, the district's own villages only; nothing is
half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kit import thai
from registry.ownership import OUTSIDE
from reports.models import Answer, Assessment, CriteriaVersion, PlanItem
from reports.policies.assessments import DISTRICT_ONLY
from reports.selectors.assessments import level_of
from reports.services import assessments as services
from reports.services.assessments import AnswerInput
from tests.reports.helpers import (
    COMMITTEE,
    ROUND_1_ON,
    ROUND_2_ON,
    YEAR,
    answers,
    criteria,
    record,
    village,
    village_training,
)


def _nothing_saved():
    assert not Assessment.objects.exists() and not Answer.objects.exists()


def _refused(match, **kwargs):
    with pytest.raises(ValidationError, match=match):
        services.assessment_record(**kwargs)


def _call(user, place, *, round_number=1, on=ROUND_1_ON, rows=None, committee=COMMITTEE, year=YEAR):
    return {
        "user": user,
        "village": place,
        "fiscal_year": year,
        "round_number": round_number,
        "assessed_on": on,
        "committee": committee,
        "answers": rows if rows is not None else answers(criteria(), 12),
    }


def test_a_round_is_saved_with_every_answer(world):
    place = village(world)
    assessment = record(world.district_a, place, passed=18)
    assert assessment.answers.count() == 23 and assessment.answers.filter(passed=True).count() == 18
    assert assessment.assessed_by == world.district_a and assessment.office == world.district_a.office
    assert assessment.committee == COMMITTEE and assessment.criteria == criteria()
    assert (assessment.district_id, assessment.province_id) == (place.district_id, place.province_id)


def test_round_2_needs_round_1(world):
    place = village(world)
    _refused("บันทึกครั้งที่ 1", **_call(world.district_a, place, round_number=2, on=ROUND_2_ON))
    _nothing_saved()


def test_round_2_needs_the_village_training(world):
    place = village(world)
    record(world.district_a, place, round_number=1)
    round_2 = _call(world.district_a, place, round_number=2, on=ROUND_2_ON)
    _refused("ต้องจัดฝึกอบรมระดับหมู่บ้านก่อน", **round_2)
    # a training of another village, or of another fiscal year in this village, does not count
    village_training(village(world, number=12, name="บ้านโคกสูง"), ends_on=ROUND_1_ON)
    village_training(place, ends_on=ROUND_1_ON - datetime.timedelta(days=400))
    _refused("ต้องจัดฝึกอบรมระดับหมู่บ้านก่อน", **round_2)
    assert Assessment.objects.count() == 1


def test_round_2_waits_until_the_training_has_ended(world):
    place = village(world)
    record(world.district_a, place, round_number=1)
    training = village_training(
        place,
        starts_on=ROUND_2_ON - datetime.timedelta(days=1),
        ends_on=ROUND_2_ON + datetime.timedelta(days=1),
    )
    ends = thai.date_short(training.end_date)
    _refused(f"สิ้นสุดวันที่ {ends}", **_call(world.district_a, place, round_number=2, on=ROUND_2_ON))
    training.end_date = None
    training.save()
    _refused("ยังไม่มีวันสิ้นสุด", **_call(world.district_a, place, round_number=2, on=ROUND_2_ON))
    assert Assessment.objects.count() == 1
    # ended on the day of round 2: recorded
    training.end_date = ROUND_2_ON
    training.save()
    assert (
        services.assessment_record(**_call(world.district_a, place, round_number=2, on=ROUND_2_ON)).round == 2
    )


def test_round_2_cannot_be_dated_before_round_1(world):
    place = village(world)
    record(world.district_a, place, round_number=1)
    _refused(
        "ก่อนการประเมินครั้งที่ 1",
        **_call(world.district_a, place, round_number=2, on=ROUND_1_ON - datetime.timedelta(days=1)),
    )
    assert Assessment.objects.count() == 1
    # the same day is allowed
    assert record(world.district_a, place, round_number=2, on=ROUND_1_ON).round == 2


def test_round_1_cannot_be_moved_after_round_2(world):
    place = village(world)
    first = record(world.district_a, place, round_number=1, passed=10)
    record(world.district_a, place, round_number=2)
    _refused(
        "หลังการประเมินครั้งที่ 2", **_call(world.district_a, place, on=ROUND_2_ON + datetime.timedelta(days=1))
    )
    first.refresh_from_db()
    assert first.assessed_on == ROUND_1_ON and first.answers.filter(passed=True).count() == 10


def test_an_indicator_answered_twice_is_refused(world):
    place = village(world)
    rows = answers(criteria(), 12)
    rows.append(AnswerInput(indicator_id=rows[4].indicator_id, passed=not rows[4].passed))
    _refused("ตัวชี้วัดที่ 5 ถูกตอบสองครั้ง", **_call(world.district_a, place, rows=rows))
    _nothing_saved()


def test_every_indicator_needs_an_answer(world):
    place = village(world)
    rows = answers(criteria(), 12)
    _refused(
        "ยังไม่ได้ตอบ: 3, 23",
        **_call(world.district_a, place, rows=[r for i, r in enumerate(rows) if i not in (2, 22)]),
    )
    _nothing_saved()


def test_an_indicator_of_another_version_is_refused(world):
    place = village(world)
    other = CriteriaVersion.objects.create(number=9, name="ฉบับทดลอง", from_fiscal_year=2700)
    area = other.areas.create(number=1, name="ด้านทดลอง")
    foreign = other.indicators.create(area=area, number=1, text="ตัวชี้วัดทดลอง")
    rows = answers(criteria(), 12)
    rows[0] = AnswerInput(indicator_id=foreign.pk, passed=True)
    _refused("ไม่อยู่ในเกณฑ์", **_call(world.district_a, place, rows=rows))
    _nothing_saved()


def test_a_correction_replaces_the_answers_or_changes_nothing(world):
    place = village(world)
    assessment = record(world.district_a, place, passed=10)
    rows = answers(criteria(), 20)
    _refused("ถูกตอบสองครั้ง", **_call(world.district_a, place, rows=rows + rows[:1]))
    assert assessment.answers.filter(passed=True).count() == 10
    services.assessment_record(**_call(world.district_a, place, rows=rows, committee="นายใหม่ ใจงาม"))
    assessment.refresh_from_db()
    assert Assessment.objects.count() == 1 and assessment.answers.count() == 23
    assert assessment.answers.filter(passed=True).count() == 20 and assessment.committee == "นายใหม่ ใจงาม"


@pytest.mark.parametrize(
    "on", [datetime.date(2001, 1, 1), datetime.date.today() + datetime.timedelta(days=400)]
)
def test_the_date_falls_in_the_fiscal_year(world, on):
    _refused("ปีงบประมาณ", **_call(world.district_a, village(world), on=on))
    _nothing_saved()


def test_a_date_in_the_future_is_refused(world):
    from kit import thai

    year = thai.fiscal_year_now()
    _first, last = thai.fiscal_year_bounds(year)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    if tomorrow > last:
        pytest.skip("the last days of a fiscal year")
    _refused("อนาคต", **_call(world.district_a, village(world), on=tomorrow, year=year))


def test_the_committee_is_named(world):
    _refused("คณะกรรมการหมู่บ้าน", **_call(world.district_a, village(world), committee="  \n "))
    _nothing_saved()


@pytest.mark.parametrize(
    ("user", "reason"), [("tao_a", DISTRICT_ONLY), ("province_a", DISTRICT_ONLY), ("tao_b", DISTRICT_ONLY)]
)
def test_only_the_district_officer_records(world, user, reason):
    place = village(world)
    with pytest.raises(ValidationError) as refused:
        services.assessment_record(**_call(getattr(world, user), place))
    assert str(reason) in str(refused.value)
    _nothing_saved()


def test_a_village_of_another_district_is_refused(world):
    place = village(world, side="b")
    with pytest.raises(ValidationError) as refused:
        services.assessment_record(**_call(world.district_a, place))
    assert str(OUTSIDE) in str(refused.value)
    _nothing_saved()
    assert record(world.admin, place).round == 1  # the administrator may


def test_round_2_keeps_round_1s_criteria(world):
    """A new version starting in the year does not change what round 2 compares."""
    place = village(world)
    first = record(world.district_a, place, passed=23)
    newer = CriteriaVersion.objects.create(number=2, name="ฉบับปรับปรุง", from_fiscal_year=YEAR)
    second = record(world.district_a, place, round_number=2, passed=23)
    assert second.criteria == first.criteria != newer
    assert level_of(second) == "prosperous"


def test_the_plan_is_recorded_on_round_1(world):
    place = village(world)
    first = record(world.district_a, place, passed=12)
    second = record(world.district_a, place, round_number=2, passed=14)
    indicator = criteria().indicators.get(number=7)
    item = services.plan_item_add(
        user=world.district_a,
        assessment=first,
        activity="อบรมการทำบัญชีครัวเรือน",
        indicator=indicator,
        responsible="คณะกรรมการหมู่บ้าน",
        due_on=ROUND_2_ON,
    )
    assert list(first.plan_items.all()) == [item]
    with pytest.raises(ValidationError, match="ครั้งที่ 1"):
        services.plan_item_add(user=world.district_a, assessment=second, activity="ปลูกผักสวนครัว")
    with pytest.raises(ValidationError):
        services.plan_item_add(user=world.tao_a, assessment=first, activity="ปลูกผักสวนครัว")
    with pytest.raises(ValidationError):
        services.plan_item_add(user=world.district_a, assessment=first, activity="")
    assert PlanItem.objects.count() == 1
    services.plan_item_remove(user=world.district_a, item=item)
    assert not PlanItem.objects.exists()
