"""Fixtures shared by the reports tests: the hand-built province of results_world.py, and its day."""

import pytest

from tests.reports.results_world import DAY, YEAR, admin, small  # noqa: F401


@pytest.fixture
def dashboard_day(monkeypatch):
    """The dashboard's today is in fiscal year 2565 (the hand-built data's), and the year is offered."""
    from django.utils import timezone

    from kit import thai

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY)
    monkeypatch.setattr(thai, "fiscal_year_now", lambda: YEAR)
