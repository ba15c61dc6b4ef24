"""The sufficiency-village pages: the district's list, a village's two rounds side by side, the form of a
round and the village-development plan. Every page starts from `for_user` (another area's village is a 404);
recording is the policy's `reports.assessment_record` (a refusal is a 403 with its reason)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kit.policy import can, require
from registry.models import Village
from reports.forms.assessments import ListFilterForm, PlanItemForm, RoundForm, YearRoundForm
from reports.models import Assessment, PlanItem, Round
from reports.selectors import assessments as selectors
from reports.services import assessments as services

PAGE_SIZE = 50


def _village(request, pk):
    return get_object_or_404(
        Village.objects.for_user(request.user).select_related("sub_district", "district"), pk=pk
    )


def _village_url(village, year):
    return f"{reverse('reports:sufficiency_village', args=[village.pk])}?year={year}"


@login_required
def assessment_list(request):
    """The villages of the user's area by level and round, and which still lack a round."""
    form = ListFilterForm(request.GET or None)
    values = form.values()
    villages = Village.objects.for_user(request.user)
    rows = selectors.village_rows(villages, **values)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/assessments/list.html",
        {
            "form": form,
            "page_obj": page,
            "fiscal_year": values["fiscal_year"],
            "tallies": selectors.tallies(villages, fiscal_year=values["fiscal_year"]),
            "may_record": can(request.user, "reports.assessment_record"),
        },
    )


@login_required
def village(request, pk):
    """Both rounds of the village's fiscal year side by side: each indicator's answers,
    what changed, each level."""
    village = _village(request, pk)
    year, _round = YearRoundForm(request.GET).values()
    return render(
        request,
        "reports/assessments/village.html",
        {
            "page": selectors.village_page(user=request.user, village=village, fiscal_year=year),
            "may_record": can(request.user, "reports.assessment_record", village),
        },
    )


@login_required
def record(request, pk):
    """The form of one round (?year=&round=): every indicator on one page, saved all or nothing."""
    village = _village(request, pk)
    may = require(request.user, "reports.assessment_record", village)
    year, round_number = YearRoundForm(request.GET).values()
    recorded = (
        Assessment.objects.filter(village=village, fiscal_year=year, round=round_number)
        .select_related("criteria")
        .prefetch_related("answers")
        .first()
    )
    criteria = recorded.criteria if recorded else selectors.criteria_for(year)
    if round_number == Round.AFTER and recorded is None:
        first = Assessment.objects.filter(village=village, fiscal_year=year, round=Round.BEFORE).first()
        criteria = first.criteria if first else criteria
    indicators = criteria.indicators.select_related("area").order_by("number") if criteria else []
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        indicators=indicators,
        initial=RoundForm.initial_from(recorded) if recorded else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                user=request.user,
                village=village,
                fiscal_year=year,
                round_number=round_number,
                assessed_on=form.cleaned_data["assessed_on"],
                committee=form.cleaned_data["committee"],
                answers=form.answers(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(_village_url(village, year))
    return render(
        request,
        "reports/assessments/record.html",
        {
            "village": village,
            "fiscal_year": year,
            "round_number": round_number,
            "round_label": Round(round_number).label,
            "criteria": criteria,
            "form": form,
            "recorded": recorded,
            "may_record": may,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def plan(request, pk):
    """The village-development plan recorded on round 1 (step 8): its items, and the form to add one."""
    assessment = get_object_or_404(
        Assessment.objects.for_user(request.user).select_related("village", "criteria"),
        pk=pk,
        round=Round.BEFORE,
    )
    may = can(request.user, "reports.assessment_record", assessment.village)
    form = PlanItemForm(criteria=assessment.criteria)
    if request.method == "POST":
        require(request.user, "reports.assessment_record", assessment.village)
        if "remove" in request.POST:
            item = PlanItem.objects.filter(assessment=assessment, pk=_int(request.POST["remove"])).first()
            if item is None:
                messages.error(request, _("This plan item is no longer there; nothing was changed."))
            else:
                services.plan_item_remove(user=request.user, item=item)
                messages.success(request, _("The plan item was removed."))
            return redirect("reports:sufficiency_plan", pk=assessment.pk)
        form = PlanItemForm(request.POST, criteria=assessment.criteria)
        if form.is_valid():
            try:
                services.plan_item_add(user=request.user, assessment=assessment, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The plan item was added."))
                return redirect("reports:sufficiency_plan", pk=assessment.pk)
    return render(
        request,
        "reports/assessments/plan.html",
        {
            "assessment": assessment,
            "village": assessment.village,
            "form": form,
            "may_record": may,
            "items": assessment.plan_items.select_related("indicator"),
            "back": _village_url(assessment.village, assessment.fiscal_year),
        },
        status=400 if request.method == "POST" else 200,
    )


def _int(value):
    """A row's key as typed; anything that is no key of ours is no row."""
    value = str(value).strip()
    return int(value) if value.isdigit() and len(value) < 10 else 0
