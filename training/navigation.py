"""Training's section of the main navigation (assembled by kit.navigation)."""

from django.utils.translation import gettext_lazy as _

from kit.navigation import NavItem, NavSection
from registry.scoping import Role

SECTION = NavSection(_("Training"), "mortarboard", (
    NavItem(_("Training projects"), "training:training_list"),
    NavItem(_("Village training (one day)"), "training:village_training", roles=frozenset({Role.TAO_STAFF})),
    NavItem(_("Overdue follow-ups"), "training:follow_ups"),
))
