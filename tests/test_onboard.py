"""Setting up a province from one workbook: offices, villages and users checked whole, written in one
transaction, the same file twice changes nothing; the command and the admin page."""

import io

import geothai
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from registry.imports.onboard import SHEET_OFFICES, SHEET_USERS, SHEET_VILLAGES
from registry.imports.onboard_template import onboard_template_xlsx
from registry.models import AuditEntry, District, ImportStatus, Office, Onboarding, SubDistrict, User, Village
from registry.scoping import Role
from registry.services.onboarding import onboard
from tests import areas
from tests.factories import UserFactory, tao_office

OFFICE_HEADERS = ["ประเภท", "ชื่อสำนักงาน", "รหัสสำนักงาน", "อำเภอ", "รหัสตำบลที่รับผิดชอบ"]
VILLAGE_HEADERS = ["รหัสหมู่บ้าน", "หมู่ที่", "ชื่อหมู่บ้าน", "รหัสตำบล"]
USER_HEADERS = ["ชื่อผู้ใช้", "ชื่อ", "นามสกุล", "ตำแหน่ง", "บทบาท", "รหัสสำนักงาน", "อีเมล"]

OFFICES = [
    ["สำนักงานพัฒนาชุมชนจังหวัด", "สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์", "", "", ""],
    ["สำนักงานพัฒนาชุมชนอำเภอ", "สำนักงานพัฒนาชุมชนอำเภอเมืองกาฬสินธุ์", "", "4601 เมืองกาฬสินธุ์", ""],
    ["สำนักงานพัฒนาชุมชนอำเภอ", "สำนักงานพัฒนาชุมชนอำเภอยางตลาด", "", "อำเภอยางตลาด", ""],
    ["อบต.", "องค์การบริหารส่วนตำบลลำปาว", "6460105", "4601", "460105"],
    ["องค์การบริหารส่วนตำบล (อบต.)", "องค์การบริหารส่วนตำบลโพนทอง", "6460119", "4601", "460119"],
    ["เทศบาล", "เทศบาลตำบลหัวงัว", "5460702", "4607", "460702, 460704"],
]
VILLAGES = [
    ["46010501", "1", "บ้านดอนสวรรค์", "460105"],
    ["46010502", "2", "บ้านลำปาว", "460105"],
    ["46011901", "1", "บ้านโพนทอง", "460119"],
    ["46070201", "1", "บ้านหัวงัว", ""],
    ["46070401", 1, "บ้านบัวบาน", "460704"],
]
USERS = [
    [
        "pcd_kalasin",
        "วิไลวรรณ",
        "นามบุตร",
        "นักวิชาการพัฒนาชุมชนชำนาญการพิเศษ",
        "เจ้าหน้าที่สำนักงานพัฒนาชุมชนจังหวัด",
        "CD46",
        "",
    ],
    ["cd_mueang", "สมชาย", "ไชยคำ", "", "พัฒนากร", "CD4601", "somchai@example.org"],
    ["tao_lampao", "สุดารัตน์", "ศรีบุญเรือง", "นักพัฒนาชุมชน", "เจ้าหน้าที่ อบต.", "6460105", ""],
    ["fin_lampao", "จินตนา", "พรหมวงศ์", "", "เจ้าหน้าที่การเงิน", "6460105", ""],
    ["tao_huangua", "อนุชา", "พลศรี", "", "เจ้าหน้าที่ อบต.", "5460702", ""],
]


def load_province(code):
    """The province's districts and sub-districts, from the same data `load_areas` uses."""
    province = areas.province(code)
    districts = geothai.districts(code)
    District.objects.bulk_create(
        [District(code=d.code, name_th=d.name_th, name_en=d.name_en, province=province) for d in districts],
        ignore_conflicts=True,
    )
    SubDistrict.objects.bulk_create(
        [
            SubDistrict(code=s.code, name_th=s.name_th, district_id=d.code, province=province)
            for d in districts
            for s in geothai.subdistricts(d.code)
        ],
        ignore_conflicts=True,
    )
    return province


@pytest.fixture
def kalasin(db):
    areas.sub_district("500105")  # one sub-district of Chiang Mai, for the rows outside the province
    return load_province("46")


def workbook(offices=OFFICES, villages=VILLAGES, users=USERS, *, sheets=None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    content = sheets or {
        SHEET_OFFICES: [OFFICE_HEADERS, *offices],
        SHEET_VILLAGES: [VILLAGE_HEADERS, *villages],
        SHEET_USERS: [USER_HEADERS, *users],
    }
    for name, rows in content.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(data, *, commit=True, province="46", villages=None):
    with translation.override("th"):
        return onboard(
            user=None,
            province_code=province,
            data=data,
            file_name="setup.xlsx",
            villages=villages,
            commit=commit,
        )


def counts(created=0, updated=0, unchanged=0):
    return {"created": created, "updated": updated, "unchanged": unchanged}


def stored():
    return (Office.objects.count(), Village.objects.count(), User.objects.count(), AuditEntry.objects.count())


# --- a good workbook ----------------------------------------------------------------------------------------


def test_a_good_workbook_writes_every_office_village_and_user(kalasin):
    result = run(workbook())
    assert result.errors == []
    assert result.written
    assert result.counts == {"offices": counts(6), "villages": counts(5), "users": counts(5)}
    province = Office.objects.get(code="CD46")
    assert province.kind == "province_cd" and province.district_id is None and province.province_id == "46"
    assert Office.objects.get(code="CD4607").district_id == "4607"  # the district given by its name
    huangua = Office.objects.get(code="5460702")
    assert huangua.kind == "municipality"
    assert sorted(huangua.sub_districts.values_list("code", flat=True)) == ["460702", "460704"]
    village = Village.objects.get(code="46070201")
    assert (village.number, village.sub_district_id, village.district_id, village.province_id) == (
        1,
        "460702",
        "4607",
        "46",
    )
    user = User.objects.get(username="fin_lampao")
    assert (user.role, user.office.code, user.is_staff, user.is_superuser) == (
        Role.FINANCE,
        "6460105",
        False,
        False,
    )
    assert not user.has_usable_password()
    assert User.objects.get(username="cd_mueang").email == "somchai@example.org"
    assert [u["username"] for u in result.new_users] == [row[0] for row in USERS]
    assert result.new_users[2] == {
        "username": "tao_lampao",
        "name": "สุดารัตน์ ศรีบุญเรือง",
        "office": "องค์การบริหารส่วนตำบลลำปาว",
    }
    assert AuditEntry.objects.count() == 16  # one change-log entry per record written


def test_the_check_writes_nothing_and_counts_what_the_write_would_do(kalasin):
    result = run(workbook(), commit=False)
    assert result.ok and not result.written
    assert result.counts["villages"] == counts(5)
    assert stored() == (0, 0, 0, 0)


# --- the same file again, a later file ----------------------------------------------------------------------


def test_the_same_file_again_changes_nothing_and_keeps_passwords(kalasin):
    run(workbook())
    user = User.objects.get(username="tao_lampao")
    user.set_password("the-password-she-chose")
    user.save()
    before = stored()
    again = run(workbook())
    assert again.ok and again.changes == 0
    assert again.counts == {
        "offices": counts(unchanged=6),
        "villages": counts(unchanged=5),
        "users": counts(unchanged=5),
    }
    assert again.new_users == []
    assert stored() == before  # not even a change-log entry
    assert User.objects.get(username="tao_lampao").check_password("the-password-she-chose")


def test_a_later_file_adds_its_new_rows_and_updates_changed_names(kalasin):
    run(workbook())
    user = User.objects.get(username="tao_lampao")
    user.set_password("kept")
    user.save()
    offices = [*OFFICES[:3], ["อบต.", "อบต.ลำปาว", "6460105", "4601", "460105, 460106"], *OFFICES[4:]]
    offices.append(["อบต.", "องค์การบริหารส่วนตำบลเหนือ", "6460102", "4601", "460102"])
    villages = [
        ["46010501", "1", "บ้านดอนสวรรค์ใหม่", "460105"],
        *VILLAGES[1:],
        ["46010201", "1", "บ้านเหนือ", "460102"],
    ]
    users = [
        *USERS[:2],
        ["tao_lampao", "สุดารัตน์", "ศรีบุญเรือง", "นักพัฒนาชุมชนชำนาญการ", "เจ้าหน้าที่ อบต.", "6460105", ""],
        *USERS[3:],
        ["tao_nuea", "มานพ", "ใจดี", "", "เจ้าหน้าที่ อบต.", "6460102", ""],
    ]
    result = run(workbook(offices, villages, users))
    assert result.ok
    assert result.counts == {
        "offices": counts(1, 1, 5),
        "villages": counts(1, 1, 4),
        "users": counts(1, 1, 4),
    }
    lampao = Office.objects.get(code="6460105")
    assert lampao.name == "อบต.ลำปาว"
    assert sorted(lampao.sub_districts.values_list("code", flat=True)) == ["460105", "460106"]
    assert Village.objects.get(code="46010501").name == "บ้านดอนสวรรค์ใหม่"
    assert User.objects.get(username="tao_lampao").position == "นักพัฒนาชุมชนชำนาญการ"
    assert User.objects.get(username="tao_lampao").check_password("kept")  # a re-run never sets a password
    assert [u["username"] for u in result.new_users] == ["tao_nuea"]
    assert not User.objects.get(username="tao_nuea").has_usable_password()


def test_a_workbook_may_bring_only_some_sheets(kalasin):
    run(workbook())
    result = run(
        workbook(
            sheets={
                SHEET_USERS: [
                    USER_HEADERS,
                    ["tao_phonthong", "ประภาพร", "ภูมิสะอาด", "", "เจ้าหน้าที่ อบต.", "6460119", ""],
                ]
            }
        )
    )
    assert result.ok, result.errors
    assert result.counts["users"] == counts(1) and result.counts["offices"] == counts()
    assert User.objects.get(username="tao_phonthong").office.code == "6460119"  # an office stored earlier


# --- every kind of problem: its sheet, row, column and Thai message, and nothing written --------------------


def _replace(rows, index, row):
    return [row if i == index else r for i, r in enumerate(rows)]


ERRORS = {
    "sub-district outside the province": (
        {
            "offices": _replace(
                OFFICES, 3, ["อบต.", "องค์การบริหารส่วนตำบลลำปาว", "6460105", "4601", "460105, 500105"]
            )
        },
        SHEET_OFFICES,
        5,
        "รหัสตำบลที่รับผิดชอบ",
        "ตำบล 500105 (ช้างคลาน) อยู่ในจังหวัดเชียงใหม่ นอกจังหวัดกาฬสินธุ์",
    ),
    "sub-district of another district": (
        {"offices": _replace(OFFICES, 3, ["อบต.", "องค์การบริหารส่วนตำบลลำปาว", "6460105", "4601", "460702"])},
        SHEET_OFFICES,
        5,
        "รหัสตำบลที่รับผิดชอบ",
        "ตำบล 460702 (หัวงัว) อยู่ในอำเภอยางตลาด ไม่ใช่อำเภอเมืองกาฬสินธุ์",
    ),
    "unknown sub-district": (
        {"offices": _replace(OFFICES, 3, ["อบต.", "องค์การบริหารส่วนตำบลลำปาว", "6460105", "4601", "469999"])},
        SHEET_OFFICES,
        5,
        "รหัสตำบลที่รับผิดชอบ",
        "ไม่มีตำบลรหัส 469999",
    ),
    "duplicate office code": (
        {"offices": [*OFFICES, ["อบต.", "องค์การบริหารส่วนตำบลลำปาวซ้ำ", "6460105", "4601", "460106"]]},
        SHEET_OFFICES,
        8,
        "รหัสสำนักงาน",
        "รหัสสำนักงานนี้มีอยู่แล้วในแถวที่ 5",
    ),
    "unknown district": (
        {"offices": _replace(OFFICES, 3, ["อบต.", "องค์การบริหารส่วนตำบลลำปาว", "6460105", "4699", "460105"])},
        SHEET_OFFICES,
        5,
        "อำเภอ",
        "ไม่มีอำเภอรหัส 4699",
    ),
    "district of another province": (
        {"offices": _replace(OFFICES, 1, ["สำนักงานพัฒนาชุมชนอำเภอ", "สพอ.เมืองเชียงใหม่", "", "5001", ""])},
        SHEET_OFFICES,
        3,
        "อำเภอ",
        "อำเภอ 5001 (เมืองเชียงใหม่) อยู่ในจังหวัดเชียงใหม่ ไม่ใช่จังหวัดกาฬสินธุ์",
    ),
    "unknown kind": (
        {
            "offices": _replace(
                OFFICES, 3, ["โรงเรียน", "องค์การบริหารส่วนตำบลลำปาว", "6460105", "4601", "460105"]
            )
        },
        SHEET_OFFICES,
        5,
        "ประเภท",
        "ใช้ค่าใดค่าหนึ่งต่อไปนี้: องค์การบริหารส่วนตำบล (อบต.)",
    ),
    "local office without its code": (
        {"offices": _replace(OFFICES, 3, ["อบต.", "องค์การบริหารส่วนตำบลลำปาว", "", "4601", "460105"])},
        SHEET_OFFICES,
        5,
        "รหัสสำนักงาน",
        "อบต. หรือเทศบาลต้องมีรหัส อปท.",
    ),
    "village code not starting with its sub-district": (
        {"villages": _replace(VILLAGES, 1, ["46010602", "2", "บ้านลำปาว", "460105"])},
        SHEET_VILLAGES,
        3,
        "รหัสหมู่บ้าน",
        "รหัสหมู่บ้าน 46010602 ไม่ได้ขึ้นต้นด้วยรหัสตำบล 460105",
    ),
    "หมู่ที่ disagreeing with the code": (
        {"villages": _replace(VILLAGES, 1, ["46010502", "3", "บ้านลำปาว", "460105"])},
        SHEET_VILLAGES,
        3,
        "หมู่ที่",
        "หมู่ที่ 3 ไม่ตรงกับรหัสหมู่บ้าน 46010502 ซึ่งลงท้ายด้วย 02",
    ),
    "village outside the province": (
        {"villages": [*VILLAGES, ["50010501", "1", "บ้านช้างคลาน", ""]]},
        SHEET_VILLAGES,
        7,
        "รหัสหมู่บ้าน",
        "ตำบล 500105 (ช้างคลาน) อยู่ในจังหวัดเชียงใหม่ นอกจังหวัดกาฬสินธุ์",
    ),
    "duplicate village": (
        {"villages": [*VILLAGES, ["46010501", "1", "บ้านดอนสวรรค์", ""]]},
        SHEET_VILLAGES,
        7,
        "รหัสหมู่บ้าน",
        "หมู่บ้าน 46010501 มีอยู่แล้วในแถวที่ 2 ของ หมู่บ้าน",
    ),
    "short village code": (
        {"villages": [*VILLAGES, ["4601051", "1", "บ้านสั้น", ""]]},
        SHEET_VILLAGES,
        7,
        "รหัสหมู่บ้าน",
        "รหัสหมู่บ้านมี 8 หลัก",
    ),
    "duplicate username": (
        {"users": [*USERS, ["TAO_Lampao", "สมศรี", "ใจดี", "", "เจ้าหน้าที่ อบต.", "6460105", ""]]},
        SHEET_USERS,
        7,
        "ชื่อผู้ใช้",
        "ชื่อผู้ใช้นี้มีอยู่แล้วในแถวที่ 4",
    ),
    "role not fitting the office": (
        {"users": _replace(USERS, 1, ["cd_mueang", "สมชาย", "ไชยคำ", "", "เจ้าหน้าที่ อบต.", "CD4601", ""])},
        SHEET_USERS,
        3,
        "บทบาท",
        "เจ้าหน้าที่ อบต. ทำงานใน องค์การบริหารส่วนตำบล (อบต.), เทศบาล",
    ),
    "administrator role": (
        {"users": [*USERS, ["root2", "ผู้ดูแล", "ระบบ", "", "ผู้ดูแลระบบ", "CD46", ""]]},
        SHEET_USERS,
        7,
        "บทบาท",
        "ใช้ค่าใดค่าหนึ่งต่อไปนี้",
    ),
    "unknown office": (
        {"users": [*USERS, ["tao_x", "ก", "ข", "", "เจ้าหน้าที่ อบต.", "6469999", ""]]},
        SHEET_USERS,
        7,
        "รหัสสำนักงาน",
        "ไม่มีสำนักงานรหัส 6469999",
    ),
    "bad e-mail": (
        {
            "users": _replace(
                USERS, 1, ["cd_mueang", "สมชาย", "ไชยคำ", "", "พัฒนากร", "CD4601", "not-an-email"]
            )
        },
        SHEET_USERS,
        3,
        "อีเมล",
        "อีเมล",
    ),
    "missing first name": (
        {"users": _replace(USERS, 1, ["cd_mueang", "", "ไชยคำ", "", "พัฒนากร", "CD4601", ""])},
        SHEET_USERS,
        3,
        "ชื่อ",
        "ช่องนี้ต้องไม่ว่าง",
    ),
}


@pytest.mark.parametrize("case", ERRORS)
def test_each_problem_is_shown_with_its_sheet_row_and_column_and_nothing_is_written(kalasin, case):
    changes, sheet, row, column, message = ERRORS[case]
    result = run(workbook(**changes))
    assert not result.written
    assert stored() == (0, 0, 0, 0)
    found = [e for e in result.errors if (e["sheet"], e["row"], e["column"]) == (sheet, row, column)]
    assert found, result.errors
    assert any(message in e["message"] for e in found), found


def test_an_office_code_of_another_province_is_refused(kalasin):
    office = tao_office("500105")
    office.code = "6460105"  # the code is already an office's in Chiang Mai
    office.save()
    before = stored()
    result = run(workbook())
    error = next(e for e in result.errors if e["sheet"] == SHEET_OFFICES)
    assert (error["row"], error["column"]) == (5, "รหัสสำนักงาน")
    assert "เป็นของ" in error["message"] and "เชียงใหม่" in error["message"]
    assert stored() == before


def test_a_username_of_another_province_or_an_administrator_is_refused(kalasin):
    UserFactory(username="tao_lampao", office=tao_office("500105"))
    UserFactory(username="pcd_kalasin", role=Role.ADMIN)
    result = run(workbook())
    by_row = {e["row"]: e["message"] for e in result.errors if e["sheet"] == SHEET_USERS}
    assert "นอกจังหวัดนี้" in by_row[4]
    assert "ผู้ดูแลระบบ" in by_row[2]
    assert Office.objects.filter(province="46").count() == 0


def test_a_stored_office_keeps_its_kind(kalasin):
    run(workbook())
    offices = _replace(OFFICES, 3, ["เทศบาล", "เทศบาลตำบลลำปาว", "6460105", "4601", "460105"])
    result = run(workbook(offices=offices))
    assert [(e["row"], e["column"]) for e in result.errors] == [(5, "ประเภท")]
    assert Office.objects.get(code="6460105").kind == "tao"


def test_the_province_is_found_from_the_codes_when_not_given(kalasin):
    result = run(workbook(), province=None)
    assert result.ok and result.province.code == "46"


def test_a_missing_column_is_named(kalasin):
    sheets = {SHEET_VILLAGES: [["รหัสหมู่บ้าน", "หมู่ที่"], ["46010501", 1]]}
    result = run(workbook(sheets=sheets))
    assert {
        "sheet": SHEET_VILLAGES,
        "row": 1,
        "column": "ชื่อหมู่บ้าน",
        "message": "ไม่มีคอลัมน์ที่จำเป็นนี้ในแถวหัวตาราง",
    } in result.errors


# --- the official village list as the province receives it --------------------------------------------------

OFFICIAL = [
    ["บัญชีรายชื่อหมู่บ้าน จังหวัดกาฬสินธุ์"],
    [],
    ["ลำดับ", "รหัสหมู่บ้าน", "หมู่ที่", "ชื่อหมู่บ้าน", "ตำบล", "อำเภอ"],
    [1, 46010501, "หมู่ 1", "บ้านดอนสวรรค์", "ลำปาว", "เมืองกาฬสินธุ์"],
    [2, "46010502", "๒", "บ้านลำปาว", "ลำปาว", "เมืองกาฬสินธุ์"],
    [3, "46070401", "ม.1", "บ้านบัวบาน", "บัวบาน", "ยางตลาด"],
]


def official_list(rows=OFFICIAL) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_official_village_list_is_accepted_as_it_comes(kalasin):
    result = run(official_list(), province=None)
    assert result.ok, result.errors
    assert result.counts["villages"] == counts(3)
    assert Village.objects.get(code="46070401").sub_district_id == "460704"
    assert "ลำดับ" in " ".join(result.warnings)  # the columns it does not use are named


def test_the_official_village_list_as_a_file_beside_the_workbook(kalasin):
    villages = (official_list(), "villages-46.xlsx")
    result = run(workbook(villages=[]), villages=villages)
    assert result.ok, result.errors
    assert result.counts["villages"] == counts(3)
    assert Village.objects.count() == 3


def test_the_official_list_as_csv_with_a_problem_names_its_file_and_row(kalasin):
    csv = "รหัสหมู่บ้าน,หมู่ที่,ชื่อหมู่บ้าน\n46010501,1,บ้านดอนสวรรค์\n46010503,2,บ้านโคกสี\n".encode()
    result = run(workbook(villages=[]), villages=(csv, "villages.csv"))
    assert [(e["sheet"], e["row"], e["column"]) for e in result.errors] == [("villages.csv", 3, "หมู่ที่")]
    assert stored() == (0, 0, 0, 0)


def test_a_village_in_both_the_sheet_and_the_list_is_refused(kalasin):
    result = run(workbook(), villages=(official_list(), "villages-46.xlsx"))
    assert ("villages-46.xlsx", 4, "รหัสหมู่บ้าน") in [(e["sheet"], e["row"], e["column"]) for e in result.errors]


# --- hostile files: a message, never a crash ----------------------------------------------------------------


def _formula_workbook():
    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet(SHEET_USERS)
    sheet.append(USER_HEADERS)
    sheet.append(['=HYPERLINK("http://x")', "=1+1", "ก", "", "เจ้าหน้าที่ อบต.", "=A1", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HOSTILE = {
    "not a spreadsheet": b"%PDF-1.4 binary \x00\x01\x02 stuff",
    "empty": b"",
    "a damaged xlsx": b"PK\x03\x04" + b"\x00" * 200,
    "huge numbers": workbook(
        offices=[["อบต.", "ก", 1e308, 4601, 1e300]],
        villages=[[1e20, 10**30, "บ้าน", float("inf")]],
        users=[[1e200, "ก", "ข", "", "เจ้าหน้าที่ อบต.", 10**25, ""]],
    ),
    "formulas": _formula_workbook(),
    "only headers": workbook(offices=[], villages=[], users=[]),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_gives_messages_and_writes_nothing(kalasin, case):
    result = run(HOSTILE[case])
    assert result.errors and not result.written
    assert all(
        e["message"] and any("\u0e00" <= c <= "\u0e7f" for c in e["message"]) for e in result.errors
    ), result.errors
    assert stored() == (0, 0, 0, 0)


# --- the command --------------------------------------------------------------------------------------------


def test_the_command_checks_writes_and_says_unchanged_the_second_time(kalasin, tmp_path, capsys):
    path = tmp_path / "setup.xlsx"
    path.write_bytes(workbook())
    call_command("onboard", str(path), "--province", "46", "--dry-run")
    assert Office.objects.count() == 0
    call_command("onboard", str(path))
    out = capsys.readouterr().out
    assert "หมู่บ้าน: ใหม่ 5" in out and "tao_lampao" in out
    assert Office.objects.count() == 6
    call_command("onboard", str(path))
    out = capsys.readouterr().out
    assert "ไม่เปลี่ยน 5" in out and "ไม่มีอะไรต้องเปลี่ยน" in out


def test_the_command_prints_each_problem_and_fails(kalasin, tmp_path, capsys):
    path = tmp_path / "setup.xlsx"
    path.write_bytes(workbook(users=[*USERS, USERS[0]]))
    with pytest.raises(CommandError):
        call_command("onboard", str(path), "--province", "46")
    assert f"{SHEET_USERS} แถว 7 [ชื่อผู้ใช้]" in capsys.readouterr().err
    assert Office.objects.count() == 0


def test_the_command_takes_the_official_list_as_a_separate_file(kalasin, tmp_path):
    path, villages = tmp_path / "setup.xlsx", tmp_path / "villages.xlsx"
    path.write_bytes(workbook(villages=[]))
    villages.write_bytes(official_list())
    call_command("onboard", str(path), "--villages", str(villages))
    assert Village.objects.count() == 3


# --- the template -------------------------------------------------------------------------------------------


def test_the_template_has_instructions_drop_downs_and_what_is_stored(kalasin):
    run(workbook())
    data = onboard_template_xlsx(kalasin)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:3] == [SHEET_OFFICES, SHEET_VILLAGES, SHEET_USERS]
    assert book.active.title == "คำอธิบาย"
    assert [c.value for c in book[SHEET_OFFICES][1]] == OFFICE_HEADERS
    lists = {str(v.sqref).split(":")[0]: v for v in book[SHEET_OFFICES].data_validations.dataValidation}
    assert lists["A2"].type == "list" and lists["A2"].errorStyle == "stop"
    assert any(v.type == "list" for v in book[SHEET_USERS].data_validations.dataValidation)
    instructions = " ".join(str(c.value) for row in book["คำอธิบาย"].iter_rows() for c in row if c.value)
    assert "รหัสตำบลที่รับผิดชอบ" in instructions and "460101" in instructions
    assert book[SHEET_VILLAGES].max_row == 6  # what the system holds, so the file sent back changes nothing
    again = run(data)
    assert again.ok and again.changes == 0, again.errors


def test_a_filled_template_is_accepted(kalasin):
    book = load_workbook(io.BytesIO(onboard_template_xlsx(kalasin)))
    for name, rows in ((SHEET_OFFICES, OFFICES), (SHEET_VILLAGES, VILLAGES), (SHEET_USERS, USERS)):
        for row in rows:
            book[name].append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(buffer.getvalue())
    assert result.ok, result.errors
    assert result.counts["users"] == counts(5)


# --- the admin page -----------------------------------------------------------------------------------------


@pytest.fixture
def admin_user(kalasin):
    return UserFactory(username="root", role=Role.ADMIN)


def _upload(client, data, name="setup.xlsx", **extra):
    return client.post(
        reverse("admin:registry_office_onboard"),
        {"province": "46", "file": SimpleUploadedFile(name, data), **extra},
    )


def test_the_admin_page_previews_then_writes_on_confirmation(client, admin_user):
    client.force_login(admin_user)
    assert reverse("admin:registry_office_onboard") in client.get(reverse("admin:index")).content.decode()
    changelist = client.get(reverse("admin:registry_office_changelist")).content.decode()
    assert reverse("admin:registry_office_onboard") in changelist
    page = client.get(reverse("admin:registry_office_onboard"))
    assert page.status_code == 200
    template = client.get(reverse("admin:registry_office_onboard"), {"template": "46"})
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    response = _upload(client, workbook())
    run_ = Onboarding.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "admin:registry_office_onboard_preview", args=[run_.pk]
    )
    assert run_.status == ImportStatus.PREVIEWED
    preview = client.get(response.url).content.decode()
    assert 'data-testid="onboard-ok"' in preview
    assert Office.objects.count() == 0  # nothing before the confirmation
    confirmed = client.post(response.url)
    assert confirmed.status_code == 302
    run_.refresh_from_db()
    assert run_.status == ImportStatus.COMMITTED and not run_.upload
    assert Office.objects.count() == 6 and Village.objects.count() == 5
    assert AuditEntry.objects.filter(user=admin_user).count() == 16
    done = client.get(response.url).content.decode()
    assert 'id="new-users"' in done and "tao_lampao" in done
    assert [u["username"] for u in run_.new_users] == [row[0] for row in USERS]
    # The same file again: the page says nothing would change and offers no confirmation.
    again = client.get(_upload(client, workbook()).url).content.decode()
    assert 'data-testid="onboard-unchanged"' in again


def test_the_admin_page_lists_the_problems_and_writes_nothing(client, admin_user):
    client.force_login(admin_user)
    response = _upload(client, workbook(users=[*USERS, USERS[0]]))
    page = client.get(response.url).content.decode()
    assert 'data-testid="onboard-errors"' in page and "ชื่อผู้ใช้นี้มีอยู่แล้วในแถวที่ 2" in page
    assert Onboarding.objects.get().status == ImportStatus.REJECTED
    assert client.post(response.url).status_code == 302  # confirming a rejected file writes nothing
    assert Office.objects.count() == 0


@pytest.mark.parametrize("case", HOSTILE)
def test_the_admin_page_answers_a_hostile_file_with_messages(client, admin_user, case):
    client.force_login(admin_user)
    response = _upload(client, HOSTILE[case], name="x.xlsx")
    if response.status_code == 200:  # refused by the form (an empty upload)
        assert "errorlist" in response.content.decode()
    else:
        page = client.get(response.url)
        assert page.status_code == 200 and 'data-testid="onboard-errors"' in page.content.decode()
    assert Office.objects.count() == 0


def test_only_an_administrator_reaches_the_page(client, kalasin):
    urls = [
        reverse("admin:registry_office_onboard"),
        reverse("admin:registry_office_onboard_preview", args=[1]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and reverse("admin:login") in response.url
    client.force_login(UserFactory(username="tao", office=tao_office("460105")))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and reverse("admin:login") in response.url
    response = client.post(urls[0], {"province": "46", "file": SimpleUploadedFile("s.xlsx", workbook())})
    assert response.status_code == 302 and Onboarding.objects.count() == 0
    assert reverse("admin:registry_office_onboard") not in client.get(reverse("home")).content.decode()


def test_the_check_takes_a_fixed_number_of_queries_whatever_the_size_of_the_file(kalasin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.benchmarks.onboard_data import province_workbook

    def queries(data):
        with CaptureQueriesContext(connection) as captured:
            assert run(data, commit=False).ok
        return len(captured)

    # One bulk lookup per kind of record (one more for sub-districts a later sheet names, one for the stored
    # offices' sub-districts).
    small, large = workbook(), province_workbook("46", local_offices=100, villages=600, users=200)
    assert queries(small) <= 9 and queries(large) <= 9
    run(large)  # stored now: the lookups find every record
    assert queries(large) <= 9


def test_the_sample_workbook_generator_runs_as_its_docstring_says(tmp_path):
    """`.venv/bin/python tests/benchmarks/onboard_data.py 46 FILE` from the checkout (docs/onboarding.md), not
    only as a module: a deployer trying the set-up page makes a province-sized workbook with it."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    path = tmp_path / "kalasin-setup.xlsx"
    done = subprocess.run(
        [sys.executable, "tests/benchmarks/onboard_data.py", "46", str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    sheets = load_workbook(path)
    assert [(name, sheets[name].max_row - 1) for name in (SHEET_OFFICES, SHEET_VILLAGES, SHEET_USERS)] == [
        (SHEET_OFFICES, 169),
        (SHEET_VILLAGES, 1500),
        (SHEET_USERS, 500),
    ]
