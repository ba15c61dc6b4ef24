"""Report workbooks (kit/workbook.py): filters at the top, a frozen bold header, numbers as numbers with Thai
formats, widths that fit Thai text, sheet names Excel accepts, and users' text never read as a formula."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from kit.workbook import BAHT, INT, PERCENT, Column, ReportBook, display_width, sheet_title

HOSTILE = ('=HYPERLINK("http://evil.example","คลิก")', "+1+1", "-2+3", "@SUM(A1)")


def _book():
    book = ReportBook()
    book.sheet(
        "สรุปจังหวัด",
        title="ผลการดำเนินงาน ปีงบประมาณ 2565",
        filters=[("ปีงบประมาณ", "2565"), ("โครงการ", "ทั้งหมด")],
        columns=[
            Column("อำเภอ"),
            Column("หมู่บ้านเป้าหมาย", INT),
            Column("งบประมาณ (บาท)", BAHT),
            Column("ร้อยละที่บรรลุ", PERCENT),
        ],
        rows=[
            ("เมืองกาฬสินธุ์", 30, Decimal("720000.00"), Decimal("85.5")),
            ("ยางตลาด", 20, Decimal(480000), None),
            *[(h, 1, 1, 1) for h in HOSTILE],
        ],
        total=True,
    )
    return load_workbook(io.BytesIO(book.bytes()))


def test_filters_at_the_top_then_a_frozen_bold_header():
    sheet = _book()["สรุปจังหวัด"]
    assert sheet["A1"].value == "ผลการดำเนินงาน ปีงบประมาณ 2565"
    assert [sheet["A2"].value, sheet["A3"].value] == ["ปีงบประมาณ: 2565", "โครงการ: ทั้งหมด"]
    assert [c.value for c in sheet[5]] == ["อำเภอ", "หมู่บ้านเป้าหมาย", "งบประมาณ (บาท)", "ร้อยละที่บรรลุ"]
    assert sheet["A5"].font.bold and sheet.freeze_panes == "A6"


def test_numbers_are_numbers_with_thai_formats_and_the_total_sums_them():
    sheet = _book()["สรุปจังหวัด"]
    assert (sheet["B6"].value, sheet["C6"].value, sheet["D6"].value) == (30, 720000.0, 85.5)
    assert sheet["B6"].data_type == "n" and sheet["C6"].data_type == "n"
    assert sheet["B6"].number_format == "[$-th-TH]#,##0" and sheet["C6"].number_format == "[$-th-TH]#,##0.00"
    assert sheet["D7"].value is None  # no figure stays empty, not 0
    last = sheet.max_row
    assert sheet[f"B{last}"].value == f"=SUM(B6:B{last - 1})" and sheet[f"A{last}"].value is None
    assert sheet[f"D{last}"].value is None  # percentages are not summed


def test_users_text_is_never_a_formula():
    sheet = _book()["สรุปจังหวัด"]
    cells = [sheet[f"A{row}"] for row in range(8, 8 + len(HOSTILE))]
    assert [c.value for c in cells] == list(HOSTILE)
    assert {c.data_type for c in cells} == {"s"}


def test_widths_fit_thai_text():
    # ที่ has a vowel above the letter: it takes no column of its own
    assert display_width("ที่") == 1 and display_width("ผลการดำเนินงาน") == len("ผลการดำเนินงาน") - 1
    sheet = _book()["สรุปจังหวัด"]
    assert sheet.column_dimensions["A"].width == display_width(HOSTILE[0]) + 2  # the longest text, no more
    assert sheet.column_dimensions["B"].width >= display_width("หมู่บ้านเป้าหมาย")


def test_sheet_names_excel_accepts_and_unique():
    taken = set()
    names = [sheet_title(n, taken) for n in ("อำเภอ/เมือง", "อำเภอ/เมือง", "x" * 40, "[]:*?", "'quoted'")]
    assert names[0] == "อำเภอ เมือง" and names[1] == "อำเภอ เมือง (2)"
    assert all(len(n) <= 31 for n in names) and names[3] == "แผ่นงาน" and names[4] == "quoted"
    book = ReportBook()
    for name in ("อำเภอ/เมือง", "อำเภอ/เมือง"):
        book.sheet(name, columns=[Column("a")], rows=[("1",)])
    assert load_workbook(io.BytesIO(book.bytes())).sheetnames == ["อำเภอ เมือง", "อำเภอ เมือง (2)"]


def test_an_empty_book_still_opens():
    assert load_workbook(io.BytesIO(ReportBook().bytes())).sheetnames == ["ไม่มีข้อมูล"]
