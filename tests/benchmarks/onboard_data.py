"""A province-sized set-up workbook: 169 offices (the provincial office, a district office per district and
150 local offices), 1,500 villages and 500 users, built from the official area list of the geothai package
(the same data `load_areas` loads), for the benchmark (bench_onboard.py) and by hand:

    .venv/bin/python tests/benchmarks/onboard_data.py 46 /tmp/kalasin-setup.xlsx
"""

import io
import random
import sys
from pathlib import Path

import geothai
from openpyxl import Workbook

if __name__ == "__main__":  # run as a file, as above: the checkout's root holds the `tests` package
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.data import FIRST, LAST  # noqa: E402

OFFICE_HEADERS = ["ประเภท", "ชื่อสำนักงาน", "รหัสสำนักงาน", "อำเภอ", "รหัสตำบลที่รับผิดชอบ"]
VILLAGE_HEADERS = ["รหัสหมู่บ้าน", "หมู่ที่", "ชื่อหมู่บ้าน", "รหัสตำบล"]
USER_HEADERS = ["ชื่อผู้ใช้", "ชื่อ", "นามสกุล", "ตำแหน่ง", "บทบาท", "รหัสสำนักงาน", "อีเมล"]
PLACES = ["โนน", "หนอง", "ดอน", "โคก", "นา", "คำ", "ห้วย", "ท่า", "สระ", "บึง"]
TAILS = ["ใหญ่", "น้อย", "แดง", "ทอง", "สว่าง", "งาม", "เหนือ", "ใต้", "กลาง", "ใหม่", "ศรี", "แก้ว"]


def _person(username):
    rnd = random.Random(username)
    return rnd.choice(FIRST), rnd.choice(LAST)


def province_rows(province: str, *, local_offices=150, villages=1500, users=500):
    """(offices, villages, users): the rows of the three sheets. Each row's names depend on its own key only,
    so a larger file holds the smaller one's rows unchanged."""
    province_name = geothai.province(province).name_th
    districts = geothai.districts(province)
    subs = [(d, s) for d in districts for s in geothai.subdistricts(d.code)]
    offices = [["สำนักงานพัฒนาชุมชนจังหวัด", f"สำนักงานพัฒนาชุมชนจังหวัด{province_name}", "", "", ""]]
    offices += [
        ["สำนักงานพัฒนาชุมชนอำเภอ", f"สำนักงานพัฒนาชุมชนอำเภอ{d.name_th}", "", f"{d.code} {d.name_th}", ""]
        for d in districts
    ]
    # A TAO per sub-district; then municipalities (the district towns first), each covering a sub-district
    # that a TAO covers too, as a town's municipality does.
    local = [("อบต.", f"องค์การบริหารส่วนตำบล{s.name_th}", f"6{s.code}", d, [s.code]) for d, s in subs]
    for d, s in subs[: max(0, local_offices - len(local))]:
        local.append(("เทศบาล", f"เทศบาลตำบล{s.name_th}", f"5{s.code}", d, [s.code]))
    local = local[:local_offices]
    offices += [[kind, name, code, d.code, ", ".join(covers)] for kind, name, code, d, covers in local]

    village_rows, numbers = [], {}
    while len(village_rows) < villages:
        for _d, s in subs:
            if len(village_rows) >= villages:
                break
            number = numbers[s.code] = numbers.get(s.code, 0) + 1
            rnd = random.Random(f"{s.code}{number}")
            name = f"บ้าน{rnd.choice(PLACES)}{rnd.choice(TAILS)}"
            village_rows.append([f"{s.code}{number:02d}", number, name, s.code])

    user_rows = [
        [
            "pcd_1",
            *_person("pcd_1"),
            "นักวิชาการพัฒนาชุมชนชำนาญการ",
            "เจ้าหน้าที่สำนักงานพัฒนาชุมชนจังหวัด",
            "CD" + province,
            "",
        ]
    ]
    user_rows += [
        [
            f"cd_{d.code}_{i}",
            *_person(f"cd_{d.code}_{i}"),
            "นักวิชาการพัฒนาชุมชน",
            "พัฒนากร",
            f"CD{d.code}",
            "",
        ]
        for d in districts
        for i in (1, 2)
    ]
    roles = ["เจ้าหน้าที่ อบต.", "เจ้าหน้าที่การเงิน", "ผู้บริหาร"]
    index = 0
    while len(user_rows) < users:
        _kind, _name, code, _d, _covers = local[index % len(local)]
        round_ = index // len(local)
        user_rows.append(
            [
                f"u{code}_{round_ + 1}",
                *_person(f"u{code}_{round_ + 1}"),
                "เจ้าพนักงานธุรการ",
                roles[round_ % len(roles)],
                code,
                f"u{code}_{round_ + 1}@example.org",
            ]
        )
        index += 1
    return offices, village_rows, user_rows


def province_workbook(province: str, **sizes) -> bytes:
    offices, villages, users = province_rows(province, **sizes)
    workbook = Workbook(write_only=True)
    for name, headers, rows in (
        ("สำนักงาน", OFFICE_HEADERS, offices),
        ("หมู่บ้าน", VILLAGE_HEADERS, villages),
        ("ผู้ใช้", USER_HEADERS, users),
    ):
        sheet = workbook.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    code, path = sys.argv[1], sys.argv[2]
    with open(path, "wb") as handle:
        handle.write(province_workbook(code))
    print(f"{path}: offices, villages and users of province {code}")
