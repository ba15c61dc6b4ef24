"""What grants shows on other apps' pages through kit.panels: a very late report on the group's page, and the
finance officer's and the executive's work on their home page."""

from django.template.loader import render_to_string
from django.utils import timezone

from grants import selectors
from grants.models import GrantRequest
from registry.scoping import Role


def group_very_late(request, group) -> str:
    """The group's requests whose report is overdue by more than 30 days (seen by whoever sees the group)."""
    today = timezone.localdate()
    late = list(selectors.very_late(GrantRequest.objects.for_user(request.user).filter(group=group), today))
    if not late:
        return ""
    rows = [(r, selectors.days_late(r.report_due_on, today)) for r in late]
    return render_to_string(
        "grants/_group_late.html", {"rows": rows, "days": selectors.VERY_LATE_DAYS}, request=request
    )


def home_work(request, obj=None) -> str:
    """The funding office's duties: finance pays and takes refunds; the executive decides."""
    user = request.user
    requests = GrantRequest.objects.for_user(user).filter(office_id=user.office_id)
    if user.role == Role.FINANCE:
        return render_to_string(
            "grants/_home_finance.html",
            {
                "to_pay": selectors.waiting_payment(requests)[:20],
                "refunds": selectors.refunds_due(requests)[:20],
            },
            request=request,
        )
    if user.role == Role.EXECUTIVE:
        approvals, changes = selectors.waiting_decision(requests)
        return render_to_string(
            "grants/_home_executive.html",
            {"approvals": approvals[:20], "changes": changes[:20]},
            request=request,
        )
    return ""


def group_requests(request, group) -> str:
    """The group's grant requests (from any office the user may see) and, for a funding office's staff, the
    way to enter a new one for this group."""
    from kit.policy import can

    requests = (
        GrantRequest.objects.for_user(request.user)
        .filter(group=group)
        .select_related("office")
        .order_by("-fiscal_year", "-pk")[:10]
    )
    may_create = can(request.user, "grants.create")
    if not requests and not may_create:
        return ""
    return render_to_string(
        "grants/_group_requests.html",
        {"group": group, "requests": requests, "may_create": may_create},
        request=request,
    )
