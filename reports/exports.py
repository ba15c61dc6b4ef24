"""The dashboard as a file: the Excel workbook (kit/workbook.py) and the printed book (reports/book.py),
written from the Dashboard the user saw and the export's parts (reports/selectors/exports.py). Nothing here
counts: every figure is the selectors'; this module only lays them out.

Workbook: a summary sheet (the plan's indicators, the results of the places below with the total, the budget,
the sufficiency levels round 1 beside round 2, the month-by-month progress, the "what is missing" counts), one
sheet per district with its sub-districts and villages, and the lists behind the "what is missing" counts
(masked national IDs only). The filters used are written at the top of every sheet.

Book: a summary section (indicators, results, budget, levels, what is missing, the monthly chart with its
numbers), then one section per district with its sub-districts and its chart."""

import datetime

from django.utils.translation import gettext as _

from kit import thai
from kit.charts import Chart, Series
from kit.workbook import BAHT, DECIMAL, INT, PERCENT, Column, ReportBook, Value
from reports.book import Section, Table, book_pdf
from reports.selectors.dashboard import BUDGET_COLUMNS, COLUMNS, Dashboard
from reports.selectors.results import Mark

KINDS = {"count": INT, "percent": PERCENT, "baht": BAHT}
# The book's results table in three parts that fit an A4 page: the village programme's households, its groups
# and grants, and the local offices' own work.
BOOK_PARTS = (
    (
        "target_villages_done",
        "experts_taught",
        "households_trained",
        "households_promoted",
        "households_higher_income",
        "higher_income_share",
        "income_rise",
    ),
    ("groups_formed", "groups_registered", "grants_approved", "grants_paid"),
    ("tao_trainings", "tao_certificates", "tao_groups", "tao_grants", "tao_grants_baht"),
)


def filters(board: Dashboard, made_at: datetime.datetime) -> list[tuple[str, str]]:
    """The view the file shows, written at the top of every sheet and on the book's cover."""
    user = board.user
    lines = [(_("place"), f"{board.place.level_name} {board.place.name}")]
    if user.office_id:
        lines.append((_("office"), user.office.name))
    lines.append((_("fiscal year"), f"พ.ศ. {board.fiscal_year}"))
    lines.append(
        (
            _("programme"),
            f"{board.programme.number}. {board.programme.name}" if board.programme else _("All programmes"),
        )
    )
    if board.sort:
        direction = _("largest first") if board.descending else _("smallest first")
        lines.append((_("sorted by"), f"{COLUMNS[board.sort].label} ({direction})"))
    else:
        lines.append((_("sorted by"), _("area code")))
    if not board.plan:
        lines.append((_("plan"), _("no published plan for this fiscal year: results only")))
    lines.append((_("made on"), made(made_at)))
    return lines


def made(made_at: datetime.datetime) -> str:
    return f"{thai.date_long(made_at.date())} {made_at:%H:%M}"


def _columns(board: Dashboard):
    return list(board.programme_columns) + list(board.tao_columns)


def _first(board: Dashboard) -> str:
    return str(board.below_name or board.place.level_name)


def _mark(total) -> str:
    return str(Mark(total.mark).label)


def _indicator_name(item) -> str:
    return f"{item.indicator.programme.number}.{item.indicator.number} {item.indicator.name}"


# --- the workbook -------------------------------------------------------------------------------------------


def workbook(board: Dashboard, parts: list, lists: list, *, made_at: datetime.datetime) -> bytes:
    book = ReportBook()
    lines = filters(board, made_at)
    columns = _columns(board)
    figures = [Column(str(c.label), KINDS[c.kind]) for c in columns]
    title = f"{_('Results dashboard')}: {board.place.name}"

    # The summary: the plan's indicators first (the header frozen), then the other tables below.
    summary = book.sheet(
        _("Summary"),
        title=title,
        filters=lines,
        columns=[
            Column(_("indicator")),
            Column(_("unit")),
            Column(_("target"), INT),
            Column(_("result"), INT),
            Column(_("reached (%)"), PERCENT),
            Column(_("mark")),
        ],
        rows=[
            (
                _indicator_name(item),
                "%" if item.indicator.is_percent else item.indicator.unit_label,
                _number(item.total.target, item.indicator.is_percent),
                _number(item.total.result, item.indicator.is_percent),
                item.total.reached_pct,
                _mark(item.total),
            )
            for item in board.progress
        ],
    )
    total_name = _("Total") if board.below else board.place.name
    book.table(
        summary,
        title=_("Village programme results") + " · " + _("The local offices' own work"),
        columns=[Column(_first(board)), *figures],
        rows=[(row.place.name, *(row.values.get(c.key) for c in columns)) for row in board.rows]
        + [(total_name, *(board.total.values.get(c.key) for c in columns))],
    )
    if board.budget is not None:
        book.table(
            summary,
            title=_("Budget: planned, approved and spent"),
            columns=[Column(_first(board)), *(Column(str(c.label), BAHT) for c in BUDGET_COLUMNS)],
            rows=[(row.place.name, *(row.values[c.key] for c in BUDGET_COLUMNS)) for row in board.budget_rows]
            + [(total_name, *(board.budget_total.values[c.key] for c in BUDGET_COLUMNS))],
        )
    if board.levels:
        book.table(
            summary,
            title=_("Sufficiency-economy villages: round 1 and round 2"),
            columns=[Column(_first(board)), *_level_columns(board, INT)],
            rows=[(row.place.name if row.place else total_name, *_level_counts(row)) for row in board.levels],
        )
    book.table(
        summary,
        title=f"{_('Progress through the year')}: {board.chart.label}",
        columns=[
            Column(_("month")),
            Column(_("plan for the period"), INT),
            Column(_("result (cumulative)"), INT),
        ],
        rows=[(m.label, m.planned, m.result) for m in board.chart.months],
    )
    if board.missing is not None:
        book.table(
            summary,
            title=_("What is missing"),
            columns=[Column(_("district")), *(Column(str(kind.label), INT) for kind in board.missing.kinds)],
            rows=[(row.district.name_th, *(n for _kind, n in row.counts)) for row in board.missing.rows]
            + [(_("Total"), *(n for _kind, n in board.missing.totals))],
        )

    # One sheet per district: its sub-districts, each followed by its villages, then the district's total.
    for part in parts:
        rows = []
        for sub in part.sub_districts:
            rows.append(
                (sub.row.place.name, _("(whole sub-district)"), *(sub.row.values.get(c.key) for c in columns))
            )
            rows += [
                (sub.row.place.name, village.place.name, *(village.values.get(c.key) for c in columns))
                for village in sub.villages
            ]
        rows.append((_("Total"), part.place.name, *(part.total.values.get(c.key) for c in columns)))
        book.sheet(
            part.place.name,
            title=f"{_('district')} {part.place.name}",
            filters=lines,
            columns=[Column(_("sub-district")), Column(_("village")), *figures],
            rows=rows,
        )

    if board.missing is not None:
        book.sheet(
            _("What is missing"),
            title=_("What is missing"),
            filters=lines,
            columns=[
                Column(_("district")),
                Column(_("what is missing")),
                Column(_("record")),
                Column(_("village")),
                Column(_("detail")),
                Column(_("national ID number")),
            ],
            rows=[
                (
                    found.district.name_th,
                    str(found.kind.label),
                    row.title,
                    str(row.village or ""),
                    row.detail,
                    row.national_id,
                )
                for found in lists
                for row in found.rows
            ],
        )
    return book.bytes()


def _number(value, percent: bool):
    if value is None:
        return None
    return Value(value, PERCENT if percent else INT if value == int(value) else DECIMAL)


def _level_columns(board: Dashboard, kind):
    first = board.levels[0].counts
    return [
        Column(f"{level.label} {_('round %(number)s') % {'number': n}}", kind)
        for level, _one, _two in first
        for n in (1, 2)
    ]


def _level_counts(row) -> list:
    return [n for _level, one, two in row.counts for n in (one, two)]


# --- the book -----------------------------------------------------------------------------------------------


def _results_tables(first: str, rows: list, total_name: str, total_values: dict) -> tuple:
    tables = []
    for keys in BOOK_PARTS:
        columns = [COLUMNS[key] for key in keys]
        title = (
            _("The local offices' own work") if keys[0].startswith("tao_") else _("Village programme results")
        )
        tables.append(
            Table(
                headers=(first, *(str(c.label) for c in columns)),
                rows=tuple((row.place.name, *(row.values.get(key) for key in keys)) for row in rows),
                total=(total_name, *(total_values.get(key) for key in keys)),
                title=title,
            )
        )
    return tuple(tables)


def _chart(progress) -> Chart:
    series = [Series(_("result (cumulative)"), tuple(m.result for m in progress.months))]
    if progress.target is not None:
        series.insert(0, Series(_("plan for the period"), tuple(m.planned for m in progress.months)))
    return Chart(
        title=f"{_('Progress through the year')}: {progress.label}",
        labels=tuple(m.label for m in progress.months),
        series=tuple(series),
        kind="line",
    )


def book(board: Dashboard, parts: list, *, made_at: datetime.datetime) -> bytes:
    total_name = _("Total") if board.below else board.place.name
    first = _first(board)
    tables = []
    if board.progress:
        tables.append(
            Table(
                title=_("The plan against the results"),
                headers=(_("indicator"), _("unit"), _("target"), _("result"), _("reached (%)"), _("mark")),
                rows=tuple(
                    (
                        _indicator_name(item),
                        "%" if item.indicator.is_percent else item.indicator.unit_label,
                        item.total.target,
                        item.total.result,
                        item.total.reached_pct,
                        _mark(item.total),
                    )
                    for item in board.progress
                ),
            )
        )
    tables += _results_tables(first, board.rows, total_name, board.total.values)
    if board.budget is not None:
        tables.append(
            Table(
                title=_("Budget: planned, approved and spent"),
                headers=(first, *(str(c.label) for c in BUDGET_COLUMNS)),
                rows=tuple(
                    (row.place.name, *(row.values[c.key] for c in BUDGET_COLUMNS))
                    for row in board.budget_rows
                ),
                total=(total_name, *(board.budget_total.values[c.key] for c in BUDGET_COLUMNS)),
            )
        )
    if board.levels and board.below:
        tables.append(
            Table(
                title=_("Sufficiency-economy villages: round 1 and round 2"),
                headers=(first, *(c.header for c in _level_columns(board, INT))),
                rows=tuple((row.place.name, *_level_counts(row)) for row in board.levels if row.place),
                total=(total_name, *_level_counts(board.levels[-1])),
            )
        )
    if board.missing is not None:
        tables.append(
            Table(
                title=_("What is missing"),
                headers=(_("district"), *(str(kind.label) for kind in board.missing.kinds)),
                rows=tuple(
                    (row.district.name_th, *(n for _kind, n in row.counts)) for row in board.missing.rows
                ),
                total=(_("Total"), *(n for _kind, n in board.missing.totals)),
            )
        )
    intro = (
        ""
        if board.plan
        else _("No published plan for this fiscal year: the results are live, without targets.")
    )
    sections = [
        Section(
            f"{_('Summary')}: {board.place.name}",
            intro=intro,
            tables=tuple(tables),
            charts=(_chart(board.chart),),
            anchor="summary",
        )
    ]
    for part in parts:
        rows = [sub.row for sub in part.sub_districts]
        sections.append(
            Section(
                f"{_('district')} {part.place.name}",
                anchor=f"district-{part.place.key}",
                tables=_results_tables(_("sub-district"), rows, _("Total"), part.total.values),
                charts=(_chart(part.chart),),
            )
        )
    office = board.user.office.name if board.user.office_id else board.place.name
    return book_pdf(
        title=f"{_('Results dashboard')}: {board.place.name}",
        office=office,
        fiscal_year=board.fiscal_year,
        sections=sections,
        filters=[line for line in filters(board, made_at) if line[0] not in (_("fiscal year"), _("made on"))],
        made_at=made_at,
    )
