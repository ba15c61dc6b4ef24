"""Browser entry through the shared machinery: forms, change log, filters, sorting, query counts."""

import datetime

import pytest
from django.urls import reverse

from registry.models import AuditEntry, Household, Person, RawMaterial, TargetHousehold
from tests.registers.helpers import make_person, national_id

pytestmark = pytest.mark.django_db


def person_form(village, n=7, **changes):
    data = {
        "title": "mr",
        "first_name": "ประยูร",
        "last_name": "แก้วมณี",
        "national_id": national_id(n, 1),
        "sex": "m",
        "birth_date": "01/02/2520",
        "phone": "0899999999",
        "village": village.pk,
        "house_number": "12",
    }
    data.update(changes)
    return data


def test_create_person_with_a_buddhist_era_date_and_log_it(client, world, villages):
    client.force_login(world.tao_a)
    response = client.post(reverse("registry:person_create"), person_form(villages["a1"]), follow=True)
    person = Person.objects.get()
    assert person.birth_date == datetime.date(1977, 2, 1) and person.province_id == "46"
    assert "บันทึกแล้ว" in response.content.decode()
    assert AuditEntry.objects.for_object(person).get().user == world.tao_a


def test_bad_person_input_gets_thai_messages_and_saves_nothing(client, world, villages):
    client.force_login(world.tao_a)
    bad_id = national_id(7, 1)[:12] + str((int(national_id(7, 1)[12]) + 1) % 10)
    page = client.post(
        reverse("registry:person_create"),
        person_form(villages["a1"], national_id=bad_id, birth_date="15/01/69"),
    ).content.decode()
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in page and "4 หลัก" in page
    assert bad_id not in page.split("<form")[0]  # the number is not echoed outside its own input
    outside = client.post(reverse("registry:person_create"), person_form(villages["b"])).content.decode()
    assert "เลือกตัวเลือกที่ถูกต้อง" in outside
    assert not Person.objects.exists()


def test_duplicate_national_id_is_refused(client, world, villages):
    make_person(villages["a1"], 7)
    client.force_login(world.tao_a)
    page = client.post(reverse("registry:person_create"), person_form(villages["a1"])).content.decode()
    assert "เลขประจำตัวประชาชนนี้มีในทะเบียนแล้ว" in page
    assert Person.objects.count() == 1


def test_edit_records_what_changed(client, world, villages, records):
    person = records["a"]["person"]
    client.force_login(world.tao_a)
    data = person_form(
        villages["a2"], first_name="มาลัย", last_name=person.last_name, house_number=person.house_number
    )
    del data["national_id"]
    client.post(reverse("registry:person_update", args=[person.pk]), data)
    entry = AuditEntry.objects.for_object(person).get(action="update")
    assert entry.changes["first_name"] == ["มาลี", "มาลัย"]
    assert entry.changes["village"][1].startswith("หมู่ที่ 2")
    page = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert "ประวัติการแก้ไข" in page and "มาลัย" in page and "ชื่อ" in page
    person.refresh_from_db()
    assert person.village == villages["a2"] and person.national_id == records["a"]["person"].national_id


def test_delete_is_logged(client, world, records):
    material = records["a"]["material"]
    client.force_login(world.tao_a)
    client.post(reverse("registry:rawmaterial_delete", args=[material.pk]))
    assert not RawMaterial.objects.filter(pk=material.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(material.pk)).exists()


def test_person_referred_to_cannot_be_deleted(client, world, records):
    client.force_login(world.tao_a)
    response = client.post(reverse("registry:person_delete", args=[records["a"]["person"].pk]), follow=True)
    assert "ลบข้อมูลนี้ไม่ได้" in response.content.decode()
    assert Person.objects.filter(pk=records["a"]["person"].pk).exists()


def test_raw_material_months_and_filter(client, world, records):
    client.force_login(world.tao_a)
    village = records["a"]["material"].village
    client.post(
        reverse("registry:rawmaterial_create"),
        {
            "village": village.pk,
            "name": "ฟางข้าว",
            "category": "waste",
            "quantity": "2,000",
            "unit": "มัด",
            "months_available": ["11", "12"],
            "source": "นาของนายบุญมี",
            "price_per_unit": "15",
        },
    )
    straw = RawMaterial.objects.get(name="ฟางข้าว")
    assert straw.month_list == [11, 12] and straw.months_display == "พ.ย. ธ.ค."
    december = (
        client.get(reverse("registry:rawmaterial_list"), {"month": "12"}).context["table"].paginator.count
    )
    assert december == 1
    assert (
        client.get(reverse("registry:rawmaterial_list"), {"month": "1"}).context["table"].paginator.count == 1
    )


def test_household_income_per_person_and_jpt_flag(client, world, records):
    from decimal import Decimal

    from registry.models import JptThreshold

    JptThreshold.objects.create(year=2568, income_per_person=Decimal("38000"))
    household = Household.objects.with_income().get(pk=records["a"]["household"].pk)
    assert household.income_per_person == Decimal("24000") and household.jpt_low_income
    client.force_login(world.tao_a)
    low = (
        client.get(reverse("registry:household_list"), {"jpt_low_income": "1"})
        .context["table"]
        .paginator.count
    )
    assert low == 1
    page = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    assert "24,000" in page and "ต่ำกว่าเกณฑ์" in page


def test_target_household_warning_beyond_20(client, world, villages):
    from registry.models import Household

    village = villages["a1"]
    for n in range(21):
        household = Household.objects.create(village=village, house_number=f"{n + 1}")
        if n < 20:
            TargetHousehold.objects.create(
                household=household,
                village=village,
                fiscal_year=2569,
                criterion="interested",
                forum_date=datetime.date(2025, 11, 15),
            )
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:target_create"),
        {"household": household.pk, "fiscal_year": "2569", "criterion": "tpmap", "forum_date": "15/11/2568"},
        follow=True,
    )
    assert "21 ครัวเรือน" in response.content.decode() and "หมู่บ้านละ 20" in response.content.decode()
    assert TargetHousehold.objects.count() == 21
    again = client.post(
        reverse("registry:target_create"),
        {"household": household.pk, "fiscal_year": "2569", "criterion": "tpmap", "forum_date": "15/11/2568"},
    )
    assert "ครัวเรือนเป้าหมายของปีงบประมาณนี้แล้ว" in again.content.decode()


def test_list_sorting_and_per_page(client, world, villages):
    for n, name in enumerate(["ขวัญใจ", "กมล", "จันทร์"], start=1):
        make_person(villages["a1"], n, first_name=name)
    client.force_login(world.tao_a)
    rows = client.get(reverse("registry:person_list"), {"sort": "name"}).context["table"].rows
    assert [obj.first_name for obj, _ in rows] == ["กมล", "ขวัญใจ", "จันทร์"]
    rows = client.get(reverse("registry:person_list"), {"sort": "-name"}).context["table"].rows
    assert [obj.first_name for obj, _ in rows] == ["จันทร์", "ขวัญใจ", "กมล"]
    newest_first = client.get(reverse("registry:person_list")).context["table"].rows
    assert [obj.first_name for obj, _ in newest_first] == ["จันทร์", "กมล", "ขวัญใจ"]  # newest first by default


@pytest.mark.parametrize(
    "name", ["person", "household", "occupation", "wanted", "rawmaterial", "expert", "target"]
)
def test_list_query_count_does_not_grow_with_page_size(
    client, world, villages, catalogue, name, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.models import Expert, PersonOccupation, WantedOccupation
    from tests.registers.conftest import records as _unused  # noqa: F401

    for n in range(1, 120):
        person = make_person(villages[f"a{n % 3 + 1}"], n)
        household = Household.objects.create(village=person.village, house_number=str(n), head=person)
        PersonOccupation.objects.create(person=person, occupation=catalogue["ทำนา"], kind="main")
        WantedOccupation.objects.create(person=person, occupation=catalogue["ทำน้ำพริก"])
        RawMaterial.objects.create(village=person.village, name=f"วัตถุดิบ{n}", category="crop")
        expert = Expert.objects.create(person=person)
        expert.expertise.set([catalogue["ทอผ้าไหม"]])
        TargetHousehold.objects.create(
            household=household,
            village=person.village,
            fiscal_year=2569,
            criterion="interested",
            forum_date=datetime.date(2025, 11, 15),
        )
    client.force_login(world.tao_a)
    counts = []
    for per_page in (25, 100):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(f"registry:{name}_list"), {"per_page": per_page})
        assert len(response.context["table"].rows) == per_page
        counts.append(len(ctx))
    assert counts[0] == counts[1] <= 10, counts


def test_change_log_is_shown_to_the_office_and_admins_only(client, world, records):
    url = reverse("registry:person_detail", args=[records["a"]["person"].pk])
    for user, shown in (
        (world.tao_a, True),
        (world.admin, True),
        (world.province_a, False),
        (world.district_a, False),
    ):
        client.force_login(user)
        assert ("ประวัติการแก้ไข" in client.get(url).content.decode()) is shown, user


def test_home_page_counts_the_registers_in_scope(client, world, records):
    client.force_login(world.tao_a)
    counts = {label: n for label, _, n in client.get(reverse("home")).context["summary"]["registers"]}
    assert counts["บุคคล"] == 1 and counts["ครัวเรือนเป้าหมาย"] == 1 and counts["ปราชญ์ชาวบ้าน"] == 1
    client.force_login(world.admin)
    counts = {label: n for label, _, n in client.get(reverse("home")).context["summary"]["registers"]}
    assert counts["บุคคล"] == 2
