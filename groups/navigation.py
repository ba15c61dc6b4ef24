"""Occupation groups' section of the main navigation (assembled by kit.navigation)."""

from django.utils.translation import gettext_lazy as _

from kit.navigation import NavItem, NavSection

SECTION = NavSection(
    _("Occupation groups"),
    "people",
    (
        NavItem(_("Groups"), "groups:group_list"),
        NavItem(_("New group"), "groups:create", permission="groups.create"),
        NavItem(_("Visits due"), "groups:visits_overdue", permission="groups.visits_due"),
    ),
)
