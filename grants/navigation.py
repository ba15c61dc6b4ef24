"""Grant requests' section of the main navigation (assembled by kit.navigation)."""

from django.utils.translation import gettext_lazy as _

from kit.navigation import NavItem, NavSection

SECTION = NavSection(
    _("Grant requests"),
    "cash-coin",
    (
        NavItem(_("Grant requests"), "grants:list"),
        NavItem(_("New grant request"), "grants:create", permission="grants.create"),
        NavItem(_("Grant reports due"), "grants:due"),
        NavItem(_("Budget lines"), "grants:lines"),
    ),
)
