"""The dashboard: the plan against live results for the user's area, drilled down from the country or the
province to a village and the records behind each count. Every place is looked up inside the user's area
(reports/selectors/dashboard.py): an unknown code, or a place outside the area, is a 404."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit import thai
from kit.charts import Chart, Series, figure
from kit.policy import can, require
from reports.forms.dashboard import DashboardForm
from reports.models import Measure, PlanStatus
from reports.selectors import dashboard as selectors
from reports.selectors import figures as records
from reports.selectors.results import Mark
from reports.selectors.submissions import labels as figure_labels
from reports.services import snapshots

VIEW = "reports.dashboard_view"


def _page(request, place):
    require(request.user, VIEW)
    if place is None:
        raise Http404
    params = DashboardForm(request.GET).values()
    board = selectors.dashboard(
        user=request.user,
        place=place,
        today=timezone.localdate(),
        wrote_at=snapshots.wrote_at(request),
        **params,
    )
    return render(
        request,
        "reports/dashboard/page.html",
        {
            "board": board,
            "params": params,
            "chart": _chart(board),
            "years": DashboardForm.years(),
            "measures": selectors.CHART_MEASURES,
            "query": _query(params),
            "programme_table": _table(request, board, board.programme_columns, params),
            "tao_table": _table(request, board, board.tao_columns, params),
            "budget_table": _budget_table(board),
            "progress": _progress(board),
            "matrix": _matrix(board, params),
            "submissions": _submissions(board),
            "levels_table": _levels_table(board),
            "may_plan": can(request.user, "reports.plan_change"),
            "may_export": can(request.user, "reports.export"),
            "village_records": (
                records.village_records(request.user, place.village, board.fiscal_year)
                if place.village
                else None
            ),
        },
    )


# --- what the tables show: each cell's text and link, worked out here, not in the template ------------------


@dataclass
class Cell:
    text: str
    href: str = ""
    sort_value: object = None


@dataclass
class Header:
    label: str
    href: str = ""
    sorted: str = ""  # "ascending" | "descending" | "" (aria-sort)


@dataclass
class TableRow:
    name: str
    href: str
    cells: list
    key: object = None
    note: str = ""  # the country: each province's plan for the year


@dataclass
class Table:
    headers: list
    rows: list
    total: TableRow | None


def _query(params, **changes) -> str:
    values = {
        "year": params["fiscal_year"],
        "programme": params["programme"] or "",
        "sort": params["sort"],
        "dir": "desc" if params["descending"] else "",
        "measure": params["measure"],
        "quarter": params["quarter"],
    }
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v not in ("", None, 0)})


def _text(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "baht":
        return thai.baht(value, 0)
    return figure(value)


def _records_url(place, key, fiscal_year: int) -> str:
    level, place_key = (
        (place.level, place.key)
        if place.level not in (selectors.COUNTRY, selectors.OFFICE)
        else (place.level, "all")
    )
    return reverse("reports:dashboard_records", args=[level, place_key, key]) + f"?year={fiscal_year}"


def _place_url(place, params) -> str:
    query = _query(params, sort="", dir="")
    return place.url + (f"?{query}" if query else "")


def _table(request, board, columns, params) -> Table:
    here = board.place.url
    headers = []
    for column in columns:
        current = board.sort == column.key
        descending = not board.descending if current else True  # a count is first read largest first
        sortable = bool(board.rows)
        headers.append(
            Header(
                str(column.label),
                f"{here}?{_query(params, sort=column.key, dir='desc' if descending else '')}"
                if sortable
                else "",
                ("descending" if board.descending else "ascending") if current else "",
            )
        )

    def cells(values, place):
        out = []
        for column in columns:
            value = values.get(column.key)
            href = _records_url(place, column.measure, board.fiscal_year) if column.measure and value else ""
            out.append(Cell(_text(value, column.kind), href, value))
        return out

    rows = [
        TableRow(
            row.place.name,
            _place_url(row.place, params),
            cells(row.values, row.place),
            row.place.key,
            _plan_note(board, row.place),
        )
        for row in board.rows
    ]
    total = TableRow(
        str(_("Total")) if board.below else board.place.name, "", cells(board.total.values, board.place)
    )
    return Table(headers, rows, total)


def _levels_table(board) -> list:
    """The sufficiency table's rows: (place name, [Cell per level and round]),
    each count linking to its villages."""
    rows = []
    for row in board.levels:
        place = row.place or board.place
        cells = []
        for level, one, two in row.counts:
            for round_number, value in ((1, one), (2, two)):
                href = (
                    _records_url(place, records.sufficiency_key(round_number, level.value), board.fiscal_year)
                    if value
                    else ""
                )
                cells.append(Cell(_text(value, "count"), href, value))
        rows.append((row.place.name if row.place else str(_("Total")), cells, row.place is None))
    return rows


def _plan_note(board, place) -> str:
    if board.place.level != selectors.COUNTRY:
        return ""
    status = board.plans_by_province.get(place.key)
    if status is None:
        return str(_("no plan"))
    return str(PlanStatus(status).label)


def _budget_table(board) -> Table | None:
    if board.budget is None:
        return None
    columns = selectors.BUDGET_COLUMNS
    headers = [Header(str(c.label)) for c in columns]
    rows = [
        TableRow(row.place.name, "", [Cell(_text(row.values[c.key], c.kind)) for c in columns], row.place.key)
        for row in board.budget_rows
    ]
    total = board.budget_total
    return Table(
        headers,
        rows,
        TableRow(
            str(_("Total")) if board.below else board.place.name,
            "",
            [Cell(_text(total.values[c.key], c.kind)) for c in columns],
        ),
    )


def _chart(board):
    progress = board.chart
    series = [Series(str(_("result (cumulative)")), tuple(m.result for m in progress.months))]
    if progress.target is not None:
        series.insert(0, Series(str(_("plan for the period")), tuple(m.planned for m in progress.months)))
    return Chart(
        title=str(progress.label),
        labels=tuple(m.label for m in progress.months),
        series=tuple(series),
        kind="line",
    )


@login_required
def home(request):
    """The user's own place: the country, their province, their district or their office."""
    return _page(request, selectors.home_place(request.user))


@login_required
def province(request, code):
    return _page(request, selectors.find_place(request.user, selectors.PROVINCE, code))


@login_required
def district(request, code):
    return _page(request, selectors.find_place(request.user, selectors.DISTRICT, code))


@login_required
def sub_district(request, code):
    return _page(request, selectors.find_place(request.user, selectors.SUB_DISTRICT, code))


@login_required
def village(request, pk):
    return _page(request, selectors.find_place(request.user, selectors.VILLAGE, pk))


@login_required
def figure_records(request, level, key, figure):
    """The records behind one count of the dashboard: the same figure, place and fiscal year, each linking to
    its page. A list of people shows masked national IDs only."""
    require(request.user, VIEW)
    place = selectors.place_for(request.user, level, key)
    found = records.FIGURES.get(figure)
    if place is None or found is None:
        raise Http404
    params = DashboardForm(request.GET).values()
    scope = place.scope(request.user, params["fiscal_year"])
    queryset = found.records(scope)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/dashboard/records.html",
        {
            "place": place,
            "figure": found,
            "fiscal_year": params["fiscal_year"],
            "page_obj": page,
            "rows": [found.row(record) for record in page],
            "trail": selectors.trail(request.user, place) + [place],
        },
    )


MARK_CLASSES = {
    Mark.REACHED: "text-bg-success",
    Mark.ON_TRACK: "text-bg-primary",
    Mark.BEHIND: "text-bg-danger",
    Mark.NO_MEASURE: "text-bg-light border",
    Mark.NO_TARGET: "text-bg-light border",
}


@dataclass
class ProgressRow:
    number: str
    name: str
    unit: str
    measure: str
    target: str
    result: str
    reached: str
    mark: str
    mark_class: str
    href: str


def _target_text(value, indicator) -> str:
    if value is None:
        return "—"
    return figure(value) + (" %" if indicator.is_percent else "")


def _progress(board) -> list[ProgressRow]:
    """The plan's indicators for the place: target, live result, share reached and the mark."""
    rows = []
    for item in board.progress:
        indicator, total = item.indicator, item.total
        measure = indicator.measure
        href = ""
        if measure and measure in records.FIGURES and total.result:
            href = _records_url(board.place, measure, board.fiscal_year)
        rows.append(
            ProgressRow(
                number=f"{indicator.programme.number}.{indicator.number}",
                name=indicator.name,
                unit=indicator.unit_label if total.target is not None else "",
                measure=str(Measure(measure).label) if measure else "",
                target=_target_text(total.target, indicator),
                result=_target_text(total.result, indicator),
                reached="—" if total.reached_pct is None else f"{figure(total.reached_pct)} %",
                mark=str(Mark(total.mark).label),
                mark_class=MARK_CLASSES[total.mark],
                href=href,
            )
        )
    return rows


@dataclass
class MatrixCell:
    result: str
    target: str
    mark: str
    mark_class: str


def _matrix(board, params) -> Table | None:
    """Each place below (districts, at a province) against each indicator: result / target and the mark."""
    if board.place.level not in (selectors.PROVINCE,) or not board.progress:
        return None
    by_indicator = [{row.area: row for row in item.rows} for item in board.progress]
    headers = [
        Header(f"{item.indicator.programme.number}.{item.indicator.number} {item.indicator.name}")
        for item in board.progress
    ]
    rows = []
    for row in board.rows:
        cells = []
        for item, found in zip(board.progress, by_indicator, strict=True):
            target_row = found.get(row.place.key)
            if target_row is None:  # no target for the district: its live result alone
                measure = item.indicator.measure
                result = board.figures.measure(measure, row.place.key) if measure else None
                cells.append(MatrixCell(_target_text(result, item.indicator), "—", "", ""))
                continue
            cells.append(
                MatrixCell(
                    _target_text(target_row.result, item.indicator),
                    _target_text(target_row.target, item.indicator),
                    str(Mark(target_row.mark).label),
                    MARK_CLASSES[target_row.mark],
                )
            )
        rows.append(TableRow(row.place.name, _place_url(row.place, params), cells, row.place.key))
    return Table(headers, rows, None)


@dataclass
class SubmissionRow:
    name: str
    key: str
    state: str
    href: str
    submitted: str
    changes: list  # texts: "label: submitted → live (±delta)"


def _submissions(board) -> list[SubmissionRow]:
    names = figure_labels()
    rows = []
    for state in board.submissions:
        submission = state.submission
        changes = []
        for difference in state.changed:
            delta = (
                ""
                if difference.delta is None
                else f" ({'+' if difference.delta > 0 else ''}{figure(difference.delta)})"
            )
            changes.append(
                f"{names.get(difference.key, difference.key)}: {figure(difference.submitted)} → "
                f"{figure(difference.live)}{delta}"
            )
        rows.append(
            SubmissionRow(
                name=state.district.name,
                key=state.district.key,
                state=submission.get_status_display() if submission else str(_("not submitted")),
                href=reverse("reports:submission", args=[submission.pk]) if submission else "",
                submitted=thai.date_short(submission.submitted_at) if submission else "",
                changes=changes,
            )
        )
    return rows
