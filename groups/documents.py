"""Printed and spreadsheet documents of a group: the dividend sheet of a year (บัญชีจ่ายเงินปันผล), as PDF (Thai,
Sarabun, a signature column and signature lines) and as xlsx. Both read one statement from
groups.selectors.year_statement, so they always agree with the year page. Never a national ID."""

import io
from decimal import Decimal

from groups.selectors import YearStatement
from kit import pdf as printing
from kit import thai

# Printed documents are Thai whatever the reader's language (government paperwork).
ALLOCATION_LABELS = {
    "dividend_pct": "เงินปันผลตามผลงานสมาชิก",
    "reserve_pct": "ทุนสำรอง",
    "welfare_pct": "สวัสดิการสมาชิก",
    "committee_pct": "ค่าตอบแทนคณะกรรมการ",
    "other_pct": "อื่น ๆ",
}


def _baht(value) -> str:
    return thai.baht(Decimal(value))


def _units(value) -> str:
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():,f}"


def _signers(group, day):
    from groups.models import CommitteeRole
    from groups.selectors import current_committee

    seats = {seat.role: seat.membership.person for seat in current_committee(group, day)}
    return [
        (seats.get(role), label)
        for role, label in (
            (CommitteeRole.PRESIDENT, "ประธานกลุ่ม"),
            (CommitteeRole.TREASURER, "เหรัญญิก"),
            (CommitteeRole.ACCOUNTING, "ฝ่ายบัญชี"),
        )
    ]


def _context(statement: YearStatement) -> dict:
    group, closed = statement.group, statement.closed
    rules = statement.rules
    unit = rules.get_work_unit_display() if rules else ""
    rows = [
        {
            "number": thai.thai_digits(i),
            "name": str(r.membership.person),
            "name_parts": printing.name_parts(r.membership.person, 10),
            "units": _units(r.units),
            "share": f"{r.share_pct:.2f}",
            "amount": _baht(r.amount),
        }
        for i, r in enumerate(statement.rows, start=1)
    ]
    return {
        "group": group,
        "office": group.office,
        "year": statement.year,
        "period": f"{thai.date_long(statement.starts_on)} – {thai.date_long(statement.ends_on)}",
        "closed": closed,
        "approved": f"{closed.approved_at.get_kind_display()} วันที่ {thai.date_long(closed.approved_at.date)}"
        if closed
        else "",
        "income": _baht(statement.income),
        "expense": _baht(statement.expense),
        "profit": _baht(statement.profit),
        "loss": statement.profit < 0,
        "allocation": [
            (ALLOCATION_LABELS[line.name], f"{line.pct.normalize():f}", _baht(line.amount))
            for line in statement.allocation
        ],
        "pool": _baht(statement.pool),
        "total_units": _units(statement.total_units),
        "unit": unit,
        "rows": rows,
        "total_amount": _baht(statement.total_amount),
        "undistributed": _baht(statement.undistributed) if statement.undistributed else "",
        "signers": _signers(group, statement.ends_on),
    }


def dividend_sheet_pdf(statement: YearStatement) -> bytes:
    return printing.render("groups/pdf/dividend_sheet.html", _context(statement))


def dividend_sheet_xlsx(statement: YearStatement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    ctx = _context(statement)
    book = Workbook()
    sheet = book.active
    sheet.title = f"ปันผล {statement.year}"
    bold = Font(name="Sarabun", bold=True)
    plain = Font(name="Sarabun")
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    money = "#,##0.00"
    title = "บัญชีจ่ายเงินปันผลตามผลงานสมาชิก" + ("" if ctx["closed"] else " (ร่าง ยังไม่ผ่านที่ประชุมใหญ่)")
    lines = [title, ctx["group"].name, ctx["office"].name, f"ปี {statement.year} ({ctx['period']})"]
    if ctx["approved"]:
        lines.append(f"อนุมัติโดย{ctx['approved']}")
    for text in lines:
        sheet.append([text])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([])
    for label, value in (
        ("รายได้รวม", statement.income),
        ("ค่าใช้จ่ายรวม", statement.expense),
        ("กำไร (ขาดทุน) สุทธิ", statement.profit),
    ):
        sheet.append([label, None, None, None, float(value)])
        sheet.cell(sheet.max_row, 5).number_format = money
    for line in statement.allocation:
        sheet.append(
            [
                f"{ALLOCATION_LABELS[line.name]} ร้อยละ {line.pct.normalize():f}",
                None,
                None,
                None,
                float(line.amount),
            ]
        )
        sheet.cell(sheet.max_row, 5).number_format = money
    sheet.append([])
    header = [
        "ลำดับ",
        "ชื่อ-สกุล",
        f"ผลงาน ({ctx['unit']})" if ctx["unit"] else "ผลงาน",
        "ร้อยละของผลงาน",
        "เงินปันผล (บาท)",
        "ลายมือชื่อผู้รับเงิน",
    ]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.border = bold, box
        cell.fill = PatternFill("solid", fgColor="EEF0F4")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(statement.rows, start=1):
        sheet.append(
            [
                i,
                str(row.membership.person),
                float(row.units),
                float(round(row.share_pct, 2)),
                float(row.amount),
                "",
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.font, cell.border = plain, box
        sheet.cell(sheet.max_row, 3).number_format = "#,##0.##"
        sheet.cell(sheet.max_row, 4).number_format = "0.00"
        sheet.cell(sheet.max_row, 5).number_format = money
    sheet.append(
        [
            "",
            "รวม",
            float(statement.total_units),
            100.0 if statement.rows else 0.0,
            float(statement.total_amount),
            "",
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font, cell.border = bold, box
    sheet.cell(sheet.max_row, 5).number_format = money
    for column, width in zip("ABCDEF", (8, 34, 14, 14, 18, 24), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
