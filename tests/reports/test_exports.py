"""The dashboard's exports (reports/views/exports.py, reports/services/exports.py, reports/tasks.py,
reports/exports.py) on the hand-built province of test_results.py: the workbook's cells and the book's text
equal the dashboard's figures, the job is its owner's only, a user who lost access gets a failed export with
the reason, the lists of what is missing show masked national IDs only, and hostile parameters get a Thai
message."""

import io
import re
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Person
from registry.scoping import Role
from reports.models import Export, ExportStatus
from reports.selectors import dashboard as d
from reports.tasks import make_export
from tests.reports.results_world import DAY, YEAR
from tests.scoping import assert_scoped

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_day")]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
FULL_ID = re.compile(r"\d{13}|\d-\d{4}-\d{5}-\d{2}-\d")


def _book_text(client, export, tmp_path) -> str:
    """The made book's text layer, page breaks as form feeds."""
    path = tmp_path / "book.pdf"
    path.write_bytes(_data(client, export))
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _export(client, user, kind, **fields):
    client.force_login(user)
    data = {
        "level": "province",
        "key": "46",
        "year": YEAR,
        "programme": "",
        "sort": "",
        "dir": "",
        "measure": "",
        "quarter": "",
        "kind": kind,
        **fields,
    }
    return client.post(reverse("reports:dashboard_export"), data)


def _made(client, user, kind, **fields) -> Export:
    response = _export(client, user, kind, **fields)
    export = Export.objects.filter(user=user).first()
    assert response.status_code == 302 and response["Location"] == reverse("reports:export", args=[export.pk])
    assert export.status == ExportStatus.DONE, export.error
    return export


def _data(client, export) -> bytes:
    response = client.get(reverse("reports:export_file", args=[export.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def _board(user, **kwargs):
    place = d.place_for(user, d.PROVINCE, "46")
    return d.dashboard(user=user, place=place, fiscal_year=YEAR, today=DAY, **kwargs)


def _rows_after(sheet, header: str) -> dict:
    """{first cell: [other cells]} of the table whose first header cell is `header`, down to a blank row."""
    rows, inside = {}, False
    for row in sheet.iter_rows(values_only=True):
        if not inside:
            inside = row[0] == header
            continue
        if row[0] is None:
            break
        rows[row[0]] = list(row[1:])
    return rows


def test_the_workbook_holds_the_dashboards_figures(client, world, small):
    export = _made(client, world.province_a, "xlsx", sort="households_promoted", dir="desc")
    book = load_workbook(io.BytesIO(_data(client, export)))
    board = _board(world.province_a, sort="households_promoted", descending=True)
    columns = list(board.programme_columns) + list(board.tao_columns)
    summary = book["สรุป"]
    # the filters written at the top of every sheet
    for sheet in book.worksheets:
        top = [sheet.cell(row=n, column=1).value for n in range(1, 9)]
        assert "ปีงบประมาณ: พ.ศ. 2565" in top and "จัดทำเมื่อ" in " ".join(v or "" for v in top), sheet.title
        assert "พื้นที่: จังหวัด กาฬสินธุ์" in top and any((v or "").startswith("เรียงตาม: ครัวเรือน") for v in top)
    # the plan's indicators: target, result, share reached, mark
    indicators = _rows_after(summary, "ตัวชี้วัด")
    for item in board.progress:
        name = f"{item.indicator.programme.number}.{item.indicator.number} {item.indicator.name}"
        target, result, reached = indicators[name][1:4]
        assert target == (None if item.total.target is None else float(item.total.target)), name
        assert result == (None if item.total.result is None else float(item.total.result)), name
        assert reached == (None if item.total.reached_pct is None else float(item.total.reached_pct)), name
    # the districts in the order the user sorted them, then the total from the database (not the rows' sum)
    results = _rows_after(summary, "อำเภอ")
    assert list(results)[:2] == [row.place.name for row in board.rows][:2]
    for row in [*board.rows, d.Row(None, board.total.values)]:
        got = results[row.place.name if row.place else "รวม"]
        expected = [None if row.values[c.key] is None else float(row.values[c.key]) for c in columns]
        assert got[: len(columns)] == expected
    assert results["รวม"][1] == 3  # experts: one taught in both districts, counted once
    cell = next(c for c in summary["B"] if c.value == 3 and c.row > 10)
    assert cell.data_type == "n" and "#,##0" in cell.number_format
    rows = list(summary.iter_rows(values_only=True))
    start = next(n for n, row in enumerate(rows) if row[1] == "ตามแผน (บาท)")
    money = {row[0]: row[1:4] for row in rows[start + 1 : start + 1 + len(board.rows) + 1]}
    assert money["รวม"] == (1491600, 48000, 36000)
    assert summary.cell(row=start + 2, column=2).number_format == "[$-th-TH]#,##0.00"
    # one sheet per district with its sub-districts and villages, the district's total from the database
    assert [row.place.name for row in board.rows] == book.sheetnames[1 : 1 + len(board.rows)]
    v1 = small["villages"][0]
    sheet_4601 = book["เมืองกาฬสินธุ์"]
    village_row = next(row for row in sheet_4601.iter_rows(values_only=True) if row[1] == str(v1))
    assert village_row[2:7] == (
        1,
        2,
        3,
        2,
        1,
    )  # v1: done, experts, households trained, promoted, higher income
    sub_row = next(row for row in sheet_4601.iter_rows(values_only=True) if row[1] == "(ทั้งตำบล)")
    assert sub_row[0] == "ลำปาว" and sub_row[2:7] == (1, 2, 4, 2, 1)
    total_row = next(row for row in sheet_4601.iter_rows(values_only=True) if row[0] == "รวม")
    assert total_row[2:7] == (1, 2, 4, 2, 1) and sheet_4601.freeze_panes


def test_the_book_shows_the_same_numbers(client, world, small, tmp_path):
    export = _made(client, world.province_a, "pdf")
    text = _book_text(client, export, tmp_path)
    pages = text.split("\f")
    assert "ปีงบประมาณ พ.ศ. 2565" in pages[0] and "สำนักงานพัฒนาชุมชนจังหวัด" in pages[0]
    assert "สารบัญ" in pages[1] and "อำเภอ เมืองกาฬสินธุ์" in pages[1]
    board = _board(world.province_a)
    total = board.total.values
    totals = next(line for line in text.splitlines() if line.strip().startswith("รวม") and " 13.5" in line)
    assert re.findall(r"[\d.,]+", totals) == ["3", "3", "7", "5", "3", "60", "13.5"]
    assert total["households_promoted"] == 5 and "1,491,600" in text and "48,000" in text and "36,000" in text
    name = board.rows[1].place.name
    district = next(p for p in pages[2:] if p.lstrip().startswith(f"อำเภอ {name}"))
    assert "ตำบล" in district and "ผล (สะสม)" in text
    assert re.search(r"หน้า 1 / \d+", text) is None and re.search(r"หน้า 2 / \d+", text)


def test_an_export_is_its_owners_only(client, world, small):
    export = _made(client, world.province_a, "xlsx")
    for name in ("detail", "file"):
        url = reverse("reports:export" if name == "detail" else "reports:export_file", args=[export.pk])
        client.force_login(world.province_a)
        assert client.get(url).status_code == 200
        for other in ("tao_a", "district_a", "province_b", "admin"):
            client.force_login(world.users()[other])
            assert client.get(url).status_code == 404, (other, name)
    assert_scoped(
        client,
        reverse("reports:export", args=[export.pk]),
        visible_to=["province_a"],
        hidden_from=["tao_a", "tao_a2", "tao_b", "district_a", "province_b", "admin"],
        world=world,
        contains="ดาวน์โหลด",
    )


def test_a_district_officer_exports_their_district_only(client, world, small):
    export = _made(client, world.district_a, "xlsx", level="district", key="4601")
    book = load_workbook(io.BytesIO(_data(client, export)))
    assert "เมืองกาฬสินธุ์" in book.sheetnames and "ยางตลาด" not in book.sheetnames
    response = _export(client, world.district_a, "xlsx", level="district", key="4602")
    assert response.status_code == 404
    assert _export(client, world.province_b, "pdf").status_code == 404  # another province
    assert Export.objects.filter(user=world.province_b).count() == 0


def test_a_user_who_lost_access_gets_a_failed_export_with_the_reason(client, world, small, settings):
    settings.TASKS = DATABASE_QUEUE
    _export(client, world.district_a, "pdf", level="district", key="4601")
    export = Export.objects.get(user=world.district_a)
    assert export.status == ExportStatus.QUEUED
    page = client.get(reverse("reports:export", args=[export.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "รอ" in page
    world.district_a.office = world.office_b.__class__.objects.get(pk=world.province_b.office_id)
    world.district_a.role = Role.PROVINCE_OFFICER
    world.district_a.save()
    make_export.call(str(export.pk))  # what the worker runs (the worker itself: the test below)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and not export.file
    assert export.error == "พื้นที่นี้ไม่อยู่ในความรับผิดชอบของคุณแล้ว จึงไม่ได้จัดทำไฟล์"
    page = client.get(reverse("reports:export", args=[export.pk])).content.decode()
    assert export.error in page and "every 2s" not in page
    assert client.get(reverse("reports:export_file", args=[export.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker checks its connection, as a separate process would
def test_on_the_database_queue_the_worker_makes_the_file_step_by_step(client, world, small, settings):
    settings.TASKS = DATABASE_QUEUE
    _export(client, world.province_a, "xlsx")
    export = Export.objects.get()
    assert export.status == ExportStatus.QUEUED and export.task_id
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    export.refresh_from_db()
    # the summary, 3 districts of Kalasin, the lists of what is missing, the file
    assert export.status == ExportStatus.DONE and export.steps_done == export.steps_total == 6
    assert default_storage.exists(export.file.name) and export.finished_at
    page = client.get(reverse("reports:export", args=[export.pk])).content.decode()
    assert reverse("reports:export_file", args=[export.pk]) in page and "every 2s" not in page


def test_the_missing_lists_show_masked_ids_only(client, world, small):
    village = small["villages"][0]
    other = small["villages"][3]
    person = Person.objects.filter(village=village).first()
    Person.objects.filter(pk=person.pk).update(district_id=other.district_id)  # its area columns now disagree
    export = _made(client, world.province_a, "xlsx")
    book = load_workbook(io.BytesIO(_data(client, export)))
    sheet = book["ข้อมูลที่ยังขาด"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row[1] == "บุคคลที่หมู่บ้านไม่ถูกต้อง"]
    assert rows and any(
        row[5] == f"{person.national_id[0]}-{person.national_id[1:5]}-xxxxx-xx-{person.national_id[12]}"
        for row in rows
    )
    ids = set(Person.objects.values_list("national_id", flat=True))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                text = str(value or "")
                assert not any(national_id in text for national_id in ids), (sheet.title, value)
                assert not FULL_ID.fullmatch(text), (sheet.title, value)


@pytest.mark.parametrize(
    "fields, status",
    [
        ({"kind": ""}, 400),
        ({"kind": "exe"}, 400),
        ({"kind": "xlsx", "level": "galaxy"}, 404),
        ({"kind": "xlsx", "level": "province", "key": "50"}, 404),
        ({"kind": "xlsx", "level": "village", "key": "9" * 40}, 404),
        ({"kind": "xlsx", "level": "district", "key": "\x00"}, 400),  # refused by Django before the view
        (
            {
                "kind": "pdf",
                "year": "99999999999999999999",
                "programme": "-1",
                "sort": "'; drop",
                "dir": "sideways",
                "measure": "<script>",
                "quarter": "77",
            },
            302,
        ),
    ],
)
def test_hostile_parameters_get_a_thai_message_and_no_error(client, world, small, fields, status):
    response = _export(client, world.province_a, **{"kind": "xlsx", **fields})
    assert response.status_code == status
    if status == 400:
        assert not Export.objects.exists()
    if status == 400 and fields["kind"] != "xlsx":
        assert "กรุณาเลือกสิ่งที่จะส่งออก" in response.content.decode()
    if status == 302:  # junk falls back as the dashboard's page does: what the user saw
        export = Export.objects.get()
        assert (export.fiscal_year, export.programme, export.sort, export.quarter) == (YEAR, None, "", 0)


def test_without_a_place_the_users_own_is_exported_and_get_is_refused(client, world, small):
    client.force_login(world.tao_a)
    assert client.get(reverse("reports:dashboard_export")).status_code == 405
    response = client.post(reverse("reports:dashboard_export"), {"kind": "xlsx", "year": YEAR})
    export = Export.objects.get(user=world.tao_a)
    assert response.status_code == 302 and (export.level, export.status) == (d.OFFICE, ExportStatus.DONE)
    book = load_workbook(io.BytesIO(_data(client, export)))
    assert book.sheetnames == ["สรุป"]


def test_older_exports_are_dropped_with_their_files(client, world, small, monkeypatch):
    from reports.services import exports as services

    monkeypatch.setattr(services, "KEEP", 2)
    made = [_made(client, world.tao_a, "xlsx", level="", key="") for _ in range(3)]
    assert list(Export.objects.filter(user=world.tao_a).order_by("created_at")) == made[1:]
    assert not default_storage.exists(made[0].file.name) and default_storage.exists(made[2].file.name)


def test_the_country_and_a_village(client, world, small, admin):
    export = _made(client, admin, "pdf", level="country", key="")
    assert export.place_name and export.level == d.COUNTRY
    village = small["villages"][0]
    export = _made(client, world.province_a, "xlsx", level="village", key=str(village.pk))
    assert load_workbook(io.BytesIO(_data(client, export))).sheetnames == ["สรุป"]


def test_the_district_parts_cost_a_fixed_number_of_queries(world, small):
    """Every sub-district's and village's figures, and every district's month-by-month chart, come from one
    set of grouped queries for the whole place: a province of many districts costs what one district does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.selectors.exports import district_parts

    province = _board(world.province_a)
    district = d.dashboard(
        user=world.province_a,
        place=d.place_for(world.province_a, d.DISTRICT, "4601"),
        fiscal_year=YEAR,
        today=DAY,
    )
    counts = []
    for board in (province, district):
        with CaptureQueriesContext(connection) as queries:
            parts = district_parts(board, today=DAY)
        counts.append((len(queries), len(parts)))
    (many, districts), (one, single) = counts
    assert single == 1 and districts == len(province.rows) >= 3
    assert many == one, counts  # not one more query per district


def test_the_books_district_section_has_its_sub_districts(client, world, small, tmp_path):
    export = _made(client, world.province_a, "pdf")
    text = _book_text(client, export, tmp_path)
    section = next(p for p in text.split("\f") if p.lstrip().startswith("อำเภอ เมืองกาฬสินธุ์"))
    line = next(line for line in section.splitlines() if line.strip().startswith("ลำปาว"))
    # ลำปาว: target villages done, experts, households trained, promoted, higher income, share, rise
    assert re.findall(r"[\d.,]+", line) == ["1", "2", "4", "2", "1", "50", "16.67"]


def test_a_failed_export_says_so_and_may_be_asked_for_again(client, world, small, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("reports.exports.workbook", broken)
    _export(client, world.province_a, "xlsx", sort="households_trained", dir="desc")
    failed = Export.objects.get()
    assert failed.status == ExportStatus.FAILED and failed.error == "จัดทำไฟล์ไม่สำเร็จ กรุณาลองใหม่ หรือแจ้งผู้ดูแลระบบ"
    page = client.get(reverse("reports:export", args=[failed.pk])).content.decode()
    assert failed.error in page and "ลองใหม่" in page and 'name="dir" value="desc"' in page
    monkeypatch.undo()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields.pop("csrfmiddlewaretoken", None)
    again = client.post(reverse("reports:dashboard_export"), fields)
    export = Export.objects.exclude(pk=failed.pk).get()
    assert (
        again["Location"] == reverse("reports:export", args=[export.pk])
        and export.status == ExportStatus.DONE
    )
    assert (export.sort, export.descending, export.level, export.key) == (
        "households_trained",
        True,
        "province",
        "46",
    )


def test_a_file_gone_from_the_storage_is_a_404(client, world, small):
    export = _made(client, world.province_a, "xlsx")
    default_storage.delete(export.file.name)
    assert client.get(reverse("reports:export_file", args=[export.pk])).status_code == 404


def test_a_year_without_a_plan_says_so_and_still_has_the_results(client, world, small):
    from reports.models import Plan

    Plan.objects.filter(pk=small["plan"].pk).update(fiscal_year=YEAR - 1)
    export = _made(client, world.province_a, "xlsx")
    summary = load_workbook(io.BytesIO(_data(client, export)))["สรุป"]
    top = [summary.cell(row=n, column=1).value for n in range(1, 10)]
    assert "แผนปฏิบัติงาน: ยังไม่มีแผนที่ประกาศใช้ของปีงบประมาณนี้ จึงแสดงเฉพาะผล" in top
    results = _rows_after(summary, "อำเภอ")
    # the village programme needs the plan's target villages; the local offices' own work is there regardless
    assert results["รวม"][11:16] == [1, 1, 2, 3, 23000]
