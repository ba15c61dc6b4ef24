"""The registers' section of the main navigation (assembled by kit.navigation)."""

from django.utils.translation import gettext_lazy as _

from kit.navigation import NavItem, NavSection

SECTION = NavSection(
    _("Registers"),
    "journal-text",
    (
        NavItem(_("Villages"), "registry:village_list"),
        NavItem(_("People"), "registry:person_list"),
        NavItem(_("Households"), "registry:household_list"),
        NavItem(_("Target households"), "registry:target_list"),
        NavItem(_("Occupation register"), "registry:occupation_list"),
        NavItem(_("Wanted occupations (needs survey)"), "registry:wanted_list"),
        NavItem(_("What people want to learn"), "registry:needs_summary"),
        NavItem(_("Raw-material register"), "registry:rawmaterial_list"),
        NavItem(_("Village-expert register"), "registry:expert_list"),
        NavItem(_("Village instructor teams"), "registry:team_list"),
        NavItem(_("Instructors and households"), "registry:mentoring"),
        NavItem(_("National IDs shown"), "registry:reveal_log", permission="registry.reveal_log"),
        NavItem(_("Is the province ready?"), "registry:readiness", permission="registry.readiness"),
    ),
)
