"""Main navigation, declared once: an entry shows only when its page exists and the app's policy lets the user use it
(`permission`, an action of kit/policy.py asked without a record)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kit.policy import can


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str = ""  # e.g. "groups.create"; empty: everyone signed in
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
        NavItem(_("National IDs shown"), "registry:reveal_log", permission="registry.reveal_log"),
    )),
    NavSection(_("Training"), "mortarboard", (
        NavItem(_("Training projects"), "training:training_list"),
        NavItem(_("Village training (one day)"), "training:village_training", permission="training.create"),
        NavItem(_("Overdue follow-ups"), "training:follow_ups"),
    )),
    NavSection(_("Occupation groups"), "people", (
        NavItem(_("Groups"), "groups:group_list"),
        NavItem(_("New group"), "groups:create", permission="groups.create"),
        NavItem(_("Visits due"), "groups:visits_overdue", permission="groups.visits_due"),
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
        items = [(item, url) for item in section.items
                 if (not item.permission or can(user, item.permission)) and (url := _url(item.url_name))]
        if items:
            sections.append({"label": section.label, "icon": section.icon,
                             "items": [{"label": item.label, "url": url} for item, url in items]})
    return {"navigation": sections}
