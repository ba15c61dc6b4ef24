"""Fixtures shared by the reports tests: the hand-built province of results_world.py."""

from tests.reports.results_world import admin, small  # noqa: F401
