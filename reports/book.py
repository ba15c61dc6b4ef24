"""The printed book of a report (PDF, Thai, Sarabun with the exact text layer of kit/pdf.py): a cover with the
office and the fiscal year in พ.ศ., a table of contents with page numbers, one section per part (a district,
say) with its tables and charts, table headers repeated on every page, page numbers, and the date it was made.

The book knows nothing of what the figures mean: the caller (the dashboard's export, run by the background
worker) passes sections of tables and charts, the same rows the page shows."""

import datetime
from dataclasses import dataclass, field

from kit import pdf, thai
from kit.charts import Chart, figure


@dataclass(frozen=True)
class Table:
    headers: tuple
    rows: tuple  # tuples of cells: text, or numbers (written as the pages write them)
    title: str = ""
    total: tuple | None = None  # a last row in bold (the province's total)


@dataclass(frozen=True)
class Section:
    title: str
    intro: str = ""
    tables: tuple = ()
    charts: tuple = ()  # kit.charts.Chart, drawn as SVG with their numbers beside them
    anchor: str = field(default="", compare=False)


def _cell(value):
    if isinstance(value, int | float) or value is None or hasattr(value, "as_tuple"):
        return {"text": figure(value), "number": True}
    return {"text": str(value), "number": False}


def _table(table: Table) -> dict:
    return {
        "title": table.title,
        "headers": table.headers,
        "rows": [[_cell(v) for v in row] for row in table.rows],
        "total": [_cell(v) for v in table.total] if table.total else None,
    }


def _chart(chart: Chart) -> dict:
    return {
        "title": chart.title,
        "svg": chart.svg(width=620, height=260),
        "table": _table(
            Table(
                headers=("", *(s.name for s in chart.series)),
                rows=tuple((label, *values) for label, values in chart.rows()),
            )
        ),
    }


def book_pdf(
    *,
    title: str,
    office: str,
    fiscal_year: int,
    sections: list[Section],
    filters=(),
    made_at: datetime.datetime,
) -> bytes:
    """The book as PDF bytes."""
    parts = [
        {
            "title": s.title,
            "anchor": s.anchor or f"section-{i}",
            "intro": s.intro,
            "tables": [_table(t) for t in s.tables],
            "charts": [_chart(c) for c in s.charts],
        }
        for i, s in enumerate(sections, start=1)
    ]
    return pdf.render(
        "reports/pdf/book.html",
        {
            "title": title,
            "office": office,
            "fiscal_year": fiscal_year,
            "filters": filters,
            "sections": parts,
            "made": f"{thai.date_long(made_at.date())} {made_at:%H:%M}",
        },
    )
