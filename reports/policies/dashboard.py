"""Who may open the dashboard: everyone who works in an office (each sees their own area: the province, the
district or the office's villages; reports/selectors/dashboard.py) and an administrator (the country). Places
outside a user's area are not found (404)."""

from kit.policy import ALLOWED, Policy, refused
from registry.ownership import NO_OFFICE
from registry.scoping import Role

policy = Policy("reports")


@policy.rule("dashboard_view")
def _view(user, obj=None):
    if user.role == Role.ADMIN:
        return ALLOWED
    if user.office_id is None:
        return refused(NO_OFFICE)
    return ALLOWED
