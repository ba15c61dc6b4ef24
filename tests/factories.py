"""Factories and builders with realistic Thai data."""

import itertools

import factory

from registry.models import Office, OfficeKind, User, Village
from registry.scoping import Role
from tests import areas

PASSWORD = "correct-horse-2569"
THAI_FIRST_NAMES = ["สมศักดิ์", "มาลี", "บุญมี", "จันทร์เพ็ญ", "ประเสริฐ", "สุภาพร", "ทองใบ", "อรุณี", "วิชัย", "นงลักษณ์"]
THAI_LAST_NAMES = ["ศรีสุข", "บุญเรือง", "แก้วมณี", "พรหมมา", "ทองดี", "สายสุด", "จันทร์หอม", "ภูผา", "ใจดี", "คำแสน"]
VILLAGE_NAMES = [
    "บ้านโนนสะอาด",
    "บ้านหนองบัว",
    "บ้านดอนแดง",
    "บ้านโคกสูง",
    "บ้านนาดี",
    "บ้านท่าช้าง",
    "บ้านหัวนา",
    "บ้านสร้างแก้ว",
    "บ้านคำใหญ่",
    "บ้านเหล่างาม",
]
_office_codes = itertools.count(1)


def tao_office(*sub_district_codes: str, kind=OfficeKind.TAO) -> Office:
    """A TAO (or municipality) covering the given sub-districts, in the first one's district."""
    first = areas.sub_district(sub_district_codes[0])
    office = Office.objects.create(
        code=f"T{next(_office_codes):06d}",
        name=f"องค์การบริหารส่วนตำบล{first.name_th}",
        kind=kind,
        province=first.province,
        district=first.district,
    )
    office.sub_districts.set([areas.sub_district(c) for c in sub_district_codes])
    return office


def district_office(district_code: str) -> Office:
    d = areas.district(district_code)
    return Office.objects.create(
        code=f"D{next(_office_codes):06d}",
        name=f"สำนักงานพัฒนาชุมชนอำเภอ{d.name_th}",
        kind=OfficeKind.DISTRICT_CD,
        province=d.province,
        district=d,
    )


def province_office(province_code: str) -> Office:
    p = areas.province(province_code)
    return Office.objects.create(
        code=f"P{next(_office_codes):06d}",
        name=f"สำนักงานพัฒนาชุมชนจังหวัด{p.name_th}",
        kind=OfficeKind.PROVINCE_CD,
        province=p,
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Iterator(THAI_FIRST_NAMES)
    last_name = factory.Iterator(THAI_LAST_NAMES)
    role = Role.TAO_STAFF
    office = None

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save()


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    sub_district = factory.LazyFunction(lambda: areas.sub_district("460105"))
    number = factory.Sequence(lambda n: n % 99 + 1)
    name = factory.Iterator(VILLAGE_NAMES)
