"""The shared kit: model-free machinery that names no app, and a navigation assembled from each app's
own declaration, showing each role the items written out in MENU below."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from kit.navigation import declared_sections

KIT = Path(settings.BASE_DIR) / "kit"
PROJECT_APPS = ("config", "registry", "training", "groups", "grants", "reports", "tests")


def _kit_modules():
    return sorted(KIT.rglob("*.py"))


def test_the_kit_is_an_app_with_an_empty_package_file():
    assert (KIT / "__init__.py").read_text() == ""
    assert "kit" in settings.INSTALLED_APPS


@pytest.mark.parametrize("path", _kit_modules(), ids=lambda p: str(p.relative_to(KIT)))
def test_no_kit_module_imports_or_names_an_app(path):
    """Not at import time, nor lazily in a function, nor an app's URL by name: the kit is the bottom layer."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not any(f"{app}:" in node.value for app in PROJECT_APPS), (path, node.value)
            continue
        else:
            continue
        for module in modules:
            assert module.split(".")[0] not in PROJECT_APPS, f"{path} imports {module}"


def test_the_navigation_is_each_installed_apps_own_declaration():
    from grants.navigation import SECTION as grants_section
    from groups.navigation import SECTION as groups_section
    from registry.navigation import SECTION as registry_section
    from reports.navigation import SECTION as reports_section
    from training.navigation import SECTION as training_section

    assert declared_sections() == (
        registry_section,
        training_section,
        groups_section,
        grants_section,
        reports_section,
    )
    for section, app in (
        (registry_section, "registry"),
        (training_section, "training"),
        (groups_section, "groups"),
        (grants_section, "grants"),
        (reports_section, "reports"),
    ):
        assert all(item.url_name.startswith(f"{app}:") for item in section.items), app


REGISTERS = [
    "registry:village_list",
    "registry:person_list",
    "registry:household_list",
    "registry:target_list",
    "registry:occupation_list",
    "registry:wanted_list",
    "registry:needs_summary",
    "registry:rawmaterial_list",
    "registry:expert_list",
    "registry:team_list",
    "registry:mentoring",
]

GRANTS = ["grants:list", "grants:create", "grants:due", "grants:lines"]
GRANTS_READ = [
    "grants:list",
    "grants:due",
    "grants:lines",
]  # no new request: only a funding office's staff enter one
SUFFICIENCY = ["reports:sufficiency_list"]  # every role reads its area's sufficiency villages
MISSING = ["reports:missing"]  # the district and provincial officers check what is missing
PLANS = ["reports:plans"]  # the district and provincial officers read the plan
PLAN_WRITE = ["reports:plans", "reports:plan_create"]  # the provincial officers write it
SUMMARIES = ["reports:submissions"]  # the districts' summaries: district and provincial officers
DASHBOARD = ["reports:dashboard"]  # everyone in an office sees their area's results, first in the section

# The items each role sees, section by section.
MENU = {
    "tao_a": [
        *REGISTERS,
        "training:training_list",
        "training:village_training",
        "training:follow_ups",
        "groups:group_list",
        "groups:create",
        "groups:visits_overdue",
        *GRANTS,
        *DASHBOARD,
        *SUFFICIENCY,
    ],
    # The district office runs the provincial guideline's village programme: it organises village trainings.
    "district_a": [
        *REGISTERS,
        "training:training_list",
        "training:village_training",
        "training:follow_ups",
        "groups:group_list",
        "groups:visits_overdue",
        *GRANTS,
        *DASHBOARD,
        *PLANS,
        *SUFFICIENCY,
        *MISSING,
        *SUMMARIES,
    ],
    "province_a": [
        *REGISTERS,
        "registry:readiness",
        "training:training_list",
        "training:follow_ups",
        "groups:group_list",
        *GRANTS_READ,
        *DASHBOARD,
        *PLAN_WRITE,
        *SUFFICIENCY,
        *MISSING,
        *SUMMARIES,
    ],
    "admin": [
        *REGISTERS,
        "registry:reveal_log",
        "registry:readiness",
        "training:training_list",
        "training:follow_ups",
        "groups:group_list",
        "groups:visits_overdue",
        *GRANTS,
        *DASHBOARD,
        *PLAN_WRITE,
        *SUFFICIENCY,
        *MISSING,
        *SUMMARIES,
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("username", MENU)
def test_each_role_sees_its_menu_items_in_order(client, world, username):
    client.force_login(getattr(world, username))
    nav = client.get(reverse("home")).context["navigation"]
    urls = [item["url"] for section in nav for item in section["items"]]
    assert urls == [reverse(name) for name in MENU[username]]


@pytest.mark.django_db
def test_anonymous_visitors_get_no_navigation(client):
    assert client.get(reverse("login")).context["navigation"] == ()


def test_a_panel_provider_shows_its_fragment_on_another_apps_page():
    """kit.panels: an app's fragment on another app's page, the page's app knowing nothing of it."""
    from kit import panels

    def provider(request, obj):
        return f"<p>{obj}</p>" if obj else ""

    panels.register("test.slot", provider)
    panels.register("test.slot", provider)  # ready() run twice keeps one
    assert panels.fragments("test.slot", request=None, obj="กลุ่ม") == ["<p>กลุ่ม</p>"]
    assert panels.fragments("test.slot", request=None) == []
    assert panels.fragments("no.such.slot", request=None, obj=1) == []
