"""Occupation groups' section of the main navigation (assembled by kit.navigation)."""

from django.utils.translation import gettext_lazy as _

from kit.navigation import NavItem, NavSection
from registry.scoping import Role

SECTION = NavSection(_("Occupation groups"), "people", (
    NavItem(_("Groups"), "groups:group_list"),
    NavItem(_("New group"), "groups:create", roles=frozenset({Role.TAO_STAFF})),
    NavItem(_("Visits due"), "groups:visits_overdue", roles=frozenset({Role.DISTRICT_OFFICER, Role.TAO_STAFF,
                                                                      Role.ADMIN})),
))
