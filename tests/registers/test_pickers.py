"""Person and household pickers: one scoped search endpoint instead of a select of every name."""

import re

import pytest
from django.urls import reverse

from kit import thai
from registry.models import Household, Person, PersonOccupation
from tests.registers.helpers import make_person, national_id

pytestmark = pytest.mark.django_db

PICK_PERSON = reverse("registry:pick", args=["person"])
PICK_HOUSEHOLD = reverse("registry:pick", args=["household"])


@pytest.fixture
def namesakes(villages):
    """Three "มาลี ศรีสุข": two in office A's villages, one in office B's (Chiang Mai), one in the neighbour
    TAO."""
    return {key: make_person(villages[key], n) for n, key in enumerate(("a1", "a2", "b", "neighbour"), 11)}


def radios(page, name):
    return re.findall(rf'type="radio" name="{name}" value="(\d+)"', page)


def test_picker_offers_only_the_office_s_own_people_with_masked_ids_and_villages(client, world, namesakes):
    client.force_login(world.tao_a)
    page = client.post(PICK_PERSON, {"field": "person", "person__q": "มาลี"}).content.decode()
    assert sorted(radios(page, "person")) == sorted(str(namesakes[k].pk) for k in ("a1", "a2"))
    for key in ("a1", "a2"):
        assert namesakes[key].national_id not in page
        assert thai.national_id_mask(namesakes[key].national_id) in page
    # Namesakes are told apart by their village (and masked ID).
    assert "บ้านหนองบัว1" in page and "บ้านหนองบัว2" in page and "บ้านช้างคลาน" not in page


def test_picker_finds_a_whole_national_id_only_in_scope(client, world, namesakes):
    client.force_login(world.tao_a)
    own = client.post(
        PICK_PERSON, {"field": "person", "person__q": thai.national_id_format(namesakes["a2"].national_id)}
    ).content.decode()
    assert radios(own, "person") == [str(namesakes["a2"].pk)]
    other = client.post(
        PICK_PERSON, {"field": "person", "person__q": namesakes["b"].national_id}
    ).content.decode()
    assert radios(other, "person") == []


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        ({"field": "person", "person__q": "ม"}, 200, "พิมพ์อย่างน้อย 2 ตัวอักษร"),
        (
            {"field": "person", "person": "9" * 20, "person__q": "<script>"},
            200,
            "ไม่พบผู้ที่ตรงกับ “&lt;script&gt;” ในทะเบียนของหน่วยงาน",
        ),
        ({"field": "Person; drop", "person__q": "มาลี"}, 404, "ไม่พบข้อมูล"),  # not a field name: no such picker
        ({"field": "person", "person": "๑๒"}, 200, "พิมพ์ชื่อหรือนามสกุลบางส่วน"),
    ],
)
def test_picker_answers_junk_without_a_server_error(client, world, namesakes, data, status, says):
    client.force_login(world.tao_a)
    response = client.post(PICK_PERSON, data)
    page = response.content.decode()
    assert response.status_code == status
    assert says in page and radios(page, "person") == []
    assert "<script>" not in page


@pytest.mark.parametrize("village", ["9" * 30, "-3", "abc", "²", ""])
def test_household_picker_answers_junk_villages_with_nothing(client, world, villages, village):
    Household.objects.create(village=villages["a1"], house_number="1")
    client.force_login(world.tao_a)
    response = client.post(
        PICK_HOUSEHOLD,
        {
            "field": "household",
            "village_field": "village",
            "village": village,
            "household__q": "1",
            "household": "9" * 25,
        },
    )
    assert response.status_code == 200 and radios(response.content.decode(), "household") == []


def test_picker_is_post_only_and_for_signed_in_users(client, world):
    assert client.post(PICK_PERSON, {"field": "person", "person__q": "มาลี"}).status_code == 302
    client.force_login(world.tao_a)
    assert client.get(PICK_PERSON, {"field": "person", "person__q": "มาลี"}).status_code == 405
    assert client.post(reverse("registry:pick", args=["user"]), {"field": "person"}).status_code == 404


def test_register_form_has_no_select_of_every_person(client, world, namesakes):
    client.force_login(world.tao_a)
    page = client.get(reverse("registry:occupation_create")).content.decode()
    assert 'name="person__q"' in page and f'hx-post="{PICK_PERSON}"' in page
    assert not re.search(r'<select[^>]*name="person"', page)
    assert (
        "ศรีสุข" not in page[page.index("<main") : page.index("</main>")]
    )  # no names until something is typed


def test_form_saves_the_picked_person(client, world, namesakes, catalogue):
    client.force_login(world.tao_a)
    person = namesakes["a2"]
    response = client.post(
        reverse("registry:occupation_create"),
        {"person": person.pk, "occupation": catalogue["ทำนา"].pk, "kind": "main", "yearly_income": "45,000"},
    )
    assert response.status_code == 302
    assert PersonOccupation.objects.get().person == person
    # Editing shows the chosen person, checked, with the masked ID and village.
    page = client.get(
        reverse("registry:occupation_update", args=[PersonOccupation.objects.get().pk])
    ).content.decode()
    assert re.search(rf'value="{person.pk}" id="id_person_{person.pk}" checked', page)
    assert thai.national_id_mask(person.national_id) in page and "บ้านหนองบัว2" in page


@pytest.mark.parametrize("pk", ["other-office", "9" * 20, "-1", "1e3", "²"])
def test_form_refuses_a_person_outside_the_office_or_junk(client, world, namesakes, catalogue, pk):
    client.force_login(world.tao_a)
    value = namesakes["b"].pk if pk == "other-office" else pk
    response = client.post(
        reverse("registry:occupation_create"),
        {"person": value, "occupation": catalogue["ทำนา"].pk, "kind": "main"},
    )
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not PersonOccupation.objects.exists()


def test_without_javascript_the_search_button_shows_matches_and_keeps_the_form(
    client, world, namesakes, catalogue
):
    client.force_login(world.tao_a)
    page = client.post(
        reverse("registry:occupation_create"),
        {
            "_pick": "person",
            "person__q": "ศรีสุข",
            "occupation": catalogue["ทำนา"].pk,
            "kind": "main",
            "yearly_income": "1200",
        },
    ).content.decode()
    assert sorted(radios(page, "person")) == sorted(str(namesakes[k].pk) for k in ("a1", "a2"))
    assert 'value="1200"' in page and "invalid-feedback" not in page
    assert not PersonOccupation.objects.exists()


def test_household_picker_follows_the_chosen_village(client, world, villages):
    houses = {
        key: Household.objects.create(village=villages[key], house_number=f"{n}/1")
        for n, key in enumerate(("a1", "a2", "b"), 1)
    }
    client.force_login(world.tao_a)
    data = {"field": "household", "village_field": "village", "household__q": ""}
    assert radios(
        client.post(PICK_HOUSEHOLD, {**data, "village": villages["a1"].pk}).content.decode(), "household"
    ) == [str(houses["a1"].pk)]
    assert radios(
        client.post(PICK_HOUSEHOLD, {**data, "village": villages["a2"].pk}).content.decode(), "household"
    ) == [str(houses["a2"].pk)]
    assert (
        radios(
            client.post(PICK_HOUSEHOLD, {**data, "village": villages["b"].pk}).content.decode(), "household"
        )
        == []
    )
    none = client.post(PICK_HOUSEHOLD, {**data, "village": ""}).content.decode()
    assert radios(none, "household") == [] and "เลือกหมู่บ้านก่อน" in none
    # A chosen household of another village is dropped when the village changes.
    moved = client.post(PICK_HOUSEHOLD, {**data, "village": villages["a2"].pk, "household": houses["a1"].pk})
    assert str(houses["a1"].pk) not in radios(moved.content.decode(), "household")


def test_person_form_refuses_a_household_of_another_village(client, world, villages):
    house = Household.objects.create(village=villages["a2"], house_number="5")
    client.force_login(world.tao_a)
    data = {
        "title": "mr",
        "first_name": "ประยูร",
        "last_name": "แก้วมณี",
        "national_id": national_id(7, 1),
        "sex": "m",
        "village": villages["a1"].pk,
        "house_number": "12",
        "household": house.pk,
    }
    page = client.post(reverse("registry:person_create"), data).content.decode()
    assert "ครัวเรือนอยู่ในหมู่บ้านอื่น" in page
    assert not Person.objects.filter(first_name="ประยูร").exists()
    data["village"] = villages["a2"].pk
    assert client.post(reverse("registry:person_create"), data).status_code == 302
    assert Person.objects.get(first_name="ประยูร").household == house


def test_mentoring_picks_among_the_year_s_target_households_without_an_instructor(client, world, villages):
    import datetime

    from registry.models import Expert, Mentorship, TargetHousehold

    houses = []
    for n, key in enumerate(("a1", "a2", "b"), 1):
        house = Household.objects.create(village=villages[key], house_number=f"{n}/9")
        TargetHousehold.objects.create(
            household=house,
            village=villages[key],
            fiscal_year=2569,
            criterion="tpmap",
            forum_date=datetime.date(2025, 11, 15),
        )
        houses.append(house)
    expert = Expert.objects.create(person=make_person(villages["a1"], 40), years_experience=10)
    Mentorship.objects.create(expert=expert, household=houses[1], fiscal_year=2569, village=villages["a2"])
    client.force_login(world.tao_a)
    page = client.get(reverse("registry:mentoring"), {"year": 2569}).content.decode()
    assert radios(page, "household") == [str(houses[0].pk)]  # not the one with an instructor, not office B's
    assert '"fiscal_year": "2569"' in page.replace("&quot;", '"')
    found = client.post(
        reverse("registry:pick", args=["mentee"]),
        {"field": "household", "fiscal_year": "2569", "household__q": "1/9"},
    ).content.decode()
    assert radios(found, "household") == [str(houses[0].pk)]
    junk = client.post(
        reverse("registry:pick", args=["mentee"]), {"field": "household", "fiscal_year": "9" * 30}
    )
    assert junk.status_code == 200 and radios(junk.content.decode(), "household") == []
    response = client.post(
        reverse("registry:mentoring") + "?year=2569",
        {"action": "assign", "fiscal_year": "2569", "expert": expert.pk, "household": "9" * 20},
        follow=True,
    )
    assert response.status_code == 200 and Mentorship.objects.count() == 1
    client.post(
        reverse("registry:mentoring") + "?year=2569",
        {"action": "assign", "fiscal_year": "2569", "expert": expert.pk, "household": houses[0].pk},
    )
    assert Mentorship.objects.filter(household=houses[0]).exists()


def test_editing_keeps_a_current_household_of_another_village_visible(client, world, villages):
    house = Household.objects.create(village=villages["a2"], house_number="5")
    person = make_person(villages["a1"], 50)
    Person.objects.filter(pk=person.pk).update(household=house)  # an older record, from before the rule
    client.force_login(world.tao_a)
    page = client.get(reverse("registry:person_update", args=[person.pk])).content.decode()
    assert re.search(rf'value="{house.pk}" id="id_household_{house.pk}" checked', page)


def test_a_new_target_household_starts_in_this_fiscal_year(client, world, villages):
    from kit.thai import fiscal_year_now

    client.force_login(world.tao_a)
    page = client.get(reverse("registry:target_create")).content.decode()
    assert re.search(rf'name="fiscal_year" value="{fiscal_year_now()}"', page)
