"""Every request that may write marks its user's province changed once it is answered (reports/services/snapshots.py
explains why and what reads the mark): the dashboard's stored figures of that province are then out of date, so the
worker refreshes them, and the user's own next page computes them live (their session keeps when they last wrote)."""

from django.db import DatabaseError
from django.utils import timezone

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def changes_no_figures(view):
    """Mark a view that writes nothing the dashboard's figures read (so its requests do not make them out of date)."""
    view.changes_no_figures = True
    return view


class FiguresChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (request.method in UNSAFE and user is not None and user.is_authenticated
                and not getattr(request, "_changes_no_figures", False) and response.status_code < 500):
            from registry.scoping import Role
            from reports.services.snapshots import ANYWHERE, WROTE_AT, mark_changed

            office = user.office if user.office_id else None
            province = office.province_id if office is not None and user.role != Role.ADMIN else ANYWHERE
            try:
                mark_changed(province)
            except DatabaseError:  # e.g. before the tables exist; the worst is a page computed live
                pass
            if hasattr(request, "session"):  # their own changes show on their next page at once
                request.session[WROTE_AT] = timezone.now().isoformat()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "changes_no_figures", False):
            request._changes_no_figures = True
