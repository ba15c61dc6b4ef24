"""A person registered by another office moves to where they now live."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from registry.models import AuditEntry, Household, Person, PersonOccupation
from registry.services.people import person_move
from tests.registers.helpers import make_person, national_id
from tests.registers.test_register_views import person_form
from tests.scoping import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(world, villages, catalogue):
    """A person of the neighbouring TAO (office_a2), head of a household there, with an occupation."""
    person = make_person(villages["neighbour"], 7, first_name="บุญมา", last_name="คำดี", phone="0891112222")
    household = Household.objects.create(village=villages["neighbour"], house_number="7", head=person)
    person.household = household
    person.save()
    PersonOccupation.objects.create(person=person, occupation=catalogue["ทำนา"], kind="main")
    return person


def test_adding_a_person_held_by_another_office_names_the_office_and_nothing_else(
    client, world, villages, elsewhere
):
    client.force_login(world.tao_a)
    page = client.post(reverse("registry:person_create"), person_form(villages["a1"], n=7)).content.decode()
    assert world.office_a2.name in page and 'data-testid="move-offer"' in page
    for detail in ("บุญมา", "คำดี", "0891112222", villages["neighbour"].name):
        assert detail not in page, f"{detail} of the other office's record must not show"
    assert Person.objects.count() == 1


def test_the_offer_leads_to_the_move_form_with_what_was_typed(client, world, villages, elsewhere):
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:person_move"),
        {
            "prefill": "1",
            "national_id": elsewhere.national_id,
            "village": villages["a2"].pk,
            "house_number": "12",
        },
    )
    page = response.content.decode()
    assert (
        response.status_code == 200 and 'data-testid="move-holders"' in page and world.office_a2.name in page
    )
    assert "บุญมา" not in page and 'value="12"' in page
    assert Person.objects.get().village == villages["neighbour"], "a prefill moves nothing"


def test_moving_brings_the_record_and_both_offices_see_it(client, world, villages, elsewhere):
    client.force_login(world.tao_a)
    data = {
        "national_id": elsewhere.national_id,
        "village": villages["a2"].pk,
        "house_number": "12",
        "reason": "ย้ายมาอยู่กับลูกสาว",
        "confirm": "on",
    }
    response = client.post(reverse("registry:person_move"), data)
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert (person.village, person.house_number, person.sub_district_id) == (villages["a2"], "12", "460105")
    assert person.household is None
    assert client.get(person.get_absolute_url()).status_code == 200
    assert client.get(reverse("registry:occupation_list")).context["table"].paginator.count == 1

    entry = AuditEntry.objects.for_object(person).get()
    assert entry.user == world.tao_a and entry.changes["office"] == [
        world.office_a2.name,
        world.office_a.name,
    ]
    assert entry.changes["move_reason"][1] == "ย้ายมาอยู่กับลูกสาว"
    household = Household.objects.get()
    assert household.head is None and AuditEntry.objects.for_object(household).exists()
    detail = client.get(person.get_absolute_url()).content.decode()
    assert "เหตุผลที่ย้าย" in detail and "ย้ายมาอยู่กับลูกสาว" in detail

    for user in (world.tao_a, world.tao_a2):
        client.force_login(user)
        moves = client.get(reverse("registry:person_moves")).content.decode()
        assert moves.count('data-testid="move"') == 1 and "ย้ายมาอยู่กับลูกสาว" in moves
        assert world.office_a2.name in moves and world.office_a.name in moves
        assert elsewhere.national_id not in moves and person.masked_national_id in moves
    client.force_login(world.tao_a2)
    assert client.get(person.get_absolute_url()).status_code == 404
    client.force_login(world.tao_b)
    assert 'data-testid="move"' not in client.get(reverse("registry:person_moves")).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "โปรดระบุเหตุผล"),
        ({"confirm": ""}, "โปรดทำเครื่องหมายในช่องเพื่อยืนยัน"),
        ({"national_id": national_id(7, 1)[:12] + str((int(national_id(7, 1)[12]) + 1) % 10)}, "ไม่ถูกต้อง"),
        ({"national_id": national_id(8, 1)}, "ไม่มีผู้ใดลงทะเบียน"),
        ({"village": "neighbour"}, "เลือกตัวเลือกที่ถูกต้อง"),
        ({"village": "b"}, "เลือกตัวเลือกที่ถูกต้อง"),
    ],
)
def test_a_move_that_cannot_be_done_says_why_and_moves_nothing(
    client, world, villages, elsewhere, changes, message
):
    client.force_login(world.tao_a)
    data = {
        "national_id": elsewhere.national_id,
        "village": villages["a2"].pk,
        "house_number": "12",
        "reason": "ย้ายมาอยู่กับลูกสาว",
        "confirm": "on",
    }
    data.update(changes)
    if changes.get("village") in villages:
        data["village"] = villages[changes["village"]].pk
    response = client.post(reverse("registry:person_move"), {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 200 and message in response.content.decode()
    assert Person.objects.get().village == villages["neighbour"]
    assert not AuditEntry.objects.exists()


def test_a_person_already_here_is_not_moved(client, world, villages, elsewhere):
    own = make_person(villages["a1"], 9)
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:person_move"),
        {
            "national_id": own.national_id,
            "village": villages["a2"].pk,
            "house_number": "1",
            "reason": "ย้ายบ้าน",
            "confirm": "on",
        },
    )
    assert "อยู่ในทะเบียนของหน่วยงานของท่านแล้ว" in response.content.decode()
    own.refresh_from_db()
    assert own.village == villages["a1"]


@pytest.mark.parametrize("user", ["district_a", "province_a", "admin"])
def test_only_the_receiving_offices_staff_may_move(client, world, villages, elsewhere, user):
    client.force_login(getattr(world, user))
    assert_refused(client.get(reverse("registry:person_move")))  # a 403 that says why
    assert_refused(
        client.post(
            reverse("registry:person_move"),
            {
                "national_id": elsewhere.national_id,
                "village": villages["a2"].pk,
                "house_number": "1",
                "reason": "x",
                "confirm": "on",
            },
        )
    )
    with pytest.raises(ValidationError):
        person_move(
            user=getattr(world, user),
            national_id=elsewhere.national_id,
            village=villages["a2"],
            house_number="1",
            reason="x",
        )
    assert Person.objects.get().village == villages["neighbour"]


def test_the_service_refuses_a_village_outside_the_users_area(world, villages, elsewhere):
    with pytest.raises(ValidationError):
        person_move(
            user=world.tao_a,
            national_id=elsewhere.national_id,
            village=villages["b"],
            house_number="1",
            reason="ย้ายบ้าน",
        )
    assert Person.objects.get().village == villages["neighbour"] and not AuditEntry.objects.exists()


def test_the_people_list_offers_the_move(client, world, villages):
    client.force_login(world.tao_a)
    page = client.get(reverse("registry:person_list")).content.decode()
    assert reverse("registry:person_move") in page and reverse("registry:person_moves") in page
    for user in (world.province_a, world.district_a):
        client.force_login(user)
        listed = client.get(reverse("registry:person_list")).content.decode()
        assert (
            reverse("registry:person_move") not in listed and reverse("registry:person_moves") not in listed
        )
        assert_refused(client.get(reverse("registry:person_moves")))


@pytest.mark.parametrize("junk", ["99999999999999999999", "-1", "abc", "<b>x</b>", "1" * 5000])
def test_hostile_input_to_the_move_form_is_a_thai_message(client, world, villages, elsewhere, junk):
    client.force_login(world.tao_a)
    for field in ("national_id", "village", "house_number", "reason"):
        data = {
            "national_id": elsewhere.national_id,
            "village": villages["a2"].pk,
            "house_number": "12",
            "reason": "ย้ายบ้าน",
            "confirm": "on",
            field: junk,
        }
        response = client.post(reverse("registry:person_move"), data)
        assert response.status_code in (200, 302), (field, response.status_code)
    assert (
        "<b>x</b>"
        not in client.post(reverse("registry:person_move"), {"house_number": "<b>x</b>"}).content.decode()
    )
