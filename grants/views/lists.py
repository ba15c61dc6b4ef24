"""The lists of grant requests: the request list with its filters and xlsx export, the due and overdue list,
the budget lines with their money, and the office's grant settings. Every list starts from `for_user` (another
office's rows are never found) and reads its sums in the database."""

import tablib
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants import selectors, services
from grants.filters import RequestFilterSet
from grants.models import BudgetLine, GrantRequest, OfficeGrantSettings
from grants.workflow import APPROVED_STATES
from kit import paging, thai
from kit.fields import ModelForm
from kit.policy import can, require
from kit.workbook import sheet_title
from registry.area_filters import shows_offices


def _today():
    return timezone.localdate()


def _filtered(request):
    requests = GrantRequest.objects.for_user(request.user)
    filterset = RequestFilterSet(request.GET, requests, request=request)
    return filterset, filterset.qs


@login_required
def request_list(request):
    today = _today()
    filterset, requests = _filtered(request)
    per_page = paging.per_page(request.GET)
    page = selectors.request_list_page(
        requests, today=today, number=request.GET.get("page"), per_page=per_page
    )
    for row in page:  # how late, for the rows shown (the database said which are overdue)
        row.days_late = selectors.days_late(row.report_due_on, today) if row.is_overdue else 0
    return render(
        request,
        "grants/list.html",
        {
            "page_obj": page,
            "per_page": per_page,
            "per_page_choices": paging.PER_PAGE_CHOICES,
            "filterset": filterset,
            "shows_offices": shows_offices(request.user),
            "today": today,
            "can_create": can(request.user, "grants.create"),
        },
    )


EXPORT_COLUMNS = (  # (header, value of a row); no personal data: the group, its office and the money
    (gettext_lazy("request number"), lambda r, today: r.number),
    (gettext_lazy("fiscal year"), lambda r, today: r.fiscal_year),
    (gettext_lazy("project name"), lambda r, today: r.title),
    (gettext_lazy("occupation group"), lambda r, today: r.group.name),
    (gettext_lazy("funding office"), lambda r, today: r.office.name),
    (gettext_lazy("state"), lambda r, today: r.get_status_display()),
    (gettext_lazy("amount requested (baht)"), lambda r, today: r.amount_requested),
    (gettext_lazy("approved amount (baht)"), lambda r, today: r.approved_amount),
    (gettext_lazy("paid (baht)"), lambda r, today: r.money_paid),
    (gettext_lazy("refunded (baht)"), lambda r, today: r.money_refunded),
    (
        gettext_lazy("report due on"),
        lambda r, today: thai.date_short(r.report_due_on) if r.report_due_on else "",
    ),
    (
        gettext_lazy("days late"),
        lambda r, today: selectors.days_late(r.report_due_on, today) if r.is_overdue else "",
    ),
)


@login_required
def request_export(request):
    """The list's rows with the same filters and scope, as xlsx."""
    today = _today()
    _filterset, requests = _filtered(request)
    dataset = tablib.Dataset(
        headers=[str(header) for header, _value in EXPORT_COLUMNS],
        title=sheet_title(_("Grant requests"), set()),
    )
    for row in selectors.request_rows(requests, today).iterator(chunk_size=2000):
        dataset.append([value(row, today) for _header, value in EXPORT_COLUMNS])
    response = HttpResponse(
        dataset.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="grant-requests-{today:%Y%m%d}.xlsx"'
    return response


@login_required
def due_list(request):
    today = _today()
    requests = GrantRequest.objects.for_user(request.user)
    tables = [
        (
            _("Reports of the groups"),
            selectors.reports_due(requests, today),
            _("report due on"),
            _("No report is due."),
            "reports-due",
        ),
        (
            _("Results of finished projects (recorded within %(days)s days of the end)")
            % {"days": selectors.RESULTS_WITHIN_DAYS},
            selectors.results_due(requests, today),
            _("results due on"),
            _("No results are due."),
            "results-due",
        ),
    ]
    return render(
        request,
        "grants/due.html",
        {
            "tables": tables,
            "today": today,
            "shows_offices": shows_offices(request.user),
            "soon_days": selectors.DUE_SOON_DAYS,
        },
    )


# --- budget lines -------------------------------------------------------------------------------------------


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Fiscal year"), coerce=int, required=False)


@login_required
def line_list(request):
    lines = BudgetLine.objects.for_user(request.user)
    years = sorted(
        set(lines.order_by().values_list("fiscal_year", flat=True)) | {thai.fiscal_year_now()}, reverse=True
    )
    form = YearForm(request.GET)
    form.fields["year"].choices = [(y, y) for y in years]
    year = (
        form.cleaned_data["year"] if form.is_valid() and form.cleaned_data["year"] else thai.fiscal_year_now()
    )
    lines = lines.filter(fiscal_year=year)
    return render(
        request,
        "grants/lines.html",
        {
            "lines": selectors.with_money(lines.select_related("office")),
            "totals": selectors.line_totals(lines),
            "year": year,
            "years": years,
            "shows_offices": shows_offices(request.user),
            "can_budget": can(request.user, "grants.budget"),
        },
    )


@login_required
def line_detail(request, pk):
    line = get_object_or_404(
        selectors.with_money(BudgetLine.objects.for_user(request.user)).select_related("office"), pk=pk
    )
    requests = selectors.with_request_money(
        line.requests.filter(status__in=APPROVED_STATES).select_related("group")
    ).order_by("number")
    return render(
        request,
        "grants/line_detail.html",
        {
            "line": line,
            "requests": requests,
            "can_budget": can(request.user, "grants.budget", line),
        },
    )


class BudgetLineForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = BudgetLine
        fields = [
            "fiscal_year",
            "plan_code",
            "work_code",
            "budget_code",
            "category_code",
            "type_code",
            "project",
            "appropriated",
            "materials_only",
        ]
        widgets = {"appropriated": forms.NumberInput(attrs={"step": "0.01", "min": "0.01"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials_only"].help_text = _(
            "Tick when this money may buy only materials, things used up in the work (as money to form a "
            "group is): a request with durable goods, over %(limit)s baht a unit or a set, cannot be "
            "approved from it."
        ) % {"limit": thai.baht(selectors.durable_threshold(), decimals=0)}


class OfficeBudgetLineForm(BudgetLineForm):
    """An administrator names the office (an office's own people keep their own office's lines)."""

    class Meta(BudgetLineForm.Meta):
        fields = ["office", *BudgetLineForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from grants.policies import FUNDING_KINDS

        self.fields["office"].queryset = self.fields["office"].queryset.filter(kind__in=FUNDING_KINDS)


def _line_form(request, line):
    """Create or change a line: the service keeps it to the user's office and above what is already used."""
    form_class = OfficeBudgetLineForm if can(request.user, "grants.budget_office") else BudgetLineForm
    form = form_class(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.budget_line_save(user=request.user, line=form.instance)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The budget line is saved."))
            return redirect("grants:line", saved.pk)
    return render(request, "grants/line_form.html", {"form": form, "line": line if line.pk else None})


@login_required
def line_create(request):
    require(request.user, "grants.budget")
    return _line_form(request, BudgetLine(office=request.user.office, fiscal_year=thai.fiscal_year_now()))


@login_required
def line_edit(request, pk):
    line = get_object_or_404(BudgetLine.objects.for_user(request.user), pk=pk)
    require(request.user, "grants.budget", line)
    return _line_form(request, line)


class SettingsForm(forms.Form):
    report_due_days = forms.IntegerField(
        label=gettext_lazy("report due (days after the project ends)"), min_value=1, max_value=365
    )


@login_required
def office_settings(request):
    require(request.user, "grants.budget")
    office = request.user.office
    if office is None:  # an administrator has no office of their own: each office keeps its settings
        messages.error(request, _("Settings belong to an office: sign in as the office's staff."))
        return redirect("grants:lines")
    current = OfficeGrantSettings.objects.filter(office=office).first()
    form = SettingsForm(
        request.POST or None,
        initial={
            "report_due_days": current.report_due_days if current else selectors.DEFAULT_REPORT_DUE_DAYS
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(
                user=request.user, office=office, report_due_days=form.cleaned_data["report_due_days"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The settings are saved; open requests' report due dates follow them.")
            )
            return redirect("grants:settings")
    return render(request, "grants/settings.html", {"form": form, "office": office})
