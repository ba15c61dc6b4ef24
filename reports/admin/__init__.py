"""The reports app's admin screens, one module per part."""

from reports.admin import assessments  # noqa: F401
