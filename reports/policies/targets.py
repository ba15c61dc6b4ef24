"""Who may propose, approve and read a district's target villages, with the reason when not:
`kit.policy.can(user, "reports.target_<action>", target_list)`.

Step 3 of the provincial operating guideline: the district community development office chooses its district's
target villages; the provincial office approves them. The province's other offices (TAOs) are told where they
see their villages' status (the village's page); another province's plans are not found at all
(404, by `Plan.objects.for_user`).
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.ownership import NO_OFFICE
from registry.scoping import Role
from reports.policies.officers import district_officer_of, office_of, province_officer_of

policy = Policy("reports")

OWN_DISTRICT = reason(
    _("Only the district community developer of this district proposes its target villages.")
)
PROVINCE_APPROVES = reason(_("Only the provincial officers of the plan's province approve target villages."))
READ_ON_VILLAGE = reason(
    _(
        "A district's list of target villages is read by the district and provincial community "
        "development officers; TAO staff see whether their village is a target village on the "
        "village's page."
    )
)
ANOTHER_DISTRICT = reason(_("This is another district's list: you read your own district's."))
IMPORTERS = reason(
    _("Earlier years' target villages are imported by the provincial officers or an administrator.")
)


@policy.rule("target_view")
def _view(user, target_list=None):
    if user.role == Role.ADMIN:
        return ALLOWED
    office = office_of(user)
    if office is None:
        return refused(NO_OFFICE)
    if user.role == Role.PROVINCE_OFFICER:
        return ALLOWED
    if user.role == Role.DISTRICT_OFFICER:
        if target_list is not None and target_list.district_id != office.district_id:
            return refused(ANOTHER_DISTRICT)
        return ALLOWED
    return refused(READ_ON_VILLAGE)


@policy.rule("target_propose")
def _propose(user, target_list=None):
    return district_officer_of(
        user, target_list.district_id if target_list is not None else None, OWN_DISTRICT
    )


@policy.rule("target_approve")
def _approve(user, target_list=None):
    province = target_list.programme.plan.province_id if target_list is not None else None
    return province_officer_of(user, province, PROVINCE_APPROVES)


@policy.rule("funded_import")
def _import(user, obj=None):
    if user.role == Role.ADMIN:
        return ALLOWED
    if office_of(user) is None:
        return refused(NO_OFFICE)
    if user.role != Role.PROVINCE_OFFICER:
        return refused(IMPORTERS)
    return ALLOWED
