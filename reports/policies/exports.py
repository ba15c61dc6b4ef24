"""Who may export the dashboard (the workbook and the printed book): whoever may see the place, i.e. whoever
may open the dashboard and finds the place in their area (reports.selectors.dashboard.place_for; a place
outside it is a 404, never asked here). The worker asks again when it builds the file: a user who lost access
since gets a failed export with this reason."""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, can, reason, refused

policy = Policy("reports")

PLACE_GONE = reason(_("This place is no longer in your area: the export was not made."))


@policy.rule("export")
def _export(user, place=None):
    """Export the dashboard of `place` (None: may the user export at all)."""
    decision = can(user, "reports.dashboard_view")
    if not decision:
        return decision
    if place is None:
        return ALLOWED
    from reports.selectors.dashboard import place_for

    if place_for(user, place.level, place.key) != place:
        return refused(PLACE_GONE)
    return ALLOWED
