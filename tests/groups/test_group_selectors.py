"""The groups app's page reads on known data: typed objects (frozen dataclasses) for pages and reports."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from groups import selectors, services
from tests.groups.helpers import (
    adopt_rules,
    held_meeting,
    income,
    last_year_with_books,
    make_group,
    member,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(world, catalogue):
    return make_group(world.tao_a, world.office_a)


def _last_year(world, group):
    """Last year: rules 60/20/10/5/5, 15,000 baht sales less 3,000 materials, work 12 : 8 : 5 hours."""
    return last_year_with_books(world.tao_a, group, materials="3000")


def test_the_year_statement_is_a_typed_object_with_named_lines(world, group):
    year, _general = _last_year(world, group)
    s = selectors.year_statement(group=group, year=year)
    assert isinstance(s, selectors.YearStatement) and s.closed is None and s.year == year
    assert s.income_lines == (
        selectors.StatementLine(category="sales", label=s.income_lines[0].label, amount=Decimal("15000")),
    )
    assert [(line.category, line.amount) for line in s.expense_lines] == [("materials", Decimal("3000"))]
    assert (s.income, s.expense, s.profit) == (Decimal("15000"), Decimal("3000"), Decimal("12000"))
    assert {line.name: (line.pct, line.amount) for line in s.allocation} == {
        "dividend_pct": (60, Decimal("7200")),
        "reserve_pct": (20, Decimal("2400")),
        "welfare_pct": (10, Decimal("1200")),
        "committee_pct": (5, Decimal("600")),
        "other_pct": (5, Decimal("600")),
    }
    # 7,200 baht by 12 : 8 : 5 hours -> 3,456 / 2,304 / 1,440, most work first
    assert [(r.membership, r.units, r.amount) for r in s.rows] == [
        (member(group, 0), Decimal(12), Decimal("3456")),
        (member(group, 1), Decimal(8), Decimal("2304")),
        (member(group, 2), Decimal(5), Decimal("1440")),
    ]
    assert [round(r.share_pct) for r in s.rows] == [48, 32, 20]
    assert s.pool == s.total_amount == Decimal("7200") and s.total_units == 25 and s.undistributed == 0
    assert s.ended(today())
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.profit = Decimal(0)


def test_a_closed_year_reads_what_the_general_meeting_approved(world, group):
    year, general = _last_year(world, group)
    draft = selectors.year_statement(group=group, year=year)
    closed = services.year_close(user=world.tao_a, group=group, year=year, meeting=general)
    assert closed.allocation["dividend_pct"] == "7200.00" and closed.profit == Decimal("12000")
    s = selectors.year_statement(group=group, year=year)
    assert s.closed == closed and s.rows == draft.rows and s.allocation == draft.allocation


def test_a_year_without_work_keeps_the_pool_undistributed(world, group):
    year = group.year_of(today()) - 1
    starts, _ends = group.year_bounds(year)
    adopt_rules(world.tao_a, group, held_meeting(world.tao_a, group, starts + datetime.timedelta(days=2)))
    income(world.tao_a, group, starts + datetime.timedelta(days=40), "1000")
    s = selectors.year_statement(group=group, year=year)
    assert s.rows == () and s.pool == s.undistributed == Decimal("600") and s.total_amount == 0


def test_the_group_page_reads_its_members_years_and_visits(world, group):
    year, _general = _last_year(world, group)
    services.member_leave(
        user=world.tao_a,
        group=group,
        membership=member(group, 4),
        left_on=today() - datetime.timedelta(days=1),
    )
    services.visit_record(user=world.district_a, group=group, visited_on=today())
    page = selectors.group_page(group=group, today=today(), with_history=False)
    assert isinstance(page, selectors.GroupPage) and page.history is None
    assert (
        len(page.memberships) == 5
        and member(group, 4) not in page.active_members
        and len(page.active_members) == 4
    )
    assert page.readiness.active_count == 4 and page.readiness.out_of == 6
    assert {check.rule.key for check in page.readiness.checks if check.ok} >= {"rules_ok"}
    assert page.rules is not None and page.rules.dividend_pct == 60
    last = next(y for y in page.years if y.year == year)
    assert last.ended and last.closed is None and last.ends_on < today()
    assert [v.visited_on for v in page.visits] == [today()] and page.next_visit > today()
    assert page.participation.visits == 1 and page.participation.workers_pct == 0  # last year's work only
    assert page.thai_ids is True
    with_history = selectors.group_page(group=group, today=today(), with_history=True)
    assert with_history.history and with_history.history[0].at >= with_history.history[-1].at


def test_visits_due_names_the_day_each_was_due(world, catalogue):
    young = make_group(
        world.tao_a, world.office_a, founded_on=today() - datetime.timedelta(days=30), name="กลุ่มใหม่"
    )
    old = make_group(world.tao_a, world.office_a, name="กลุ่มเก่า")
    services.visit_record(user=world.district_a, group=old, visited_on=today() - datetime.timedelta(days=3))
    rows = selectors.group_visits_due(groups=selectors.Group.objects.all(), today=today())
    assert [(row.group, row.due_on) for row in rows] == [
        (young, young.founded_on + datetime.timedelta(days=7))
    ]


def test_the_list_rows_by_level_status_and_name(world, catalogue):
    from groups.models import GroupStatus

    small = make_group(world.tao_a, world.office_a, members=3, name="กลุ่มเพาะเห็ด")
    big = make_group(world.tao_a, world.office_a, members=6, name="กลุ่มทอผ้า")
    rows = selectors.group_list(world.tao_a, today())
    assert list(selectors.group_rows(queryset=rows)) == [big, small]  # by name
    assert list(selectors.group_rows(queryset=rows, level="D")) == [big, small]
    assert list(selectors.group_rows(queryset=rows, q="เห็ด")) == [small]
    assert list(selectors.group_rows(queryset=rows, status=GroupStatus.DISSOLVED)) == []
    assert [g.readiness_score for g in selectors.group_rows(queryset=rows)] == [
        1,
        0,
    ]  # six members: one check met
