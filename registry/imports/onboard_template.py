"""The province set-up workbook an administrator downloads: the sheets สำนักงาน, หมู่บ้าน and ผู้ใช้ (their
headers are the contract, read by registry/imports/onboard.py), already holding what the system has for the
province, so the same file can be extended and sent again; drop-down lists where the values are fixed; a Thai
instructions sheet, which it opens on, with an example row per sheet (never on a data sheet, so never
imported); and the province's districts and sub-districts on a sheet of their own.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from registry.imports.onboard import (
    FILE_ROLES,
    SHEET_OFFICES,
    SHEET_USERS,
    SHEET_VILLAGES,
    OfficeSheet,
    ProvinceWorkbook,
    UserSheet,
    VillageSheet,
)
from registry.imports.template import HEADER_FILL, HELP_SHEET, LISTS_SHEET
from registry.models import District, Office, OfficeKind, SubDistrict, User, Village

DATA_ROWS = 5000  # rows of each data sheet that get the drop-down lists


def _help(column):
    return str(column.help) % {"lists": LISTS_SHEET, "offices": SHEET_OFFICES}


def _stored_rows(province):
    """What the system holds for the province, in each sheet's columns: the file sent back changes nothing."""
    offices = (
        Office.objects.filter(province=province)
        .select_related("district")
        .prefetch_related("sub_districts")
        .order_by("kind", "district_id", "code")
    )
    office_rows = [
        [
            office.get_kind_display(),
            office.name,
            office.code,
            f"{office.district_id} {office.district.name_th}" if office.district_id else "",
            ", ".join(sorted(s.code for s in office.sub_districts.all())),
        ]
        for office in offices
    ]
    village_rows = [
        [v.code, v.number, v.name, v.sub_district_id]
        for v in Village.objects.filter(province=province).order_by("code")
    ]
    user_rows = [
        [u.username, u.first_name, u.last_name, u.position, u.get_role_display(), u.office.code, u.email]
        for u in User.objects.filter(office__province=province, role__in=FILE_ROLES)
        .select_related("office")
        .order_by("office__code", "username")
    ]
    return {SHEET_OFFICES: office_rows, SHEET_VILLAGES: village_rows, SHEET_USERS: user_rows}


def onboard_template_xlsx(province) -> bytes:
    setup = ProvinceWorkbook(province_code=province.code)
    sheets = {
        SHEET_OFFICES: OfficeSheet(setup, SHEET_OFFICES),
        SHEET_VILLAGES: VillageSheet(setup, SHEET_VILLAGES),
        SHEET_USERS: UserSheet(setup, SHEET_USERS),
    }
    districts = list(District.objects.current().filter(province=province).order_by("code"))
    sub_districts = list(
        SubDistrict.objects.current().filter(province=province).select_related("district").order_by("code")
    )
    stored = _stored_rows(province)

    workbook = Workbook()
    data_sheets = {}
    for index, (name, importer) in enumerate(sheets.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet(name)
        sheet.title = name
        sheet.append([c.header for c in importer.columns])
        for position, column in enumerate(importer.columns, 1):
            cell = sheet.cell(row=1, column=position)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            sheet.column_dimensions[get_column_letter(position)].width = max(14, len(column.header) * 1.6)
        for row in stored[name]:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        data_sheets[name] = sheet
    help_sheet = workbook.create_sheet(HELP_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)

    # The lists: districts (A), sub-districts (C-E), kinds of office (G), roles (H).
    with_names = [f"{d.code} {d.name_th}" for d in districts]
    kinds = [str(kind.label) for kind in OfficeKind]
    roles = [str(role.label) for role in FILE_ROLES]
    for column, title, values, width in (
        (1, _("district"), with_names, 28),
        (3, _("sub-district code"), [s.code for s in sub_districts], 14),
        (4, _("sub-district"), [s.name_th for s in sub_districts], 20),
        (5, _("district"), [s.district.name_th for s in sub_districts], 20),
        (7, _("kind of office"), kinds, 40),
        (8, _("role"), roles, 36),
    ):
        lists.cell(row=1, column=column, value=title).font = Font(bold=True)
        lists.column_dimensions[get_column_letter(column)].width = width
        for row, value in enumerate(values, 2):
            lists.cell(row=row, column=column, value=value)

    def drop_down(sheet_name, header, source, *, strict, count):
        importer = sheets[sheet_name]
        position = next(i for i, c in enumerate(importer.columns, 1) if c.header == header)
        column = importer.columns[position - 1]
        letter = get_column_letter(position)
        validation = DataValidation(
            type="list",
            formula1=source
            if count is None
            else f"{quote_sheetname(LISTS_SHEET)}!${source}$2:${source}${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "information",
            errorTitle=header[:32],
            error=_help(column)[:225],
            promptTitle=header[:32],
            prompt=_help(column)[:250],
            showInputMessage=True,
        )
        validation.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
        data_sheets[sheet_name].add_data_validation(validation)

    drop_down(SHEET_OFFICES, "ประเภท", "G", strict=True, count=len(kinds))
    drop_down(SHEET_OFFICES, "อำเภอ", "A", strict=False, count=len(with_names))
    drop_down(SHEET_VILLAGES, "รหัสตำบล", "C", strict=False, count=len(sub_districts))
    drop_down(SHEET_USERS, "บทบาท", "H", strict=True, count=len(roles))
    # A user's office: one of the codes typed on the offices sheet (an office already stored is accepted too).
    drop_down(
        SHEET_USERS,
        "รหัสสำนักงาน",
        f"{quote_sheetname(SHEET_OFFICES)}!$C$2:$C${DATA_ROWS + 1}",
        strict=False,
        count=None,
    )

    # The instructions: the steps, then each sheet's columns and an example row.
    wrap = Alignment(wrap_text=True, vertical="top")
    help_sheet.column_dimensions["A"].width = 26
    help_sheet.column_dimensions["B"].width = 22
    help_sheet.column_dimensions["C"].width = 22
    help_sheet.column_dimensions["D"].width = 70
    help_sheet.append([_("Setting up province %(province)s") % {"province": province.name_th}])
    help_sheet["A1"].font = Font(bold=True, size=14)
    for line in (
        _(
            "Fill in the sheets “%(offices)s”, “%(villages)s” and “%(users)s”, one record per row below the "
            "header row. Do not change, rename or move the headers. What the system already holds for the "
            "province is on them: add rows or correct names, and send the whole file again."
        )
        % {"offices": SHEET_OFFICES, "villages": SHEET_VILLAGES, "users": SHEET_USERS},
        _(
            "The village list as the province receives it from the department (รหัสหมู่บ้าน, หมู่ที่, "
            "ชื่อหมู่บ้าน) may be pasted into “%(villages)s” as it is, or sent as a file of its own."
        )
        % {"villages": SHEET_VILLAGES},
        _(
            "The whole file is checked before anything is saved; if any row has a problem nothing is saved "
            "and each problem is shown with its sheet, row and column. Sending the same file again changes "
            "nothing."
        ),
        _(
            "New users get no password: each receives a one-time sign-in code from the administrator. An "
            "existing user's password is never changed by this file."
        ),
    ):
        help_sheet.append([line])
        row = help_sheet.max_row
        help_sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        help_sheet.cell(row=row, column=1).alignment = wrap
        help_sheet.row_dimensions[row].height = 48
    for name, importer in sheets.items():
        help_sheet.append([])
        help_sheet.append([_("Sheet “%(sheet)s”") % {"sheet": name}])
        help_sheet.cell(row=help_sheet.max_row, column=1).font = Font(bold=True, size=12)
        help_sheet.append([_("Column"), _("Required"), _("Example"), _("What to write")])
        for cell in help_sheet[help_sheet.max_row]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
        for column in importer.columns:
            help_sheet.append(
                [
                    column.header,
                    _("required") if column.required else _("optional"),
                    _example(column, districts, sub_districts),
                    _help(column),
                ]
            )
            help_sheet.cell(row=help_sheet.max_row, column=4).alignment = wrap

    workbook.active = workbook.index(help_sheet)
    for sheet in data_sheets.values():
        sheet.sheet_view.tabSelected = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example(column, districts, sub_districts):
    """The example of a column, taken from the province itself where it names an area."""
    if column.header == "ประเภท":
        return str(OfficeKind.TAO.label)
    if column.header == "บทบาท":
        return str(FILE_ROLES[0].label)
    if column.header == "อำเภอ":
        return f"{districts[0].code} {districts[0].name_th}" if districts else ""
    sub = sub_districts[0].code if sub_districts else ""
    if column.header == "รหัสตำบลที่รับผิดชอบ":
        return ", ".join(s.code for s in sub_districts[:2])
    if column.header == "รหัสตำบล":
        return sub
    if column.header == "รหัสหมู่บ้าน" and sub:
        return f"{sub}03"
    return column.example
