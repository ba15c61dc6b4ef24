"""Is the province ready? The four gaps counted per province in the database, the list behind each count, and
who sees which province (an administrator every one, a provincial officer their own, nobody else)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry import readiness
from registry.models import Household
from tests import areas
from tests.factories import UserFactory, VillageFactory, tao_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    """Kalasin, being set up: one office without users, two sub-districts nobody covers (one only by an
    inactive office), one abolished sub-district (not counted), one village of two without households, and
    users who never signed in. Chiang Mai: its own gaps, never counted in Kalasin's."""
    lonely = tao_office("460101")
    areas.sub_district("460102")
    closed = tao_office("460104")
    closed.is_active = False
    closed.save()
    abolished = areas.sub_district("460103")
    abolished.abolished_on = datetime.date(2560, 1, 1)
    abolished.save()
    with_household = VillageFactory(sub_district=areas.sub_district("460105"), number=1)
    without = VillageFactory(sub_district=areas.sub_district("460105"), number=2)
    Household.objects.create(village=with_household, house_number="12/1")
    VillageFactory(sub_district=areas.sub_district("500105"), number=1)  # Chiang Mai, no household
    UserFactory(username="gone", office=world.office_a, is_active=False)  # inactive: not counted
    UserFactory(username="closed_user", office=closed)  # keeps the closed office out of "without users"
    # tao_a has signed in before; the other Kalasin users (tao_a2, district_a, province_a, closed_user) never
    # have.
    type(world.tao_a).objects.filter(pk=world.tao_a.pk).update(last_login=timezone.now())
    return {"lonely": lonely, "without": without, "closed": closed}


def counts_of(rows):
    return {row.province.code: {gap.code: n for gap, n in row.counts} for row in rows}


def test_the_counts_per_province(world, setup, django_assert_num_queries):
    with django_assert_num_queries(5):  # the provinces, then one GROUP BY per gap
        rows = readiness.readiness_table(user=world.admin)
    assert counts_of(rows) == {
        "46": {"offices": 1, "sub_districts": 2, "villages": 1, "users": 4},
        "50": {"offices": 0, "sub_districts": 0, "villages": 1, "users": 2},
    }
    assert not any(row.ready for row in rows)


def test_each_list_holds_exactly_what_its_count_counts(world, setup):
    kalasin = areas.province("46")
    listed = {gap.code: list(readiness.gap_records(gap=gap, province=kalasin)) for gap in readiness.GAPS}
    assert listed["offices"] == [setup["lonely"]]
    assert [s.code for s in listed["sub_districts"]] == ["460102", "460104"]
    assert listed["villages"] == [setup["without"]]
    assert {u.username for u in listed["users"]} == {"tao_a2", "district_a", "province_a", "closed_user"}


def test_a_ready_province_counts_nothing(world):
    chiang_mai = counts_of(readiness.readiness_table(user=world.admin))["50"]
    for user in (world.tao_b, world.province_b):
        type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
    row = next(r for r in readiness.readiness_table(user=world.admin) if r.province.code == "50")
    assert chiang_mai["users"] == 2 and row.ready


def test_the_page_links_each_count_to_its_list(client, world, setup):
    client.force_login(world.admin)
    page = client.get(reverse("registry:readiness")).content.decode()
    for gap in ("offices", "sub_districts", "villages"):
        assert f'href="{reverse("registry:readiness_list", args=["46", gap])}"' in page
    response = client.get(reverse("registry:readiness_list", args=["46", "sub_districts"]))
    text = response.content.decode()
    assert response.status_code == 200
    assert areas.sub_district("460102").path_label() in text
    assert "(460103)" not in text and "(460105)" not in text
    # The administrator gets the admin's page of each record, to fix it there.
    assert reverse("admin:registry_subdistrict_change", args=["460102"]) in text


def test_linked_from_the_admin_index_and_the_home_page(client, world):
    client.force_login(world.admin)
    url = reverse("registry:readiness")
    assert f'href="{url}"' in client.get(reverse("admin:index")).content.decode()
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    client.force_login(world.province_a)
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()


def test_a_provincial_officer_sees_only_their_province_read_only(client, world, setup):
    client.force_login(world.province_a)
    page = client.get(reverse("registry:readiness")).content.decode()
    assert 'data-province="46"' in page and 'data-province="50"' not in page
    response = client.get(reverse("registry:readiness_list", args=["46", "villages"]))
    assert response.status_code == 200
    assert "/admin/" not in response.content.decode().split('data-testid="readiness-list"')[1]
    for gap in ("offices", "sub_districts", "villages", "users"):
        assert client.get(reverse("registry:readiness_list", args=["50", gap])).status_code == 404


@pytest.mark.parametrize("name", ["tao_a", "tao_b", "district_a"])
def test_other_roles_are_refused_with_the_reason(client, world, name):
    client.force_login(getattr(world, name))
    for url in (reverse("registry:readiness"), reverse("registry:readiness_list", args=["46", "villages"])):
        response = client.get(url)
        assert response.status_code == 403
        assert "เฉพาะผู้ดูแลระบบหรือเจ้าหน้าที่จังหวัด" in response.content.decode()


def test_unknown_provinces_and_gaps_are_not_found(client, world):
    client.force_login(world.admin)
    for province, gap in (("99", "villages"), ("46", "nothing"), ("x" * 300, "users")):
        assert client.get(reverse("registry:readiness_list", args=[province, gap])).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("registry:readiness"))
    assert response.status_code == 302 and reverse("login") in response.url
