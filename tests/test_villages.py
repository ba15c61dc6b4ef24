"""TAO staff keep the villages of their own sub-districts; bad input gets a Thai message, saves nothing."""

import pytest
from django.urls import reverse

from registry.models import Village
from tests import areas
from tests.factories import VillageFactory
from tests.scoping import ScopeWorld

pytestmark = pytest.mark.django_db


def test_tao_staff_adds_a_village_with_its_8_digit_code(client, world):
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:village_create"),
        {"sub_district": ScopeWorld.SUB_A, "number": "7", "name": "บ้านโคกสี"},
        follow=True,
    )
    village = Village.objects.get()
    assert (village.code, village.district_id, village.province_id) == ("46010507", "4601", "46")
    assert "บันทึกหมู่บ้านแล้ว" in response.content.decode()


def test_village_number_that_already_exists_in_the_sub_district(client, world):
    VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A), number=4, name="บ้านหนองแวง")
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:village_create"), {"sub_district": ScopeWorld.SUB_A, "number": "4", "name": "บ้านซ้ำ"}
    )
    assert response.status_code == 200
    assert "หมู่ที่นี้มีอยู่แล้วในตำบลนี้" in response.content.decode()
    assert Village.objects.count() == 1


def test_village_in_a_sub_district_outside_the_office(client, world):
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:village_create"),
        {"sub_district": ScopeWorld.SUB_B, "number": "1", "name": "บ้านนอกเขต"},
    )
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not Village.objects.exists()


def test_service_refuses_a_sub_district_outside_the_office_even_without_the_form(world):
    from django.core.exceptions import ValidationError

    from registry.services.areas import village_save

    with pytest.raises(ValidationError) as exc:
        village_save(
            user=world.tao_a,
            village=Village(sub_district=areas.sub_district(ScopeWorld.SUB_B), number=1, name="บ้านนอกเขต"),
        )
    assert "ไม่อยู่ในความรับผิดชอบ" in str(exc.value)
    assert not Village.objects.exists()


def test_village_number_out_of_range(client, world):
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:village_create"),
        {"sub_district": ScopeWorld.SUB_A, "number": "120", "name": "บ้านเกิน"},
    )
    assert "99" in response.content.decode()
    assert not Village.objects.exists()


def test_moving_a_village_keeps_codes_in_step(client, world):
    world.office_a.sub_districts.add(areas.sub_district(ScopeWorld.SUB_A2))
    village = VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A), number=2)
    client.force_login(world.tao_a)
    client.post(
        reverse("registry:village_update", args=[village.pk]),
        {"sub_district": ScopeWorld.SUB_A2, "number": "5", "name": village.name},
    )
    village.refresh_from_db()
    assert village.code == "46011905"


@pytest.mark.parametrize("user", ["district_a", "province_a"])
def test_officers_cannot_add_villages(client, world, user):
    client.force_login(getattr(world, user))
    assert client.get(reverse("registry:village_create")).status_code == 403
    client.post(
        reverse("registry:village_create"), {"sub_district": ScopeWorld.SUB_A, "number": "1", "name": "x"}
    )
    assert not Village.objects.exists()


def test_delete_asks_for_confirmation_then_deletes(client, world):
    village = VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A), number=2)
    client.force_login(world.tao_a)
    assert "ยืนยันการลบ" in client.get(reverse("registry:village_delete", args=[village.pk])).content.decode()
    client.post(reverse("registry:village_delete", args=[village.pk]))
    assert not Village.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("registry:village_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
