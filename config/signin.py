"""Sign-in throttling helpers for django-axes (settings: "Sign-in throttling")."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """The Thai page for a sign-in refused by the lockout, the same whether or not the username exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/locked_out.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def client_username(request, credentials=None) -> str:
    """The username as typed, cut to the longest a user may have: a 10,000-character name is counted like any
    wrong one, not written whole into axes' 255-character columns (a database error on PostgreSQL)."""
    from django.contrib.auth import get_user_model

    field = get_user_model().USERNAME_FIELD
    name = (credentials or {}).get(field) if credentials else request.POST.get(field)
    return str(name or "")[: get_user_model()._meta.get_field(field).max_length]
