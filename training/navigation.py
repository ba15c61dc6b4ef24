"""Training's section of the main navigation (assembled by kit.navigation)."""

from django.utils.translation import gettext_lazy as _

from kit.navigation import NavItem, NavSection

SECTION = NavSection(
    _("Training"),
    "mortarboard",
    (
        NavItem(_("Training projects"), "training:training_list"),
        NavItem(
            _("Village training (one day)"),
            "training:village_training",
            permission="training.village_training",
        ),
        NavItem(_("Overdue follow-ups"), "training:follow_ups"),
    ),
)
