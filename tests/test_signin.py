"""Sign-in throttling (django-axes): failures counted in the database per account and per client, on our login
page and the admin's; one Thai lockout page whether or not the account exists; an administrator unlocks."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "มีการเข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป"
WRONG = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


def sign_in(client, username, password, *, ip="10.0.0.1", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


def lockout_text(response):
    html = response.content.decode()
    start = html.index('data-testid="signin-locked"')
    return html[start : html.index("</div>", start)]


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, world):
    for _ in range(30):
        response = sign_in(client, "tao_a", "wrong-password")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    response = sign_in(client, "tao_a", PASSWORD)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)


def test_below_the_limit_the_usual_message_and_the_right_password_works(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "tao_a", "wrong-password")
    assert response.status_code == 200 and WRONG in response.content.decode()
    assert sign_in(client, "tao_a", PASSWORD).status_code == 302 and signed_in(client)


def test_per_account_from_many_clients(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "tao_a", "wrong-password", ip=f"10.0.1.{n + 1}")
    response = sign_in(client, "tao_a", PASSWORD, ip="10.0.2.1")
    assert response.status_code == 429 and not signed_in(client)
    # Another account is not affected.
    assert sign_in(client, "tao_b", PASSWORD, ip="10.0.2.1").status_code == 302 and signed_in(client)


def test_per_client_across_many_usernames(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "wrong-password", ip="10.0.3.1")
    assert sign_in(client, "tao_a", PASSWORD, ip="10.0.3.1").status_code == 429 and not signed_in(client)
    # The same account from another client still signs in.
    assert sign_in(client, "tao_a", PASSWORD, ip="10.0.3.2").status_code == 302 and signed_in(client)


def test_a_forged_forwarded_for_header_does_not_buy_a_fresh_quota(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"guess{n}", "password": "x"},
            REMOTE_ADDR="10.0.4.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        reverse("login"),
        {"username": "tao_a", "password": PASSWORD},
        REMOTE_ADDR="10.0.4.1",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429


def test_the_lockout_page_does_not_reveal_whether_the_account_exists(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        real = sign_in(client, "tao_a", "wrong-password", ip="10.0.5.1")
        unknown = sign_in(client, "nobody_here", "wrong-password", ip="10.0.5.2")
    assert real.status_code == unknown.status_code == 429
    assert lockout_text(real) == lockout_text(unknown)
    assert "tao_a" not in real.content.decode() and "nobody_here" not in unknown.content.decode()


def test_the_admin_login_is_throttled_too(client, world):
    url = reverse("admin:login")
    for _ in range(30):
        sign_in(client, "admin_user", "wrong-password", url=url)
    response = sign_in(client, "admin_user", PASSWORD, url=url)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)


def test_an_administrator_sees_the_lockouts_and_unlocks(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "tao_a", "wrong-password")
    assert sign_in(client, "tao_a", PASSWORD).status_code == 429

    admin = client.__class__()
    admin.force_login(world.admin)
    page = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200 and "tao_a" in page.content.decode()
    assert "การพยายามเข้าสู่ระบบ (ล็อกและปลดล็อก)" in admin.get(reverse("admin:index")).content.decode()

    call_command("axes_reset", verbosity=0)
    assert sign_in(client, "tao_a", PASSWORD).status_code == 302 and signed_in(client)


def test_failures_are_counted_in_the_database(client, world):
    from axes.models import AccessAttempt

    sign_in(client, "tao_a", "wrong-password")
    assert AccessAttempt.objects.filter(username="tao_a", failures_since_start=1).exists()


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_an_enormous_username_is_one_more_failure_not_a_server_error(client, url_name):
    from axes.models import AccessAttempt

    response = client.post(reverse(url_name), {"username": "ก" * 10_000, "password": "x"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "ก" * 150
