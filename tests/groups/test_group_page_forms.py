"""The group page as a first-time officer meets it: a refused form keeps what was typed and says why next to
it; removals ask first; rows already gone are a message, never a server error; every id is unique; icons are
read."""

import datetime

import pytest
from django.urls import reverse

from groups import services
from groups.models import CommitteeRole, LedgerEntry, WorkEntry
from tests.groups.helpers import days_ago, held_meeting, income, make_group, member, today
from tests.groups.test_group_pages import act, be
from tests.training.helpers import duplicate_ids, form_with

pytestmark = pytest.mark.django_db

GONE = "ไม่มีรายการนี้แล้ว"


@pytest.fixture
def group(world, catalogue):
    return make_group(world.tao_a, world.office_a)


def text(response):
    return response.content.decode()


# --- rows already gone --------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["work_remove", "ledger_remove", "seat_end", "member_leave", "decide"])
@pytest.mark.parametrize("confirmed", ["", "1"])
def test_a_row_that_is_gone_is_a_message(client, world, group, action, confirmed):
    client.force_login(world.tao_a)
    response = act(
        client,
        group,
        action,
        id="987654321",
        date=be(today()),
        decision="accept",
        decided_on=be(today()),
        confirmed=confirmed,
    )
    assert response.status_code == 200 and GONE in text(response)
    assert act(client, group, action, id="9" * 25, confirmed=confirmed).status_code == 404


def test_removing_a_ledger_line_twice_says_it_is_gone(client, world, group):
    entry = income(world.tao_a, group, days_ago(2), "500")
    client.force_login(world.tao_a)
    act(client, group, "ledger_remove", id=entry.pk, confirmed="1")
    assert not LedgerEntry.objects.exists()
    again = act(client, group, "ledger_remove", id=entry.pk, confirmed="1")
    assert GONE in form_with(text(again), "ledger")
    with pytest.raises(Exception, match="ไม่มีรายการนี้แล้ว"):
        services.work_remove(user=world.tao_a, group=group, entry=987654321)


# --- typing kept, errors next to the form -------------------------------------------------------------------


def test_a_refused_days_work_keeps_every_members_units_and_marks_the_wrong_one(client, world, group):
    client.force_login(world.tao_a)
    members = [member(group, n) for n in range(3)]
    units = {f"u-{members[0].pk}": "6", f"u-{members[1].pk}": "สาม", f"u-{members[2].pk}": "4.5"}
    response = act(client, group, "work", anchor="work", date=be(days_ago(1)), note="ทอผ้าผืนใหญ่", **units)
    assert response.status_code == 200 and not response.redirect_chain
    form = form_with(text(response), "work")
    assert f'name="u-{members[0].pk}" id="u-{members[0].pk}" value="6"' in form
    assert f'name="u-{members[2].pk}" id="u-{members[2].pk}" value="4.5"' in form
    wrong = f"u-{members[1].pk}"
    assert f'name="{wrong}" id="{wrong}" value="สาม"' in form and f'aria-describedby="{wrong}-error"' in form
    assert form.count("is-invalid") == 1 and "ไม่ใช่จำนวน" in form and 'value="ทอผ้าผืนใหญ่"' in form
    assert 'action="#work"' in form and not WorkEntry.objects.exists()
    assert duplicate_ids(text(response)) == []


def test_a_refused_meeting_keeps_its_minutes_and_opens_its_form(client, world, group):
    client.force_login(world.tao_a)
    response = act(
        client,
        group,
        "meeting",
        anchor="meetings",
        kind="monthly",
        held="on",
        date=be(today() + datetime.timedelta(days=3)),
        agenda="วางแผนการผลิตผ้าไหมลายขิด",
        resolutions="ซื้อเส้นไหมเพิ่ม 5 กิโลกรัม",
    )
    form = form_with(text(response), "meeting")
    assert "วางแผนการผลิตผ้าไหมลายขิด</textarea>" in form and "ซื้อเส้นไหมเพิ่ม 5 กิโลกรัม</textarea>" in form
    assert "บันทึกว่าประชุมแล้วไม่ได้" in form and "<details open>" in form


def test_a_refused_ledger_line_keeps_its_fields_and_marks_the_amount(client, world, group):
    client.force_login(world.tao_a)
    response = act(
        client,
        group,
        "ledger",
        anchor="ledger",
        date=be(days_ago(1)),
        kind="income",
        category="sales",
        amount="สองร้อย",
        description="ขายผ้าพันคอ 4 ผืน",
        document_number="บ.12/2569",
    )
    form = form_with(text(response), "ledger")
    assert 'value="ขายผ้าพันคอ 4 ผืน"' in form and 'value="บ.12/2569"' in form and 'value="สองร้อย"' in form
    assert 'aria-invalid="true"' in form and "ยังไม่ได้บันทึก" in form and not LedgerEntry.objects.exists()


def test_a_refused_leaving_date_stays_in_the_members_row(client, world, group):
    leaver = member(group, 4)
    client.force_login(world.tao_a)
    response = act(client, group, "member_leave", id=leaver.pk, anchor="members", date="31/02/2569")
    row = form_with(text(response), "member_leave", row=str(leaver.pk))
    assert 'value="31/02/2569"' in text(response) and "alert-danger" in row
    leaver.refresh_from_db()
    assert leaver.left_on is None


def test_a_refused_decision_keeps_the_reason_in_its_row(client, world, group):
    from tests.registers.helpers import make_person
    from tests.training.helpers import village_a

    applicant = make_person(village_a(), 77_001, first_name="ประไพ")
    application = services.application_submit(
        user=world.tao_a, group=group, person=applicant, applied_on=days_ago(3)
    )
    client.force_login(world.tao_a)
    response = act(
        client,
        group,
        "decide",
        id=application.pk,
        anchor="members",
        decision="refuse",
        decided_on=be(days_ago(5)),
        reason="ยังไม่ได้ฝึกทอผ้า",
    )
    row = form_with(text(response), "decide", row=str(application.pk))
    assert 'value="ยังไม่ได้ฝึกทอผ้า"' in row and "alert-danger" in row[row.rindex("<li") :]
    assert f'value="{be(days_ago(5))}"' in row, "the typed date too"
    services.application_decide(user=world.tao_a, application=application, accept=True, decided_on=today())
    twice = act(
        client,
        group,
        "decide",
        id=application.pk,
        anchor="members",
        decision="refuse",
        decided_on=be(today()),
        reason="ซ้ำ",
    )
    assert "ใบสมัครนี้" in text(twice) and "alert-danger" in text(twice), "decided in another tab: said so"


def test_a_refused_member_from_the_search_results_names_the_field(client, world, group):
    """The search results are not drawn again, so the message says which field was wrong."""
    from tests.registers.helpers import make_person
    from tests.training.helpers import village_a

    person = make_person(village_a(), 77_002, first_name="มะลิ")
    client.force_login(world.tao_a)
    response = act(client, group, "member_add", anchor="members", person=person.pk, joined_on="31/02/2569")
    card = text(response)[text(response).index('id="members"') : text(response).index('id="committee"')]
    assert "วันที่เข้าเป็นสมาชิก:" in card and "ยังไม่ได้บันทึก" not in card
    assert not group.memberships.filter(person=person).exists()


# --- confirmation -------------------------------------------------------------------------------------------


def test_removals_and_a_member_leaving_ask_first(client, world, group):
    entry = income(world.tao_a, group, days_ago(2), "500")
    work = services.work_log_day(
        user=world.tao_a, group=group, date=days_ago(2), units={member(group).pk: "3"}
    )[0]
    leaver = member(group, 4)
    client.force_login(world.tao_a)
    for action, pk, data in (
        ("ledger_remove", entry.pk, {}),
        ("work_remove", work.pk, {}),
        ("member_leave", leaver.pk, {"date": be(days_ago(1))}),
    ):
        asked = text(act(client, group, action, id=pk, anchor="ledger", **data))
        assert 'data-testid="confirm"' in asked and 'name="confirmed" value="1"' in asked, action
    assert LedgerEntry.objects.filter(pk=entry.pk).exists() and WorkEntry.objects.filter(pk=work.pk).exists()
    leaver.refresh_from_db()
    assert leaver.left_on is None
    act(client, group, "member_leave", id=leaver.pk, date=be(days_ago(1)), confirmed="1")
    act(client, group, "ledger_remove", id=entry.pk, confirmed="1")
    leaver.refresh_from_db()
    assert leaver.left_on == days_ago(1) and not LedgerEntry.objects.filter(pk=entry.pk).exists()


# --- ids and icons ------------------------------------------------------------------------------------------


def test_every_id_on_the_group_page_is_unique_and_the_readiness_icons_are_read(client, world, group):
    meeting = held_meeting(world.tao_a, group, days_ago(5))
    services.seat_add(
        user=world.tao_a,
        group=group,
        membership=member(group),
        role=CommitteeRole.PRESIDENT,
        starts_on=days_ago(5),
    )
    assert meeting.pk
    client.force_login(world.tao_a)
    page = text(client.get(reverse("groups:detail", args=[group.pk])))
    assert duplicate_ids(page) == []
    assert 'id="meeting-date"' in page and 'for="meeting-date"' in page and 'for="ledger-date"' in page
    readiness = page[
        page.index('data-testid="readiness"') : page.index("</ul>", page.index('data-testid="readiness"'))
    ]
    assert readiness.count("<i ") == readiness.count('aria-hidden="true"') > 0
    assert '<span class="visually-hidden">ผ่าน:</span>' in readiness
    assert '<span class="visually-hidden">ยังไม่ผ่าน:</span>' in readiness
    assert "aria-label" not in readiness, "a bare <i> with aria-label is not read out"
