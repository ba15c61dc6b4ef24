"""Login, home pages per role, navigation, health check, about page."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests import areas
from tests.factories import PASSWORD, VillageFactory
from tests.scoping import ScopeWorld

pytestmark = pytest.mark.django_db


def test_login_does_not_reveal_whether_a_username_exists(client, world):
    login = reverse("login")
    wrong_password = client.post(login, {"username": "tao_a", "password": "wrong-password"})
    no_such_user = client.post(login, {"username": "nobody_here", "password": "wrong-password"})
    assert wrong_password.status_code == no_such_user.status_code == 200
    message = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    assert message in wrong_password.content.decode()
    assert wrong_password.context["form"].errors == no_such_user.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_login_lands_on_the_thai_home_page_of_the_office(client, world):
    VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A), number=1)
    response = client.post(reverse("login"), {"username": "tao_a", "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "องค์การบริหารส่วนตำบลลำปาว" in page
    assert "ปีงบประมาณ" in page and "พ.ศ." in page
    assert response.context["summary"]["village_count"] == 1


def test_home_per_role(client, world):
    VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A), number=1)
    VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_B), number=1)
    client.force_login(world.province_a)
    page = client.get(reverse("home")).content.decode()
    assert "อำเภอในจังหวัด" in page and "เมืองกาฬสินธุ์" in page
    assert "เมืองเชียงใหม่" not in page
    client.force_login(world.district_a)
    page = client.get(reverse("home")).content.decode()
    assert "องค์การบริหารส่วนตำบลลำปาว" in page and "องค์การบริหารส่วนตำบลโพนทอง" in page
    assert "ช้างคลาน" not in page
    client.force_login(world.admin)
    page = client.get(reverse("home")).content.decode()
    assert "จัดการหน่วยงานและผู้ใช้" in page


def test_home_page_query_count_is_fixed(client, world, django_assert_max_num_queries):
    for number in range(1, 11):
        VillageFactory(sub_district=areas.sub_district(ScopeWorld.SUB_A), number=number)
    for user in (world.tao_a, world.district_a, world.province_a, world.admin):
        client.force_login(user)
        with django_assert_max_num_queries(15):  # one COUNT per register, whatever the data
            assert client.get(reverse("home")).status_code == 200


def test_navigation_shows_only_pages_that_exist_and_the_role_may_use(client, world):
    client.force_login(world.tao_a)
    nav = client.get(reverse("home")).context["navigation"]
    labels = [item["label"] for section in nav for item in section["items"]]
    assert "หมู่บ้าน" in labels
    # Each installed app's own section (reports: the plans and sufficiency villages).
    assert [section["label"] for section in nav] == [
        "ทะเบียน",
        "ฝึกอบรม",
        "กลุ่มอาชีพ",
        "คำขอรับการสนับสนุน",
        "แผนและรายงาน",
    ]
    groups = [item["label"] for section in nav for item in section["items"] if section["label"] == "กลุ่มอาชีพ"]
    assert groups == ["รายชื่อกลุ่มอาชีพ", "จัดตั้งกลุ่มใหม่", "กลุ่มที่ถึงกำหนดเยี่ยม"]
    client.force_login(world.province_a)  # reads groups; neither creates them nor visits
    nav = client.get(reverse("home")).context["navigation"]
    assert [i["label"] for s in nav for i in s["items"] if s["label"] == "กลุ่มอาชีพ"] == ["รายชื่อกลุ่มอาชีพ"]
    client.force_login(world.tao_a)
    assert "ผู้ดูแลระบบ" not in client.get(reverse("home")).content.decode()
    client.force_login(world.admin)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_password_change_in_thai(client, world):
    client.force_login(world.tao_a)
    page = client.get(reverse("password_change")).content.decode()
    assert "เปลี่ยนรหัสผ่าน" in page and "รหัสผ่านเก่า" in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ลำปาว-ใหม่-2569",
            "new_password2": "ลำปาว-ใหม่-2569",
        },
        follow=True,
    )
    assert "เปลี่ยนรหัสผ่านของท่านเรียบร้อยแล้ว" in response.content.decode()
    world.tao_a.refresh_from_db()
    assert world.tao_a.check_password("ลำปาว-ใหม่-2569")


def test_logout_needs_post_and_ends_the_session(client, world):
    client.force_login(world.tao_a)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_english_is_available(client, world):
    client.force_login(world.tao_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Areas of your office" in client.get(reverse("home")).content.decode()


def test_healthz_ok_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_does_not_answer(client):
    with mock.patch("registry.views.shell.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_about_page_credits_geothai(client):
    page = client.get(reverse("about")).content.decode()
    assert "GeoThai" in page and "Creative Commons Attribution 4.0" in page


def test_admin_manages_offices_and_users_in_thai(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("admin:registry_office_changelist")).content.decode()
    assert "องค์การบริหารส่วนตำบลลำปาว" in page
    assert client.get(reverse("admin:registry_user_add")).status_code == 200
    client.force_login(world.tao_a)
    assert client.get(reverse("admin:index")).status_code == 302  # not staff: back to the admin login


def test_user_role_must_fit_the_office(world):
    from django.core.exceptions import ValidationError

    from registry.scoping import Role

    world.tao_a.role = Role.PROVINCE_OFFICER
    with pytest.raises(ValidationError) as exc:
        world.tao_a.full_clean()
    assert "หน่วยงานไม่ตรงกับบทบาท" in str(exc.value)


def test_thai_is_the_default_whatever_the_browser_asks(client, world):
    client.force_login(world.tao_a)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "พื้นที่รับผิดชอบของหน่วยงาน" in page
