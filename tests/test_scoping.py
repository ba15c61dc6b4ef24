"""Area scoping for villages, as every later register will be tested (tests/scoping.py)."""

import pytest
from django.urls import reverse

from registry.models import SubDistrict, Village
from registry.scoping import Action
from tests import areas
from tests.factories import VillageFactory
from tests.scoping import ScopeWorld, assert_refused_for, assert_scoped

pytestmark = pytest.mark.django_db


@pytest.fixture
def villages(world):
    return {
        "a": VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A), number=1, name="บ้านดอนสวรรค์"),
        "a2": VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A2), number=1, name="บ้านโพนทอง"),
        "b": VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_B), number=3, name="บ้านช้างคลาน"),
    }


def test_village_querysets_per_role(world, villages):
    def codes(user, action=Action.VIEW):
        return set(Village.objects.for_user(user, action).values_list("code", flat=True))

    a, a2, b = villages["a"].code, villages["a2"].code, villages["b"].code
    assert codes(world.tao_a) == {a}
    assert codes(world.tao_b) == {b}
    assert codes(world.district_a) == {a, a2}
    assert codes(world.province_a) == {a, a2}
    assert codes(world.province_b) == {b}
    assert codes(world.admin) == {a, a2, b}
    # Only TAO staff (their own areas) and admins may change; officers read.
    assert codes(world.tao_a, Action.CHANGE) == {a}
    assert codes(world.district_a, Action.CHANGE) == set()
    assert codes(world.province_a, Action.CHANGE) == set()


def test_anonymous_and_inactive_users_see_nothing(world, villages):
    from django.contrib.auth.models import AnonymousUser

    assert not Village.objects.for_user(AnonymousUser()).exists()
    world.tao_a.is_active = False
    assert not Village.objects.for_user(world.tao_a).exists()


def test_village_detail_is_404_outside_scope(client, world, villages):
    assert_scoped(
        client,
        reverse("registry:village_detail", args=[villages["a"].pk]),
        world=world,
        visible_to=["tao_a", "district_a", "province_a", "admin"],
        hidden_from=["tao_a2", "tao_b", "province_b"],
        contains="บ้านดอนสวรรค์",
    )
    assert_scoped(
        client,
        reverse("registry:village_detail", args=[villages["b"].pk]),
        world=world,
        visible_to=["tao_b", "province_b", "admin"],
        hidden_from=["tao_a", "tao_a2", "district_a", "province_a"],
        contains="บ้านช้างคลาน",
    )


def test_village_edit_and_delete_are_404_for_other_areas_and_refused_with_a_reason_to_readers(
    client, world, villages
):
    for name in ("update", "delete"):
        url = reverse(f"registry:village_{name}", args=[villages["a"].pk])
        assert_scoped(
            client,
            url,
            world=world,
            visible_to=["tao_a", "admin"],
            hidden_from=["tao_a2", "tao_b", "province_b"],
        )
        assert_refused_for(client, url, refused_to=["district_a", "province_a"], world=world)


def test_provincial_officer_lists_every_village_of_the_province_and_none_other(client, world, villages):
    for number in range(2, 6):
        VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A2), number=number)
    client.force_login(world.province_a)
    page = client.get(reverse("registry:village_list")).content.decode()
    expected = Village.objects.filter(province_id="46")
    assert expected.count() == 6
    for village in expected:
        assert village.code in page
    assert villages["b"].code not in page and "บ้านช้างคลาน" not in page


def test_list_filters_cannot_reach_outside_scope(client, world, villages):
    client.force_login(world.tao_a)
    page = client.get(reverse("registry:village_list"), {"sub_district": ScopeWorld.SUB_B}).content.decode()
    assert villages["b"].code not in page


def test_sub_district_scope(world):
    assert set(SubDistrict.objects.for_user(world.tao_a, Action.CHANGE).values_list("code", flat=True)) == {
        ScopeWorld.SUB_A
    }
    assert set(SubDistrict.objects.for_user(world.province_b).values_list("code", flat=True)) == {
        ScopeWorld.SUB_B
    }


def test_village_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    sub = areas.sub_district(ScopeWorld.SUB_A)
    for number in range(1, 31):
        VillageFactory(sub_district=sub, number=number)
    client.force_login(world.tao_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registry:village_list"))
    assert len(response.context["object_list"]) == 25
