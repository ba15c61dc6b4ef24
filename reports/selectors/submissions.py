"""Reads of the districts' submissions: the state of each district for a period, and how far the live figures
have moved from what was submitted."""

from dataclasses import dataclass

from reports.models import Measure, Submission, SubmissionStatus
from reports.models.submissions import OPEN

RISE = "income_rise_percent"


def labels() -> dict:
    """{figure key: its label}: the plan's measures and the income rise."""
    from django.utils.translation import gettext as _

    return {
        **{m.value: m.label for m in Measure},
        RISE: _("rise in the average income of those households (%)"),
    }


def live_figures(user, district, fiscal_year: int) -> dict:
    """The district's figures of the fiscal year as the results define them (reports/selectors/results.py), to
    be frozen by a submission or compared with one: cumulative from the start of the fiscal year."""
    from reports.selectors.results import Scope, results

    return live_of(results(Scope(user=user, fiscal_year=fiscal_year, level="district", district=district.pk)))


def live_of(figures, district=None) -> dict:
    """{figure key: value} of one district of `figures` (reports.selectors.results.Results grouped by
    district), or of their whole scope (district None): what a submission freezes."""
    live = {m.value: _number(figures.measure(m.value, district)) for m in Measure}
    rise = figures.rise if district is None else figures.rise_by_area.get(district)
    live[RISE] = _number(rise.percent if rise is not None else None)
    return live


@dataclass(frozen=True)
class Difference:
    key: str
    submitted: float | None
    live: float | None

    @property
    def delta(self):
        if self.submitted is None or self.live is None:
            return None
        return self.live - self.submitted

    @property
    def changed(self) -> bool:
        return self.submitted != self.live


def current(submissions, *, fiscal_year: int, quarter: int) -> dict:
    """{district id: the period's open submission (submitted or accepted), else the latest one sent back}, in
    one query over `submissions` (already scoped: Submission.objects.for_user(user))."""
    found = {}
    for submission in (
        submissions.filter(fiscal_year=fiscal_year, quarter=quarter)
        .select_related("submitted_by")
        .order_by("district_id", "submitted_at", "pk")
    ):
        held = found.get(submission.district_id)
        if held is None or held.status == SubmissionStatus.RETURNED or submission.status in OPEN:
            found[submission.district_id] = submission
    return found


def differences(submission: Submission, live: dict) -> list[Difference]:
    """Each figure as submitted beside its live value (keys of either side), in the submission's order."""
    keys = list(submission.figures) + [k for k in live if k not in submission.figures]
    return [Difference(key=k, submitted=submission.figures.get(k), live=_number(live.get(k))) for k in keys]


def _number(value):
    if value is None:
        return None
    return int(value) if value == int(value) else round(float(value), 2)
