"""Who may submit a district's summary and who decides on it, with the reason when not:
`kit.policy.can(user, "reports.submission_<action>", ...)`.

Seed 004 steps 16–17: the district community development office reports its district's results to the province;
the provincial office checks and accepts them, or sends them back."""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.ownership import NO_OFFICE
from registry.scoping import Role

policy = Policy("reports")

DISTRICT_SUBMITS = reason(_("Only the district community developer of this district submits its summary."))
READERS = reason(_("The districts' summaries are read by the district and provincial community development "
                   "officers."))
PROVINCE_DECIDES = reason(_("Only the provincial officers of the district's province accept or send back its "
                            "summary."))


def _office(user):
    return user.office if user.office_id else None


@policy.rule("submission_submit")
def _submit(user, district=None):
    """Submit the summary of `district` (None: may the user submit at all)."""
    if user.role == Role.ADMIN:
        return ALLOWED
    office = _office(user)
    if office is None:
        return refused(NO_OFFICE)
    if user.role != Role.DISTRICT_OFFICER or not office.district_id:
        return refused(DISTRICT_SUBMITS)
    if district is not None and district.pk != office.district_id:
        return refused(DISTRICT_SUBMITS)
    return ALLOWED


@policy.rule("submission_decide")
def _decide(user, submission=None):
    if user.role == Role.ADMIN:
        return ALLOWED
    office = _office(user)
    if office is None:
        return refused(NO_OFFICE)
    if user.role != Role.PROVINCE_OFFICER:
        return refused(PROVINCE_DECIDES)
    if submission is not None and submission.district.province_id != office.province_id:
        return refused(PROVINCE_DECIDES)
    return ALLOWED


@policy.rule("submission_view")
def _view(user, obj=None):
    """The summaries page: a district officer's own district, a provincial officer's districts (the list is scoped by
    Submission.objects.for_user)."""
    if user.role == Role.ADMIN:
        return ALLOWED
    if _office(user) is None:
        return refused(NO_OFFICE)
    if user.role in (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER):
        return ALLOWED
    return refused(READERS)
