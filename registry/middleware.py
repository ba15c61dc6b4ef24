"""A user who must set their own password (new, or signed in with a one-time code) reaches nothing else."""

from django.shortcuts import redirect
from django.urls import reverse

# Pages such a user may still open: the set-password page itself, signing out, the language switch.
ALLOWED_URL_NAMES = ("set_password", "logout", "admin:logout", "set_language")


def no_user_needed(view):
    """Mark a view that never looks at who is signed in (the load balancer's health check): the middleware
    does not read the session for it, so it answers for itself even while the database is down."""
    view.no_user_needed = True
    return view


class PasswordFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "no_user_needed", False):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.needs_password:
            allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
            if request.path_info not in allowed:
                return redirect("set_password")
        return None
