"""The xlsx import template an office downloads: the data sheet (the column names are the contract,
unchanged), a Thai instructions sheet with an example row, and the allowed values, the office's sub-districts
and villages on a sheet of their own, used by the data sheet's drop-down lists.

The example row lives on the instructions sheet, never on the data sheet, so it cannot be imported by mistake;
the reader takes the data sheet by its name wherever it is in the workbook (kit/imports/reading.py).
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from kit.imports import cells
from kit.imports.reading import DATA_SHEET
from registry.models import SubDistrict, Title, Village

HELP_SHEET = "คำอธิบาย"
LISTS_SHEET = "รายการค่า"
DATA_ROWS = 2000  # rows of the data sheet that get the drop-down lists
TITLES = [label for value, label in Title.choices if value != Title.OTHER]
YES_NO = ["ใช่", "ไม่ใช่"]
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _valid_national_id():
    first12 = "110170020345"
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def _column_help(column, office_codes):
    """What the column means and what it takes, in Thai."""
    specific = {
        "หมู่ที่": _(
            "The village number (หมู่ที่) within the sub-district, e.g. 3. The villages of your office are "
            "listed on the sheet “%(sheet)s”. You may instead write the 8-digit village code here."
        )
        % {"sheet": LISTS_SHEET},
        "รหัสตำบล": _(
            "The 6-digit code of the sub-district (ตำบล) given by the Department of Provincial "
            "Administration: 2 digits of the province, 2 of the district, 2 of the sub-district. Your "
            "office's: %(codes)s (names on the sheet “%(sheet)s”)."
        )
        % {"codes": ", ".join(office_codes) or "—", "sheet": LISTS_SHEET},
        "คำนำหน้า": _(
            "นาย, นาง or นางสาว from the list; another title (ว่าที่ร้อยตรี, ด.ญ., พระ …) may be typed in."
        ),
    }
    if column.header in specific:
        return specific[column.header]
    parse = column.parse
    if parse is cells.national_id:
        return _("The 13-digit national ID number, with or without dashes.")
    if parse is cells.date:
        return _(
            "A date as day/month/year: Buddhist Era (15/01/2569) or Christian Era (15/01/2026), "
            "or an Excel date."
        )
    if parse is cells.year_be:
        return _("A year of the Buddhist Era, e.g. 2569.")
    if parse is cells.boolean:
        return _("ใช่ or ไม่ใช่ (an empty cell means ไม่ใช่).")
    if parse is cells.decimal:
        return _("A number; 1,250,000.50 is accepted.")
    if parse is cells.integer:
        return _("A whole number.")
    if parse is cells.months:
        return _("The months, e.g. “ม.ค. ก.พ. มี.ค.”, “1-3” or “ตลอดปี”.")
    if hasattr(parse, "allowed"):
        return _("One of: %(choices)s.") % {"choices": ", ".join(parse.allowed)}
    if column.max_length:
        return _("Text, at most %(n)s characters.") % {"n": column.max_length}
    return _("Text.")


def _example(column, village):
    by_header = {
        "คำนำหน้า": "นาง",
        "ชื่อ": "บัวผัน",
        "นามสกุล": "ทองดี",
        "ชื่อ-นามสกุล": "บัวผัน ทองดี",
        "โทรศัพท์": "0812345678",
        "บ้านเลขที่": "12/1",
        "หมู่ที่": str(village.number) if village else "1",
        "รหัสตำบล": village.sub_district_id if village else "",
        "อาชีพ": "ทำนา",
        "ความเชี่ยวชาญ": "ทอผ้าไหม, ทำนา",
        "ชื่อวัตถุดิบ": "ไม้ไผ่",
        "หน่วย": "ลำ",
        "ชื่อหัวหน้าครัวเรือน": "บัวผัน ทองดี",
        "เพศ": "หญิง",
        "ประเภท": None,
        "ปริมาณ": "500",
        "ราคาต่อหน่วย": "25",
        "แหล่งที่มา/เจ้าของ": "ป่าชุมชน",
        "อาชีพที่ใช้วัตถุดิบ": "จักสานไม้ไผ่",
        "ผลิตภัณฑ์": "ตะกร้าไม้ไผ่",
        "ผลงาน": "ครูภูมิปัญญาไทย",
        "ประสบการณ์ (ปี)": "20",
        "จำนวนสมาชิก": "4",
        "รายได้ครัวเรือนต่อปี": "96,000",
    }
    if by_header.get(column.header) is not None:
        return by_header[column.header]
    if column.header == "ประเภท" and "ของป่า/ไม้" in getattr(column.parse, "allowed", ()):
        return "ของป่า/ไม้"  # goes with the example's ไม้ไผ่
    parse = column.parse
    if parse is cells.national_id:
        return _valid_national_id()
    if parse is cells.date:
        return "15/01/2510"
    if parse is cells.year_be:
        return "2568"
    if parse is cells.boolean:
        return "ใช่"
    if parse is cells.decimal:
        return "45,000"
    if parse is cells.integer:
        return "3"
    if parse is cells.months:
        return "พ.ย. ธ.ค. ม.ค."
    if hasattr(parse, "allowed"):
        return parse.allowed[0]
    return ""


def _allowed(column, villages, office_codes):
    """(values, strict) of the column's drop-down list, or None."""
    if column.header == "หมู่ที่":
        return sorted({str(v.number) for v in villages}, key=int), False  # the 8-digit code is accepted too
    if column.header == "รหัสตำบล":
        return office_codes, True
    if column.header == "คำนำหน้า":
        return TITLES, False
    if column.parse is cells.boolean:
        return YES_NO, True
    if hasattr(column.parse, "allowed"):
        return column.parse.allowed, True
    if column.header in ("อาชีพ",):
        from registry.models import Occupation

        return list(
            Occupation.objects.filter(is_active=True).order_by("name").values_list("name", flat=True)
        ), False
    return None


def template_xlsx(importer, office) -> bytes:
    columns = importer.columns
    sub_districts = list(
        SubDistrict.objects.filter(offices=office).select_related("district").order_by("code")
    )
    office_codes = [s.code for s in sub_districts]
    villages = list(Village.objects.filter(sub_district__in=office_codes).order_by("code"))

    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    help_sheet = workbook.create_sheet(HELP_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)

    # The data sheet: the headers (the contract), a drop-down list where values are fixed.
    data.append([c.header for c in columns])
    data.freeze_panes = "A2"
    lists_column = 6  # A-D: sub-districts and villages; F on: one allowed-values list per column
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        data.column_dimensions[letter].width = max(12, len(column.header) * 1.6)
        if column.parse in (cells.national_id, cells.text) or column.header in ("หมู่ที่", "รหัสตำบล", "โทรศัพท์"):
            # Text cells: Excel keeps the leading zeros of codes and phone numbers, and long IDs exact.
            for row in range(2, DATA_ROWS + 2):
                data.cell(row=row, column=index).number_format = "@"
        allowed = _allowed(column, villages, office_codes)
        if not allowed or not allowed[0]:
            continue
        values, strict = allowed
        list_letter = get_column_letter(lists_column)
        lists.cell(row=1, column=lists_column, value=column.header).font = Font(bold=True)
        for row, value in enumerate(values, 2):
            lists.cell(row=row, column=lists_column, value=value)
        lists.column_dimensions[list_letter].width = 18
        source = f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${len(values) + 1}"
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "information",
            errorTitle=column.header,
            error=_column_help(column, office_codes)[:225],
            promptTitle=column.header[:32],
            prompt=_column_help(column, office_codes)[:250],
            showInputMessage=True,
        )
        validation.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
        data.add_data_validation(validation)
        lists_column += 1

    # The office's sub-districts and villages.
    for col, (title, width) in enumerate(
        (
            (_("sub-district code"), 14),
            (_("sub-district"), 20),
            (_("village number (moo)"), 10),
            (_("village name"), 24),
        ),
        1,
    ):
        lists.cell(row=1, column=col, value=title).font = Font(bold=True)
        lists.column_dimensions[get_column_letter(col)].width = width
    names = {s.code: s.name_th for s in sub_districts}
    for row, village in enumerate(villages, 2):
        lists.cell(row=row, column=1, value=village.sub_district_id)
        lists.cell(row=row, column=2, value=names.get(village.sub_district_id, ""))
        lists.cell(row=row, column=3, value=village.number)
        lists.cell(row=row, column=4, value=village.name)

    # The instructions: one line per column, then an example row.
    wrap = Alignment(wrap_text=True, vertical="top")
    help_sheet.column_dimensions["A"].width = 30
    help_sheet.column_dimensions["B"].width = 14
    help_sheet.column_dimensions["C"].width = 90
    help_sheet.append([_("How to fill in this file")])
    help_sheet["A1"].font = Font(bold=True, size=14)
    for line in (
        _(
            "Type one record per row on the sheet “%(sheet)s”, below its header row. Do not change, "
            "rename or move the column headers; columns may be left empty unless they are required."
        )
        % {"sheet": DATA_SHEET},
        _(
            "Dates: day/month/year, Buddhist Era (15/01/2569) or Christian Era (15/01/2026). "
            "A two-digit year is refused because it could be either."
        ),
        _(
            "Every row is checked before anything is saved; if any row has a problem, "
            "nothing is imported and each problem is shown with its row and column."
        ),
    ):
        help_sheet.append([line])
        help_sheet.merge_cells(
            start_row=help_sheet.max_row, start_column=1, end_row=help_sheet.max_row, end_column=3
        )
        help_sheet.cell(row=help_sheet.max_row, column=1).alignment = wrap
        help_sheet.row_dimensions[help_sheet.max_row].height = 32
    help_sheet.append([])
    help_sheet.append([_("Column"), _("Required"), _("What to write")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for column in columns:
        help_sheet.append(
            [
                column.header,
                _("required") if column.required else _("optional"),
                _column_help(column, office_codes),
            ]
        )
        help_sheet.cell(row=help_sheet.max_row, column=3).alignment = wrap
    help_sheet.append([])
    help_sheet.append(
        [
            _("Example row (copy the layout to the sheet “%(sheet)s”; this row is not imported)")
            % {"sheet": DATA_SHEET}
        ]
    )
    help_sheet.cell(row=help_sheet.max_row, column=1).font = Font(bold=True)
    example_village = villages[0] if villages else None
    help_sheet.append([c.header for c in columns])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    help_sheet.append([_example(c, example_village) for c in columns])
    for cell in help_sheet[help_sheet.max_row]:
        cell.number_format = "@"

    workbook.active = workbook.index(help_sheet)  # opens on the instructions; the data sheet stays first
    data.sheet_view.tabSelected = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
