"""Who may read and change a province's plan, with the reason when
not: `kit.policy.can(user, "reports.<action>")`.

A plan is written by the provincial office of its province (its provincial officers); the province's district
officers read it (their district's targets); an administrator may do anything. Other offices of the province
(TAOs, municipalities) are told why they cannot see it; another province's plans are not found at all (404, by
`Plan.objects.for_user`).
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.ownership import NO_OFFICE
from registry.scoping import Role

policy = Policy("reports")
can = policy.can

READERS_ONLY = reason(
    _("The province's plan is read by the district and provincial community development officers.")
)
PROVINCE_ONLY = reason(_("Only the provincial officers of the plan's province write its plan."))


def _province_of(user):
    return getattr(user.office, "province_id", None)


@policy.rule("plan_view")
def _plan_view(user, plan=None):
    if user.role == Role.ADMIN:
        return ALLOWED
    if user.office_id is None:
        return refused(NO_OFFICE)
    if user.role not in (Role.PROVINCE_OFFICER, Role.DISTRICT_OFFICER):
        return refused(READERS_ONLY)
    return ALLOWED


@policy.rule("plan_change")
def _plan_change(user, plan=None):
    """Write the plan (or, without a plan, make a new one in the user's province)."""
    if user.role == Role.ADMIN:
        return ALLOWED
    if user.office_id is None:
        return refused(NO_OFFICE)
    if user.role != Role.PROVINCE_OFFICER:
        return refused(PROVINCE_ONLY)
    if plan is not None and plan.province_id != _province_of(user):
        return refused(PROVINCE_ONLY)
    return ALLOWED
