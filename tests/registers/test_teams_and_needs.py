"""Village instructor teams (5, one lead), mentoring (1 : 4 with a warning), the needs summary."""

import datetime

import pytest
from django.urls import reverse

from registry.models import (
    Expert,
    Household,
    InstructorTeam,
    Mentorship,
    TargetHousehold,
    TeamMember,
    WantedOccupation,
)
from tests.registers.helpers import make_person
from tests.scoping import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def experts(world, villages, catalogue):
    made = []
    for n in range(1, 8):
        expert = Expert.objects.create(
            person=make_person(villages["a1"], 100 + n, first_name=f"ครู{n}"), years_experience=10 + n
        )
        expert.expertise.set([catalogue["ทอผ้าไหม"]])
        made.append(expert)
    return made


def test_team_of_five_with_one_lead(client, world, villages, experts):
    client.force_login(world.tao_a)
    response = client.post(
        reverse("registry:team_list"), {"village": villages["a1"].pk, "fiscal_year": "2569"}
    )
    team = InstructorTeam.objects.get()
    assert response["Location"] == reverse("registry:team_detail", args=[team.pk])
    url = reverse("registry:team_detail", args=[team.pk])
    for i, expert in enumerate(experts[:5]):
        client.post(url, {"action": "add", "expert": expert.pk, "is_lead": "1" if i == 0 else ""})
    assert team.members.count() == 5 and team.members.get(is_lead=True).expert == experts[0]
    page = client.post(url, {"action": "add", "expert": experts[5].pk}, follow=True).content.decode()
    assert "ทีมนี้ครบแล้ว" in page and team.members.count() == 5
    second = team.members.get(expert=experts[1])
    client.post(url, {"action": "lead", "member": second.pk})
    assert list(team.members.filter(is_lead=True)) == [second]


def test_an_expert_is_in_one_team_per_year(client, world, villages, experts):
    client.force_login(world.tao_a)
    teams = [InstructorTeam.objects.create(village=villages[k], fiscal_year=2569) for k in ("a1", "a2")]
    TeamMember.objects.create(team=teams[0], expert=experts[0])
    page = client.post(
        reverse("registry:team_detail", args=[teams[1].pk]),
        {"action": "add", "expert": experts[0].pk},
        follow=True,
    ).content.decode()
    assert "อยู่ในทีมของหมู่บ้านอื่น" in page
    assert not teams[1].members.exists()


def test_other_offices_cannot_touch_the_team(client, world, villages, experts):
    team = InstructorTeam.objects.create(village=villages["a1"], fiscal_year=2569)
    client.force_login(world.tao_b)
    assert client.get(reverse("registry:team_detail", args=[team.pk])).status_code == 404
    assert (
        client.post(
            reverse("registry:team_detail", args=[team.pk]), {"action": "add", "expert": experts[0].pk}
        ).status_code
        == 404
    )
    client.force_login(world.province_a)
    assert client.get(reverse("registry:team_detail", args=[team.pk])).status_code == 200
    assert_refused(
        client.post(
            reverse("registry:team_detail", args=[team.pk]), {"action": "add", "expert": experts[0].pk}
        )
    )  # in the area: told why
    assert not team.members.exists()


def test_mentoring_warns_beyond_four_households(client, world, villages, experts):
    households = []
    for n in range(1, 7):
        household = Household.objects.create(village=villages["a1"], house_number=str(n))
        TargetHousehold.objects.create(
            household=household,
            village=villages["a1"],
            fiscal_year=2569,
            criterion="interested",
            forum_date=datetime.date(2025, 11, 15),
        )
        households.append(household)
    client.force_login(world.tao_a)
    url = reverse("registry:mentoring") + "?year=2569"
    for household in households[:4]:
        page = client.post(
            url, {"expert": experts[0].pk, "household": household.pk, "fiscal_year": "2569"}, follow=True
        ).content.decode()
        assert "เกินแนวทาง" not in page
    page = client.post(
        url, {"expert": experts[0].pk, "household": households[4].pk, "fiscal_year": "2569"}, follow=True
    ).content.decode()
    assert "ดูแล 5 ครัวเรือน" in page and "เกินแนวทาง" in page
    assert Mentorship.objects.filter(expert=experts[0]).count() == 5
    again = client.post(
        url, {"expert": experts[1].pk, "household": households[0].pk, "fiscal_year": "2569"}, follow=True
    ).content.decode()
    assert "มีวิทยากรดูแลแล้ว" in again
    listing = client.get(url).content.decode()
    assert "5/4" in listing


def test_needs_summary_counts_in_the_database(
    client, world, villages, catalogue, django_assert_max_num_queries
):
    for n in range(1, 6):
        person = make_person(villages["a1" if n <= 3 else "a2"], 200 + n)
        WantedOccupation.objects.create(person=person, occupation=catalogue["ทำน้ำพริก"], survey_year=2569)
        if n % 2:
            WantedOccupation.objects.create(
                person=person, occupation=catalogue["เพาะเห็ด"], priority=2, survey_year=2569
            )
    other = make_person(villages["b"], 300)
    WantedOccupation.objects.create(person=other, occupation=catalogue["ขายสินค้าออนไลน์"], survey_year=2569)
    client.force_login(world.tao_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry:needs_summary"), {"year": "2569"})
    totals = {t.occupation: t.people for t in response.context["totals"]}
    assert totals == {"ทำน้ำพริก": 5, "เพาะเห็ด": 3}
    villages_ = list(response.context["villages"])
    assert [v.number for v in villages_] == [1, 2]
    assert villages_[0].wants[0].occupation == "ทำน้ำพริก" and villages_[0].wants[0].people == 3


def test_the_needs_summary_selector_on_known_data(world, villages, catalogue):
    from registry.selectors import NeedsSummary, WantedCount, needs_summary

    for n, village in enumerate(("a1", "a1", "a2"), start=1):
        person = make_person(villages[village], 400 + n)
        WantedOccupation.objects.create(
            person=person, occupation=catalogue["ทำน้ำพริก"], priority=n, survey_year=2569
        )
    WantedOccupation.objects.create(
        person=make_person(villages["a1"], 410), occupation=catalogue["เพาะเห็ด"], survey_year=2568
    )
    WantedOccupation.objects.create(
        person=make_person(villages["b"], 411), occupation=catalogue["เพาะเห็ด"], survey_year=2569
    )  # another office's area
    summary = needs_summary(user=world.tao_a, year=2569)
    assert isinstance(summary, NeedsSummary) and summary.years == (2569, 2568)
    assert summary.totals == (WantedCount(occupation="ทำน้ำพริก", people=3),)
    assert [
        (v.number, [(w.occupation, w.people, w.top_priority) for w in v.wants]) for v in summary.villages
    ] == [(1, [("ทำน้ำพริก", 2, 1)]), (2, [("ทำน้ำพริก", 1, 3)])]
    every_year = needs_summary(user=world.tao_a)
    assert {t.occupation: t.people for t in every_year.totals} == {"ทำน้ำพริก": 3, "เพาะเห็ด": 1}
