"""Export then re-import changes nothing; the command-line import behaves like the web one."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from registry.models import AuditEntry, ImportBatch, ImportStatus, Person, PersonOccupation, WantedOccupation
from registry.services.imports import import_check, import_commit
from tests.registers.helpers import people_file, people_row

pytestmark = pytest.mark.django_db

KINDS = [
    ("person", "people"),
    ("household", "households"),
    ("occupation", "occupations"),
    ("wanted", "occupations"),
    ("rawmaterial", "raw-materials"),
    ("expert", "experts"),
]


def snapshot():
    from registry.models import Expert, Household, RawMaterial

    return {
        m.__name__: sorted(map(str, m.objects.values_list()))
        for m in (Person, Household, PersonOccupation, WantedOccupation, RawMaterial, Expert)
    }


@pytest.mark.parametrize(("name", "kind"), KINDS)
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_reimport_changes_nothing(client, world, records, name, kind, file_format):
    client.force_login(world.tao_a)
    url = reverse(f"registry:{name}_export")
    if name == "rawmaterial":  # no national IDs in it: the ordinary export
        exported = client.get(url, {"format": file_format}).content
    else:  # the full-ID export, asked for with a reason: masked IDs could not be matched again
        exported = client.post(url, {"format": file_format, "reason": "ปรับปรุงข้อมูลจากการสำรวจ"}).content
    before, audit_before = snapshot(), AuditEntry.objects.count()
    batch = import_check(
        user=world.tao_a, office=world.office_a, kind=kind, data=exported, file_name=f"export.{file_format}"
    )
    assert batch.status == ImportStatus.PREVIEWED, batch.errors
    # Every row equals its stored record: the preview says so and the commit writes nothing.
    assert batch.row_count >= 1
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 0, batch.row_count)
    batch = import_commit(user=world.tao_a, batch=batch)
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 0, batch.row_count)
    assert snapshot() == before
    assert AuditEntry.objects.count() == audit_before


def test_template_download_has_the_thai_headers_in_order(client, world):
    client.force_login(world.tao_a)
    response = client.get(reverse("registry:person_import"), {"template": "csv"})
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header == "เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,เพศ,วันเกิด,โทรศัพท์,บ้านเลขที่,หมู่ที่,รหัสตำบล"


def test_cli_imports_a_file(tmp_path, world, villages, capsys):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(people_file([people_row(n) for n in range(1, 4)]))
    call_command("import_register", "people", str(path), "--office", world.office_a.code)
    assert Person.objects.count() == 3
    assert "สร้าง 3, ปรับปรุง 0, ไม่เปลี่ยนแปลง 0" in capsys.readouterr().out
    batch = ImportBatch.objects.get()
    assert batch.user is None and batch.status == ImportStatus.COMMITTED and batch.file_name == "survey.xlsx"
    call_command("import_register", "people", str(path), "--office", world.office_a.code)
    assert "ใหม่ 0, ปรับปรุง 0, ไม่เปลี่ยนแปลง 3" in capsys.readouterr().out


def test_cli_dry_run_writes_nothing(tmp_path, world, villages, capsys):
    path = tmp_path / "survey.csv"
    path.write_bytes(people_file([people_row(1)], fmt="csv"))
    call_command("import_register", "people", str(path), "--office", world.office_a.code, "--dry-run")
    assert not Person.objects.exists() and not ImportBatch.objects.exists()
    assert "--dry-run" in capsys.readouterr().out


def test_cli_prints_row_errors_and_exits_non_zero(tmp_path, world, villages, capsys):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(people_file([people_row(1), people_row(2, **{"วันเกิด": "15/01/69"}), people_row(1)]))
    with pytest.raises(CommandError, match="2 ข้อผิดพลาด"):
        call_command("import_register", "people", str(path), "--office", world.office_a.code)
    err = capsys.readouterr().err
    assert "แถว 3 [วันเกิด]" in err and "แถว 4 [เลขประจำตัวประชาชน]" in err
    assert not Person.objects.exists()


def test_cli_exit_status_is_non_zero(tmp_path, world, villages):
    import subprocess
    import sys

    path = tmp_path / "bad.csv"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_register", "people", str(path), "--office", "NOPE"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0


def test_cli_refuses_unknown_office_and_kind(tmp_path, world):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(CommandError, match="ไม่พบหน่วยงาน"):
        call_command("import_register", "people", str(path), "--office", "NOPE")
    with pytest.raises(CommandError):
        call_command("import_register", "cars", str(path), "--office", world.office_a.code)


def test_other_registers_import_from_their_templates(world, villages, catalogue):
    from tests.benchmarks.data import xlsx_bytes

    import_commit(
        user=world.tao_a,
        batch=import_check(
            user=world.tao_a,
            office=world.office_a,
            kind="people",
            data=people_file([people_row(1), people_row(2)]),
            file_name="p.xlsx",
        ),
    )
    nid1, nid2 = Person.objects.order_by("national_id").values_list("national_id", flat=True)
    files = {
        "households": (
            [
                "หมู่ที่",
                "รหัสตำบล",
                "บ้านเลขที่",
                "เลขประจำตัวประชาชนหัวหน้าครัวเรือน",
                "จำนวนสมาชิก",
                "รายได้ครัวเรือนต่อปี",
                "ยากจนตาม TPMAP",
                "ปีสำรวจ จปฐ.",
            ],
            [["1", "460105", "1/1", nid1, "3", "1,250,000.50", "ใช่", "2568"]],
        ),
        "occupations": (
            ["เลขประจำตัวประชาชน", "อาชีพ", "ประเภท", "รายได้ต่อปี", "ลำดับความต้องการ"],
            [
                [nid1, "ทำนา", "อาชีพหลัก", "45,000", ""],
                [nid1, "ทอผ้าไหม", "อาชีพเสริม", "12000", ""],
                [nid2, "ทำน้ำพริก", "ต้องการเรียนรู้", "", "1"],
            ],
        ),
        "raw-materials": (
            ["หมู่ที่", "รหัสตำบล", "ชื่อวัตถุดิบ", "ประเภท", "ปริมาณ", "หน่วย", "เดือนที่มี", "อาชีพที่ใช้วัตถุดิบ"],
            [["1", "460105", "ไม้ไผ่", "ของป่า/ไม้", "500", "ลำ", "พ.ย. ธ.ค. ม.ค.", "จักสานไม้ไผ่"]],
        ),
        "experts": (
            ["เลขประจำตัวประชาชน", "ความเชี่ยวชาญ", "ประสบการณ์ (ปี)", "ผ่านหลักสูตรวิทยากรผู้นำสัมมาชีพ", "วันที่ผ่านหลักสูตร"],
            [[nid2, "ทอผ้าไหม, ทำนา", "25", "ใช่", "01/03/2568"]],
        ),
    }
    for kind, (headers, rows) in files.items():
        batch = import_check(
            user=world.tao_a,
            office=world.office_a,
            kind=kind,
            data=xlsx_bytes(headers, rows),
            file_name=f"{kind}.xlsx",
        )
        assert batch.status == ImportStatus.PREVIEWED, (kind, batch.errors)
        import_commit(user=world.tao_a, batch=batch)
    from decimal import Decimal

    from registry.models import Expert, Household, RawMaterial

    household = Household.objects.get()
    assert household.yearly_income == Decimal("1250000.50") and household.head.national_id == nid1
    assert Person.objects.get(national_id=nid1).household == household  # same village and house number
    assert PersonOccupation.objects.count() == 2 and WantedOccupation.objects.get().priority == 1
    material = RawMaterial.objects.get()
    assert material.month_list == [1, 11, 12] and [o.name for o in material.occupations.all()] == [
        "จักสานไม้ไผ่"
    ]
    expert = Expert.objects.get()
    assert expert.instructor_course_passed and sorted(o.name for o in expert.expertise.all()) == [
        "ทอผ้าไหม",
        "ทำนา",
    ]


def test_number_columns_refuse_text_and_second_main_occupation(world, villages, catalogue):
    from tests.benchmarks.data import xlsx_bytes

    import_commit(
        user=world.tao_a,
        batch=import_check(
            user=world.tao_a,
            office=world.office_a,
            kind="people",
            data=people_file([people_row(1)]),
            file_name="p.xlsx",
        ),
    )
    nid = Person.objects.get().national_id
    batch = import_check(
        user=world.tao_a,
        office=world.office_a,
        kind="occupations",
        file_name="o.xlsx",
        data=xlsx_bytes(
            ["เลขประจำตัวประชาชน", "อาชีพ", "ประเภท", "รายได้ต่อปี"],
            [
                [nid, "ทำนา", "อาชีพหลัก", "45,000"],
                [nid, "ทอผ้าไหม", "อาชีพหลัก", ""],
                [nid, "ขับยานอวกาศ", "อาชีพเสริม", "ประมาณสี่หมื่น"],
            ],
        ),
    )
    messages = [(e["row"], e["column"], e["message"]) for e in batch.errors]
    assert (4, "รายได้ต่อปี", "“ประมาณสี่หมื่น” ไม่ใช่ตัวเลข") in messages
    assert any(r == 3 and "อาชีพหลักอยู่แล้วในแถว 2" in m for r, _, m in messages)
    assert any(r == 4 and "ไม่มีในบัญชีอาชีพ" in m for r, _, m in messages)
    assert not PersonOccupation.objects.exists()


def english_words(text):
    import re

    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ("dry", "run", "survey", "xlsx")]


def test_cli_speaks_thai_throughout_whatever_the_callers_language(tmp_path, world, villages, capsys):
    from django.utils import translation

    path = tmp_path / "survey.xlsx"
    path.write_bytes(
        people_file([people_row(1), people_row(2, **{"วันเกิด": "15/01/69", "เพศ": "x"}), people_row(1)])
    )
    with translation.override("en"):
        with pytest.raises(CommandError) as refused:
            call_command("import_register", "people", str(path), "--office", world.office_a.code)
        out = capsys.readouterr()
        assert "แถว 3 [เพศ]" in out.err and not english_words(out.err + out.out + str(refused.value))
        with pytest.raises(CommandError) as not_local:
            call_command("import_register", "people", str(path), "--office", world.district_a.office.code)
        assert "ไม่ใช่องค์กรปกครองส่วนท้องถิ่น" in str(not_local.value) and not english_words(str(not_local.value))
        path.write_bytes(people_file([people_row(1)]))
        call_command("import_register", "people", str(path), "--office", world.office_a.code, "--dry-run")
        call_command("import_register", "people", str(path), "--office", world.office_a.code)
        out = capsys.readouterr()
        assert "นำเข้าแล้ว: สร้าง 1" in out.out and not english_words(out.out + out.err)
