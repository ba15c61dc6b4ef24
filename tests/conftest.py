import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be allowed there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    from tests.scoping import ScopeWorld

    return ScopeWorld.build()


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture
def catalogue(db):
    """The occupation catalogue (a data migration; transactional tests flush it, so make sure it is there)."""
    from registry.catalogue import ensure_catalogue
    from registry.models import Occupation

    ensure_catalogue(Occupation)
    return {o.name: o for o in Occupation.objects.all()}
