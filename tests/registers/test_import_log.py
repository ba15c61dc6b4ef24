"""The import log counts the rows that failed."""

import pytest
from django.urls import reverse

from registry.models import ImportBatch, ImportStatus, Person
from registry.services.imports import import_check, import_fail
from tests.registers.helpers import people_file, people_row, upload

pytestmark = pytest.mark.django_db


def log_cell(client, file_name):
    page = client.get(reverse("registry:person_import")).content.decode()
    row = page.split(file_name)[1].split("</tr>")[0]
    return row.split('data-testid="rejected">')[1].split("</td>")[0].strip()


def test_the_log_counts_rows_with_errors_once_each(client, world, villages):
    client.force_login(world.tao_a)
    bad = people_file(
        [people_row(1), people_row(2, **{"วันเกิด": "15/01/69", "เพศ": "x"}), people_row(1), people_row(4)]
    )
    client.post(reverse("registry:person_import"), {"file": upload("rows.xlsx", bad)})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REJECTED and batch.rejected_count == 2  # row 3 twice, row 4 once
    assert log_cell(client, "rows.xlsx") == "2"


def test_a_file_without_its_columns_fails_every_row(client, world, villages):
    client.force_login(world.tao_a)
    rows = [people_row(n) for n in range(1, 6)]
    wrong_headers = people_file(rows, headers=["เลขบัตร", "ชื่อ", "นามสกุล", "เพศ", "บ้านเลขที่", "หมู่ที่"])
    client.post(reverse("registry:person_import"), {"file": upload("headers.xlsx", wrong_headers)})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REJECTED and (batch.row_count, batch.rejected_count) == (5, 5)
    assert log_cell(client, "headers.xlsx") == "5"


def test_an_unreadable_file_fails_as_a_whole(client, world, villages):
    client.force_login(world.tao_a)
    client.post(
        reverse("registry:person_import"), {"file": upload("broken.xlsx", b"PK\x03\x04 not a workbook")}
    )
    assert ImportBatch.objects.get().status == ImportStatus.REJECTED
    assert log_cell(client, "broken.xlsx") == "ทั้งไฟล์"


def test_a_batch_that_fails_when_written_counts_every_row(world, villages):
    batch = import_check(
        user=world.tao_a,
        office=world.office_a,
        kind="people",
        file_name="p.xlsx",
        data=people_file([people_row(1), people_row(2), people_row(3)]),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.QUEUED)
    import_fail(batch_id=batch.pk, messages=["ฐานข้อมูลไม่ตอบสนอง"])
    batch.refresh_from_db()
    assert batch.status == ImportStatus.REJECTED and batch.rejected_count == 3
    assert not Person.objects.exists()
