"""What the URL sweep found outside the issue's list, each fixed with its own test (issue 9 §9)."""

import importlib

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_uploaded_files_are_not_served_by_url_even_in_development(settings):
    """With DJANGO_DEBUG=true, /media/ served every uploaded receipt and certificate batch to anyone, no login."""
    import config.urls

    settings.DEBUG = True
    try:
        urls = importlib.reload(config.urls)
        media = [p for p in urls.urlpatterns if settings.MEDIA_URL.strip("/") in str(p.pattern)]
        assert media == []
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)


def test_a_request_too_big_to_handle_answers_in_thai(client, world):
    """A 10,000-character search redirected to a URL longer than Django allows: the 400 page was English."""
    client.force_login(world.tao_a)
    response = client.post(reverse("registry:household_list"), {"q": "ก" * 10_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ระบบไม่สามารถดำเนินการตามคำขอนี้ได้" in page and "Bad Request" not in page
