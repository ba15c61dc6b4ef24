"""Search-as-you-type when enrolling a trainee: the officer's own register only, by name or a whole national
ID sent by POST (never in a URL), IDs masked in the answer, people already enrolled marked."""

import pytest
from django.urls import reverse

from kit import thai
from registry.models import Village
from tests import areas
from tests.registers.helpers import make_person
from tests.scoping import ScopeWorld, assert_refused
from tests.training.helpers import training_at, village_a
from training.models import Step

pytestmark = pytest.mark.django_db


def search(client, training, q, *, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("training:enrol_search", args=[training.pk]), {"q": q}, headers=headers)


@pytest.fixture
def setup(client, world, catalogue):
    training = training_at(world.office_a, Step.RUN, ready=True)
    village = village_a()
    other = Village.objects.create(
        sub_district=areas.sub_district(ScopeWorld.SUB_B), number=1, name="บ้านช้างคลาน"
    )
    people = {
        "kamsaen": make_person(village, 701, first_name="คำแสน", last_name="ศรีบุญเรือง"),
        "kamphun": make_person(village, 702, first_name="คำปุน", last_name="ศรีใส"),
        "somsri": make_person(village, 703, first_name="สมศรี", last_name="คำแสนดี"),
        "elsewhere": make_person(other, 704, first_name="คำแสน", last_name="ช้างคลาน"),
    }
    client.force_login(world.tao_a)
    return training, people


def test_names_match_every_word_in_the_officers_register_only(client, setup):
    training, people = setup
    body = search(client, training, "คำแสน").content.decode()
    assert str(people["kamsaen"]) in body and str(people["somsri"]) in body  # first or last name
    assert str(people["kamphun"]) not in body
    assert "ช้างคลาน" not in body, "another office's register must stay invisible"
    assert "<html" not in body, "htmx gets the result list only"
    body = search(client, training, "คำแสน ศรีบุญ").content.decode()
    assert str(people["kamsaen"]) in body and str(people["somsri"]) not in body


def test_a_whole_national_id_finds_the_person_and_is_shown_masked(client, setup):
    training, people = setup
    person = people["kamphun"]
    body = search(client, training, thai.national_id_format(person.national_id)).content.decode()
    assert str(person) in body and str(people["kamsaen"]) not in body
    assert person.national_id not in body and thai.national_id_format(person.national_id) not in body
    assert thai.national_id_mask(person.national_id) in body


def test_people_already_enrolled_are_marked_and_others_get_an_enrol_button(client, setup):
    training, people = setup
    enrolled = training.enrollments.first().person
    body = search(client, training, enrolled.first_name).content.decode()
    assert "ลงทะเบียนแล้ว" in body
    body = search(client, training, "คำปุน").content.decode()
    assert f'name="person" value="{people["kamphun"].pk}"' in body and "ลงทะเบียนแล้ว" not in body
    response = client.post(
        reverse("training:detail", args=[training.pk]),
        {"action": "enroll", "person": people["kamphun"].pk},
        follow=True,
    )
    assert training.enrollments.filter(person=people["kamphun"]).exists(), response.content.decode()


def test_short_or_unknown_searches_say_what_to_do(client, setup):
    training, _people = setup
    assert "อย่างน้อย 2" in search(client, training, "ค").content.decode()
    assert "ไม่พบ" in search(client, training, "ไม่มีชื่อนี้").content.decode()


def test_search_is_post_only_and_scoped_to_the_training(client, world, setup):
    training, _people = setup
    url = reverse("training:enrol_search", args=[training.pk])
    assert client.get(url, {"q": "คำแสน"}).status_code == 405
    client.force_login(world.tao_b)
    assert search(client, training, "คำแสน").status_code == 404
    client.force_login(world.district_a)  # may see the training, may not enrol: refused with the reason
    assert_refused(search(client, training, "คำแสน"))


def test_without_javascript_the_search_is_a_page(client, setup):
    training, people = setup
    body = search(client, training, "คำปุน", htmx=False).content.decode()
    assert "<html" in body and str(people["kamphun"]) in body
