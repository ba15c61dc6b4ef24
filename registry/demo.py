"""Demo data for the registry: Kalasin province, two districts, three TAOs, villages, one user per role.

Run through `manage.py seed_demo`, which calls `seed()` of every app that has a `demo` module, in
INSTALLED_APPS order. Everything is keyed by codes and usernames, so running it again keeps the data.
"""

from dataclasses import dataclass

from django.db import transaction

from registry.catalogue import ensure_catalogue
from registry.demo_registers import seed_registers
from registry.models import Occupation, Office, OfficeKind, Province, SubDistrict, User, Village
from registry.scoping import Role

DEMO_PASSWORD = "kalasin2569"

OFFICES = [
    # code, name, kind, district, sub-districts covered
    ("6460105", "องค์การบริหารส่วนตำบลลำปาว", OfficeKind.TAO, "4601", ["460105"]),
    ("6460119", "องค์การบริหารส่วนตำบลโพนทอง", OfficeKind.TAO, "4601", ["460119"]),
    ("6460702", "องค์การบริหารส่วนตำบลหัวงัว", OfficeKind.TAO, "4607", ["460702", "460704"]),
    ("CD4601", "สำนักงานพัฒนาชุมชนอำเภอเมืองกาฬสินธุ์", OfficeKind.DISTRICT_CD, "4601", []),
    ("CD4607", "สำนักงานพัฒนาชุมชนอำเภอยางตลาด", OfficeKind.DISTRICT_CD, "4607", []),
    ("CD46", "สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์", OfficeKind.PROVINCE_CD, None, []),
]

SIGNERS = {
    "6460105": ("นายทองคำ ศรีบุญเรือง", "นายกองค์การบริหารส่วนตำบลลำปาว"),
    "6460119": ("นางสมพร ภูมิสะอาด", "นายกองค์การบริหารส่วนตำบลโพนทอง"),
    "6460702": ("นายประเสริฐ พลศรี", "นายกองค์การบริหารส่วนตำบลหัวงัว"),
}

VILLAGES = {
    "460105": [
        "บ้านดอนสวรรค์",
        "บ้านลำปาว",
        "บ้านโคกสี",
        "บ้านหนองแวง",
        "บ้านนาโก",
        "บ้านท่าเรือ",
        "บ้านดงเมือง",
        "บ้านโนนค้อ",
        "บ้านหัวหนอง",
        "บ้านสงเปลือย",
    ],
    "460119": [
        "บ้านโพนทอง",
        "บ้านหนองบัว",
        "บ้านโนนศิลา",
        "บ้านดอนยานาง",
        "บ้านคำไฮ",
        "บ้านนาคู",
        "บ้านโคกกลาง",
        "บ้านหนองเม็ก",
    ],
    "460702": ["บ้านหัวงัว", "บ้านโนนสวาง", "บ้านหนองแสง", "บ้านคำเหมือดแป้น", "บ้านโคกศรี", "บ้านนาสีนวน"],
    "460704": ["บ้านบัวบาน", "บ้านหนองสอ", "บ้านดอนแคน", "บ้านเหล่าใหญ่", "บ้านโนนเมือง"],
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    office_code: str | None
    position: str


USERS = [
    DemoUser("tao_lampao", "สุดารัตน์", "ศรีบุญเรือง", Role.TAO_STAFF, "6460105", "นักพัฒนาชุมชนปฏิบัติการ"),
    DemoUser("tao_phonthong", "ประภาพร", "ภูมิสะอาด", Role.TAO_STAFF, "6460119", "นักพัฒนาชุมชนชำนาญการ"),
    DemoUser("tao_huangua", "อนุชา", "พลศรี", Role.TAO_STAFF, "6460702", "เจ้าพนักงานธุรการ"),
    # The funding office's other duties: its finance officer pays, its executive approves.
    DemoUser("fin_lampao", "จินตนา", "พรหมวงศ์", Role.FINANCE, "6460105", "นักวิชาการเงินและบัญชีปฏิบัติการ"),
    DemoUser("exec_lampao", "ประเสริฐ", "วงศ์ภักดี", Role.EXECUTIVE, "6460105", "ปลัดองค์การบริหารส่วนตำบล"),
    DemoUser("cd_mueang", "สมชาย", "ไชยคำ", Role.DISTRICT_OFFICER, "CD4601", "นักวิชาการพัฒนาชุมชนชำนาญการ"),
    DemoUser("cd_yangtalat", "กนกพร", "ศรีวงศ์", Role.DISTRICT_OFFICER, "CD4607", "นักวิชาการพัฒนาชุมชนปฏิบัติการ"),
    DemoUser(
        "pcd_kalasin", "วิไลวรรณ", "นามบุตร", Role.PROVINCE_OFFICER, "CD46", "นักวิชาการพัฒนาชุมชนชำนาญการพิเศษ"
    ),
    DemoUser("admin", "ธนพล", "แสนโสม", Role.ADMIN, None, "ผู้ดูแลระบบ"),
]


@transaction.atomic
def seed(log=print):
    ensure_catalogue(Occupation)
    kalasin = Province.objects.get(code="46")
    offices = {}
    for code, name, kind, district, subs in OFFICES:
        signer = SIGNERS.get(code, ("", ""))
        office, _ = Office.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "province": kalasin,
                "district_id": district,
                "signer_name": signer[0],
                "signer_position": signer[1],
            },
        )
        office.sub_districts.set(subs)
        offices[code] = office
    created = 0
    for sub_code, names in VILLAGES.items():
        sub = SubDistrict.objects.get(code=sub_code)
        for number, name in enumerate(names, start=1):
            _, was_created = Village.objects.update_or_create(
                sub_district=sub, number=number, defaults={"name": name}
            )
            created += was_created
    for spec in USERS:
        user, _ = User.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name, user.role = spec.first_name, spec.last_name, spec.role
        user.office = offices.get(spec.office_code)
        user.position, user.is_active = spec.position, True
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    seed_registers(log=log)
    log(
        f"registry: {len(offices)} offices, {Village.objects.filter(province=kalasin).count()} villages "
        f"({created} new), {len(USERS)} demo users"
    )


def logins():
    """(username, password, description) for the README and the command's output."""
    return [
        (u.username, DEMO_PASSWORD, f"{Role(u.role).label} — {u.first_name} {u.last_name}") for u in USERS
    ]
