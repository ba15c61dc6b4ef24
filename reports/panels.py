"""What reports shows on other apps' pages through kit.panels: the village's sufficiency-economy assessment on
the registry's village page (the registry does not know the reports app)."""

from django.template.loader import render_to_string

from kit import thai
from reports.models import Assessment
from reports.selectors.assessments import with_levels


def village_assessments(request, village) -> str:
    """The levels of the village's latest assessed fiscal year (as the user may see them),
    and the way to its page."""
    scoped = Assessment.objects.for_user(request.user).filter(village=village)
    year = (
        scoped.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
        or thai.fiscal_year_now()
    )
    rounds = list(with_levels(scoped.filter(fiscal_year=year)).order_by("round"))
    return render_to_string(
        "reports/assessments/_village_panel.html",
        {"village": village, "fiscal_year": year, "rounds": rounds},
        request=request,
    )


def village_targets(request, village) -> str:
    """Whether the village is on a district's list of target villages, and the list's state (TAO staff read it
    here: the district's list itself is the district and provincial officers')."""
    from reports.selectors.targets import village_targets as rows

    found = list(rows(village, request.user))
    if not found:
        return ""
    return render_to_string("reports/targets/_village_panel.html", {"rows": found}, request=request)


def home_results(request, obj=None) -> str:
    """The way to the results dashboard from the home page, with the state of this year's plan of the user's
    province (a query or two: the figures themselves are on the dashboard)."""
    from kit.policy import can
    from reports.selectors.dashboard import home_place, plan_of

    if not can(request.user, "reports.dashboard_view"):
        return ""
    place = home_place(request.user)
    if place is None:
        return ""
    year = thai.fiscal_year_now()
    plan, draft = plan_of(place, year)
    return render_to_string(
        "reports/dashboard/_home_panel.html",
        {"place": place, "fiscal_year": year, "plan": plan, "draft": draft},
        request=request,
    )
