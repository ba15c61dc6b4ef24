"""The reports app's rules (kit/policy.py autodiscovers this module): one module per part of the app."""

from reports.policies import assessments, dashboard, exports, plans, submissions, targets  # noqa: F401
