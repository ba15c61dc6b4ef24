"""A user who must set their own password (new, or signed in with a one-time code) reaches nothing else."""

from django.shortcuts import redirect
from django.urls import reverse

# Pages such a user may still open: the set-password page itself, signing out, the language switch.
ALLOWED_URL_NAMES = ("set_password", "logout", "admin:logout", "set_language")


class PasswordFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.needs_password:
            allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
            if request.path_info not in allowed:
                return redirect("set_password")
        return self.get_response(request)
