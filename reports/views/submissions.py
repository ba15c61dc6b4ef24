"""The districts' summaries (steps 16–17 of the provincial guideline): the district officer sees the
district's live figures for the fiscal year or a quarter and submits them (frozen); the provincial officer
sees each district's state, opens a summary, sees how far the live figures have moved since, and accepts it or
sends it back with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kit import thai
from kit.policy import can, require
from kit.workflow import TransitionRefused
from reports.models import Submission
from reports.models.submissions import OPEN
from reports.policies import submissions as policy
from reports.selectors import submissions as selectors
from reports.services import submissions as services
from reports.submissions_workflow import SUBMISSIONS

VIEW, SUBMIT, DECIDE = "reports.submission_view", "reports.submission_submit", "reports.submission_decide"


def _period(params):
    """(fiscal year, quarter) from the query string; anything else falls back to this fiscal
    year, whole year."""
    now = thai.fiscal_year_now()
    year = thai.whole_number(params.get("year", ""))
    quarter = thai.whole_number(params.get("quarter", ""))
    year = year if year is not None and now - 10 <= year <= now else now
    return year, quarter if quarter in (0, 1, 2, 3, 4) else 0


@login_required
def submission_list(request):
    require(request.user, VIEW)
    user = request.user
    year, quarter = _period(request.POST if request.method == "POST" else request.GET)
    scoped = Submission.objects.for_user(user)
    found = selectors.current(scoped, fiscal_year=year, quarter=quarter)
    district = policy.own_district(user)
    context = {
        "year": year,
        "quarter": quarter,
        "years": range(thai.fiscal_year_now(), thai.fiscal_year_now() - 4, -1),
        "labels": selectors.labels(),
        "quarters": range(5),
    }
    if district is not None:
        live = selectors.live_figures(user, district, year)
        held = found.get(district.pk)
        if request.method == "POST":
            try:
                services.submission_submit(
                    user=user,
                    district=district,
                    fiscal_year=year,
                    quarter=quarter,
                    figures=live,
                    note=request.POST.get("note", ""),
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The district's summary is submitted to the province."))
            return redirect(f"{request.path}?year={year}&quarter={quarter}")
        context.update(
            district=district,
            live=live,
            held=held,
            rows=selectors.differences(held, live)
            if held
            else [selectors.Difference(key=k, submitted=None, live=v) for k, v in live.items()],
            may_submit=can(user, SUBMIT, district) and (held is None or held.status not in OPEN),
        )
    else:
        if request.method == "POST":
            require(user, SUBMIT)
        districts = policy.districts_read(user, scoped)
        context["districts"] = [(d, found.get(d.pk)) for d in districts.order_by("code")]
    return render(request, "reports/submissions/list.html", context)


@login_required
def submission_detail(request, pk):
    require(request.user, VIEW)
    submission = get_object_or_404(
        Submission.objects.for_user(request.user).select_related("district", "submitted_by"), pk=pk
    )
    live = selectors.live_figures(request.user, submission.district, submission.fiscal_year)
    state = SUBMISSIONS.state_of(submission)
    return render(
        request,
        "reports/submissions/detail.html",
        {
            "submission": submission,
            "rows": selectors.differences(submission, live),
            "labels": selectors.labels(),
            "moves": submission.moves.select_related("user"),
            "may_decide": can(request.user, DECIDE, submission),
            "open_moves": state.moves,
        },
    )


@login_required
@require_POST
def submission_decide(request, pk):
    submission = get_object_or_404(
        Submission.objects.for_user(request.user).select_related("district"), pk=pk
    )
    require(request.user, DECIDE, submission)
    accept = request.POST.get("to") == "accepted"
    try:
        services.submission_decide(
            user=request.user,
            submission=submission,
            accept=accept,
            reason=request.POST.get("reason", "")[:500],
        )
    except (ValidationError, TransitionRefused) as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The summary is accepted.") if accept else _("The summary is sent back."))
    return redirect("reports:submission", submission.pk)
