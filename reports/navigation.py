"""The reports app's section of the main navigation (assembled by kit.navigation)."""

from django.utils.translation import gettext_lazy as _

from kit.navigation import NavItem, NavSection

SECTION = NavSection(_("Sufficiency villages"), "flower1", (
    NavItem(_("Sufficiency villages"), "reports:sufficiency_list"),
))
