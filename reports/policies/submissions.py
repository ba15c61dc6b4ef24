"""Who may submit a district's summary and who decides on it, with the reason when not:
`kit.policy.can(user, "reports.submission_<action>", ...)`.

Steps 16–17 of the provincial operating guideline: the district community development office reports its
district's results to the province; the provincial office checks and accepts them, or sends them back."""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.ownership import NO_OFFICE
from registry.scoping import Role
from reports.policies.officers import district_officer_of, office_of, province_officer_of

policy = Policy("reports")

DISTRICT_SUBMITS = reason(_("Only the district community developer of this district submits its summary."))
READERS = reason(
    _("The districts' summaries are read by the district and provincial community development officers.")
)
PROVINCE_DECIDES = reason(
    _("Only the provincial officers of the district's province accept or send back its summary.")
)


@policy.rule("submission_submit")
def _submit(user, district=None):
    """Submit the summary of `district` (None: may the user submit at all)."""
    return district_officer_of(user, district.pk if district is not None else None, DISTRICT_SUBMITS)


@policy.rule("submission_decide")
def _decide(user, submission=None):
    province = submission.district.province_id if submission is not None else None
    return province_officer_of(user, province, PROVINCE_DECIDES)


def own_district(user):
    """The district whose summary the user submits: a district officer's own (None for everyone else)."""
    if user.role == Role.DISTRICT_OFFICER and user.office_id and user.office.district_id:
        return user.office.district
    return None


def districts_read(user, scoped):
    """The districts whose summaries a reader lists: an administrator's, every district with a summary in
    `scoped`; a provincial officer's, the districts of their province."""
    from registry.models import District

    if user.role == Role.ADMIN:
        return District.objects.filter(pk__in=scoped.values("district_id"))
    if user.office_id:
        return District.objects.filter(province_id=user.office.province_id)
    return District.objects.none()


@policy.rule("submission_view")
def _view(user, obj=None):
    """The summaries page: a district officer's own district, a provincial officer's districts (the list is
    scoped by Submission.objects.for_user)."""
    if user.role == Role.ADMIN:
        return ALLOWED
    if office_of(user) is None:
        return refused(NO_OFFICE)
    if user.role in (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER):
        return ALLOWED
    return refused(READERS)
