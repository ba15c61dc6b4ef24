"""The administrator's user form (Django admin): whatever is sent for the office, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

JUNK_OFFICES = ["abc", "99999999999999999999", "-1", "1.5", "<script>", "0x10", " ", "9" * 400]


def user_form_data(user, office):
    return {
        "username": user.username,
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "email": "",
        "position": "",
        "office": office,
        "role": user.role,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "00:00:00",
    }


@pytest.mark.parametrize("office", JUNK_OFFICES)
def test_a_junk_office_in_the_user_form_gets_a_thai_message(client, world, office):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:registry_user_change", args=[world.tao_a.pk]), user_form_data(world.tao_a, office)
    )
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()  # Django's own "Select a valid choice", in Thai
    world.tao_a.refresh_from_db()
    assert world.tao_a.office == world.office_a


@pytest.mark.parametrize("office", JUNK_OFFICES)
def test_a_junk_office_in_the_new_user_form_gets_a_thai_message(client, world, office):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:registry_user_add"),
        {
            "username": "new_officer",
            "password1": "a-long-Password-2569",
            "password2": "a-long-Password-2569",
            "first_name": "สมศรี",
            "last_name": "ใจดี",
            "office": office,
            "role": world.tao_a.role,
        },
    )
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()


@pytest.mark.parametrize("term", ["abc", "99999999999999999999", "'", "%", "9" * 400])
def test_the_office_autocomplete_answers_any_search(client, world, term):
    client.force_login(world.admin)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": "user", "field_name": "office", "term": term},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("junk", JUNK_OFFICES)
def test_junk_in_the_office_and_village_forms_autocompletes_gets_a_thai_message(client, world, junk):
    client.force_login(world.admin)
    office = client.post(
        reverse("admin:registry_office_add"),
        {
            "code": "6469999",
            "name": "อบต.ทดสอบ",
            "kind": "tao",
            "province": junk,
            "district": junk,
            "sub_districts": [junk],
            "is_active": "on",
        },
    )
    village = client.post(
        reverse("admin:registry_village_add"), {"sub_district": junk, "number": "3", "name": "บ้านทดสอบ"}
    )
    for response in (office, village):
        assert response.status_code == 200
        assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()


def test_the_user_forms_still_show_an_empty_and_a_chosen_office(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("admin:registry_user_add")).status_code == 200
    page = client.get(reverse("admin:registry_user_change", args=[world.tao_a.pk])).content.decode()
    assert f'<option value="{world.office_a.pk}" selected>{world.office_a}</option>' in page
