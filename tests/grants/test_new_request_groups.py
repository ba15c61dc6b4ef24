"""The new request's group choice says, before anything is typed, which groups may apply and why the others
may not (disabled; a posted one is refused with the reasons), computed for all the groups in a fixed number
of queries."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from grants.models import GrantRequest, Status
from grants.selectors import groups_eligibility
from groups.models import Group
from tests.grants.helpers import advance, days_ago, grant_world, make_request, today
from tests.groups.helpers import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        yield


def _options(client) -> dict:
    """{group pk: (option text, disabled)} of the group choice."""
    body = html.unescape(client.get(reverse("grants:create")).content.decode())
    select = body.split('name="group"', 1)[1].split("</select>", 1)[0]
    return {
        int(pk): (text.strip(), "disabled" in attrs)
        for pk, attrs, text in re.findall(r'<option value="(\d+)"([^>]*)>([^<]*)</option>', select)
    }


def _overdue(gw):
    """An earlier grant of the group under way, its project ended 40 days ago: its report is overdue."""
    earlier = make_request(gw, starts_on=days_ago(200), ends_on=days_ago(40))
    return advance(gw, earlier, Status.IN_PROGRESS)


def test_each_group_says_whether_it_may_apply(client, gw, world):
    unregistered = make_group(world.tao_a, world.office_a, name="กลุ่มจักสานไม้ไผ่บ้านหนองบัว")
    client.force_login(gw.staff)
    options = _options(client)
    assert options[gw.group.pk] == (f"{gw.group.name} — ยื่นได้", False)
    assert options[unregistered.pk] == (
        f"{unregistered.name} — ยังยื่นไม่ได้: กลุ่มยังไม่ได้จดทะเบียนกับอำเภอ",
        True,
    )
    earlier = _overdue(gw)
    text, disabled = _options(client)[gw.group.pk]
    assert disabled and "ยังยื่นไม่ได้" in text and "เลยกำหนดส่ง" in text and earlier.number in text


def test_a_group_chosen_from_its_page_says_at_once_why_it_cannot_apply(client, gw, world):
    unregistered = make_group(world.tao_a, world.office_a, name="กลุ่มจักสานไม้ไผ่บ้านหนองบัว")
    client.force_login(gw.staff)
    body = html.unescape(client.get(reverse("grants:create"), {"group": unregistered.pk}).content.decode())
    assert 'data-testid="group-refusal"' in body
    assert "กลุ่มนี้ยังยื่นคำร้องไม่ได้: กลุ่มยังไม่ได้จดทะเบียนกับอำเภอ" in body
    body = client.get(reverse("grants:create"), {"group": gw.group.pk}).content.decode()
    assert 'data-testid="group-refusal"' not in body


def test_a_group_that_cannot_apply_is_refused_with_the_reasons(client, gw, world):
    unregistered = make_group(world.tao_a, world.office_a, name="กลุ่มจักสานไม้ไผ่บ้านหนองบัว")
    client.force_login(gw.staff)
    response = client.post(
        reverse("grants:create"), {"group": unregistered.pk, "fiscal_year": "2569", "title": "ตะกร้าไม้ไผ่"}
    )
    assert response.status_code == 200
    assert "ยังยื่นคำร้องไม่ได้: กลุ่มยังไม่ได้จดทะเบียนกับอำเภอ" in html.unescape(response.content.decode())
    assert not GrantRequest.objects.filter(group=unregistered).exists()
    response = client.post(
        reverse("grants:create"), {"group": gw.group.pk, "fiscal_year": "2569", "title": "ผ้าไหมมัดหมี่"}
    )
    assert response.status_code == 302 and GrantRequest.objects.filter(group=gw.group).exists()


def test_the_eligibility_of_many_groups_costs_the_same_queries(
    client, gw, world, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(gw.staff)
    groups = Group.objects.filter(pk=gw.group.pk)
    with django_assert_num_queries(2):  # the groups with their members; their earlier requests' problems
        assert groups_eligibility(groups, today())[gw.group.pk].eligible
    with django_assert_max_num_queries(40) as few:
        assert client.get(reverse("grants:create")).status_code == 200
    _overdue(gw)
    for n in range(6):
        make_group(world.tao_a, world.office_a, name=f"กลุ่มจักสานบ้านหนองบัว {n}", members=3 + n % 3)
    assert Group.objects.count() == 7
    with django_assert_max_num_queries(len(few.captured_queries)):
        options = _options(client)
    assert len(options) == 7 and sum(disabled for _text, disabled in options.values()) == 7
    with django_assert_num_queries(2):
        found = groups_eligibility(Group.objects.all(), today())
    assert len(found) == 7 and not any(e.eligible for e in found.values())
