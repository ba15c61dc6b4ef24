"""Report workbooks (xlsx) as a Thai office expects them: the filters used written at the top of each sheet, a
bold header row frozen in place, numbers stored as numbers with Thai number formats, column widths that fit
Thai text, sheet names Excel accepts. What a user exports is what they saw, so the caller passes the same rows
as the page.

    book = ReportBook()
    book.sheet("สรุปจังหวัด", columns=[Column("อำเภอ"), Column("หมู่บ้าน", INT), Column("งบประมาณ", BAHT)],
               rows=[("เมืองกาฬสินธุ์", 30, 720000)], filters=[("ปีงบประมาณ", "2565")], total=True)
    data = book.bytes()

Text that a spreadsheet would read as a formula (=, +, -, @ first) is written as text: a village or group name
is a user's data, never a formula (CSV/formula injection, OWASP).
"""

import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

TEXT, INT, DECIMAL, BAHT, PERCENT = "text", "int", "decimal", "baht", "percent"
# Thai number formats: the th-TH locale tag, thousands separated (percent values are 0–100,
# as the pages show them).
FORMATS = {
    INT: "[$-th-TH]#,##0",
    DECIMAL: "[$-th-TH]#,##0.00",
    BAHT: "[$-th-TH]#,##0.00",
    PERCENT: '[$-th-TH]0.0"%"',
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
MAX_WIDTH, MIN_WIDTH = 60, 8


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT


@dataclass(frozen=True)
class Value:
    """A cell whose kind differs from its column's (a plan's targets: a count in one row,
    a percentage in the next)."""

    value: object
    kind: str


def display_width(text: str) -> int:
    """Columns a Thai text takes on screen: vowels and tone marks above or below a letter
    (category Mn) take none."""
    return sum(
        0 if unicodedata.category(ch) == "Mn" else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in str(text)
    )


def sheet_title(name: str, taken: set) -> str:
    """A name Excel accepts (at most 31 characters, none of []:*?/\\, not blank), unique in the book."""
    base = " ".join(str(name).translate(SHEET_FORBIDDEN).split()).strip("'")[:31] or "แผ่นงาน"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _value(value, kind):
    if value is None:
        return None
    if kind == TEXT:
        return str(value)
    if isinstance(value, Decimal):
        return int(value) if kind == INT else float(value)
    return value


class ReportBook:
    def __init__(self):
        self.book = Workbook()
        self.book.remove(self.book.active)
        self.titles: set = set()
        self.widths: dict = {}

    def sheet(
        self, name: str, *, columns: list[Column], rows, filters=(), title: str = "", total: bool = False
    ):
        """Add a sheet: an optional title line, the filters ("label: value" lines), a blank line, the header
        row (frozen), the rows; `total` adds a row of sums of the numeric columns,
        as formulas over the rows."""
        sheet = self.book.create_sheet(sheet_title(name, self.titles))
        line = 1
        if title:
            self._put(sheet, line, 1, title).font = Font(bold=True, size=14)
            line += 1
        for label, value in filters:
            self._put(sheet, line, 1, f"{label}: {value}")
            line += 1
        if title or filters:
            line += 1
        header_row = line
        self._table(sheet, header_row, columns, rows, total)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        return sheet

    def table(self, sheet, *, columns: list[Column], rows, title: str = ""):
        """Another table below what the sheet holds (a summary sheet's parts),
        after a blank line and its title."""
        line = sheet.max_row + 2
        if title:
            self._put(sheet, line, 1, title).font = Font(bold=True, size=12)
            line += 1
        self._table(sheet, line, columns, rows, False)
        return sheet

    def _table(self, sheet, header_row: int, columns: list[Column], rows, total: bool):
        widths = [display_width(c.header) for c in columns]
        for index, column in enumerate(columns, start=1):
            cell = self._put(sheet, header_row, index, column.header)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(
                wrap_text=True, vertical="top", horizontal="left" if column.kind == TEXT else "right"
            )
        line = header_row + 1
        for row in rows:
            for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
                kind = value.kind if isinstance(value, Value) else column.kind
                value = _value(value.value if isinstance(value, Value) else value, kind)
                if kind == TEXT:
                    cell = self._put(sheet, line, index, value)
                else:
                    cell = sheet.cell(row=line, column=index, value=value)
                    cell.number_format = FORMATS[kind]
                widths[index - 1] = max(
                    widths[index - 1], display_width(cell.value if cell.value is not None else "")
                )
            line += 1
        if total and line > header_row + 1:
            for index, column in enumerate(columns, start=1):
                if column.kind in (INT, DECIMAL, BAHT):
                    letter = get_column_letter(index)
                    cell = sheet.cell(
                        row=line, column=index, value=f"=SUM({letter}{header_row + 1}:{letter}{line - 1})"
                    )
                    cell.number_format, cell.font = FORMATS[column.kind], Font(bold=True)
        seen = self.widths.setdefault(sheet.title, {})  # a later table of the sheet only widens a column
        for index, width in enumerate(widths, start=1):
            seen[index] = max(seen.get(index, 0), min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
            sheet.column_dimensions[get_column_letter(index)].width = seen[index]

    @staticmethod
    def _put(sheet, row, column, value):
        """A text cell, never read as a formula."""
        cell = sheet.cell(row=row, column=column)
        if value is None:
            return cell
        text = str(value)
        cell.value = text
        if text.startswith(FORMULA_STARTS):
            cell.data_type = TYPE_STRING  # stored as text: openpyxl would otherwise write it as a formula
        return cell

    def bytes(self) -> bytes:
        if not self.book.worksheets:
            self.book.create_sheet("ไม่มีข้อมูล")
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()
