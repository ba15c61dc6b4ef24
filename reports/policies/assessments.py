"""Who may record a village's sufficiency-economy assessment, with the reason when not:
`kit.policy.can(user, "reports.assessment_record", village)`.

Steps 8 and 10 of the provincial operating guideline: the district's community developer
(เจ้าหน้าที่พัฒนาชุมชนอำเภอ) assesses a village of the district with its village committee, and records the
village-development plan after round 1. The provincial officer reads the province's assessments, TAO staff
read their own villages'; neither records. An administrator may.
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.ownership import NO_OFFICE, OUTSIDE, in_scope
from registry.scoping import Role

policy = Policy("reports")
can = policy.can

DISTRICT_ONLY = reason(
    _(
        "Only the district community developer records a village's sufficiency-economy assessment, "
        "with the village committee; you may read it."
    )
)


@policy.rule("assessment_record")
def _record(user, village=None):
    """Record (or correct) a round of the village's assessment, and its development plan. `village` None: may
    the user record assessments at all (the navigation, the list's buttons)."""
    if user.role == Role.ADMIN:
        return ALLOWED
    if user.role != Role.DISTRICT_OFFICER:
        return refused(DISTRICT_ONLY)
    if user.office_id is None or not user.office.district_id:
        return refused(NO_OFFICE)
    if village is not None and not in_scope(user, village):  # another district's village
        return refused(OUTSIDE)
    return ALLOWED
