"""The shell around every app: home per role, about, health check."""

import geothai
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kit import panels
from kit.access import public_page
from registry.middleware import no_user_needed
from registry.scoping import Role
from registry.selectors import office_summary

# Each role's home page part (templates/registry/home/): chosen here, not by role names in the template.
HOME_PARTS = {
    Role.TAO_STAFF: "tao",
    Role.DISTRICT_OFFICER: "district",
    Role.PROVINCE_OFFICER: "province",
    Role.FINANCE: "office_duty",
    Role.EXECUTIVE: "office_duty",
    Role.ADMIN: "admin",
}


@login_required
def home(request):
    part = HOME_PARTS.get(request.user.role)
    return render(
        request,
        "registry/home.html",
        {
            "summary": office_summary(user=request.user),
            "today": timezone.localdate(),
            "home_part": f"registry/home/{part}.html" if part else None,
            "panels": panels.fragments(
                "home", request=request
            ),  # other apps' work for this user (kit/panels.py)
        },
    )


@public_page
def about(request):
    return render(request, "registry/about.html", {"geothai_version": geothai.DATA_VERSION})


@public_page
@never_cache
@require_GET
@no_user_needed
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not. No data, no login."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
