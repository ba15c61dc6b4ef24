"""The main navigation, assembled from each installed app's own declaration.

An app declares its menu section in `<app>/navigation.py` as `SECTION = NavSection(...)`; the context
processor `navigation` collects the sections of the installed apps, in INSTALLED_APPS order. The kit names no
app and no app's URLs: a section appears once its app is installed, an item once its page exists and
`visible_to(user)` says so.
"""

import functools
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import module_has_submodule

from kit.policy import can

DECLARATION_MODULE = "navigation"  # <app>/navigation.py
DECLARATION_NAME = "SECTION"


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str = (
        ""  # an action of kit.policy asked without a record, e.g. "groups.create"; "": every user
    )
    icon: str = ""

    def visible_to(self, user) -> bool:
        """Whether the item is in the user's menu: the app's policy says (kit/policy.py)."""
        return not self.permission or bool(can(user, self.permission))


@dataclass(frozen=True)
class NavSection:
    label: str
    icon: str
    items: tuple


@functools.cache
def declared_sections() -> tuple:
    """Every installed app's `SECTION`, in INSTALLED_APPS order (read once:
    the installed apps do not change)."""
    sections = []
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, DECLARATION_MODULE):
            continue
        section = getattr(import_module(f"{config.name}.{DECLARATION_MODULE}"), DECLARATION_NAME, None)
        if isinstance(section, NavSection):
            sections.append(section)
    return tuple(sections)


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
    for section in declared_sections():
        items = [
            (item, url) for item in section.items if item.visible_to(user) and (url := _url(item.url_name))
        ]
        if items:
            sections.append(
                {
                    "label": section.label,
                    "icon": section.icon,
                    "items": [{"label": item.label, "url": url} for item, url in items],
                }
            )
    return {"navigation": sections}
