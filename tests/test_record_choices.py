"""A choice of record (village, occupation, person, meeting) sent as a number no database key can hold is
refused with the ordinary Thai "choose a valid option" message, never a server error (SQLite overflows past 64
bits)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from groups.models import Group
from kit.fields import RecordChoiceField, RecordMultipleChoiceField
from registry.models import Expert, Occupation, Person, RawMaterial, Village
from tests.groups.helpers import days_ago, held_meeting, make_group, member, today
from tests.registers.helpers import make_villages
from tests.training.helpers import training_at
from training.models import Step

pytestmark = pytest.mark.django_db

HUGE = ["12345678901234567890", "9223372036854775808", "-99999999999999999999"]


def be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


@pytest.mark.parametrize("value", HUGE)
def test_the_fields_refuse_huge_keys_in_thai(world, catalogue, value):
    with translation.override("th"):
        for field in (
            RecordChoiceField(queryset=Occupation.objects.all()),
            RecordMultipleChoiceField(queryset=Occupation.objects.all()),
        ):
            with pytest.raises(Exception) as caught:
                field.clean([value] if isinstance(field, RecordMultipleChoiceField) else value)
            assert type(caught.value).__name__ == "ValidationError"
            assert "เลือก" in caught.value.messages[0], caught.value.messages


@pytest.mark.parametrize("value", HUGE)
def test_group_forms_answer_huge_keys_with_a_message(client, world, catalogue, value):
    group = make_group(world.tao_a, world.office_a)
    held_meeting(world.tao_a, group, days_ago(3))
    client.force_login(world.tao_a)
    detail = reverse("groups:detail", args=[group.pk])
    posts = [
        (
            detail,
            {
                "action": "meeting",
                "kind": "monthly",
                "date": be(days_ago(1)),
                "held": "on",
                "present": [value],
            },
        ),
        (
            detail,
            {
                "action": "rules",
                "adopted_at": value,
                "effective_from": be(days_ago(1)),
                "text": "กติกา",
                "work_unit": "hours",
                "dividend_pct": "60",
                "reserve_pct": "20",
                "welfare_pct": "10",
                "committee_pct": "5",
                "other_pct": "5",
            },
        ),
        (
            detail,
            {
                "action": "activity",
                "decided_at": value,
                "kind": "production",
                "title": "ทอผ้า",
                "starts_on": be(days_ago(1)),
            },
        ),
        (detail, {"action": "member_add", "person": value, "joined_on": be(today())}),
        (
            detail,
            {"action": "seat_add", "membership": value, "role": "president", "starts_on": be(days_ago(1))},
        ),
        (
            detail,
            {"action": "work", "date": be(days_ago(1)), "activity": value, f"u-{member(group).pk}": "2"},
        ),
        (
            detail,
            {
                "action": "ledger",
                "date": be(days_ago(1)),
                "kind": "saving",
                "amount": "20",
                "description": "ออม",
                "membership": value,
            },
        ),
        (
            reverse("groups:edit", args=[group.pk]),
            {
                "name": group.name,
                "occupation": group.occupation_id,
                "village": group.village_id,
                "villages": [value],
                "founded_on": be(group.founded_on),
                "status": group.status,
                "year_start_month": "10",
            },
        ),
        (
            reverse("groups:create"),
            {
                "name": "กลุ่มใหม่",
                "occupation": value,
                "village": value,
                "villages": [value],
                "founded_on": be(today()),
                "status": "forming",
                "year_start_month": "10",
            },
        ),
    ]
    for url, data in posts:
        response = client.post(url, data, follow=True)
        assert response.status_code in (200, 404), (data, response.status_code)
    assert Group.objects.count() == 1 and not group.rules.exists() and not group.work.exists()


@pytest.mark.parametrize("value", HUGE)
def test_group_from_training_answers_huge_keys_with_a_message(client, world, catalogue, value):
    training = training_at(world.office_a, Step.FOLLOW_UP, ready=True)
    client.force_login(world.tao_a)
    page = client.post(
        reverse("groups:from_training", args=[training.pk]),
        {"name": "กลุ่มน้ำพริก", "founded_on": be(today()), "people": [value]},
    )
    assert page.status_code == 200 and "เลือก" in page.content.decode()
    assert not Group.objects.exists()


@pytest.mark.parametrize("value", HUGE)
def test_register_forms_answer_huge_keys_with_a_message(client, world, catalogue, value):
    villages = make_villages()
    client.force_login(world.tao_a)
    posts = [
        (
            "registry:person_create",
            {
                "title": "mr",
                "first_name": "ประยูร",
                "last_name": "แก้วมณี",
                "sex": "m",
                "national_id": "1101700203451",
                "village": value,
                "house_number": "1",
                "household": value,
            },
        ),
        (
            "registry:rawmaterial_create",
            {
                "village": villages["a1"].pk,
                "name": "ไหม",
                "category": "animal",
                "quantity": "1",
                "unit": "กก.",
                "occupations": [value],
            },
        ),
        ("registry:expert_create", {"person": value, "expertise": [value], "years_experience": "3"}),
        ("registry:occupation_create", {"person": value, "occupation": value, "kind": "main"}),
    ]
    for name, data in posts:
        response = client.post(reverse(name), data)
        assert response.status_code == 200, (name, response.status_code)
        assert "เลือก" in response.content.decode(), name
    assert not Person.objects.exists() and not RawMaterial.objects.exists() and not Expert.objects.exists()
    assert Village.objects.exists()


def test_every_choice_of_record_in_the_project_is_a_record_field():
    """A new form (or a model form without `class Meta(ModelForm.Meta)`) would bring back Django's field."""
    from django import forms

    from tests.test_translations import project_forms

    plain = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in project_forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and not isinstance(field, RecordChoiceField | RecordMultipleChoiceField)
    ]
    assert not plain, plain
