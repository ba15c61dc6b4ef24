"""New users set their own password: a printed one-time code (or an e-mailed link), then the set-password page
before anything else. Nobody's password is shown; the code is throttled like a password."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from registry.models import AuditEntry, SignInCode, User
from registry.scoping import Role
from registry.services.signin import signin_link_tokens
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ลำปาว-กาฬสินธุ์-2569"
WRONG = "ชื่อผู้ใช้หรือรหัสเข้าใช้ครั้งแรกไม่ถูกต้อง"
USED = "รหัสนี้ถูกใช้ไปแล้ว"
EXPIRED = "รหัสนี้หมดอายุเมื่อ"
LOCKED = "มีการเข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป"


@pytest.fixture
def newcomer(world):
    """A user created in bulk, without a password, as the setup import creates them."""
    user = User(username="somsri", first_name="สมศรี", last_name="ใจดี", office=world.office_a)
    user.set_unusable_password()
    user.save()
    return user


def print_codes(client, admin, *users) -> dict:
    """The admin action on the user list; returns {username: code} read off the printed sheet."""
    client.force_login(admin)
    response = client.post(
        reverse("admin:registry_user_changelist"),
        {"action": "print_sign_in_codes", "_selected_action": [u.pk for u in users]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    codes = re.findall(r'data-testid="sign-in-code">([A-Z0-9-]+)<', page)
    usernames = [u.username for u in sorted(users, key=lambda u: u.username)]
    client.logout()
    assert len(codes) == len(usernames)
    return dict(zip(usernames, codes, strict=True))


def sign_in_with_code(client, username, code, ip="10.9.0.1"):
    return client.post(reverse("first_sign_in"), {"username": username, "code": code}, REMOTE_ADDR=ip)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_a_printed_code_signs_in_once_then_the_user_sets_a_password(client, world, newcomer):
    code = print_codes(client, world.admin, newcomer)["somsri"]
    row = SignInCode.objects.get(user=newcomer)
    assert (
        code not in row.code_hash and code.replace("-", "") not in row.code_hash
    )  # only a keyed hash stored

    response = sign_in_with_code(client, "somsri", code.lower().replace("-", " "))  # typed loosely from paper
    assert response.status_code == 302 and response.url == reverse("set_password")
    assert signed_in_as(client) == str(newcomer.pk)

    # Every page leads to the set-password page until the password is set.
    for url in (reverse("home"), reverse("registry:village_list"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("set_password"), url
    assert client.post(reverse("registry:village_create"), {}).url == reverse("set_password")
    page = client.get(reverse("set_password")).content.decode()
    assert "ตั้งรหัสผ่านของคุณ" in page

    response = client.post(
        reverse("set_password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200  # free to go, still signed in
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD) and not newcomer.needs_password

    # The code was spent: a second use is refused, with the reason told to its holder.
    client.logout()
    response = sign_in_with_code(client, "somsri", code)
    assert response.status_code == 200 and USED in response.content.decode()
    assert not signed_in_as(client)
    # The password works on the usual page.
    assert client.post(reverse("login"), {"username": "somsri", "password": NEW_PASSWORD}).status_code == 302


def test_a_wrong_code_or_username_gets_the_same_thai_words(client, world, newcomer):
    code = print_codes(client, world.admin, newcomer)["somsri"]
    for username, typed in (("somsri", "AAAAA-BBBBB"), ("nobody", code), ("somsri", "")):
        response = sign_in_with_code(client, username, typed)
        assert response.status_code == 200 and not signed_in_as(client)
        page = response.content.decode()
        assert (WRONG in page) if typed else ("ฟิลด์นี้จำเป็น" in page or "จำเป็น" in page)
        assert USED not in page and EXPIRED not in page


def test_an_expired_code_is_refused_with_its_date(client, world, newcomer):
    code = print_codes(client, world.admin, newcomer)["somsri"]
    SignInCode.objects.filter(user=newcomer).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = sign_in_with_code(client, "somsri", code)
    assert response.status_code == 200 and EXPIRED in response.content.decode()
    assert not signed_in_as(client)


def test_a_code_is_valid_for_the_configured_days(client, world, newcomer):
    print_codes(client, world.admin, newcomer)
    row = SignInCode.objects.get(user=newcomer)
    assert row.expires_at - row.issued_at == timedelta(days=settings.SIGNIN_CODE_DAYS)


def test_printing_again_makes_new_codes_and_the_old_ones_stop_working(client, world, newcomer):
    other = UserFactory(username="malee", office=world.office_a)
    first = print_codes(client, world.admin, newcomer, other)
    second = print_codes(client, world.admin, newcomer)
    assert first["somsri"] != second["somsri"]
    response = sign_in_with_code(client, "somsri", first["somsri"])
    assert response.status_code == 200 and WRONG in response.content.decode()
    assert sign_in_with_code(client, "somsri", second["somsri"]).status_code == 302
    # The other user's code of the first sheet still works: only reprinted users' codes are replaced.
    client.logout()
    assert sign_in_with_code(client, "malee", first["malee"]).status_code == 302


def test_issuing_and_using_a_code_are_in_the_change_log_without_the_code(client, world, newcomer):
    code = print_codes(client, world.admin, newcomer)["somsri"]
    sign_in_with_code(client, "somsri", code)
    client.post(reverse("set_password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    entries = list(AuditEntry.objects.for_object(newcomer).order_by("at", "id"))
    assert [e.user for e in entries] == [world.admin, newcomer, newcomer]
    assert [list(e.changes) for e in entries] == [["sign_in_code"], ["sign_in_code"], ["password"]]
    logged = str([e.changes for e in entries])
    assert code not in logged and NEW_PASSWORD not in logged and "ใช้ได้ถึง" in logged


def test_an_inactive_user_gets_no_code(client, world, newcomer):
    newcomer.is_active = False
    newcomer.save()
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:registry_user_changelist"),
        {"action": "print_sign_in_codes", "_selected_action": [newcomer.pk]},
        follow=True,
    )
    assert "ไม่ได้พิมพ์รหัส" in response.content.decode()
    assert not SignInCode.objects.exists()


def test_a_user_added_in_the_admin_must_set_a_password_and_none_is_shown(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:registry_user_add"),
        {
            "username": "new_officer",
            "usable_password": "false",
            "first_name": "บุญมี",
            "last_name": "ศรีสุข",
            "email": "",
            "office": world.office_a.pk,
            "role": Role.TAO_STAFF,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_officer")
    assert not user.has_usable_password() and user.must_change_password and user.needs_password
    page = client.get(reverse("admin:registry_user_change", args=[user.pk])).content.decode()
    assert "ยังไม่ได้พิมพ์" in page  # the code's state, never a password

    # Typed by the administrator: known to them, so the user replaces it at the first sign-in.
    client.post(
        reverse("admin:registry_user_add"),
        {
            "username": "typed_pw",
            "usable_password": "true",
            "password1": "a-long-Password-2569",
            "password2": "a-long-Password-2569",
            "first_name": "บุญมี",
            "last_name": "ศรีสุข",
            "office": world.office_a.pk,
            "role": Role.TAO_STAFF,
        },
    )
    typed = User.objects.get(username="typed_pw")
    assert typed.must_change_password
    client.logout()
    assert (
        client.post(
            reverse("login"), {"username": "typed_pw", "password": "a-long-Password-2569"}
        ).status_code
        == 302
    )
    assert client.get(reverse("home")).url == reverse("set_password")


def test_a_user_who_needs_no_new_password_is_sent_to_the_usual_change_page(client, world):
    client.force_login(world.tao_a)
    assert client.get(reverse("set_password")).url == reverse("password_change")
    assert client.get(reverse("home")).status_code == 200


def test_the_login_page_links_to_the_first_sign_in(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("first_sign_in")}"' in page


def test_code_sign_in_is_throttled_like_a_password(client, world, newcomer):
    code = print_codes(client, world.admin, newcomer)["somsri"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_code(client, "somsri", "WRONG-CODE1", ip="10.9.1.1")
    # Locked: even the right code is refused, from another client too (per account).
    response = sign_in_with_code(client, "somsri", code, ip="10.9.1.2")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in_as(client)
    assert SignInCode.objects.get(user=newcomer).used_at is None  # the lockout spent nothing


def test_code_failures_count_with_password_failures_per_client(client, world, newcomer):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_code(client, f"guess{n}", "AAAAA-BBBBB", ip="10.9.2.1")
    response = client.post(
        reverse("login"), {"username": "tao_a", "password": PASSWORD}, REMOTE_ADDR="10.9.2.1"
    )
    assert response.status_code == 429


@override_settings(SIGNIN_LINKS_BY_EMAIL=True, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_emailed_link_sets_the_password_once(client, world, newcomer):
    newcomer.email = "somsri@lampao.go.th"
    newcomer.save()
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:registry_user_changelist"),
        {"action": "email_sign_in_links", "_selected_action": [newcomer.pk, world.tao_a.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "ส่งลิงก์ตั้งรหัสผ่านให้ผู้ใช้ 1 คนแล้ว" in page and "tao_a" in page  # tao_a has no address
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["somsri@lampao.go.th"]
    body = mail.outbox[0].body
    assert "somsri" in body and "ตั้งรหัสผ่าน" in mail.outbox[0].subject
    link = re.search(r"https?://testserver(/\S+)", body).group(1)
    client.logout()

    response = client.get(link)
    assert response.status_code == 302  # Django moves the token out of the URL into the session
    form_url = response.url
    assert "ตั้งรหัสผ่านของคุณ" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and signed_in_as(client) == str(newcomer.pk)
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD) and not newcomer.needs_password

    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert 'data-testid="signin-link-invalid"' in again  # single use: dead once the password is set


def test_the_email_action_is_offered_only_where_email_leaves_the_server(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("admin:registry_user_changelist")).content.decode()
    assert "print_sign_in_codes" in page and "พิมพ์รหัสเข้าใช้ครั้งแรก" in page
    assert "email_sign_in_links" not in page
    with override_settings(SIGNIN_LINKS_BY_EMAIL=True):
        assert "email_sign_in_links" in client.get(reverse("admin:registry_user_changelist")).content.decode()


def test_an_expired_link_is_refused(client, world, newcomer):
    token = signin_link_tokens.make_token(newcomer)
    uid = urlsafe_base64_encode(force_bytes(newcomer.pk))
    url = reverse("signin_link", args=[uid, token])
    later = datetime.now() + timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )  # the generator's naive clock
    with mock.patch.object(signin_link_tokens, "_now", return_value=later):
        page = client.get(url, follow=True).content.decode()
    assert 'data-testid="signin-link-invalid"' in page
