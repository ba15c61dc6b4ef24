"""A TAO officer imports people from Excel in Chromium: a bad row is shown and nothing is written;
the corrected file imports every row."""

import pytest

from tests.benchmarks.data import PEOPLE_HEADERS, national_id, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rows(bad=False):
    made = []
    for n in range(1, 6):
        nid = national_id(777000 + n, 1)
        if bad and n == 3:
            nid = nid[:12] + str((int(nid[12]) + 1) % 10)  # wrong check digit
        made.append(
            [
                nid,
                "นาง" if n % 2 else "นาย",
                f"ทดสอบ{n}",
                "นำเข้าไฟล์",
                "หญิง" if n % 2 else "ชาย",
                f"0{n}/03/2515",
                "0812345678",
                f"{n}/9",
                str(n),
                "460105",
            ]
        )
    return made


def login(page, base_url):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("tao_lampao")
    page.get_by_label("รหัสผ่าน").fill("kalasin2569")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{base_url}/")


@pytest.mark.parametrize("width", [1366, 375])
def test_import_people_with_a_bad_row_then_the_fixed_file(
    live_server, demo, page_at, screenshot, tmp_path, width
):
    from registry.models import ImportBatch, Person

    before = Person.objects.count()
    bad_file, good_file = tmp_path / "ทะเบียนบุคคล-มีข้อผิดพลาด.xlsx", tmp_path / "ทะเบียนบุคคล.xlsx"
    bad_file.write_bytes(xlsx_bytes(PEOPLE_HEADERS, rows(bad=True)))
    good_file.write_bytes(xlsx_bytes(PEOPLE_HEADERS, rows()))

    page = page_at(width)
    login(page, live_server.url)
    page.goto(f"{live_server.url}/registry/people/import/")
    screenshot(page, f"import-form-{width}")
    page.get_by_label("ไฟล์ตารางข้อมูล (.xlsx หรือ .csv)").set_input_files(str(bad_file))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    errors = page.get_by_test_id("preview-errors")
    errors.wait_for()
    assert "พบปัญหา 1 รายการ ไม่ได้นำเข้าข้อมูลใด ๆ" in errors.inner_text()
    cells = page.locator("table tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "4" and cells[1] == "เลขประจำตัวประชาชน" and "เลขตรวจสอบ" in cells[2]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"import-errors-{width}")
    assert Person.objects.count() == before  # nothing written

    page.get_by_role("link", name="อัปโหลดไฟล์ที่แก้ไขแล้ว").click()
    page.get_by_label("ไฟล์ตารางข้อมูล (.xlsx หรือ .csv)").set_input_files(str(good_file))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    ok = page.get_by_test_id("preview-ok")
    ok.wait_for()
    assert "ข้อมูลทั้ง 5 แถวถูกต้อง: เพิ่มใหม่ 5 รายการ" in ok.inner_text()
    assert Person.objects.count() == before  # the preview writes nothing either
    screenshot(page, f"import-preview-{width}")
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.wait_for_url("**/registry/people/")
    assert "นำเข้า ทะเบียนบุคคล.xlsx แล้ว: เพิ่มใหม่ 5 รายการ" in page.content()
    assert Person.objects.count() == before + 5
    assert set(Person.objects.filter(last_name="นำเข้าไฟล์").values_list("first_name", flat=True)) == {
        f"ทดสอบ{n}" for n in range(1, 6)
    }
    assert "ทดสอบ5" in page.content()  # newest first on the list
    screenshot(page, f"import-done-{width}")
    log = list(
        ImportBatch.objects.order_by("created_at").values_list("status", "rejected_count", "created_count")
    )
    assert log == [("rejected", 1, 0), ("committed", 0, 5)]


def test_person_page_masks_the_id_until_shown_with_a_reason(live_server, demo, page_at, screenshot):
    from registry.models import NationalIdReveal, Person

    person = Person.objects.filter(sub_district_id="460105").order_by("pk").first()
    page = page_at(1366)
    login(page, live_server.url)
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    assert person.national_id not in page.content()
    screenshot(page, "person-1366")
    page.get_by_label("เหตุผลที่ต้องดูเลขเต็ม").fill("ตรวจสอบตัวบุคคลก่อนสมัครอบรม")
    page.get_by_role("button", name="แสดงเลขเต็ม").click()
    shown = page.get_by_test_id("full-id").inner_text()
    assert shown.replace("-", "") == person.national_id
    assert person.national_id not in page.url
    assert NationalIdReveal.objects.filter(person=person).count() == 1
    screenshot(page, "person-reveal-1366")
