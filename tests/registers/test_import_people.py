"""People import: every bad input gets a clear Thai message and writes nothing."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from registry.models import AuditEntry, ImportBatch, ImportStatus, Person
from registry.services.imports import import_check, import_commit
from tests.registers.helpers import make_person, make_villages, national_id, people_file, people_row
from tests.scoping import ScopeWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def villages(world):
    return make_villages()


def check(world, data, name="people.xlsx", kind="people"):
    return import_check(user=world.tao_a, office=world.office_a, kind=kind, data=data, file_name=name)


def errors(batch):
    return [(e["row"], e["column"], e["message"]) for e in batch.errors]


def test_good_file_previews_then_imports_everything(world, villages):
    rows = [people_row(n) for n in range(1, 6)] + [
        people_row(9, **{"หมู่ที่": f"{ScopeWorld.SUB_A}02", "รหัสตำบล": ""})
    ]
    batch = check(world, people_file(rows))
    assert batch.status == ImportStatus.PREVIEWED, batch.errors
    assert (batch.row_count, batch.created_count, batch.updated_count) == (6, 6, 0)
    assert not Person.objects.exists()  # the preview writes nothing
    batch = import_commit(user=world.tao_a, batch=batch)
    assert batch.status == ImportStatus.COMMITTED and batch.rows == []
    assert Person.objects.count() == 6
    person = Person.objects.get(national_id=national_id(1, 1))
    assert (
        person.title,
        person.first_name,
        person.birth_date,
        person.sub_district_id,
        person.province_id,
    ) == ("mrs", "บัวผัน", datetime.date(1967, 1, 15), ScopeWorld.SUB_A, "46")
    assert (
        Person.objects.get(national_id=national_id(9, 1)).village == villages["a2"]
    )  # given as its 8-digit code
    assert AuditEntry.objects.filter(action="create", import_batch=batch).count() == 6


def test_update_by_national_id(world, villages):
    make_person(villages["a1"], 1, first_name="เดิม")
    batch = check(world, people_file([people_row(1), people_row(2)]))
    assert (batch.created_count, batch.updated_count) == (1, 1)
    import_commit(user=world.tao_a, batch=batch)
    assert Person.objects.get(national_id=national_id(1, 1)).first_name == "บัวผัน"
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes["first_name"] == ["เดิม", "บัวผัน"]


def assert_rejected(batch, *expected):
    assert batch.status == ImportStatus.REJECTED
    found = errors(batch)
    for row, column, words in expected:
        assert any(r == row and c == column and words in m for r, c, m in found), found
    assert not Person.objects.exists()


def test_rows_equal_to_the_register_are_counted_unchanged_and_not_written(client, world, villages):
    rows = people_file([people_row(n) for n in (1, 2, 3)])
    first = import_commit(user=world.tao_a, batch=check(world, rows))
    audit_before = AuditEntry.objects.count()
    changed = people_row(2, **{"ชื่อ": "สมใจ"})
    batch = check(world, people_file([people_row(1), changed, people_row(3), people_row(4)]))
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 1, 2)
    batch = import_commit(user=world.tao_a, batch=batch)
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 1, 2)
    # One entry for the new person, one for the changed one; none for the two rows equal to the register.
    entries = AuditEntry.objects.filter(import_batch=batch)
    assert sorted(entries.values_list("action", flat=True)) == ["create", "update"]
    assert AuditEntry.objects.count() == audit_before + 2
    assert Person.objects.get(national_id=national_id(2, 1)).first_name == "สมใจ"
    client.force_login(world.tao_a)
    log = client.get(reverse("registry:person_import")).content.decode()
    assert log.count('data-testid="unchanged">2<') == 1, first
    assert log.count('data-testid="unchanged">0<') == 1, first
    preview = client.get(reverse("registry:person_import_preview", args=[batch.pk])).content.decode()
    assert "ไม่เปลี่ยนแปลง 2 รายการ" in preview


def test_wrong_check_digit(world, villages):
    bad = national_id(2, 1)[:12] + str((int(national_id(2, 1)[12]) + 1) % 10)
    batch = check(world, people_file([people_row(1), people_row(2, **{"เลขประจำตัวประชาชน": bad})]))
    assert_rejected(batch, (3, "เลขประจำตัวประชาชน", "เลขตรวจสอบ"))
    assert bad not in str(batch.errors)  # the number itself is never repeated in a message


def test_same_id_twice_in_one_file(world, villages):
    batch = check(world, people_file([people_row(1), people_row(2), people_row(1)]))
    assert_rejected(batch, (4, "เลขประจำตัวประชาชน", "แถว 2"))


def test_unknown_village_and_village_outside_the_office(world, villages):
    batch = check(
        world,
        people_file(
            [
                people_row(1, **{"หมู่ที่": "8"}),
                people_row(2, sub=ScopeWorld.SUB_B),
                people_row(3, **{"หมู่ที่": "46999901", "รหัสตำบล": ""}),
            ]
        ),
    )
    assert_rejected(batch, (2, "หมู่ที่", "ไม่พบหมู่ที่ 8"), (3, "รหัสตำบล", "ไม่อยู่ในพื้นที่"), (4, "รหัสตำบล", "ไม่อยู่ในพื้นที่"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15/01/2569", datetime.date(2026, 1, 15)),
        ("15/01/2026", datetime.date(2026, 1, 15)),
        ("2026-01-15", datetime.date(2026, 1, 15)),
        ("15 ม.ค. 2569", datetime.date(2026, 1, 15)),
        ("๑๕/๐๑/๒๕๖๙", datetime.date(2026, 1, 15)),
    ],
)
def test_dates_in_buddhist_and_christian_era_are_accepted(world, villages, value, expected):
    batch = check(world, people_file([people_row(1, **{"วันเกิด": value})]))
    assert batch.status == ImportStatus.PREVIEWED, batch.errors
    import_commit(user=world.tao_a, batch=batch)
    assert Person.objects.get().birth_date == expected


def test_real_date_cells_are_accepted(world, villages):
    workbook = Workbook()
    sheet = workbook.active
    from tests.registers.helpers import PEOPLE_HEADERS

    sheet.append(PEOPLE_HEADERS)
    row = people_row(1)
    row["วันเกิด"] = datetime.datetime(1980, 3, 1)
    sheet.append([row[h] for h in PEOPLE_HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_commit(user=world.tao_a, batch=check(world, buffer.getvalue()))
    assert Person.objects.get().birth_date == datetime.date(1980, 3, 1)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("15/01/69", "4 หลัก"),
        ("31/02/2569", "ไม่มีวันที่"),
        ("เมื่อวาน", "ไม่ใช่วันที่"),
        ("15/01/2300", "ไม่ใช่ปี"),
    ],
)
def test_dates_that_are_not_dates_or_could_be_either_era(world, villages, value, words):
    batch = check(world, people_file([people_row(1, **{"วันเกิด": value})]))
    assert_rejected(batch, (2, "วันเกิด", words))


def test_missing_required_column(world, villages):
    headers = [h for h in people_row(1) if h != "นามสกุล"]
    batch = check(world, people_file([people_row(1)], headers=headers))
    assert_rejected(batch, (1, "นามสกุล", "ไม่มีคอลัมน์"))


def test_extra_columns_are_ignored_and_said_so(world, villages):
    headers = [*people_row(1), "หมายเหตุของ อบต.", "สีที่ชอบ"]
    batch = check(world, people_file([people_row(1, **{"สีที่ชอบ": "แดง"})], headers=headers))
    assert batch.status == ImportStatus.PREVIEWED
    assert "หมายเหตุของ อบต., สีที่ชอบ" in batch.warnings[0]


def test_empty_file(world, villages):
    assert_rejected(check(world, b""), (0, "", "ไฟล์ว่าง"))
    assert_rejected(check(world, people_file([])), (0, "", "ไม่มีข้อมูล"))


def test_file_that_is_not_a_spreadsheet(world, villages):
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)) * 4
    assert_rejected(check(world, pdf, name="people.xlsx"), (0, "", "ไม่ใช่"))
    broken_zip = b"PK\x03\x04" + b"\x00" * 200
    assert_rejected(check(world, broken_zip, name="people.xlsx"), (0, "", "ไม่สามารถอ่าน"))


def test_file_over_the_size_limit(world, villages, settings):
    settings.REGISTER_IMPORT_MAX_BYTES = 1024 * 1024
    data = people_file([people_row(1)]) + b" " * (1024 * 1024)
    assert_rejected(check(world, data), (0, "", "1 MB"))


def test_merged_header_cells(world, villages):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ข้อมูลบุคคล", "", "", "", "", "", "", "", "", ""])
    sheet.merge_cells("A1:D1")
    sheet.append(list(people_row(1).values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert_rejected(check(world, buffer.getvalue()), (0, "", "ผสานเซลล์"))


def test_cp874_csv_from_thai_windows(world, villages):
    data = people_file([people_row(1), people_row(2)], fmt="csv", encoding="cp874")
    batch = check(world, data, name="people.csv")
    assert batch.status == ImportStatus.PREVIEWED, batch.errors
    import_commit(user=world.tao_a, batch=batch)
    assert set(Person.objects.values_list("last_name", flat=True)) == {"ทองดี"}


def test_utf8_csv_with_bom(world, villages):
    data = b"\xef\xbb\xbf" + people_file([people_row(1)], fmt="csv")
    batch = check(world, data, name="people.csv")
    assert batch.status == ImportStatus.PREVIEWED, batch.errors


def test_required_cells_and_bad_choices(world, villages):
    batch = check(world, people_file([people_row(1, **{"ชื่อ": ""}), people_row(2, **{"เพศ": "ไม่ระบุ"})]))
    assert_rejected(batch, (2, "ชื่อ", "ต้องไม่ว่าง"), (3, "เพศ", "ชาย"))


def test_person_of_another_office_is_not_overwritten(world, villages):
    make_person(villages["b"], 1, first_name="คนเชียงใหม่")
    batch = check(world, people_file([people_row(1)]))
    assert batch.status == ImportStatus.REJECTED
    assert "หน่วยงานอื่น" in batch.errors[0]["message"]
    assert Person.objects.get().first_name == "คนเชียงใหม่"


def test_commit_rechecks_what_changed_since_the_preview(world, villages):
    batch = check(world, people_file([people_row(1)]))
    make_person(villages["b"], 1)  # another office registered the same person in between
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_commit(user=world.tao_a, batch=batch)
    assert Person.objects.count() == 1
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.PREVIEWED


def test_a_batch_is_committed_once(world, villages):
    batch = import_commit(user=world.tao_a, batch=check(world, people_file([people_row(1)])))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_commit(user=world.tao_a, batch=batch)


def test_unconfirmed_previews_expire_and_lose_their_rows(world, villages):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    batch = check(world, people_file([people_row(1)]))
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    with pytest.raises(ValidationError):
        import_commit(user=world.tao_a, batch=batch)
    batch.refresh_from_db()
    assert (
        batch.status == ImportStatus.REJECTED
        and batch.rows == []
        and "ภายใน 1 วัน" in batch.errors[0]["message"]
    )
    assert not Person.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker checks its connection, as a separate process would
def test_a_confirmed_import_is_written_by_the_background_worker(client, world, villages, settings):
    from django.core.management import call_command
    from django.urls import reverse

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(world.tao_a)
    batch = check(world, people_file([people_row(n) for n in range(1, 4)]))
    url = reverse("registry:person_import_preview", args=[batch.pk])
    page = client.post(url, follow=True).content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED and not Person.objects.exists()
    assert 'data-testid="import-queued"' in page and 'hx-trigger="every 2s"' in page
    assert client.post(url, follow=True).status_code == 200 and ImportBatch.objects.count() == 1  # not twice
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED and Person.objects.count() == 3 and batch.rows == []
    page = client.get(url).content.decode()
    assert 'data-testid="import-done"' in page and "every 2s" not in page


@pytest.mark.django_db(transaction=True)
def test_a_queued_import_that_no_longer_fits_saves_nothing_and_says_why(world, villages, settings):
    from django.core.management import call_command

    from registry.services.imports import import_queue

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    batch = check(world, people_file([people_row(n) for n in range(1, 4)]))
    import_queue(user=world.tao_a, batch=batch)
    world.office_a.sub_districts.clear()  # the office lost the area before the worker got to it
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.REJECTED and batch.errors and batch.rows == []
    assert not Person.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_file_is_checked_by_the_background_worker_and_then_deleted(
    client, world, villages, settings
):
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.urls import reverse

    from tests.registers.helpers import upload

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(world.tao_a)
    data = people_file([people_row(n) for n in range(1, 4)])
    page = client.post(reverse("registry:person_import"), {"file": upload("people.xlsx", data)}, follow=True)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.CHECKING and default_storage.exists(batch.upload.name)
    assert 'data-testid="import-checking"' in page.content.decode() and "every 2s" in page.content.decode()
    stored = batch.upload.name

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and batch.row_count == 3 and len(batch.rows) == 3
    assert not batch.upload and not default_storage.exists(stored), "the file's personal data is not kept"
    page = client.get(reverse("registry:person_import_preview", args=[batch.pk])).content.decode()
    assert 'data-testid="preview-ok"' in page and "every 2s" not in page

    client.post(reverse("registry:person_import"), {"file": upload("broken.xlsx", b"not a spreadsheet")})
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    broken = ImportBatch.objects.get(file_name="broken.xlsx")
    assert broken.status == ImportStatus.REJECTED and broken.errors and not broken.upload
    assert not Person.objects.exists()


def test_an_upload_never_checked_is_deleted_after_a_day(world, villages):
    import datetime

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from registry.services.imports import import_previews_expire

    batch = ImportBatch.objects.create(
        kind="people",
        office=world.office_a,
        user=world.tao_a,
        file_name="p.xlsx",
        status=ImportStatus.CHECKING,
    )
    batch.upload.save("stale.xlsx", ContentFile(b"x"))
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    import_previews_expire()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.REJECTED and not batch.upload
    assert not default_storage.exists("imports/stale.xlsx")
