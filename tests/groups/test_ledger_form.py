"""The group's ledger as a first-time treasurer meets it: whether money came in or went out is asked first,
with nothing chosen for them; the categories follow that kind (grouped under it without JavaScript, checked by
the server); each line of the list shows the money held after it, summed by the database."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from groups.models import EntryKind, LedgerEntry
from groups.selectors import ledger_with_balance
from tests.groups.helpers import days_ago, ledger, make_group, member
from tests.groups.test_group_pages import act, be
from tests.training.helpers import form_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(world, catalogue):
    return make_group(world.tao_a, world.office_a)


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        yield


def ledger_form(client, world, group) -> str:
    client.force_login(world.tao_a)
    return form_with(client.get(f"/groups/{group.pk}/").content.decode(), "ledger")


def label_of(form: str, name: str) -> str:
    return re.search(rf'<label class="form-label"\s+for="ledger-{name}"\s*>([^<]*)', form).group(1).strip()


def test_the_kind_comes_first_with_nothing_chosen_and_its_own_label(client, world, group):
    form = ledger_form(client, world, group)
    names = re.findall(r'<(?:select|input)[^>]* name="(\w+)"', form)
    fields = [n for n in names if n not in ("csrfmiddlewaretoken", "action", "anchor")]
    assert fields[:3] == ["kind", "category", "date"]
    kind = form.split('name="kind"', 1)[1].split("</select>", 1)[0]
    assert "selected" not in kind.replace('value="" selected', "")  # only "— เลือก —" is chosen
    assert label_of(form, "kind") == "รับหรือจ่าย" and label_of(form, "category") == "หมวด"
    assert re.search(r'for="ledger-category"\s*>หมวด<span class="asteriskField">\*</span>', form)


def test_the_categories_are_grouped_under_their_kind(client, world, group):
    form = ledger_form(client, world, group)
    category = form.split('name="category"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<select name="category"[^>]* data-follows="ledger-kind"', form)
    income, expense = category.split('<optgroup label="รายรับ">')[1].split('<optgroup label="รายจ่าย">')
    assert 'value="sales" data-kind="income"' in income and "materials" not in income
    assert 'value="materials" data-kind="expense"' in expense and "sales" not in expense
    assert "static/js/dependent_fields.js" in client.get(f"/groups/{group.pk}/").content.decode()


@pytest.mark.parametrize(
    ("kind", "category", "message"),
    [
        ("income", "materials", "“วัสดุและวัตถุดิบ” ไม่ใช่หมวดของรายรับ"),
        ("expense", "sales", "“ขายสินค้า” ไม่ใช่หมวดของรายจ่าย"),
        ("expense", "", "เลือกหมวดของรายรับหรือรายจ่ายนี้"),
        ("", "sales", "ฟิลด์นี้จำเป็น"),
    ],
)
def test_a_category_of_the_other_kind_is_refused_next_to_it(client, world, group, kind, category, message):
    client.force_login(world.tao_a)
    response = act(
        client,
        group,
        "ledger",
        anchor="ledger",
        date=be(days_ago(1)),
        kind=kind,
        category=category,
        amount="500",
        description="ขายผ้าพันคอ",
    )
    form = form_with(response.content.decode(), "ledger")
    assert message in form, form
    assert not LedgerEntry.objects.exists()


def test_savings_take_no_category_whatever_was_left_in_the_field(client, world, group):
    client.force_login(world.tao_a)
    act(
        client,
        group,
        "ledger",
        anchor="ledger",
        date=be(days_ago(1)),
        kind="saving",
        category="sales",
        amount="100",
        description="ฝากเงินออมประจำเดือน",
        membership=member(group).pk,
    )
    entry = LedgerEntry.objects.get()
    assert entry.kind == EntryKind.SAVING and entry.category == "member"


def test_each_line_shows_the_money_held_after_it(client, world, group):
    user = world.tao_a
    day = days_ago(30)
    # Entered out of date order; two lines on one day keep the order they were entered in.
    ledger(user, group, day + datetime.timedelta(days=2), EntryKind.EXPENSE, "300.25", "materials")
    ledger(user, group, day, EntryKind.INCOME, "1000", "sales")
    ledger(user, group, day + datetime.timedelta(days=2), EntryKind.INCOME, "50.10", "sales")
    ledger(
        user,
        group,
        day + datetime.timedelta(days=3),
        EntryKind.SAVING,
        "200",
        "member",
        membership=member(group),
    )
    ledger(
        user,
        group,
        day + datetime.timedelta(days=4),
        EntryKind.WITHDRAWAL,
        "80",
        "member",
        membership=member(group),
    )
    rows = [(e.amount, e.balance) for e in ledger_with_balance(group)]
    assert rows == [
        (Decimal("80.00"), Decimal("869.85")),
        (Decimal("200.00"), Decimal("949.85")),
        (Decimal("50.10"), Decimal("749.85")),
        (Decimal("300.25"), Decimal("699.75")),
        (Decimal("1000.00"), Decimal("1000.00")),
    ]
    # The newest slice still carries the balance of every line before it, in one query.
    with CaptureQueriesContext(connection) as queries:
        newest = list(ledger_with_balance(group)[:2])
    assert [e.balance for e in newest] == [Decimal("869.85"), Decimal("949.85")] and len(queries) == 1
    client.force_login(user)
    page = client.get(f"/groups/{group.pk}/").content.decode()
    table = page.split('data-testid="ledger"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-testid="balance">([^<]*)<', table) == [
        "869.85",
        "949.85",
        "749.85",
        "699.75",
        "1,000.00",
    ]
    assert "คงเหลือ" in table
