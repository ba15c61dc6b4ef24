"""What is missing (the provincial guideline's step 17: the province checks the districts' records): each kind
on known data at its boundary, the table's count equals its list, scoping, a fixed number of queries whatever
the number of districts, masked national IDs."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import GrantRequest, Status
from groups.models import Visit
from kit import thai
from registry.models import Household, Village
from reports.models import Assessment, ListStatus, Round, TargetList, TargetVillage
from reports.selectors import missing as selectors
from tests import areas
from tests.groups.helpers import make_group
from tests.registers.helpers import make_person
from tests.reports.helpers import criteria
from tests.reports.targets_helpers import target_plan
from training.models import Attendance, Certificate, Enrollment, FollowUp, Session, Training

TODAY = datetime.date(2026, 3, 16)
YEAR = thai.fiscal_year(TODAY)  # 2569
NUMBERS = iter(range(90_000, 99_999))


def _village(sub="460105", number=31, name="บ้านโนนสวรรค์"):
    return Village.objects.get_or_create(
        sub_district=areas.sub_district(sub), number=number, defaults={"name": name}
    )[0]


def _training(office, ended, *, village=None, recorded=False, trainees=1):
    village = village or _village()
    training = Training.objects.create(
        office=office,
        village=village,
        topic="การทำน้ำพริกแปรรูปเพื่อจำหน่าย",
        start_date=ended,
        end_date=ended,
        hours=Decimal(6),
    )
    session = Session.objects.create(
        training=training, date=ended, start_time=datetime.time(9), end_time=datetime.time(15)
    )
    for _n in range(trainees):
        enrollment = Enrollment.objects.create(
            training=training,
            person=make_person(village, next(NUMBERS)),
            post_score=Decimal(80) if recorded else None,
        )
        if recorded:
            Attendance.objects.create(enrollment=enrollment, session=session, hours=Decimal(6))
    return training


def _count(user, code, district="4601", today=TODAY, year=YEAR):
    table = selectors.missing_table(user=user, fiscal_year=year, today=today)
    row = next(r for r in table.rows if r.district.code == district)
    count = {k.code: n for k, n in row.counts}[code]
    listed = selectors.missing_records(
        user=user, kind=selectors.kind_of(code), district=row.district, fiscal_year=year, today=today
    )
    assert count == listed.count() == len(list(listed)), "a count equals the length of its list"
    return count, list(listed)


@pytest.mark.django_db
def test_results_not_recorded_more_than_seven_days_after_the_end(world):
    late = _training(world.office_a, TODAY - datetime.timedelta(days=8))
    _training(world.office_a, TODAY - datetime.timedelta(days=7))  # still within its 7 days
    _training(
        world.office_a, TODAY - datetime.timedelta(days=30), recorded=True
    )  # attendance and scores recorded
    empty = Training.objects.create(
        office=world.office_a,
        village=_village(),
        topic="ไม่มีผู้เข้าอบรม",
        start_date=TODAY - datetime.timedelta(days=9),
        end_date=TODAY - datetime.timedelta(days=9),
    )
    count, records = _count(world.province_a, "results")
    assert count == 2 and {t.pk for t in records} == {late.pk, empty.pk}


@pytest.mark.django_db
def test_a_trainee_with_a_score_but_no_attendance_is_not_recorded(world):
    training = _training(world.office_a, TODAY - datetime.timedelta(days=20), recorded=True)
    Enrollment.objects.create(
        training=training, person=make_person(training.village, next(NUMBERS)), post_score=Decimal(70)
    )
    assert _count(world.province_a, "results")[0] == 1


@pytest.mark.django_db
def test_follow_ups_overdue_and_income_missing(world):
    training = _training(world.office_a, TODAY - datetime.timedelta(days=120), recorded=True, trainees=3)
    first, second, third = training.enrollments.order_by("pk")
    FollowUp.objects.create(enrollment=first, round=3, due_on=TODAY - datetime.timedelta(days=1))  # overdue
    FollowUp.objects.create(enrollment=second, round=3, due_on=TODAY)  # due today
    for n, enrollment in enumerate((first, second, third), start=1):
        Certificate.objects.create(
            enrollment=enrollment,
            office=world.office_a,
            fiscal_year=YEAR,
            number=n,
            issued_on=TODAY - datetime.timedelta(days=100),
        )
    FollowUp.objects.create(
        enrollment=third,
        round=6,
        due_on=TODAY - datetime.timedelta(days=5),
        visited_on=TODAY - datetime.timedelta(days=4),
        income_before=Decimal(3000),
    )
    FollowUp.objects.create(
        enrollment=second,
        round=6,
        due_on=TODAY - datetime.timedelta(days=5),
        visited_on=TODAY - datetime.timedelta(days=4),
        income_before=Decimal(3000),
        income_after=Decimal(4500),
    )
    count, records = _count(world.province_a, "follow_ups")
    assert count == 1 and records[0].enrollment == first
    count, records = _count(world.province_a, "income")
    assert count == 1 and records[0].enrollment == third
    Certificate.objects.filter(enrollment=third).update(
        revoked_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    )
    assert _count(world.province_a, "income")[0] == 0, (
        "a revoked certificate is no longer a promoted household"
    )


@pytest.mark.django_db
def test_target_villages_without_round_1_or_round_2(world):
    plan, programme = target_plan(world)
    target_list = TargetList.objects.create(
        programme=programme, district=areas.district("4601"), status=ListStatus.APPROVED
    )
    done, half, none = (_village(number=n, name=f"บ้านเป้าหมาย{n}") for n in (41, 42, 43))
    for v in (done, half, none):
        TargetVillage.objects.create(target_list=target_list, village=v, added_by=world.province_a)
    _village(number=44, name="บ้านไม่ใช่เป้าหมาย")
    version = criteria()
    for v, rounds in ((done, (Round.BEFORE, Round.AFTER)), (half, (Round.BEFORE,))):
        for r in rounds:
            Assessment.objects.create(
                village=v,
                fiscal_year=plan.fiscal_year,
                round=r,
                criteria=version,
                assessed_on=datetime.date(2022, 1, 10),
                assessed_by=world.district_a,
            )
    year = plan.fiscal_year
    count, records = _count(world.province_a, "round_1", year=year)
    assert count == 1 and records == [none]
    count, records = _count(world.province_a, "round_2", year=year)
    assert count == 2 and set(records) == {half, none}
    target_list.status = ListStatus.SUBMITTED
    target_list.save()
    assert _count(world.province_a, "round_1", year=year)[0] == 0, (
        "only an approved list's villages are targets"
    )


@pytest.mark.django_db
def test_groups_without_a_visit_in_their_period(world):
    today = datetime.date.today()
    old = make_group(world.tao_a, world.office_a, name="กลุ่มไม่เคยได้รับการเยี่ยม")
    visited = make_group(world.tao_a, world.office_a, name="กลุ่มเพิ่งเยี่ยม")
    Visit.objects.create(
        group=visited, visited_on=today - datetime.timedelta(days=3), visitor=world.district_a
    )
    count, records = _count(world.province_a, "visits", today=today)
    assert count == 1 and records[0].pk == old.pk


@pytest.mark.django_db
def test_grants_with_an_overdue_report_or_money_not_returned(world):
    group = make_group(world.tao_a, world.office_a)
    base = {
        "office": world.office_a,
        "group": group,
        "village": group.village,
        "fiscal_year": YEAR,
        "title": "ขอทุนซื้อกี่ทอผ้า",
        "created_by": world.tao_a,
    }
    overdue = GrantRequest.objects.create(number="G-1", status=Status.IN_PROGRESS, **base)
    refund = GrantRequest.objects.create(number="G-2", status=Status.REFUND_DUE, **base)
    on_time = GrantRequest.objects.create(number="G-3", status=Status.IN_PROGRESS, **base)
    GrantRequest.objects.filter(pk=overdue.pk).update(report_due_on=TODAY - datetime.timedelta(days=1))
    GrantRequest.objects.filter(pk=on_time.pk).update(report_due_on=TODAY)
    count, records = _count(world.province_a, "grants")
    assert count == 2 and {r.pk for r in records} == {overdue.pk, refund.pk}


@pytest.mark.django_db
def test_people_whose_household_is_in_another_village(world):
    home, other = _village(number=51, name="บ้านหนึ่ง"), _village(number=52, name="บ้านสอง")
    right = make_person(home, next(NUMBERS))
    wrong = make_person(home, next(NUMBERS))
    right.household = Household.objects.create(village=home, house_number="1", head=right)
    right.save()
    wrong.household = Household.objects.create(village=other, house_number="2", head=wrong)
    wrong.save()
    count, records = _count(world.province_a, "people")
    assert count == 1 and records == [wrong]


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
def test_the_table_and_its_list_scoped_with_masked_ids(client, world):
    home, other = _village(number=51, name="บ้านหนึ่ง"), _village(number=52, name="บ้านสอง")
    wrong = make_person(home, next(NUMBERS))
    wrong.household = Household.objects.create(village=other, house_number="2", head=wrong)
    wrong.save()
    response = _page(client, world.district_a, reverse("reports:missing"))
    assert response.status_code == 200
    assert [r.district.code for r in response.context["table"].rows] == ["4601"]
    assert response.context["table"].totals[-1][1] == 1
    url = reverse("reports:missing_list", args=["4601", "people"])
    assert url in response.content.decode()
    page = _page(client, world.district_a, url).content.decode()
    assert thai.national_id_mask(wrong.national_id) in page and wrong.national_id not in page
    assert reverse("registry:person_detail", args=[wrong.pk]) in page
    assert "released" not in page
    assert _page(client, world.province_b, url).status_code == 404, "another province's officer"
    assert _page(client, world.tao_b, url).status_code == 404
    province_b_table = _page(client, world.province_b, reverse("reports:missing")).context["table"]
    assert "4601" not in [r.district.code for r in province_b_table.rows]


@pytest.mark.django_db
def test_a_district_officer_cannot_open_a_sibling_district(client, world):
    _village(sub="460201", number=1, name="บ้านพี่น้อง")
    assert (
        _page(client, world.province_a, reverse("reports:missing_list", args=["4602", "people"])).status_code
        == 200
    )
    assert (
        _page(client, world.district_a, reverse("reports:missing_list", args=["4602", "people"])).status_code
        == 404
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", [("4601", "nonsense"), ("9999", "people"), ("'; drop", "people")])
def test_unknown_district_or_kind_is_404(client, world, path):
    assert _page(client, world.province_a, reverse("reports:missing_list", args=path)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["?year=abc", "?year=-1", "?year=99999999999999999999", "?page=zzz&year=2569", "?page=99999999"]
)
def test_absurd_parameters_give_a_page(client, world, query):
    assert _page(client, world.province_a, reverse("reports:missing") + query).status_code == 200
    assert (
        _page(
            client, world.province_a, reverse("reports:missing_list", args=["4601", "results"]) + query
        ).status_code
        == 200
    )


def _districts_with_records(world, subs):
    for sub in subs:
        village = _village(sub=sub, number=61, name="บ้านนับ")
        _training(world.office_a, TODAY - datetime.timedelta(days=10), village=village)
        person = make_person(village, next(NUMBERS))
        person.household = Household.objects.create(
            village=_village(sub=sub, number=62, name="บ้านอื่น"), house_number="9", head=person
        )
        person.save()


@pytest.mark.django_db
def test_the_same_number_of_queries_for_2_and_5_districts(world):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            table = selectors.missing_table(user=world.province_a, fiscal_year=YEAR, today=TODAY)
        return len(captured), table

    _districts_with_records(world, ["460201"])
    two, table = queries()
    assert len(table.rows) == 2
    _districts_with_records(world, ["460301", "460401", "460501"])
    five, table = queries()
    assert len(table.rows) == 5 and sum(n for _k, n in table.totals) == 8
    assert two == five == 1 + len(selectors.KINDS)
