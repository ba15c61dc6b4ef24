"""The xlsx import template: Thai instructions, an example row, drop-down lists, the office's villages."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registry.imports.registry import importer_for
from registry.models import ImportStatus, Person
from registry.services.imports import import_check
from tests.registers.helpers import people_row

pytestmark = pytest.mark.django_db

KINDS = [
    ("person", "people"),
    ("household", "households"),
    ("occupation", "occupations"),
    ("rawmaterial", "raw-materials"),
    ("expert", "experts"),
]


def template(client, world, name="person"):
    client.force_login(world.tao_a)
    response = client.get(reverse(f"registry:{name}_import"), {"template": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-template.xlsx"')
    return response.content, load_workbook(io.BytesIO(response.content))


def validations(sheet):
    """{header: (allowed values, strict)} of the data sheet's drop-down lists."""
    workbook = sheet.parent
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        lists_name, cells_range = validation.formula1.split("!")
        lists = workbook[lists_name.strip("'")]
        values = [c.value for row in lists[cells_range.replace("$", "")] for c in row]
        found[headers[letter]] = (values, validation.errorStyle != "information")
    return found


def test_the_people_template_explains_itself_in_thai(client, world, villages):
    _data, workbook = template(client, world)
    assert workbook.sheetnames == ["ข้อมูล", "คำอธิบาย", "รายการค่า"]
    assert workbook.active.title == "คำอธิบาย", "it opens on the instructions"
    data = workbook["ข้อมูล"]
    assert [c.value for c in data[1]] == importer_for("people", office=world.office_a).headers
    assert not any(any(row) for row in data.iter_rows(min_row=2, values_only=True)), (
        "no example on the data sheet: nothing can be imported by mistake"
    )

    text = "\n".join(str(c.value) for row in workbook["คำอธิบาย"].iter_rows() for c in row if c.value)
    assert "รหัสตำบล" in text and "รหัส 6 หลักของตำบล" in text and world.SUB_A in text
    assert "นาย" in text and "นางสาว" in text and "ชาย" in text and "หญิง" in text
    assert "15/01/2569" in text and "15/01/2026" in text
    assert "ตัวอย่าง" in text

    dropdowns = validations(data)
    assert dropdowns["เพศ"] == (["ชาย", "หญิง"], True)
    assert dropdowns["คำนำหน้า"] == (["นาย", "นาง", "นางสาว"], False)  # other titles may be typed
    assert dropdowns["รหัสตำบล"] == ([world.SUB_A], True)
    assert dropdowns["หมู่ที่"][0] == ["1", "2", "3"]

    lists = workbook["รายการค่า"]
    villages_listed = [
        (r[0], r[2], r[3]) for r in lists.iter_rows(min_row=2, max_col=4, values_only=True) if r[0]
    ]
    assert villages_listed == [(world.SUB_A, n, f"บ้านหนองบัว{n}") for n in (1, 2, 3)]
    assert "บ้านช้างคลาน" not in str(list(lists.values)), "another office's villages are not listed"


def test_the_example_row_is_valid_and_the_filled_template_imports(client, world, villages):
    content, workbook = template(client, world)
    helpsheet = workbook["คำอธิบาย"]
    rows = list(helpsheet.iter_rows(values_only=True))
    headers = importer_for("people", office=world.office_a).headers
    at = next(i for i, r in enumerate(rows) if list(r[: len(headers)]) == headers)
    example = list(rows[at + 1][: len(headers)])
    data = workbook["ข้อมูล"]
    for index, value in enumerate(example, 1):
        data.cell(row=2, column=index, value=value)
    for index, header in enumerate(headers, 1):
        data.cell(row=3, column=index, value=people_row(2).get(header, ""))
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = import_check(
        user=world.tao_a,
        office=world.office_a,
        kind="people",
        data=buffer.getvalue(),
        file_name="filled.xlsx",
    )
    assert batch.status == ImportStatus.PREVIEWED, batch.errors
    assert batch.row_count == 2 and batch.created_count == 2
    assert not Person.objects.exists()


def test_the_data_sheet_is_found_by_its_name(client, world, villages):
    _content, workbook = template(client, world)
    workbook.move_sheet("ข้อมูล", offset=2)  # an officer dragged it to the end
    headers = importer_for("people", office=world.office_a).headers
    for index, header in enumerate(headers, 1):
        workbook["ข้อมูล"].cell(row=2, column=index, value=people_row(1).get(header, ""))
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = import_check(
        user=world.tao_a, office=world.office_a, kind="people", data=buffer.getvalue(), file_name="moved.xlsx"
    )
    assert batch.status == ImportStatus.PREVIEWED and batch.row_count == 1, batch.errors


@pytest.mark.parametrize(("name", "kind"), KINDS)
def test_every_template_has_its_headers_instructions_and_lists(
    client, world, villages, catalogue, name, kind
):
    content, workbook = template(client, world, name)
    data = workbook["ข้อมูล"]
    assert [c.value for c in data[1]] == importer_for(kind, office=world.office_a).headers
    described = [r[0] for r in workbook["คำอธิบาย"].iter_rows(values_only=True)]
    assert all(header in described for header in importer_for(kind, office=world.office_a).headers)
    assert "Tablib" not in str(workbook.sheetnames)
    # The empty template is refused as "no data rows", not read as the instructions.
    batch = import_check(user=world.tao_a, office=world.office_a, kind=kind, data=content, file_name="t.xlsx")
    assert [e["message"] for e in batch.errors] == ["ไฟล์มีแต่หัวคอลัมน์ ไม่มีข้อมูล"]
