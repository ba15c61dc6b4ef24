"""New users set their own password; nobody's password is ever shown or sent.

Two one-time ways in, both recorded in the change log of the user:
- a printed first sign-in code (`signin_codes_issue`): random, shown once on the sheet, only a keyed hash
  stored, valid `SIGNIN_CODE_DAYS`; printing again replaces it; signing in with it (`signin_code_redeem`)
  spends it and flags the user to set a password before anything else;
- where e-mail leaves the server (`SIGNIN_LINKS_BY_EMAIL`), a link by e-mail (`signin_links_send`): Django's
  password-reset token, valid `PASSWORD_RESET_TIMEOUT`, dead once the password is set or the user signs in.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from kit import thai
from registry.models import AuditAction, SignInCode, User
from registry.services.audit import audit

# No 0/O, 1/I/L: read off paper, typed by hand. 10 characters of 31: about 2^49 codes, with throttled tries.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class SignInLinkTokens(PasswordResetTokenGenerator):
    """Django's password-reset token under its own key: a first sign-in link is no reset link and vice versa.
    The token hashes the password and the last sign-in, so it dies when either changes."""

    key_salt = "registry.services.signin.SignInLinkTokens"


signin_link_tokens = SignInLinkTokens()


def normalise_code(code: str) -> str:
    """As typed from the sheet: any case, with or without the dash and spaces."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def code_hash(user_id: int, code: str) -> str:
    return salted_hmac(
        "registry.SignInCode", f"{user_id}:{normalise_code(code)}", algorithm="sha256"
    ).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


@dataclass(frozen=True)
class IssuedCode:
    user: User
    code: str  # shown once, on the printed sheet; never stored
    expires_at: datetime


@transaction.atomic
def signin_codes_issue(*, users, by) -> list[IssuedCode]:
    """A new first sign-in code for each active user (an earlier code of theirs stops working)."""
    now = timezone.now()
    expires_at = now + timedelta(days=settings.SIGNIN_CODE_DAYS)
    issued = []
    for user in users:
        if not user.is_active:
            continue
        code = _new_code()
        SignInCode.objects.update_or_create(
            user=user,
            defaults={
                "code_hash": code_hash(user.pk, code),
                "issued_at": now,
                "expires_at": expires_at,
                "used_at": None,
                "issued_by": by,
            },
        )
        audit(
            user=by,
            obj=user,
            action=AuditAction.UPDATE,
            changes={
                "sign_in_code": [
                    "",
                    _("issued, valid until %(date)s") % {"date": thai.date_short(expires_at)},
                ]
            },
        )
        issued.append(IssuedCode(user=user, code=code, expires_at=expires_at))
    return issued


def signin_code_status(user) -> str:
    """For the administrator: whether the user has a code, and whether it was used or has expired."""
    row = SignInCode.objects.filter(user=user).first()
    if row is None:
        return _("none printed")
    if row.used_at is not None:
        return _("used on %(date)s") % {"date": thai.date_short(row.used_at)}
    if row.expires_at <= timezone.now():
        return _("expired on %(date)s") % {"date": thai.date_short(row.expires_at)}
    return _("printed on %(issued)s, valid until %(expires)s") % {
        "issued": thai.date_short(row.issued_at),
        "expires": thai.date_short(row.expires_at),
    }


def _matching_code(username: str, code: str):
    """The user's code row when `code` is theirs (spent or not), else None."""
    row = SignInCode.objects.select_related("user").filter(user__username=username).first()
    if row is None or not constant_time_compare(row.code_hash, code_hash(row.user_id, code)):
        return None
    return row


def signin_code_redeem(*, username: str, code: str):
    """The user whose unspent, unexpired code this is, the code spent at once (a second use, even at the same
    moment, finds it spent) and the user flagged to set a password; None otherwise."""
    row = _matching_code(username, code)
    if row is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        spent = SignInCode.objects.filter(pk=row.pk, used_at__isnull=True, expires_at__gt=now).update(
            used_at=now
        )
        if not spent:
            return None
        user = row.user
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        audit(
            user=user,
            obj=user,
            action=AuditAction.UPDATE,
            changes={"sign_in_code": ["", _("used to sign in")]},
        )
    return user


def signin_code_refusal(*, username: str, code: str) -> str | None:
    """Why a code that is the user's own was refused (spent, expired), for the person holding it; None for a
    code that is not theirs, which gets the same words as a wrong username: nothing is told to a guesser."""
    row = _matching_code(username, code)
    if row is None:
        return None
    if row.used_at is not None:
        return _("This code has already been used. Ask your system administrator to print a new one.")
    if row.expires_at <= timezone.now():
        return _("This code expired on %(date)s. Ask your system administrator to print a new one.") % {
            "date": thai.date_short(row.expires_at)
        }
    return None


def signin_link(user, request) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = signin_link_tokens.make_token(user)
    return request.build_absolute_uri(reverse("signin_link", args=[uid, token]))


def signin_links_send(*, users, by, request) -> tuple[list[User], list[User]]:
    """E-mail each active user with an address a one-time link to set their password; (sent, skipped)."""
    sent, skipped = [], []
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    for user in users:
        if not user.is_active or not user.email:
            skipped.append(user)
            continue
        context = {"user": user, "link": signin_link(user, request), "days": days}
        send_mail(
            subject=_("Set your password for the occupation promotion system"),
            message=render_to_string("registration/signin_link_email.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
        audit(
            user=by,
            obj=user,
            action=AuditAction.UPDATE,
            changes={"sign_in_link": ["", _("sent to %(email)s") % {"email": user.email}]},
        )
        sent.append(user)
    return sent, skipped


@transaction.atomic
def password_set_own(*, user, password: str) -> None:
    """The user's own new password (checked by the form against the password rules); the flag is cleared."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit(user=user, obj=user, action=AuditAction.UPDATE, changes={"password": ["", _("set by the user")]})
