"""Budget lines: the list with its money and totals, the line page, the forms' bad input, office settings."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import BudgetLine, GrantRequest, OfficeGrantSettings, Status
from tests.grants.helpers import advance, days_ago, fiscal_year, grant_world, make_request, refresh


@pytest.fixture
def gw(world):
    return grant_world(world)


def line_data(**changes):
    data = {
        "fiscal_year": fiscal_year(),
        "plan_code": "00250",
        "work_code": "00252",
        "budget_code": "510000",
        "category_code": "540000",
        "type_code": "540300",
        "project": "โครงการสนับสนุนวัสดุกลุ่มอาชีพสตรี",
        "appropriated": "150000",
        "materials_only": "on",
    }
    data.update(changes)
    return data


def test_the_list_shows_each_lines_money_and_the_totals_in_few_queries(
    client, gw, django_assert_max_num_queries
):
    paid = advance(gw, make_request(gw), Status.IN_PROGRESS)  # 20,000 paid
    advance(
        gw,
        make_request(
            gw,
            amount="15000",
            cost_lines=[
                {
                    "item": "ปุ๋ยอินทรีย์",
                    "quantity": "50",
                    "unit": "กระสอบ",
                    "unit_price": "300",
                    "kind": "material",
                }
            ],
        ),
        Status.APPROVED,
    )  # 15,000 committed
    BudgetLine.objects.create(
        office=gw.line.office,
        fiscal_year=fiscal_year(),
        plan_code="00230",
        project="โครงการฝึกอาชีพระยะสั้น",
        appropriated=Decimal("30000"),
    )
    client.force_login(gw.finance)
    url = reverse("grants:lines")
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    lines = {line.project: line for line in response.context["lines"]}
    main = lines[gw.line.project]
    assert (main.money_committed, main.money_paid, main.money_available) == (
        Decimal(15000),
        Decimal(20000),
        Decimal(65000),
    )
    totals = response.context["totals"]
    assert totals["appropriated"] == Decimal(130000) and totals["available"] == Decimal(95000)
    page = response.content.decode()
    assert "95,000.00" in page and "65,000.00" in page
    line_page = client.get(reverse("grants:line", args=[gw.line.pk]))
    assert paid.number in line_page.content.decode()
    assert [r.money_paid for r in line_page.context["requests"] if r.pk == paid.pk] == [Decimal(20000)]
    # Another fiscal year's lines are not in this year's list.
    BudgetLine.objects.create(
        office=gw.line.office,
        fiscal_year=fiscal_year() - 1,
        plan_code="00230",
        project="โครงการปีก่อน",
        appropriated=Decimal("10000"),
    )
    last_year = client.get(url, {"year": fiscal_year() - 1}).content.decode()
    assert gw.line.project not in last_year and "โครงการปีก่อน" in last_year
    assert "โครงการปีก่อน" not in page
    assert client.get(url, {"year": "x' or 1=1"}).status_code == 200


def test_staff_and_finance_add_and_change_their_offices_lines(client, gw, world):
    client.force_login(gw.finance)
    response = client.post(reverse("grants:line_create"), line_data())
    line = BudgetLine.objects.get(project="โครงการสนับสนุนวัสดุกลุ่มอาชีพสตรี")
    assert response.status_code == 302 and line.office == world.office_a and line.materials_only
    client.force_login(gw.staff)
    client.post(reverse("grants:line_edit", args=[line.pk]), line_data(appropriated="160000"))
    assert refresh_line(line).appropriated == Decimal(160000)


def refresh_line(line):
    return BudgetLine.objects.get(pk=line.pk)


@pytest.mark.parametrize(
    "appropriated, message",
    [
        ("-500", "0.01"),
        ("0", "0.01"),
        ("1000000000000", "12"),
        ("สองหมื่น", "หมายเลข"),
        ("", "จำเป็น"),
    ],
)
def test_bad_amounts_are_refused_with_a_thai_message(client, gw, appropriated, message):
    client.force_login(gw.staff)
    response = client.post(reverse("grants:line_create"), line_data(appropriated=appropriated))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["appropriated"])
    assert message in errors, errors
    assert not BudgetLine.objects.filter(project="โครงการสนับสนุนวัสดุกลุ่มอาชีพสตรี").exists()


def test_a_duplicate_line_is_refused(client, gw):
    client.force_login(gw.staff)
    same = line_data(
        plan_code=gw.line.plan_code,
        work_code=gw.line.work_code,
        budget_code=gw.line.budget_code,
        category_code=gw.line.category_code,
        type_code=gw.line.type_code,
        project=gw.line.project,
    )
    response = client.post(reverse("grants:line_create"), same)
    assert response.status_code == 200
    assert "มีรายการงบประมาณนี้ในปีงบประมาณนี้" in response.content.decode()
    assert BudgetLine.objects.filter(project=gw.line.project).count() == 1


def test_a_line_cannot_fall_below_what_is_used(client, gw):
    advance(gw, make_request(gw), Status.IN_PROGRESS)  # 20,000 paid from the 100,000
    client.force_login(gw.staff)
    data = line_data(
        **{
            f: getattr(gw.line, f)
            for f in ("plan_code", "work_code", "budget_code", "category_code", "type_code", "project")
        },
        appropriated="19999.99",
    )
    response = client.post(reverse("grants:line_edit", args=[gw.line.pk]), data)
    assert response.status_code == 200
    assert "รายการนี้อนุมัติหรือจ่ายไปแล้ว 20,000.00 บาท" in response.content.decode()
    assert refresh_line(gw.line).appropriated == Decimal(100000)
    data["appropriated"] = "20000"
    assert client.post(reverse("grants:line_edit", args=[gw.line.pk]), data).status_code == 302


def test_who_may_keep_lines(client, gw, world):
    for user in (
        gw.executive,
        world.province_a,
    ):  # (a district officer keeps the district office's own lines)
        client.force_login(user)
        assert client.get(reverse("grants:line_create")).status_code == 403
        assert client.post(reverse("grants:line_create"), line_data()).status_code == 403
    client.force_login(world.tao_a2)  # another TAO's staff: the line is outside their scope
    assert client.get(reverse("grants:line_edit", args=[gw.line.pk])).status_code == 404
    client.force_login(world.district_a)  # reads the district's lines
    assert client.get(reverse("grants:line", args=[gw.line.pk])).status_code == 200
    assert not BudgetLine.objects.filter(project="โครงการสนับสนุนวัสดุกลุ่มอาชีพสตรี").exists()


def test_the_admin_names_the_lines_office(admin_client, gw):
    response = admin_client.post(reverse("grants:line_create"), line_data(office=gw.line.office_id))
    assert response.status_code == 302
    assert BudgetLine.objects.get(project="โครงการสนับสนุนวัสดุกลุ่มอาชีพสตรี").office == gw.line.office


def test_the_office_settings_move_open_requests_due_dates(client, gw):
    request = make_request(gw, starts_on=days_ago(100), ends_on=days_ago(10))
    assert refresh(request).report_due_on == days_ago(10 - 30)
    client.force_login(gw.staff)
    assert client.get(reverse("grants:settings")).context["form"]["report_due_days"].value() == 30
    for bad in ("0", "-3", "366", "สามสิบ", ""):
        response = client.post(reverse("grants:settings"), {"report_due_days": bad})
        assert response.status_code == 200 and response.context["form"].errors, bad
    assert client.post(reverse("grants:settings"), {"report_due_days": "15"}).status_code == 302
    assert OfficeGrantSettings.objects.get(office=gw.line.office).report_due_days == 15
    assert GrantRequest.objects.get(pk=request.pk).report_due_on == days_ago(10 - 15)
    client.force_login(gw.executive)
    assert client.get(reverse("grants:settings")).status_code == 403
