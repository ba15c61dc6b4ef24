"""The plan pages: list, plan page with its flags, programme and indicator forms, the district
grid of each programme, copy from the previous year, publish, and the xlsx export and import of the targets.
Each view finds the plan through `Plan.objects.for_user` (another province's plan is a 404), asks
reports/policies/plans.py (a refusal is a 403 with its reason) and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kit import thai
from kit.actions import Confirm
from kit.policy import can, require
from kit.workflow import TransitionRefused
from reports import plan_sheets
from reports.forms.plans import ImportForm, IndicatorForm, PlanForm, ProgrammeForm, ReasonForm
from reports.models import Indicator, Programme
from reports.selectors import plans as selectors
from reports.services import plans as services
from reports.workflow import PLAN

VIEW, CHANGE = "reports.plan_view", "reports.plan_change"
SIGNING_SALT = "reports.plan_import"


def _plan(request, pk):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    require(request.user, VIEW, plan)
    return plan


def _writable_plan(request, pk):
    plan = _plan(request, pk)
    require(request.user, CHANGE, plan)
    return plan


@login_required
def plan_list(request):
    require(request.user, VIEW)
    return render(
        request,
        "reports/plans/list.html",
        {"plans": selectors.plans_for(request.user), "may_change": can(request.user, CHANGE)},
    )


@login_required
def plan_create(request):
    require(request.user, CHANGE)
    form = PlanForm(
        request.POST or None,
        user=request.user,
        initial={"fiscal_year": thai.fiscal_year_now(), "copy_previous": True},
    )
    if request.method == "POST" and form.is_valid():
        province = form.cleaned_data.get("province") or request.user.office.province
        year = form.cleaned_data["fiscal_year"]
        previous = selectors.previous_plan(province, year)
        try:
            if form.cleaned_data["copy_previous"]:
                if previous is None:
                    raise ValidationError(
                        _("%(province)s has no plan for fiscal year %(year)s to copy.")
                        % {"province": province.name_th, "year": year - 1}
                    )
                plan = services.plan_copy(user=request.user, source=previous, fiscal_year=year)
            else:
                plan = services.plan_create(user=request.user, province=province, fiscal_year=year)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The plan is saved as a draft."))
            return redirect("reports:plan", plan.pk)
    return render(request, "reports/plans/plan_form.html", {"form": form})


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    return render(
        request,
        "reports/plans/detail.html",
        {
            "page": selectors.plan_page(plan, request.user),
            "plan": plan,
            "may": can(request.user, CHANGE, plan),
            "missing": PLAN.missing(plan),
        },
    )


@login_required
@require_POST
def plan_publish(request, pk):
    plan = _writable_plan(request, pk)
    try:
        services.plan_publish(user=request.user, plan=plan)
    except TransitionRefused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The plan is published: further changes need a written reason."))
    return redirect("reports:plan", plan.pk)


def _edit(request, *, plan, form, save, template, context):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance, form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("reports:plan", plan.pk)
    return render(request, template, {"form": form, "plan": plan, **context})


def _programme_save(request):
    return lambda obj, reason: services.programme_save(user=request.user, programme=obj, reason=reason)


def _indicator_save(request):
    return lambda obj, reason: services.indicator_save(user=request.user, indicator=obj, reason=reason)


@login_required
def programme_create(request, pk):
    plan = _writable_plan(request, pk)
    number = (plan.programmes.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = ProgrammeForm(request.POST or None, plan=plan, initial={"number": min(number, 99)})
    return _edit(
        request,
        plan=plan,
        form=form,
        save=_programme_save(request),
        template="reports/plans/programme_form.html",
        context={"programme": None},
    )


@login_required
def programme_edit(request, pk, programme_pk):
    plan = _writable_plan(request, pk)
    programme = get_object_or_404(Programme.objects.filter(plan=plan), pk=programme_pk)
    form = ProgrammeForm(request.POST or None, plan=plan, instance=programme)
    return _edit(
        request,
        plan=plan,
        form=form,
        save=_programme_save(request),
        template="reports/plans/programme_form.html",
        context={"programme": programme},
    )


@login_required
def indicator_create(request, pk, programme_pk):
    plan = _writable_plan(request, pk)
    programme = get_object_or_404(Programme.objects.filter(plan=plan), pk=programme_pk)
    number = (programme.indicators.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = IndicatorForm(request.POST or None, programme=programme, initial={"number": min(number, 99)})
    return _edit(
        request,
        plan=plan,
        form=form,
        save=_indicator_save(request),
        template="reports/plans/indicator_form.html",
        context={"programme": programme, "indicator": None},
    )


@login_required
def indicator_edit(request, pk, indicator_pk):
    plan = _writable_plan(request, pk)
    indicator = get_object_or_404(
        Indicator.objects.filter(programme__plan=plan).select_related("programme"), pk=indicator_pk
    )
    form = IndicatorForm(request.POST or None, programme=indicator.programme, instance=indicator)
    return _edit(
        request,
        plan=plan,
        form=form,
        save=_indicator_save(request),
        template="reports/plans/indicator_form.html",
        context={"programme": indicator.programme, "indicator": indicator},
    )


def _remove(request, *, plan, confirm, remove):
    """Ask first, on a page of its own (a published plan asks for the reason there too); a POST removes."""
    form = ReasonForm(request.POST if request.method == "POST" else None, plan=plan)  # a draft posts no field
    if form.is_bound and form.is_valid():
        try:
            remove(form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Removed from the plan."))
            return redirect("reports:plan", plan.pk)
    return render(
        request,
        "reports/plans/remove.html",
        {"plan": plan, "confirm": confirm, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def programme_remove(request, pk, programme_pk):
    plan = _writable_plan(request, pk)
    programme = get_object_or_404(Programme.objects.filter(plan=plan), pk=programme_pk)
    confirm = Confirm(
        _("Remove the programme “%(programme)s” from the plan?") % {"programme": programme},
        detail=_("Its %(count)s indicators and its targets for every district are removed with it.")
        % {"count": programme.indicators.count()},
    )
    return _remove(
        request,
        plan=plan,
        confirm=confirm,
        remove=lambda reason: services.programme_remove(
            user=request.user, programme=programme, reason=reason
        ),
    )


@login_required
def indicator_remove(request, pk, indicator_pk):
    plan = _writable_plan(request, pk)
    indicator = get_object_or_404(
        Indicator.objects.filter(programme__plan=plan).select_related("programme"), pk=indicator_pk
    )
    confirm = Confirm(
        _("Remove the indicator “%(indicator)s” from the plan?") % {"indicator": indicator},
        detail=_("Its targets for every district are removed with it (%(programme)s).")
        % {"programme": indicator.programme},
    )
    return _remove(
        request,
        plan=plan,
        confirm=confirm,
        remove=lambda reason: services.indicator_remove(
            user=request.user, indicator=indicator, reason=reason
        ),
    )


@login_required
def targets_edit(request, pk, programme_pk):
    """The programme's grid: one row per district of the province (units, budget, each indicator's target),
    saved all or nothing."""
    plan = _writable_plan(request, pk)
    programme = get_object_or_404(selectors.programmes_with_totals(plan), pk=programme_pk)
    indicators = list(selectors.indicators_with_totals(plan).filter(programme=programme))
    block = selectors.programme_block(programme, indicators, selectors.plan_districts(plan, request.user))
    reason_form = ReasonForm(request.POST or None, plan=plan)
    errors, typed = [], {}
    if request.method == "POST":
        rows = {
            row.district.code: {
                "units": request.POST.get(f"u-{row.district.code}", ""),
                "budget": request.POST.get(f"b-{row.district.code}", ""),
                **{i.pk: request.POST.get(f"i{i.pk}-{row.district.code}", "") for i in indicators},
            }
            for row in block.rows
        }
        typed = rows
        if reason_form.is_valid():
            try:
                services.district_targets_save(
                    user=request.user,
                    programme=programme,
                    rows=rows,
                    reason=reason_form.cleaned_data.get("reason", ""),
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("The district targets are saved."))
                return redirect("reports:plan", plan.pk)
    grid = [
        {
            "district": row.district,
            "units": typed.get(row.district.code, {}).get("units", row.units),
            "budget": typed.get(row.district.code, {}).get("budget", row.budget),
            "cells": [
                (i, typed.get(row.district.code, {}).get(i.pk, value))
                for i, value in zip(indicators, row.values, strict=True)
            ],
        }
        for row in block.rows
    ]
    return render(
        request,
        "reports/plans/targets_form.html",
        {
            "plan": plan,
            "programme": programme,
            "indicators": indicators,
            "grid": grid,
            "errors": errors,
            "reason_form": reason_form,
        },
    )


@login_required
def targets_export(request, pk):
    plan = _plan(request, pk)
    response = HttpResponse(
        plan_sheets.export(plan, selectors.plan_districts(plan, request.user)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="plan-{plan.province_id}-{plan.fiscal_year}.xlsx"'
    )
    return response


@login_required
def targets_import(request, pk):
    """Upload: the sheet is read and previewed (or refused with its row and cell errors); confirm: the
    previewed rows (carried signed, not re-read) are written all or nothing."""
    plan = _writable_plan(request, pk)
    form, reason_form = ImportForm(), ReasonForm(request.POST or None, plan=plan)
    errors, read_rows, payload = [], [], ""
    if request.method == "POST" and "payload" in request.POST:
        try:
            grids = plan_sheets.unpack(
                signing.loads(request.POST["payload"], salt=SIGNING_SALT, max_age=3600)
            )
        except (signing.BadSignature, ValueError, TypeError):
            errors = [_("The preview has expired or was changed: upload the file again.")]
        else:
            if reason_form.is_valid():
                try:
                    plan_sheets.apply(
                        user=request.user,
                        plan=plan,
                        grids=grids,
                        reason=reason_form.cleaned_data.get("reason", ""),
                    )
                except ValidationError as exc:
                    errors = exc.messages
                else:
                    messages.success(request, _("The sheet's targets are saved."))
                    return redirect("reports:plan", plan.pk)
            payload = request.POST["payload"]
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            grids, errors, read_rows = plan_sheets.read(plan, form.cleaned_data["file"])
            if not errors and not grids:
                errors = [_("The sheet has no rows to import.")]
            if not errors:
                payload = signing.dumps(plan_sheets.pack(grids), salt=SIGNING_SALT)
    return render(
        request,
        "reports/plans/import.html",
        {
            "plan": plan,
            "form": form,
            "errors": errors,
            "rows": read_rows,
            "payload": payload,
            "reason_form": reason_form,
        },
    )
