"""Content-Security-Policy (django-csp): no inline script can run, so no page may rely on one."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import reverse

from tests.groups.helpers import make_group
from tests.training.helpers import training_at
from training.models import Step

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def assert_no_inline_code(html, where):
    for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL, STYLE_ELEMENT):
        assert not pattern.search(html), f"{where}: {pattern.search(html).group(0)}"


def main_pages(world):
    training = training_at(world.office_a, Step.FOLLOW_UP)
    group = make_group(world.tao_a, world.office_a)
    return [
        (None, reverse("login")),
        (None, reverse("about")),
        (None, reverse("certificate_lookup")),
        (None, reverse("admin:login")),
        (world.tao_a, reverse("home")),
        (world.tao_a, reverse("registry:person_list")),
        (world.tao_a, reverse("registry:person_create")),
        (world.tao_a, reverse("registry:occupation_list")),
        (world.tao_a, reverse("training:training_list")),
        (world.tao_a, reverse("training:detail", args=[training.pk])),
        (world.tao_a, reverse("groups:group_list")),
        (world.tao_a, reverse("groups:detail", args=[group.pk])),
        (world.district_a, reverse("home")),
        (world.province_a, reverse("home")),
        (world.admin, reverse("home")),
        (world.admin, reverse("admin:registry_user_change", args=[world.tao_a.pk])),
    ]


def test_main_pages_send_a_policy_without_inline_script_and_use_none(client, world, catalogue):
    for user, url in main_pages(world):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"] and policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"], url
        assert "'unsafe-inline'" not in policy["default-src"] + policy["script-src"], url
        assert_no_inline_code(response.content.decode(), url)


def test_no_template_has_inline_script_or_event_handler():
    """Every template a browser can get, including the ones only some states reach (PDF sources excluded:
    WeasyPrint reads their <style>, no browser does)."""
    roots = [Path(d) for d in engines["django"].engine.dirs]
    roots += [
        Path(settings.BASE_DIR) / app / "templates"
        for app in ("kit", "registry", "training", "groups", "grants", "reports")
    ]
    templates = [p for root in roots if root.exists() for p in root.rglob("*.html") if "pdf" not in p.parts]
    assert len(templates) > 40
    for path in templates:
        assert_no_inline_code(path.read_text(), path)


def test_htmx_is_told_not_to_need_inline_style_or_eval(client):
    html = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
