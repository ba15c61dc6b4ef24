"""The xlsx export and import of a plan's district targets: the export's sheet comes back unchanged, a changed
sheet is previewed then saved, a broken sheet is refused with its rows and cells and changes nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import DistrictAllocation, DistrictTarget
from reports.selectors import plans as selectors
from tests.reports.helpers import kalasin_plan


@pytest.fixture
def seeded(world):
    return (world, *kalasin_plan(world.province_a))


def _export(client, plan):
    response = client.get(reverse("reports:targets_export", args=[plan.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(book, name="targets.xlsx"):
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _snapshot():
    return (
        list(
            DistrictTarget.objects.order_by("indicator", "district").values_list(
                "indicator", "district", "value"
            )
        ),
        list(
            DistrictAllocation.objects.order_by("programme", "district").values_list(
                "programme", "district", "units", "budget"
            )
        ),
    )


def test_round_trip(client, seeded):
    world, plan, village, groups, indicators = seeded
    client.force_login(world.province_a)
    book = _export(client, plan)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:7] == ("ลำดับโครงการ", "โครงการ", "รหัสเป้าหมาย", "เป้าหมาย", "รหัสอำเภอ", "อำเภอ", "ค่า")
    assert (1, "โครงการสร้างสัมมาชีพชุมชนในระดับหมู่บ้าน", "units", "หน่วย (หมู่บ้าน)", "4601", "เมืองกาฬสินธุ์", 30) in rows
    before = _snapshot()
    response = client.post(reverse("reports:targets_import", args=[plan.pk]), {"file": _upload(book)})
    assert response.status_code == 200 and 'data-testid="import-preview"' in response.content.decode()
    response = client.post(
        reverse("reports:targets_import", args=[plan.pk]), {"payload": response.context["payload"]}
    )
    assert response.status_code == 302
    assert _snapshot() == before
    # a changed cell lands
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == 1 and row[2].value == "budget" and row[4].value == "4601":
            row[6].value = 240000
    response = client.post(reverse("reports:targets_import", args=[plan.pk]), {"file": _upload(book)})
    client.post(reverse("reports:targets_import", args=[plan.pk]), {"payload": response.context["payload"]})
    assert DistrictAllocation.objects.get(programme=village, district_id="4601").budget == Decimal(240000)
    assert selectors.programmes_with_totals(plan).get(pk=village.pk).budget_total == Decimal(
        240000 + 32 * 24000
    )


def test_a_broken_sheet_is_refused_with_rows_and_cells_and_changes_nothing(client, seeded):
    world, plan, *_ = seeded
    client.force_login(world.province_a)
    book = _export(client, plan)
    sheet = book.active
    cells = {(r[0].value, r[2].value, r[4].value): r[6] for r in sheet.iter_rows(min_row=2)}
    assert cells[(1, "budget", "4601")].row == 5 and cells[(1, "I4", "4602")].row == 18
    cells[(1, "budget", "4601")].value = -5  # row 5: negative
    cells[(1, "I4", "4602")].value = 120  # row 18: a percentage over 100
    sheet["G2"] = "หนึ่ง"  # row 2: not a number
    sheet.append([7, "", "units", "", "4601", "", 1])  # row 29: no such programme
    sheet.append([2, "", "I9", "", "4601", "", 1])  # row 30: no such target
    sheet.append([2, "", "units", "", "5001", "", 1])  # row 31: not a district of Kalasin
    sheet.append([2, "", "units", "", "4601", "", 3])  # row 32: given twice
    before = _snapshot()
    response = client.post(reverse("reports:targets_import", args=[plan.pk]), {"file": _upload(book)})
    body = response.content.decode()
    assert response.status_code == 200 and 'name="payload"' not in body
    for message in (
        "แถว 2 ช่อง G2: “หนึ่ง” ไม่ใช่ตัวเลข",
        "แถว 5 ช่อง G5: ต้องไม่ติดลบ",
        "แถว 18 ช่อง G18: ร้อยละต้องไม่เกิน 100",
        "แถว 29 ช่อง A29: แผนไม่มีโครงการ “7”",
        "แถว 30 ช่อง C30: “I9” ไม่ใช่เป้าหมายของโครงการที่ 2",
        "แถว 31 ช่อง E31: “5001” ไม่ใช่รหัสอำเภอของกาฬสินธุ์",
        "แถว 32: โครงการ เป้าหมาย และอำเภอนี้มีซ้ำ",
    ):
        assert message in body, message
    assert _snapshot() == before


def test_not_a_workbook_and_a_tampered_preview(client, seeded):
    world, plan, *_ = seeded
    client.force_login(world.province_a)
    response = client.post(
        reverse("reports:targets_import", args=[plan.pk]),
        {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    )
    assert "ไฟล์ไม่ใช่สมุดงาน xlsx" in response.content.decode()
    response = client.post(reverse("reports:targets_import", args=[plan.pk]), {"payload": "junk"})
    assert "หมดอายุ" in response.content.decode()


def test_a_sheet_exported_in_thai_is_read_back_on_the_english_pages(client, seeded, settings):
    world, plan, village, *_ = seeded
    client.force_login(world.province_a)
    book = _export(client, plan)  # Thai headers
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("reports:targets_import", args=[plan.pk]), {"file": _upload(book)})
    assert response.status_code == 200 and 'data-testid="import-preview"' in response.content.decode()
    english = _export(client, plan)
    assert list(english.active.iter_rows(values_only=True))[0][:3] == (
        "programme no.",
        "programme",
        "target code",
    )
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = client.post(reverse("reports:targets_import", args=[plan.pk]), {"file": _upload(english)})
    assert 'data-testid="import-preview"' in response.content.decode()
