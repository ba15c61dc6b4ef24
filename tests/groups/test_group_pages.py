"""The group pages as a TAO officer uses them; other offices' groups are invisible everywhere."""

import datetime
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from groups import services
from groups.models import Group, LedgerEntry
from tests.groups.helpers import (
    days_ago,
    held_meeting,
    income,
    last_year_with_books,
    make_group,
    member,
    today,
)
from tests.registers.helpers import make_person
from tests.scoping import assert_refused
from tests.training.helpers import training_at
from training.models import Step

pytestmark = pytest.mark.django_db


def act(client, group, action, **data):
    return client.post(reverse("groups:detail", args=[group.pk]), {"action": action, **data}, follow=True)


def be(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


@pytest.fixture
def group(world, catalogue):
    return make_group(world.tao_a, world.office_a)


def closed_year(world, group):
    return last_year_with_books(world.tao_a, group)


def test_other_offices_groups_are_invisible(client, world, group):
    year, general = closed_year(world, group)
    entry = services.ledger_add(
        user=world.tao_a,
        group=group,
        date=days_ago(1),
        kind="expense",
        category="materials",
        amount=100,
        description="ใบเสร็จ",
        receipt=SimpleUploadedFile("r.png", b"\x89PNG"),
    )
    urls = [
        reverse("groups:detail", args=[group.pk]),
        reverse("groups:edit", args=[group.pk]),
        reverse("groups:year", args=[group.pk, year]),
        reverse("groups:dividend_pdf", args=[group.pk, year]),
        reverse("groups:dividend_xlsx", args=[group.pk, year]),
        reverse("groups:receipt", args=[group.pk, entry.pk]),
    ]
    for user in (world.tao_b, world.tao_a2, world.province_b):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert group.name not in client.get(reverse("groups:group_list")).content.decode()
        assert client.post(reverse("groups:member_search", args=[group.pk]), {"q": "บุญมี"}).status_code == 404
    client.force_login(world.province_a)  # reads the province: sees the group, changes nothing
    assert client.get(urls[0]).status_code == 200
    assert_refused(client.get(urls[1]))  # in the area: refused with the reason
    assert_refused(act(client, group, "meeting", kind="monthly", date=be(today()), held="on"))


def test_bad_input_on_the_page_is_a_clear_message_and_saves_nothing(client, world, group):
    client.force_login(world.tao_a)
    page = act(
        client, group, "meeting", kind="monthly", date=be(today() + datetime.timedelta(days=3)), held="on"
    )
    assert "บันทึกว่าประชุมแล้วไม่ได้" in page.content.decode() and not group.meetings.exists()
    meeting = held_meeting(world.tao_a, group, days_ago(3))
    page = act(
        client,
        group,
        "rules",
        adopted_at=meeting.pk,
        effective_from=be(days_ago(3)),
        text="กติกา",
        work_unit="hours",
        dividend_pct="50",
        reserve_pct="20",
        welfare_pct="10",
        committee_pct="5",
        other_pct="5",
    )
    assert "ร้อยละ 100" in page.content.decode() and not group.rules.exists()
    page = act(
        client,
        group,
        "ledger",
        date=be(days_ago(1)),
        kind="income",
        category="sales",
        amount="-20",
        description="ขาย",
    )
    assert not LedgerEntry.objects.exists() and "alert-danger" in page.content.decode()
    page = act(client, group, "work", date=be(days_ago(1)), **{f"u-{member(group).pk}": "abc"})
    assert "ไม่ใช่จำนวนหน่วยงาน" in page.content.decode() and not group.work.exists()


def test_a_day_of_work_and_a_receipt_through_the_page(client, world, group):
    client.force_login(world.tao_a)
    act(
        client,
        group,
        "work",
        date=be(days_ago(1)),
        **{f"u-{member(group, 0).pk}": "6", f"u-{member(group, 1).pk}": "4.5"},
    )
    assert group.work.count() == 2
    act(
        client,
        group,
        "ledger",
        date=be(days_ago(1)),
        kind="expense",
        category="materials",
        amount="1,250.50",
        description="ซื้อเส้นไหม",
        document_number="INV-0012",
        receipt=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x"),
    )
    entry = LedgerEntry.objects.get()
    assert entry.amount == 1250.50 and entry.receipt
    response = client.get(reverse("groups:receipt", args=[group.pk, entry.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_year_page_closes_the_year_and_offers_the_dividend_sheet(client, world, group):
    year, general = closed_year(world, group)
    client.force_login(world.tao_a)
    url = reverse("groups:year", args=[group.pk, year])
    draft = client.get(url).content.decode()
    assert "ร่าง" in draft and "15,000.00" in draft
    page = client.post(url, {"meeting": general.pk}, follow=True).content.decode()
    assert 'data-testid="year-closed"' in page
    # 60% of 15,000 = 9,000 baht by 12 : 8 : 5 hours -> 4,320 / 2,880 / 1,800
    assert "4,320.00" in page and "2,880.00" in page and "1,800.00" in page

    xlsx = client.get(reverse("groups:dividend_xlsx", args=[group.pk, year]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    amounts = [row[4] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert amounts == [4320.0, 2880.0, 1800.0]

    pdf = client.get(reverse("groups:dividend_pdf", args=[group.pk, year]))
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "บัญชีจ่ายเงินปันผลตามผลงานสมาชิก" in text and "4,320.00" in text and "ลายมือชื่อผู้รับเงิน" in text
    assert str(member(group, 0).person) in text
    assert member(group, 0).person.national_id not in text


def test_form_a_group_from_a_finished_training(client, world, catalogue):
    training = training_at(world.office_a, Step.FOLLOW_UP, ready=True)
    client.force_login(world.tao_a)
    url = reverse("groups:from_training", args=[training.pk])
    page = client.get(url).content.decode()
    trainees = list(training.enrollments.values_list("person", flat=True))
    assert all(f'value="{pk}"' in page for pk in trainees)
    response = client.post(
        url, {"name": "กลุ่มน้ำพริกบ้านดอนสวรรค์", "founded_on": be(today()), "people": trainees[:2]}, follow=True
    )
    group = Group.objects.get(name="กลุ่มน้ำพริกบ้านดอนสวรรค์")
    assert group.formed_from == training and group.memberships.filter(founder=True).count() == 2
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    early = training_at(world.office_a, Step.RUN, ready=True)
    page = client.post(
        reverse("groups:from_training", args=[early.pk]),
        {
            "name": "กลุ่มใหม่",
            "founded_on": be(today()),
            "people": list(early.enrollments.values_list("person", flat=True)),
        },
    ).content.decode()
    assert "ขั้นตอนที่ 10" in page


def test_visits_due_for_the_district(client, world, group):
    client.force_login(world.district_a)
    url = reverse("groups:visits_overdue")
    assert group.name in client.get(url).content.decode()
    act(client, group, "visit", visited_on=be(today()), notes="แนะนำการบันทึกบัญชี")
    assert group.visits.count() == 1
    assert group.name not in client.get(url).content.decode()
    client.force_login(world.tao_b)
    assert group.name not in client.get(url).content.decode()


def test_member_search_adds_a_member(client, world, group):
    from tests.registers.helpers import make_person
    from tests.training.helpers import village_a

    client.force_login(world.tao_a)
    outsider = make_person(village_a(), 8801, first_name="จำปา", last_name="ทองคำ")
    body = client.post(
        reverse("groups:member_search", args=[group.pk]),
        {"q": outsider.first_name},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert str(outsider) in body and outsider.national_id not in body
    act(client, group, "member_add", person=outsider.pk, joined_on=be(today()))
    assert group.memberships.filter(person=outsider).exists()


def test_the_group_page_reads_a_fixed_number_of_queries(client, world, group):
    """More meetings, work, ledger lines, visits and members do not add queries (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.tao_a)
    url = reverse("groups:detail", args=[group.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    closed_year(world, group)
    before = count()
    for n in range(5):
        day = days_ago(10 + n)
        held_meeting(world.tao_a, group, day)
        services.work_log_day(user=world.tao_a, group=group, date=day, units={member(group, n).pk: "3"})
        income(world.tao_a, group, day, "100")
        services.visit_record(user=world.district_a, group=group, visited_on=day)
        services.member_add(
            user=world.tao_a,
            group=group,
            joined_on=day,
            person=make_person(group.village, 7000 + n, first_name=f"สมาชิกใหม่{n}"),
        )
    assert count() == before <= 40


def test_the_page_and_the_visit_service_ask_the_policys_permission(client, world, group, monkeypatch):
    """Recording a visit asks "groups.visit" (the district's community developer too), every other action of
    the page "groups.change": named once in groups/policies.py, so changing it there moves the page and the
    service together."""
    from django.core.exceptions import ValidationError

    from groups import policies
    from groups.views import ACTIONS

    assert {name: policies.page_act(name) for name in ACTIONS} == {
        name: "groups.visit" if name == "visit" else "groups.change" for name in ACTIONS
    }
    url = reverse("groups:detail", args=[group.pk])
    client.force_login(world.district_a)
    visit = {"action": "visit", "visited_on": be(today()), "notes": "แนะนำการบันทึกบัญชี"}
    monkeypatch.setitem(policies.PAGE_ACTS, "visit", "groups.change")  # the keepers' only
    assert client.post(url, visit).status_code == 403
    with pytest.raises(ValidationError):
        services.visit_record(user=world.district_a, group=group, visited_on=today())
    assert not group.visits.exists()
    monkeypatch.undo()
    assert client.post(url, visit).status_code == 302 and group.visits.count() == 1
