"""Read an uploaded spreadsheet (xlsx, xls, csv in UTF-8 or cp874) into a header row and data rows.

Every way a file can be unusable becomes one `ImportFileError` with a Thai message.
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

DATA_SHEET = "ข้อมูล"  # the data sheet of an import template, read wherever it is in the workbook
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(Exception):
    pass


@dataclass
class Table:
    headers: list[str]
    rows: list[list]  # values as the reader gives them: str, int, float, date, datetime, bool or None
    # The spreadsheet row number of rows[0]: 2 when the headers are on row 1 (read_sheets finds lower ones).
    first_row: int = 2

    # Spreadsheet row number of rows[i] is i + 2 (row 1 holds the headers).
    FIRST_DATA_ROW = 2


def max_bytes():
    return getattr(settings, "REGISTER_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def too_large_message() -> str:
    return _("The file is larger than %(mb)s MB. Split it into smaller files.") % {
        "mb": max_bytes() // (1024 * 1024)
    }


def check_upload(upload):
    """A form's uploaded file within the import size limit (before it is read); None stays None."""
    if upload is not None and upload.size > max_bytes():
        raise ValidationError(too_large_message())
    return upload


def check_file(data: bytes) -> None:
    """An import file's bytes: within the size limit and not empty."""
    if len(data) > max_bytes():
        raise ImportFileError(too_large_message())
    if not data.strip():
        raise ImportFileError(_("The file is empty."))


def read_table(data: bytes, file_name: str) -> Table:
    check_file(data)
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
        table = _read_workbook(data)
    else:
        table = _read_csv(data, file_name)
    if not any(h for h in table.headers):
        raise ImportFileError(_("The first row must hold the column headers; it is empty."))
    return table


def _read_workbook(data: bytes) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        # Our template's data sheet wherever it is (its other sheets are instructions and lists);
        # else the first.
        sheet = (
            workbook.get_sheet_by_name(DATA_SHEET)
            if DATA_SHEET in workbook.sheet_names
            else workbook.get_sheet_by_index(0)
        )
        merged = sheet.merged_cell_ranges or []
        values = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several kinds for a damaged or foreign file
        raise ImportFileError(
            _("This file cannot be read as a spreadsheet. Save it as .xlsx or .csv and try again.")
        ) from exc
    start_row = 0
    # Skip leading blank rows so a sheet that starts lower still works.
    while start_row < len(values) and not any(_present(v) for v in values[start_row]):
        start_row += 1
    if start_row >= len(values):
        raise ImportFileError(_("The file is empty."))
    for (r1, _c1), (r2, _c2) in merged:
        if r1 <= start_row <= r2:
            raise ImportFileError(
                _("The header row has merged cells. Unmerge them so that each column has its own header.")
            )
    headers = [_header(v) for v in values[start_row]]
    return Table(headers=headers, rows=[list(r) for r in values[start_row + 1 :]])


def read_sheets(data: bytes, file_name: str, names) -> dict[str, list[list]]:
    """The rows of values of the sheets called `names` that the workbook has; when it has none of them, its
    first sheet under the name "" (a CSV file is that one sheet). Other sheets are not read. The caller finds
    each sheet's header row (a file may carry a title above it)."""
    check_file(data)
    if not (data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC)):
        table = _read_csv(data, file_name)
        return {"": [table.headers, *table.rows]}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        present = [name for name in names if name in workbook.sheet_names]
        sheets = {name: workbook.get_sheet_by_name(name) for name in present} or {
            "": workbook.get_sheet_by_index(0)
        }
        return {
            name: [list(r) for r in sheet.to_python(skip_empty_area=False)] for name, sheet in sheets.items()
        }
    except Exception as exc:  # calamine raises several kinds for a damaged or foreign file
        raise ImportFileError(
            _("This file cannot be read as a spreadsheet. Save it as .xlsx or .csv and try again.")
        ) from exc


def _read_csv(data: bytes, file_name: str) -> Table:
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            _("This file cannot be read as a spreadsheet. Save it as .xlsx or .csv and try again.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp874")  # Thai Windows (TIS-620) spreadsheets saved as CSV
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The CSV file is neither UTF-8 nor Thai Windows (cp874) text.")) from exc
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise ImportFileError(_("The file is empty."))
    return Table(headers=[_header(v) for v in rows[0]], rows=rows[1:])


def _present(value) -> bool:
    return value is not None and value != ""


def _header(value) -> str:
    return " ".join(str(value).split()) if _present(value) else ""
