"""Area filters step by step, scoped choices, and the office and district columns."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import area_filters
from registry.models import Village
from tests import areas
from tests.factories import tao_office
from tests.groups.helpers import make_group
from tests.registers.helpers import make_person
from tests.training.helpers import new_training

pytestmark = pytest.mark.django_db

PEOPLE = reverse("registry:person_list")
OTHER_DISTRICT_SUB = "460701"  # ต.ยางตลาด, อ.ยางตลาด: a second district of Kalasin


def options(page, name):
    """(value, label) of the select `name`, without its empty choice; None when there is no such select."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if not match:
        return None
    return [
        (v, label.strip())
        for v, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', match.group(1))
    ]


def names(client, url, data=None):
    response = client.get(url, data or {})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def people(world, villages):
    """One person in each village: a1-a3 (office A), neighbour (office A2, same district), b (Chiang Mai), and
    one in a second Kalasin district (its own TAO)."""
    tao_office(OTHER_DISTRICT_SUB)
    villages["yang"] = Village.objects.create(
        sub_district=areas.sub_district(OTHER_DISTRICT_SUB), number=4, name="บ้านยางตลาด"
    )
    return {
        key: make_person(village, n, first_name=f"คน{key}")
        for n, (key, village) in enumerate(sorted(villages.items()), 30)
    }


def test_a_tao_sees_only_its_own_villages_and_no_office_or_district_step(client, world, people, villages):
    client.force_login(world.tao_a)
    page = names(client, PEOPLE)
    assert options(page, "district") is None and options(page, "office") is None
    assert options(page, "sub_district") is None  # one sub-district: nothing to choose
    assert [v for v, _ in options(page, "village")] == [str(villages[k].pk) for k in ("a1", "a2", "a3")]
    assert "คนneighbour" not in page and "คนb" not in page


def test_a_district_officer_filters_by_office_then_village(client, world, people, villages):
    client.force_login(world.district_a)
    page = names(client, PEOPLE)
    assert options(page, "district") is None  # one district in scope
    assert [label for _, label in options(page, "office")] == sorted(
        [world.office_a.name, world.office_a2.name]
    )
    assert "คนyang" not in page and "คนb" not in page
    page = names(client, PEOPLE, {"office": world.office_a2.pk})
    assert "คนneighbour" in page and "คนa1" not in page
    assert (
        options(page, "village") is None and options(page, "sub_district") is None
    )  # one of each: nothing to choose
    page = names(client, PEOPLE, {"office": world.office_a.pk})
    assert [v for v, _ in options(page, "village")] == [str(villages[k].pk) for k in ("a1", "a2", "a3")]


def test_a_provincial_officer_chooses_a_district_first_when_the_lists_are_long(
    client, world, people, villages, monkeypatch
):
    monkeypatch.setattr(area_filters, "MAX_CHOICES", 3)
    client.force_login(world.province_a)
    page = names(client, PEOPLE)
    assert [v for v, _ in options(page, "district")] == ["4601", "4607"]
    assert re.search(r'<select name="village"[^>]*disabled', page) and "เลือกตำบลก่อน" in page
    page = names(client, PEOPLE, {"district": "4607"})
    assert "คนyang" in page and "คนa1" not in page and "คนneighbour" not in page
    page = names(client, PEOPLE, {"district": "4601", "sub_district": "460105"})
    assert [v for v, _ in options(page, "village")] == [str(villages[k].pk) for k in ("a1", "a2", "a3")]
    assert "คนa2" in page and "คนneighbour" not in page


def test_a_stale_or_junk_area_is_dropped_not_an_error(client, world, people, villages):
    client.force_login(world.province_a)
    # ต.460105 is not in อ.ยางตลาด: the sub-district chosen before the district changed is dropped.
    page = names(client, PEOPLE, {"district": "4607", "sub_district": "460105"})
    assert "คนyang" in page and "คนa1" not in page and "invalid-feedback" not in page
    for junk in (
        {"village": "9" * 20},
        {"office": "-1"},
        {"district": "<b>x</b>"},
        {"sub_district": "50"},
        {"village": str(villages["b"].pk)},
    ):
        page = names(client, PEOPLE, junk)
        assert "คนa1" in page and "คนb" not in page and "<b>x</b>" not in page


def test_area_changes_ask_the_list_again_with_htmx(client, world, people):
    client.force_login(world.district_a)
    page = names(client, PEOPLE)
    select = re.search(r'<select name="office"[^>]*>', page).group(0)
    assert f'hx-get="{PEOPLE}"' in select and 'hx-select="[data-area-filter]"' in select
    assert 'hx-select-oob="#list-results"' in select
    assert "data-area-filter" in page and 'id="list-results"' in page


def test_people_list_shows_office_and_district_to_district_officers_only(client, world, people):
    def table(page):
        return page[page.index("<table") : page.index("</table>")]

    client.force_login(world.district_a)
    rows = table(names(client, PEOPLE))
    assert world.office_a.name in rows and world.office_a2.name in rows and "เมืองกาฬสินธุ์" in rows
    client.force_login(world.tao_a)
    rows = table(names(client, PEOPLE))
    assert "คนa1" in rows and world.office_a.name not in rows and "เมืองกาฬสินธุ์" not in rows


@pytest.fixture
def trainings_and_groups(world, villages, catalogue):
    made = {
        "training_a": new_training(world.office_a, topic="การทอผ้าไหมมัดหมี่"),
        "training_a2": new_training(world.office_a2, village=villages["neighbour"], topic="การทำปลาส้ม"),
        "group_a": make_group(world.tao_a, world.office_a, name="กลุ่มทอผ้าบ้านหนองบัว"),
    }
    return made


@pytest.mark.parametrize(
    "url, own, other",
    [
        ("training:training_list", "การทอผ้าไหมมัดหมี่", "การทำปลาส้ม"),
        ("groups:group_list", "กลุ่มทอผ้าบ้านหนองบัว", None),
    ],
)
def test_training_and_group_lists_show_and_filter_by_office(
    client, world, trainings_and_groups, url, own, other
):
    client.force_login(world.district_a)
    page = names(client, reverse(url))
    assert re.search(rf'data-testid="office">{re.escape(world.office_a.name)}<', page)
    assert re.search(r'data-testid="district">เมืองกาฬสินธุ์<', page)
    assert [label for _, label in options(page, "office")] == sorted(
        [world.office_a.name, world.office_a2.name]
    )
    page = names(client, reverse(url), {"office": world.office_a2.pk})
    assert own not in page and (other is None or other in page)
    client.force_login(world.tao_a)
    page = names(client, reverse(url))
    assert 'data-testid="office"' not in page and options(page, "office") is None


@pytest.mark.parametrize("url", ["training:training_list", "groups:group_list", "registry:person_list"])
def test_lists_with_area_steps_read_a_fixed_number_of_queries(client, world, villages, catalogue, url):
    client.force_login(world.district_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url)).status_code == 200
        return len(ctx)

    new_training(world.office_a)
    make_group(world.tao_a, world.office_a, name="กลุ่มที่หนึ่ง", members=1)
    before = count()
    for n in range(4):
        new_training(world.office_a2, village=villages["neighbour"])
        make_group(world.tao_a, world.office_a, name=f"กลุ่มที่{n + 2}", members=1)
    assert count() == before
