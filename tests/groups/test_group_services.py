"""The group's rules, as services: each bad input refused with a clear Thai message, nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from groups import services
from groups.models import CommitteeRole, EntryKind, GroupStatus, LedgerEntry, Meeting, MeetingKind, WorkEntry
from registry.models import AuditEntry
from tests.groups.helpers import (
    adopt_rules,
    days_ago,
    expense,
    held_meeting,
    income,
    make_group,
    member,
    today,
)
from tests.registers.helpers import make_person
from tests.training.helpers import village_a

pytestmark = pytest.mark.django_db


def refused(fn, *args, match, **kwargs):
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    text = " ".join(info.value.messages)
    assert match in text, text
    return text


@pytest.fixture
def group(world, catalogue):
    return make_group(world.tao_a, world.office_a)


def test_a_group_is_created_with_its_founders_and_logged(world, group):
    assert group.memberships.filter(founder=True, joined_on=group.founded_on).count() == 5
    assert group.villages.filter(pk=group.village_id).exists()
    assert AuditEntry.objects.for_object(group).count() == 1


def test_registration_needs_five_active_members(world, catalogue):
    small = make_group(world.tao_a, world.office_a, members=4, name="กลุ่มเล็ก")
    refused(
        services.group_register,
        user=world.tao_a,
        group=small,
        number="กข 12/2569",
        registered_on=today(),
        match="อย่างน้อย 5",
    )
    small.refresh_from_db()
    assert small.registration_number == "" and small.status == GroupStatus.FORMING
    services.member_add(
        user=world.tao_a,
        group=small,
        person=make_person(village_a(), 977, first_name="ใหม่"),
        joined_on=today(),
    )
    services.group_register(user=world.tao_a, group=small, number="กข 12/2569", registered_on=today())
    small.refresh_from_db()
    assert small.status == GroupStatus.ACTIVE and small.registered_on == today()


def test_a_member_joins_once_at_a_time(world, group):
    person = member(group).person
    refused(
        services.member_add,
        user=world.tao_a,
        group=group,
        person=person,
        joined_on=today(),
        match="เป็นสมาชิกของกลุ่มอยู่แล้ว",
    )
    services.member_leave(user=world.tao_a, group=group, membership=member(group), left_on=days_ago(10))
    services.member_add(
        user=world.tao_a, group=group, person=person, joined_on=today()
    )  # rejoining later is fine
    assert group.memberships.filter(person=person).count() == 2


def test_a_second_president_is_refused_until_the_first_term_ends(world, group):
    services.seat_add(
        user=world.tao_a,
        group=group,
        membership=member(group, 0),
        role=CommitteeRole.PRESIDENT,
        starts_on=days_ago(100),
    )
    refused(
        services.seat_add,
        user=world.tao_a,
        group=group,
        membership=member(group, 1),
        role=CommitteeRole.PRESIDENT,
        starts_on=days_ago(5),
        match="มีประธาน",
    )
    assert group.committee.filter(role=CommitteeRole.PRESIDENT).count() == 1
    seat = group.committee.get(role=CommitteeRole.PRESIDENT)
    services.seat_end(user=world.tao_a, group=group, seat=seat, ends_on=days_ago(6))
    services.seat_add(
        user=world.tao_a,
        group=group,
        membership=member(group, 1),
        role=CommitteeRole.PRESIDENT,
        starts_on=days_ago(5),
    )
    assert group.committee.filter(role=CommitteeRole.PRESIDENT).count() == 2


def test_a_committee_member_must_be_a_member(world, group):
    services.member_leave(user=world.tao_a, group=group, membership=member(group, 4), left_on=days_ago(30))
    refused(
        services.seat_add,
        user=world.tao_a,
        group=group,
        membership=member(group, 4),
        role=CommitteeRole.TREASURER,
        starts_on=days_ago(1),
        match="ไม่ได้เป็นสมาชิก",
    )


def test_a_meeting_in_the_future_cannot_be_held(world, group):
    tomorrow = today() + datetime.timedelta(days=1)
    refused(
        services.meeting_record,
        user=world.tao_a,
        group=group,
        kind=MeetingKind.MONTHLY,
        date=tomorrow,
        held=True,
        match="ยังไม่ถึง",
    )
    assert not Meeting.objects.exists()
    services.meeting_record(
        user=world.tao_a, group=group, kind=MeetingKind.MONTHLY, date=tomorrow, held=False
    )
    assert Meeting.objects.filter(held=False).count() == 1


def test_the_allocation_must_add_up_to_100(world, group):
    meeting = held_meeting(world.tao_a, group, days_ago(20))
    refused(
        adopt_rules,
        world.tao_a,
        group,
        meeting,
        dividend_pct=60,
        reserve_pct=20,
        welfare_pct=10,
        committee_pct=5,
        other_pct=10,
        match="100",
    )
    refused(
        adopt_rules,
        world.tao_a,
        group,
        meeting,
        dividend_pct=110,
        reserve_pct=-10,
        welfare_pct=0,
        committee_pct=0,
        other_pct=0,
        match="ติดลบ",
    )
    assert not group.rules.exists()
    rules = adopt_rules(world.tao_a, group, meeting)
    assert rules.version == 1 and rules.dividend_pct == 60


def test_work_is_logged_only_for_members_on_that_day(world, group):
    leaver = member(group, 4)
    services.member_leave(user=world.tao_a, group=group, membership=leaver, left_on=days_ago(30))
    refused(
        services.work_log_day,
        user=world.tao_a,
        group=group,
        date=days_ago(2),
        units={member(group, 0).pk: "4", leaver.pk: "3"},
        match="ไม่ได้เป็นสมาชิก",
    )
    assert not WorkEntry.objects.exists(), "one bad line saves nothing"
    refused(
        services.work_log_day,
        user=world.tao_a,
        group=group,
        date=days_ago(2),
        units={member(group, 0).pk: "-1"},
        match="มากกว่าศูนย์",
    )
    services.work_log_day(user=world.tao_a, group=group, date=days_ago(40), units={leaver.pk: "3"})
    assert WorkEntry.objects.count() == 1


def test_negative_or_zero_amounts_are_refused(world, group):
    refused(income, world.tao_a, group, days_ago(3), "-50", match="มากกว่าศูนย์")
    refused(income, world.tao_a, group, days_ago(3), "0", match="มากกว่าศูนย์")
    assert not LedgerEntry.objects.exists()


def test_savings_name_a_member(world, group):
    from tests.groups.helpers import ledger

    refused(ledger, world.tao_a, group, days_ago(3), EntryKind.SAVING, "100", "member", match="สมาชิก")
    ledger(world.tao_a, group, days_ago(3), EntryKind.SAVING, "100", "", membership=member(group))
    assert LedgerEntry.objects.get().category == "member"


def test_a_closed_year_is_locked(world, group):
    last_year = group.year_of(today()) - 1
    starts, ends = group.year_bounds(last_year)
    meeting = held_meeting(world.tao_a, group, starts + datetime.timedelta(days=5))
    adopt_rules(world.tao_a, group, meeting)
    services.work_log_day(
        user=world.tao_a,
        group=group,
        date=starts + datetime.timedelta(days=10),
        units={member(group, 0).pk: "10", member(group, 1).pk: "20"},
    )
    income(world.tao_a, group, starts + datetime.timedelta(days=20), "10000")
    expense(world.tao_a, group, starts + datetime.timedelta(days=21), "4000")
    general = held_meeting(world.tao_a, group, ends + datetime.timedelta(days=1), kind=MeetingKind.GENERAL)
    closed = services.year_close(user=world.tao_a, group=group, year=last_year, meeting=general)
    assert closed.profit == Decimal(6000)
    amounts = {d.membership_id: d.amount_satang for d in closed.dividends.all()}
    assert sum(amounts.values()) == 360_000  # 60% of 6,000 baht, in satang, all of it
    assert amounts[member(group, 1).pk] == 240_000 and amounts[member(group, 0).pk] == 120_000

    refused(income, world.tao_a, group, ends, "500", match="ปิดบัญชี")
    entry = group.ledger.first()
    refused(services.ledger_remove, user=world.tao_a, group=group, entry=entry, match="ปิดบัญชี")
    refused(
        services.work_log_day,
        user=world.tao_a,
        group=group,
        date=starts + datetime.timedelta(days=11),
        units={member(group, 0).pk: "1"},
        match="ปิดบัญชี",
    )
    refused(services.year_close, user=world.tao_a, group=group, year=last_year, meeting=general, match="ปิด")
    income(
        world.tao_a, group, ends + datetime.timedelta(days=2), "500"
    )  # a correction dated in the next year


def test_the_year_is_closed_by_a_general_meeting_after_it_ends(world, group):
    last_year = group.year_of(today()) - 1
    starts, ends = group.year_bounds(last_year)
    monthly = held_meeting(world.tao_a, group, ends + datetime.timedelta(days=2))
    adopt_rules(world.tao_a, group, held_meeting(world.tao_a, group, starts + datetime.timedelta(days=3)))
    refused(
        services.year_close, user=world.tao_a, group=group, year=last_year, meeting=monthly, match="ประชุมใหญ่"
    )
    early = held_meeting(world.tao_a, group, ends - datetime.timedelta(days=3), kind=MeetingKind.GENERAL)
    refused(services.year_close, user=world.tao_a, group=group, year=last_year, meeting=early, match="สิ้นปี")


def test_another_office_cannot_change_the_group(world, group):
    refused(
        services.member_add,
        user=world.tao_b,
        group=group,
        person=member(group).person,
        joined_on=today(),
        match="ไม่มีสิทธิ์",
    )
    # A district office keeps the groups it forms, so it reaches its district's groups; a TAO's own group
    # is refused with the name of the office that keeps it.
    refused(
        services.meeting_record,
        user=world.district_a,
        group=group,
        kind=MeetingKind.MONTHLY,
        date=days_ago(1),
        held=True,
        match=f"รายการนี้เป็นของ{world.office_a.name}",
    )
    assert not Meeting.objects.exists()


def test_the_district_records_visits(world, group):
    services.visit_record(user=world.district_a, group=group, visited_on=days_ago(1), notes="แนะนำการทำบัญชี")
    refused(services.visit_record, user=world.tao_b, group=group, visited_on=days_ago(1), match="ไม่มีสิทธิ์")
    refused(
        services.visit_record,
        user=world.district_a,
        group=group,
        visited_on=today() + datetime.timedelta(days=1),
        match="อนาคต",
    )


def test_committee_seats_are_held_by_members_each_term_logged(world, group):
    logged = AuditEntry.objects.for_object(group).count()
    roles = (CommitteeRole.PRESIDENT, CommitteeRole.TREASURER, CommitteeRole.ACCOUNTING)
    for n, role in enumerate(roles):
        seat = services.seat_add(
            user=world.tao_a, group=group, membership=member(group, n), role=role, starts_on=days_ago(10)
        )
        assert str(seat) == f"{seat.get_role_display()}: {member(group, n).person}"
    seats = group.committee.order_by("pk")
    assert [(s.membership_id, s.role, s.starts_on, s.ends_on) for s in seats] == [
        (member(group, n).pk, role, days_ago(10), None) for n, role in enumerate(roles)
    ]
    assert AuditEntry.objects.for_object(group).count() == logged + 3
    refused(
        services.seat_add,
        user=world.tao_a,
        group=group,
        membership=member(group, 1),
        role=CommitteeRole.TREASURER,
        starts_on=days_ago(5),
        match="ดำรงตำแหน่งนี้อยู่แล้ว",
    )
    refused(
        services.seat_add,
        user=world.tao_a,
        group=group,
        membership=member(group, 3),
        role=CommitteeRole.TREASURER,
        starts_on=days_ago(5),
        ends_on=days_ago(6),
        match="ก่อนวันเริ่ม",
    )
    treasurer = group.committee.get(role=CommitteeRole.TREASURER)
    refused(
        services.seat_end,
        user=world.tao_a,
        group=group,
        seat=treasurer,
        ends_on=days_ago(11),
        match="ก่อนวันเริ่ม",
    )
    services.seat_end(user=world.tao_a, group=group, seat=treasurer, ends_on=days_ago(2))
    assert group.committee.count() == 3 and group.committee.get(pk=treasurer.pk).ends_on == days_ago(2)
    assert AuditEntry.objects.for_object(group).count() == logged + 4


def test_the_committee_accepts_or_refuses_applications(world, group):
    from groups.models import ApplicationStatus

    applicant = make_person(village_a(), 9901, first_name="ลำดวน", last_name="ศรีใส")
    other = make_person(village_a(), 9902, first_name="บัวผัน", last_name="ทองดี")
    first = services.application_submit(
        user=world.tao_a, group=group, person=applicant, applied_on=days_ago(5)
    )
    refused(
        services.application_submit,
        user=world.tao_a,
        group=group,
        person=applicant,
        applied_on=days_ago(4),
        match="รอคณะกรรมการพิจารณา",
    )
    services.application_decide(user=world.tao_a, application=first, accept=True, decided_on=days_ago(2))
    assert group.memberships.filter(person=applicant, joined_on=days_ago(2)).exists()
    second = services.application_submit(user=world.tao_a, group=group, person=other, applied_on=days_ago(5))
    refused(
        services.application_decide,
        user=world.tao_a,
        application=second,
        accept=False,
        decided_on=days_ago(1),
        match="เหตุผล",
    )
    services.application_decide(
        user=world.tao_a,
        application=second,
        accept=False,
        decided_on=days_ago(1),
        reason="ยังไม่ได้ประกอบอาชีพทอผ้า",
    )
    second.refresh_from_db()
    assert second.status == ApplicationStatus.REFUSED and not group.memberships.filter(person=other).exists()
    refused(
        services.application_decide,
        user=world.tao_a,
        application=second,
        accept=True,
        decided_on=today(),
        match="พิจารณาแล้ว",
    )


def test_a_receipt_must_be_a_scan(world, group):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.groups.helpers import ledger

    refused(
        ledger,
        world.tao_a,
        group,
        days_ago(1),
        EntryKind.EXPENSE,
        "50",
        "materials",
        receipt=SimpleUploadedFile("virus.exe", b"MZ"),
        match="exe",
    )
    assert not LedgerEntry.objects.exists()


def test_savings_paid_back_cannot_exceed_what_was_paid_in(world, group):
    from tests.groups.helpers import ledger

    ledger(world.tao_a, group, days_ago(10), EntryKind.SAVING, "300", "", membership=member(group))
    refused(
        ledger,
        world.tao_a,
        group,
        days_ago(5),
        EntryKind.WITHDRAWAL,
        "300.01",
        "",
        membership=member(group),
        match="300.00",
    )
    ledger(world.tao_a, group, days_ago(5), EntryKind.WITHDRAWAL, "300", "", membership=member(group))
    assert LedgerEntry.objects.count() == 2
