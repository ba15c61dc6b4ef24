"""The 5 ก readiness score: each rule from the data, explained on the group's page, filterable on the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import services
from groups.models import Group, MeetingKind
from groups.selectors import Level, _month_start, readiness, with_readiness
from tests.groups.helpers import (
    adopt_rules,
    days_ago,
    full_committee,
    held_meeting,
    make_group,
    member,
    today,
)

pytestmark = pytest.mark.django_db


def checks(group):
    return {check.rule.key: check.ok for check in readiness(group, today()).checks}


@pytest.fixture
def group(world, catalogue):
    return make_group(world.tao_a, world.office_a)


def test_a_new_group_with_five_members_meets_only_the_members_rule(group):
    result = checks(group)
    assert result == {
        "members_ok": True,
        "activity_ok": False,
        "committee_ok": False,
        "rules_ok": False,
        "meetings_ok": False,
        "accounts_ok": False,
    }
    assert readiness(group, today()).level == "D"


def test_members_rule_counts_active_members_only(world, group):
    services.member_leave(user=world.tao_a, group=group, membership=member(group, 4), left_on=days_ago(3))
    assert checks(group)["members_ok"] is False


def test_activity_in_the_last_three_months(world, group):
    meeting = held_meeting(world.tao_a, group, days_ago(200))
    services.activity_add(
        user=world.tao_a,
        group=group,
        meeting=meeting,
        kind="production",
        title="ทอผ้าไหมลายขิด",
        starts_on=days_ago(190),
        ends_on=days_ago(150),
    )
    assert checks(group)["activity_ok"] is False
    recent = held_meeting(world.tao_a, group, days_ago(20))
    services.activity_add(
        user=world.tao_a,
        group=group,
        meeting=recent,
        kind="activity",
        title="ออกร้านงานกาชาด",
        starts_on=days_ago(15),
    )
    assert checks(group)["activity_ok"] is True


def test_committee_needs_president_treasurer_and_accounting(world, group):
    services.seat_add(
        user=world.tao_a, group=group, membership=member(group, 0), role="president", starts_on=days_ago(30)
    )
    services.seat_add(
        user=world.tao_a, group=group, membership=member(group, 1), role="treasurer", starts_on=days_ago(30)
    )
    assert checks(group)["committee_ok"] is False
    services.seat_add(
        user=world.tao_a, group=group, membership=member(group, 2), role="accounting", starts_on=days_ago(30)
    )
    assert checks(group)["committee_ok"] is True
    seat = group.committee.get(role="accounting")
    services.seat_end(user=world.tao_a, group=group, seat=seat, ends_on=days_ago(1))
    assert checks(group)["committee_ok"] is False, "a term that ended no longer counts"


def test_rules_in_force(world, group):
    assert checks(group)["rules_ok"] is False
    adopt_rules(world.tao_a, group, held_meeting(world.tao_a, group, days_ago(60)))
    assert checks(group)["rules_ok"] is True


def test_a_meeting_in_each_of_the_last_three_full_months(world, group):
    for back in (3, 2):
        held_meeting(world.tao_a, group, _month_start(today(), back) + datetime.timedelta(days=9))
    assert checks(group)["meetings_ok"] is False, "one month is missing"
    held_meeting(world.tao_a, group, _month_start(today(), 1) + datetime.timedelta(days=9))
    assert checks(group)["meetings_ok"] is True
    services.meeting_record(user=world.tao_a, group=group, kind=MeetingKind.MONTHLY, date=today(), held=False)
    assert checks(group)["meetings_ok"] is True


def test_three_meetings_in_two_of_the_three_months_are_not_enough(world, group):
    """The check counts distinct months (one subquery), not meetings."""
    for back, day in ((3, 3), (3, 20), (1, 9)):
        held_meeting(world.tao_a, group, _month_start(today(), back) + datetime.timedelta(days=day))
    assert checks(group)["meetings_ok"] is False
    held_meeting(world.tao_a, group, _month_start(today(), 2) + datetime.timedelta(days=1))
    assert checks(group)["meetings_ok"] is True


def test_a_committee_needs_each_core_role_not_three_seats(world, group):
    for n, role in enumerate(("president", "treasurer", "vice_president")):
        services.seat_add(
            user=world.tao_a, group=group, membership=member(group, n), role=role, starts_on=days_ago(30)
        )
    assert checks(group)["committee_ok"] is False


def test_last_years_accounts_approved(world, group):
    last_year = group.year_of(today()) - 1
    starts, ends = group.year_bounds(last_year)
    adopt_rules(world.tao_a, group, held_meeting(world.tao_a, group, starts + datetime.timedelta(days=2)))
    assert checks(group)["accounts_ok"] is False
    general = held_meeting(world.tao_a, group, ends + datetime.timedelta(days=1), kind=MeetingKind.GENERAL)
    services.year_close(user=world.tao_a, group=group, year=last_year, meeting=general)
    assert checks(group)["accounts_ok"] is True


def test_a_group_meeting_every_rule_is_level_a(world, group):
    last_year = group.year_of(today()) - 1
    starts, ends = group.year_bounds(last_year)
    adopt_rules(world.tao_a, group, held_meeting(world.tao_a, group, starts + datetime.timedelta(days=2)))
    general = held_meeting(world.tao_a, group, ends + datetime.timedelta(days=1), kind=MeetingKind.GENERAL)
    services.year_close(user=world.tao_a, group=group, year=last_year, meeting=general)
    full_committee(world.tao_a, group, days_ago(40))
    for back in (3, 2, 1):
        day = _month_start(today(), back) + datetime.timedelta(days=4)
        meeting = held_meeting(world.tao_a, group, day)
    services.activity_add(
        user=world.tao_a,
        group=group,
        meeting=meeting,
        kind="activity",
        title="อบรมการย้อมสีธรรมชาติ",
        starts_on=meeting.date,
    )
    result = readiness(group, today())
    assert result.score == 6 and result.level == "A", result


def test_the_list_filters_by_level_in_one_query(client, world, catalogue, django_assert_num_queries):
    weak = make_group(world.tao_a, world.office_a, members=3, name="กลุ่มเพาะเห็ด")
    strong = make_group(world.tao_a, world.office_a, name="กลุ่มทอผ้า")
    adopt_rules(world.tao_a, strong, held_meeting(world.tao_a, strong, days_ago(60)))
    full_committee(world.tao_a, strong, days_ago(40))
    levels = {
        name: Level.of(score)
        for name, score in with_readiness(Group.objects.all(), today()).values_list("name", "readiness_score")
    }
    assert levels == {"กลุ่มเพาะเห็ด": "D", "กลุ่มทอผ้า": "C"}
    client.force_login(world.tao_a)
    url = reverse("groups:group_list")
    body = client.get(url, {"level": "C"}).content.decode()
    assert "กลุ่มทอผ้า" in body and "กลุ่มเพาะเห็ด" not in body
    with django_assert_num_queries(5):  # session, user, office, the pks in order, the page with readiness
        client.get(url)
    assert weak.pk


def test_the_level_filter_keeps_its_query_count_and_groups_as_the_scope_grows(
    client, world, catalogue, django_assert_num_queries
):
    """The page is the pks in order, then the page's rows: the same two queries however many groups are in
    scope, and the same groups as a plain filter of the annotated list."""
    for n in range(4):
        make_group(world.tao_a, world.office_a, members=3 + n, name=f"กลุ่มที่ {n}")
    client.force_login(world.tao_a)
    url = reverse("groups:group_list")
    expected = [
        g.name
        for g in Level.filter(
            with_readiness(Group.objects.filter(office=world.office_a), today()), "D"
        ).order_by("name", "pk")
    ]
    with django_assert_num_queries(5):
        body = client.get(url, {"level": "D"}).content.decode()
    assert all(name in body for name in expected) and expected
    for n in range(4, 30):
        make_group(world.tao_a, world.office_a, members=3, name=f"กลุ่มเพิ่ม {n:02d}")
    with django_assert_num_queries(5):
        client.get(url, {"level": "D"})
    with django_assert_num_queries(5):
        client.get(url, {"level": "D", "page": "2"})


def test_the_level_filter_works_out_each_groups_checks_once(client, world, catalogue):
    """Once per group in scope (the pks' WHERE) and once per row shown: not again in a COUNT, nor in the
    page's WHERE and SELECT both."""
    make_group(world.tao_a, world.office_a, members=3)
    client.force_login(world.tao_a)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("groups:group_list"), {"level": "D"})
    assert sum(query["sql"].count("groups_ruleversion") for query in ctx.captured_queries) == 2


def test_the_groups_page_explains_each_rule(client, world, group):
    client.force_login(world.tao_a)
    body = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "มีสมาชิกอย่างน้อย 5 คน" in body and "มีการประชุมทุกเดือนใน 3 เดือนเต็มที่ผ่านมา" in body
    assert "ความพร้อมตามหลัก 5 ก: 1 จาก 6 ข้อ" in body


@pytest.mark.parametrize(
    "score, level", [(6, "A"), (5, "B"), (4, "B"), (3, "C"), (2, "C"), (1, "D"), (0, "D")]
)
def test_levels_are_ranges_of_the_score(score, level):
    assert Level.of(score) == level


def test_each_check_is_one_subquery_in_the_lists_sql(world, catalogue):
    make_group(world.tao_a, world.office_a)
    sql = str(with_readiness(Group.objects.all(), today()).query)
    assert sql.count("groups_ruleversion") == 1 and sql.count("groups_groupyear") == 1
