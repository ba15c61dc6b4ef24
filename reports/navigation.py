"""The reports app's section of the main navigation (assembled by kit.navigation)."""

from django.utils.translation import gettext_lazy as _

from kit.navigation import NavItem, NavSection

SECTION = NavSection(
    _("Plans and reports"),
    "clipboard-data",
    (
        NavItem(_("Results dashboard"), "reports:dashboard", permission="reports.dashboard_view"),
        NavItem(_("Plans"), "reports:plans", permission="reports.plan_view"),
        NavItem(_("New plan"), "reports:plan_create", permission="reports.plan_change"),
        NavItem(_("Sufficiency villages"), "reports:sufficiency_list"),
        NavItem(_("What is missing"), "reports:missing", permission="reports.plan_view"),
        NavItem(_("Districts' summaries"), "reports:submissions", permission="reports.submission_view"),
    ),
)
