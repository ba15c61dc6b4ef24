"""Signing in with a one-time first sign-in code (username + code) instead of a password.

Called through `django.contrib.auth.authenticate(request, username=..., code=...)` like any other sign-in, so
django-axes (first in AUTHENTICATION_BACKENDS) refuses it during a lockout and counts its failures against the
username and the client exactly as it counts wrong passwords.
"""

from django.contrib.auth.backends import ModelBackend

from registry.services.signin import signin_code_redeem


class SignInCodeBackend(ModelBackend):
    def authenticate(self, request, username=None, code=None, **kwargs):
        if username is None or code is None:
            return None
        user = signin_code_redeem(username=username, code=code)
        return user if user is not None and self.user_can_authenticate(user) else None
