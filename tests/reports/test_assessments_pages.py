"""The sufficiency-village pages: the village's two rounds side by side, the form of a round (one page, all or
nothing), the district's list with its filters, the plan, and the panel on the registry's village page; scope
and change rights with the shared helpers of tests/scoping.py."""

import html
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from reports.models import Answer, Assessment, PlanItem
from reports.policies.assessments import DISTRICT_ONLY
from tests.reports.helpers import ROUND_1_ON, ROUND_2_ON, YEAR, criteria, post_data, record, village
from tests.scoping import assert_refused, assert_refused_for, assert_scoped

VISIBLE = ["tao_a", "district_a", "province_a", "admin"]
HIDDEN = ["tao_a2", "tao_b", "province_b"]


def _text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def assessed(world):
    """A village of office A with both rounds: 12 indicators passed before the training, 18 after."""
    place = village(world)
    first = record(world.district_a, place, passed=12)
    second = record(world.district_a, place, round_number=2, passed=18)
    return place, first, second


def _village_url(place, year=YEAR):
    return f"{reverse('reports:sufficiency_village', args=[place.pk])}?year={year}"


def _record_url(place, round_number=1, year=YEAR):
    return f"{reverse('reports:sufficiency_record', args=[place.pk])}?year={year}&round={round_number}"


def test_every_page_is_scoped(client, world, assessed):
    place, first, _second = assessed
    assert_scoped(
        client, _village_url(place), visible_to=VISIBLE, hidden_from=HIDDEN, world=world, contains=place.name
    )
    assert_scoped(
        client,
        reverse("reports:sufficiency_plan", args=[first.pk]),
        visible_to=VISIBLE,
        hidden_from=HIDDEN,
        world=world,
    )
    assert_scoped(
        client, _record_url(place), visible_to=["district_a", "admin"], hidden_from=HIDDEN, world=world
    )
    for name in VISIBLE + HIDDEN:
        client.force_login(world.users()[name])
        listed = (
            f'data-village="{place.pk}"'
            in client.get(reverse("reports:sufficiency_list") + f"?year={YEAR}").content.decode()
        )
        assert listed == (name in VISIBLE), name


def test_reading_users_are_refused_the_form_with_the_reason(client, world, assessed):
    place, first, _second = assessed
    assert_refused_for(client, _record_url(place), refused_to=["tao_a", "province_a"], world=world)
    assert_refused_for(
        client,
        _record_url(place),
        refused_to=["tao_a", "province_a"],
        world=world,
        method="post",
        data=post_data(criteria(), 23),
    )
    assert_refused_for(
        client,
        reverse("reports:sufficiency_plan", args=[first.pk]),
        refused_to=["tao_a"],
        world=world,
        method="post",
        data={"activity": "ปลูกผักสวนครัว"},
    )
    client.force_login(world.tao_a)
    response = client.get(_record_url(place))
    assert_refused(response, DISTRICT_ONLY)
    page = _text(client.get(_village_url(place)))
    assert str(DISTRICT_ONLY) in page and 'data-testid="record-1"' not in page
    first.refresh_from_db()
    assert first.answers.filter(passed=True).count() == 12


def test_the_village_page_shows_both_rounds_side_by_side(client, world, assessed):
    place, _first, _second = assessed
    client.force_login(world.province_a)
    page = _text(client.get(_village_url(place)))
    assert "พออยู่ พอกิน" in page and "อยู่ดี กินดี" in page  # round 1: 12 passed, round 2: 18 passed
    assert 'data-testid="passed-1">12 / 23' in page and 'data-testid="passed-2">18 / 23' in page
    assert (
        page.count('data-change="gained"') == 12
    )  # once in the table, once for narrow screens: 6 indicators
    assert page.count('data-change="lost"') == 0
    assert "ผ่านเพิ่ม 6 ตัวชี้วัด" in page
    assert page.count("data-indicator=") == 23


def test_the_district_officer_records_a_round_on_one_page(client, world):
    place = village(world)
    client.force_login(world.district_a)
    form = client.get(_record_url(place))
    assert form.status_code == 200 and _text(form).count('type="radio"') == 46
    response = client.post(_record_url(place), post_data(criteria(), 17))
    assert response.status_code == 302 and response["Location"] == _village_url(place)
    assessment = Assessment.objects.get()
    assert (assessment.round, assessment.fiscal_year, assessment.assessed_on) == (1, YEAR, ROUND_1_ON)
    assert assessment.answers.filter(passed=True).count() == 17
    assert "อยู่ดี กินดี" in _text(client.get(_village_url(place)))
    # the form of a recorded round shows its answers, to correct them
    again = _text(client.get(_record_url(place)))
    assert again.count("checked") == 23


def test_round_2_before_round_1_is_refused_on_the_page(client, world):
    place = village(world)
    client.force_login(world.district_a)
    response = client.post(_record_url(place, 2), post_data(criteria(), 23, on=ROUND_2_ON))
    assert response.status_code == 400 and "บันทึกครั้งที่ 1" in _text(response)
    assert not Assessment.objects.exists()
    record(world.district_a, place, passed=12)
    response = client.post(_record_url(place, 2), post_data(criteria(), 23, on=ROUND_1_ON.replace(day=1)))
    assert response.status_code == 400 and "ก่อนการประเมินครั้งที่ 1" in _text(response)
    assert Assessment.objects.count() == 1


def test_an_indicator_answered_twice_on_the_form_saves_nothing(client, world):
    place = village(world)
    client.force_login(world.district_a)
    data = post_data(criteria(), 12)
    name = f"answer_{criteria().indicators.get(number=8).pk}"
    body = urlencode([*data.items(), (name, "0")])  # indicator 8 answered "passed" and "not passed"
    response = client.post(_record_url(place), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "ตัวชี้วัดที่ 8 ถูกตอบสองครั้ง" in _text(response)
    assert not Assessment.objects.exists() and not Answer.objects.exists()


@pytest.mark.parametrize("change", ["missing", "junk", "no_date", "bad_date", "long_note"])
def test_bad_input_is_a_thai_message_and_nothing_is_saved(client, world, change):
    place = village(world)
    client.force_login(world.district_a)
    data = post_data(criteria(), 12)
    first = criteria().indicators.get(number=1).pk
    if change == "missing":
        del data[f"answer_{first}"]
    elif change == "junk":
        data[f"answer_{first}"] = "ใช่"
    elif change == "no_date":
        data["assessed_on"] = ""
    elif change == "bad_date":
        data["assessed_on"] = "31/02/2569"
    else:
        data[f"note_{first}"] = "ก" * 501
    response = client.post(_record_url(place), data)
    assert response.status_code == 400 and "ยังไม่ได้บันทึก" in _text(response)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("query", ["?year=abc&round=9", "?year=99999999999999999999&round=-1", "?round=2"])
def test_junk_year_or_round_falls_back_to_the_defaults(client, world, query):
    place = village(world)
    client.force_login(world.district_a)
    for url in (
        reverse("reports:sufficiency_village", args=[place.pk]),
        reverse("reports:sufficiency_record", args=[place.pk]),
        reverse("reports:sufficiency_list"),
    ):
        assert client.get(url + query).status_code == 200


def test_the_list_filters_by_year_round_level_and_missing_round(
    client, world, assessed, django_assert_max_num_queries
):
    place, _first, _second = assessed
    only_first = village(world, number=12, name="บ้านโคกสูง")
    record(world.district_a, only_first, passed=23)
    nothing = village(world, number=13, name="บ้านดอนแดง")
    client.force_login(world.district_a)
    url = reverse("reports:sufficiency_list")

    def listed(query):
        body = client.get(url + query).content.decode()
        return {v.pk for v in (place, only_first, nothing) if f'data-village="{v.pk}"' in body}

    assert listed(f"?year={YEAR}") == {place.pk, only_first.pk, nothing.pk}
    assert listed(f"?year={YEAR}&round=2") == {place.pk}
    assert listed(f"?year={YEAR}&round=1&level=sufficient") == {place.pk}
    assert listed(f"?year={YEAR}&level=prosperous") == {only_first.pk}  # its latest round
    assert listed(f"?year={YEAR}&level=well") == {place.pk}
    assert listed(f"?year={YEAR}&missing=1") == {nothing.pk}
    assert listed(f"?year={YEAR}&missing=2") == {only_first.pk, nothing.pk}
    assert listed(f"?year={YEAR - 1}&missing=any") == {place.pk, only_first.pk, nothing.pk}
    page = _text(client.get(url + f"?year={YEAR}"))
    assert 'data-level-count="1-sufficient">1<' in page and 'data-level-count="1-prosperous">1<' in page
    assert "บันทึกแล้ว 2 หมู่บ้าน ยังไม่มีการประเมินครั้งนี้ 1 หมู่บ้าน" in page
    for number in range(14, 30):
        record(world.district_a, village(world, number=number, name=f"บ้านที่ {number}"), passed=number - 6)
    with django_assert_max_num_queries(16):
        client.get(url + f"?year={YEAR}")


def test_the_plan_page_adds_and_removes_items(client, world, assessed):
    place, first, second = assessed
    url = reverse("reports:sufficiency_plan", args=[first.pk])
    client.force_login(world.district_a)
    indicator = criteria().indicators.get(number=8)
    response = client.post(
        url,
        {
            "activity": "ส่งเสริมการปลูกผักสวนครัวทุกครัวเรือน",
            "indicator": indicator.pk,
            "responsible": "อสม. และคณะกรรมการหมู่บ้าน",
            "due_on": "15/06/2569",
        },
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.indicator == indicator and item.created_by == world.district_a
    assert "ส่งเสริมการปลูกผักสวนครัว" in _text(client.get(_village_url(place)))
    bad = client.post(url, {"activity": "", "indicator": "99999999999999999999999"})
    assert bad.status_code == 400 and PlanItem.objects.count() == 1
    client.post(url, {"remove": "abc"})
    assert PlanItem.objects.count() == 1
    client.post(url, {"remove": item.pk})
    assert not PlanItem.objects.exists()
    # the plan belongs to round 1: round 2 has no plan page
    assert client.get(reverse("reports:sufficiency_plan", args=[second.pk])).status_code == 404


def test_the_registry_village_page_links_to_the_assessment(client, world, assessed):
    place, _first, _second = assessed
    client.force_login(world.tao_a)
    page = _text(client.get(reverse("registry:village_detail", args=[place.pk])))
    assert 'data-testid="village-sufficiency"' in page and _village_url(place) in page
    assert "อยู่ดี กินดี" in page


def test_the_navigation_has_the_section(client, world):
    client.force_login(world.tao_a)
    page = _text(client.get(reverse("home")))
    assert "หมู่บ้านเศรษฐกิจพอเพียง" in page and reverse("reports:sufficiency_list") in page


def test_the_village_page_costs_a_fixed_number_of_queries(
    client, world, assessed, django_assert_max_num_queries
):
    """Both rounds, 23 indicators, the levels and the plan: a fixed number of queries, not one per row."""
    place, first, _second = assessed
    from reports.services import assessments as services

    for n in range(5):
        services.plan_item_add(
            user=world.district_a,
            assessment=first,
            activity=f"กิจกรรมที่ {n + 1}",
            indicator=criteria().indicators.get(number=n + 1),
        )
    client.force_login(world.district_a)
    with django_assert_max_num_queries(10):
        assert client.get(_village_url(place)).status_code == 200
