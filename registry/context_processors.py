"""Main navigation, declared once: an entry shows only when its page exists and the role may use it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from registry.scoping import Role

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset = ALL_ROLES
    icon: str = ""


@dataclass(frozen=True)
class NavSection:
    label: str
    icon: str
    items: tuple


NAVIGATION = (
    NavSection(_("Registers"), "journal-text", (
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
        NavItem(_("National IDs shown"), "registry:reveal_log", roles=frozenset({Role.ADMIN})),
    )),
    NavSection(_("Training"), "mortarboard", (
        NavItem(_("Training projects"), "training:training_list"),
        NavItem(_("Village training (one day)"), "training:village_training", roles=frozenset({Role.TAO_STAFF})),
        NavItem(_("Overdue follow-ups"), "training:follow_ups"),
    )),
    NavSection(_("Occupation groups"), "people", (
        NavItem(_("Groups"), "groups:group_list"),
        NavItem(_("New group"), "groups:create", roles=frozenset({Role.TAO_STAFF})),
        NavItem(_("Visits due"), "groups:visits_overdue", roles=frozenset({Role.DISTRICT_OFFICER, Role.TAO_STAFF,
                                                                          Role.ADMIN})),
    )),
    NavSection(_("Grant requests"), "cash-coin", (NavItem(_("Requests"), "grants:request_list"),)),
    NavSection(_("Reports"), "bar-chart", (NavItem(_("Dashboard"), "reports:dashboard"),)),
)


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": ()}
    sections = []
    for section in NAVIGATION:
        items = [(item, url) for item in section.items if user.role in item.roles and (url := _url(item.url_name))]
        if items:
            sections.append({"label": section.label, "icon": section.icon,
                             "items": [{"label": item.label, "url": url} for item, url in items]})
    return {"navigation": sections}
