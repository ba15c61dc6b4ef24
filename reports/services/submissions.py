"""Writes of the districts' submissions (steps 16–17 of the provincial operating guideline): submit (a new row
with the figures frozen), accept or send back (reports/submissions_workflow.py). Each is all-or-nothing
and asks reports/policies/submissions.py."""

import datetime
import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kit import thai
from kit.policy import ensure
from kit.workflow import transition
from reports.models import Submission, SubmissionStatus
from reports.models.submissions import OPEN
from reports.submissions_workflow import SUBMISSIONS


def period_bounds(fiscal_year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the fiscal year (quarter 0) or of its quarter
    1–4 (October–December first)."""
    first, last = thai.fiscal_year_bounds(fiscal_year)
    if not quarter:
        return first, last
    start_month = (10 + 3 * (quarter - 1) - 1) % 12 + 1
    start = datetime.date(first.year + (start_month < 10), start_month, 1)
    end_month = start_month + 2
    following = datetime.date(start.year + (end_month == 12), end_month % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


def _frozen(figures: dict) -> dict:
    """The figures as JSON keeps them: numbers as int or float
    (Decimal as str would not compare), None kept."""
    frozen = {}
    for key, value in figures.items():
        if value is None:
            frozen[str(key)] = None
        elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise ValueError(f"figure {key!r} is not a number")
        elif isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"figure {key!r} is not finite")
        else:
            frozen[str(key)] = int(value) if value == int(value) else float(value)
    return frozen


def submission_submit(
    *,
    user,
    district,
    fiscal_year: int,
    quarter: int,
    figures: dict,
    note: str = "",
    today: datetime.date | None = None,
) -> Submission:
    """Freeze the district's figures for the period, as computed now by the caller from the live data."""
    ensure(user, "reports.submission_submit", district)
    if quarter not in (0, 1, 2, 3, 4):
        raise ValidationError(_("Choose the whole fiscal year or a quarter from 1 to 4."))
    today = today or timezone.localdate()
    start, _end = period_bounds(fiscal_year, quarter)
    if start > today:
        raise ValidationError(_("The period has not begun yet: it is submitted once it has results."))
    with transaction.atomic():
        if (
            Submission.objects.select_for_update()
            .filter(district=district, fiscal_year=fiscal_year, quarter=quarter, status__in=OPEN)
            .exists()
        ):
            raise ValidationError(
                _("The district has already submitted this period: it is awaiting the province or accepted.")
            )
        try:
            with transaction.atomic():
                return Submission.objects.create(
                    district=district,
                    fiscal_year=fiscal_year,
                    quarter=quarter,
                    figures=_frozen(figures),
                    note=note.strip()[:2000],
                    submitted_by=user,
                    submitted_at=timezone.now(),
                )
        except IntegrityError:  # two submissions of the same period at the same moment: one wins
            raise ValidationError(
                _("The district has already submitted this period: it is awaiting the province or accepted.")
            ) from None


def submission_decide(*, user, submission: Submission, accept: bool, reason: str = "") -> Submission:
    """Accept, or send back with a reason."""
    to = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    return transition(SUBMISSIONS, submission, to, user=user, reason=reason)
