"""The reports app's admin screens, one module per part."""

from reports.admin import assessments, targets  # noqa: F401
