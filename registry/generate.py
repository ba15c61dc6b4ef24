"""National-scale register data: offices and their users, villages, households, people and village
experts, written by `manage.py generate_national` through kit.bulkload (no save(), so every derived column,
such as a record's area columns, is set here as save() would set it).

Generated national IDs start with 5 and a serial range of their own (never a real person's number range);
generated users have no usable password (the benchmark logs them in without one).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from registry.models import Expert, Household, Office, Person, Village
from registry.models.offices import OfficeKind, User
from registry.models.people import Sex, Title
from registry.scoping import Role

VILLAGES = 75_000
PEOPLE = 1_000_000
ID_FIRST_DIGIT = 5
ID_BASE = 900_000_000
EXPERT_SHARE = 0.03
SEXES = (Sex.MALE, Sex.FEMALE)
WOMEN_TITLES = (Title.MRS, Title.MISS)
FIRST = ["สมชาย", "สมหญิง", "บุญมี", "มาลี", "ประยูร", "จันทร์เพ็ญ", "วิชัย", "สุภาพร", "ทองใบ", "อรุณี", "สมพร", "กาญจนา"]
LAST = ["ศรีสุข", "บุญเรือง", "แก้วมณี", "พรหมมา", "ทองดี", "สายสุด", "จันทร์หอม", "ภูผา", "ใจดี", "คำแสน", "พลศรี"]


def national_id(n: int) -> str:
    first12 = f"{ID_FIRST_DIGIT}{ID_BASE + n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


@dataclass
class VillageRow:
    id: int
    sub_district: str
    district: str
    province: str


@dataclass
class Register:
    """What the other apps' generators need from the register: ids, by area."""

    villages: list = field(default_factory=list)  # [VillageRow]
    people_by_sub: dict = field(
        default_factory=lambda: defaultdict(list)
    )  # sub-district → [(person, household)]
    experts_by_sub: dict = field(default_factory=lambda: defaultdict(list))  # sub-district → [expert id]
    tao: dict = field(default_factory=dict)  # sub-district → TAO office id
    district_office: dict = field(default_factory=dict)  # district → district CD office id
    province_office: dict = field(default_factory=dict)  # province → provincial CD office id
    user_of_office: dict = field(default_factory=dict)  # office id → its user's id
    province_officer: dict = field(default_factory=dict)  # province → user id
    district_officer: dict = field(default_factory=dict)  # district → user id
    admin: int | None = None


def offices_and_users(writer, register: Register, subs, districts, provinces):
    """A provincial CD office per province, a district CD office per district, a TAO per sub-district used
    (covering it); one user each (provincial officer, district officer, TAO staff) and one administrator."""
    password = make_password(None)
    office_rows, user_rows, covers = [], [], []
    wanted = (
        [(OfficeKind.PROVINCE_CD, code, None, None, Role.PROVINCE_OFFICER) for code in provinces]
        + [
            (OfficeKind.DISTRICT_CD, province, code, None, Role.DISTRICT_OFFICER)
            for code, province in districts
        ]
        + [(OfficeKind.TAO, province, district, sub, Role.TAO_STAFF) for sub, district, province in subs]
    )
    office_ids = writer.ids(Office, len(wanted))
    user_ids = writer.ids(User, len(wanted) + 1)
    for (kind, province, district, sub, role), office_id, user_id in zip(
        wanted, office_ids, user_ids, strict=False
    ):
        code = sub or district or province
        office_rows.append(
            (office_id, f"GEN-{kind}-{code}", f"สำนักงาน {kind} {code}", kind, province, district)
        )
        user_rows.append(
            (user_id, password, f"gen_{kind}_{code}", "ผู้ใช้", code, role, office_id, False, False)
        )
        register.user_of_office[office_id] = user_id
        if kind == OfficeKind.PROVINCE_CD:
            register.province_office[province], register.province_officer[province] = office_id, user_id
        elif kind == OfficeKind.DISTRICT_CD:
            register.district_office[district], register.district_officer[district] = office_id, user_id
        else:
            register.tao[sub] = office_id
            covers.append((office_id, sub))
    register.admin = user_ids[-1]
    user_rows.append((register.admin, password, "gen_admin", "ผู้ดูแล", "ระบบ", Role.ADMIN, None, True, True))
    writer.write(Office, ["id", "code", "name", "kind", "province", "district"], office_rows)
    writer.write(Office.sub_districts.through, ["office", "subdistrict"], covers)
    writer.write(
        User,
        [
            "id",
            "password",
            "username",
            "first_name",
            "last_name",
            "role",
            "office",
            "is_staff",
            "is_superuser",
        ],
        user_rows,
    )


def villages(writer, register: Register, rnd, subs, total: int):
    """About ten villages per sub-district, as in the country (75,000 over some 7,400): a smaller scale takes
    fewer sub-districts; rounds over them in a shuffled order until the total is reached, skipping some in
    some rounds so that the count per sub-district varies (1 to 99)."""
    order = rnd.sample(subs, min(len(subs), max(1, total // 10)))
    picked, per_sub = [], {}
    while len(picked) < total:
        for code, district, province in order:
            number = per_sub.get(code, 0) + 1
            if number > 99 or len(picked) >= total or (number > 1 and rnd.random() < 0.3):
                continue
            per_sub[code] = number
            picked.append((code, district, province, number))
    rows = []
    for village_id, (code, district, province, number) in zip(
        writer.ids(Village, len(picked)), picked, strict=True
    ):
        rows.append(
            (
                village_id,
                code,
                number,
                f"บ้าน{rnd.choice(LAST)}",
                Village.make_code(code, number),
                district,
                province,
            )
        )
        register.villages.append(VillageRow(village_id, code, district, province))
    writer.write(Village, ["id", "sub_district", "number", "name", "code", "district", "province"], rows)
    return sorted(per_sub)


PERSON_FIELDS = [
    "id",
    "village",
    "sub_district",
    "district",
    "province",
    "household",
    "title",
    "first_name",
    "last_name",
    "national_id",
    "sex",
    "birth_date",
    "house_number",
]


def people(writer, register: Register, rnd, total: int, today: datetime.date):
    """Households of 1 to 6 in random villages, their members with valid national IDs and past birth dates, in
    the household's village; 3 % of them village experts."""
    villages_ = register.villages
    households, sizes = [], []
    n = 0
    while n < total:
        village = villages_[rnd.randrange(len(villages_))]
        size = min(rnd.choice([1, 2, 3, 3, 4, 4, 5, 6]), total - n)
        households.append(village)
        sizes.append(size)
        n += size
    household_ids = writer.ids(Household, len(households))
    writer.write(
        Household,
        [
            "id",
            "village",
            "sub_district",
            "district",
            "province",
            "house_number",
            "member_count",
            "yearly_income",
        ],
        (
            (
                hid,
                v.id,
                v.sub_district,
                v.district,
                v.province,
                str(i + 1),
                size,
                rnd.randrange(20_000, 400_000, 500),
            )
            for i, (hid, v, size) in enumerate(zip(household_ids, households, sizes, strict=True))
        ),
    )
    person_ids = iter(writer.ids(Person, total))
    rows, experts = [], []
    serial = 0
    for i, (hid, village, size) in enumerate(zip(household_ids, households, sizes, strict=True)):
        for _ in range(size):
            pid = next(person_ids)
            sex = rnd.choice(SEXES)
            title = Title.MR if sex == Sex.MALE else rnd.choice(WOMEN_TITLES)
            rows.append(
                (
                    pid,
                    village.id,
                    village.sub_district,
                    village.district,
                    village.province,
                    hid,
                    title,
                    rnd.choice(FIRST),
                    rnd.choice(LAST),
                    national_id(serial),
                    sex,
                    today - datetime.timedelta(days=rnd.randrange(18 * 365, 80 * 365)),
                    str(i + 1),
                )
            )
            serial += 1
            register.people_by_sub[village.sub_district].append((pid, hid))
            if rnd.random() < EXPERT_SHARE:
                experts.append((pid, village.sub_district))
        if len(rows) >= 100_000 or i == len(households) - 1:
            writer.write(Person, PERSON_FIELDS, rows)
            rows = []
    expert_ids = writer.ids(Expert, len(experts))
    writer.write(
        Expert,
        ["id", "person", "years_experience", "instructor_course_passed"],
        ((eid, pid, rnd.randrange(0, 40), False) for eid, (pid, _) in zip(expert_ids, experts, strict=True)),
    )
    for eid, (_, sub) in zip(expert_ids, experts, strict=True):
        register.experts_by_sub[sub].append(eid)
    return len(households), len(experts)
